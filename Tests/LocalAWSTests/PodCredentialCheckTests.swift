import Foundation
import LocalAWS
import Testing

/// `eksauth pod-identity check`'s walk: each seeded misconfiguration is named at the right step,
/// in the words of the error the pod sees, and a working setup passes every step.
@Suite("Pod credential check")
struct PodCredentialCheckTests {
    static let issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/DEMO"
    static let hostPath = "oidc.eks.eu-west-1.amazonaws.com/id/DEMO"
    static let provider = PodCredentialCheck.Provider(
        arn: "arn:aws:iam::111122223333:oidc-provider/\(hostPath)", url: hostPath, clientIDs: ["sts.amazonaws.com"])
    static let role = "arn:aws:iam::111122223333:role/payments-app"
    static let podTrust =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}"#

    static func irsaTrust(namespace: String = "payments", serviceAccount: String = "api", audience: String = "sts.amazonaws.com") -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"\#(provider.arn)"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\#(hostPath):sub":"system:serviceaccount:\#(namespace):\#(serviceAccount)","\#(hostPath):aud":"\#(audience)"}}}]}"#
    }

    static func facts(
        exists: Bool? = true, annotations: [String: String] = [:], association: PodCredentialCheck.Association? = nil,
        trust: [String: String?] = [:], providers: [PodCredentialCheck.Provider] = [provider], issuer: String? = issuer
    ) -> PodCredentialCheck.Facts {
        PodCredentialCheck.Facts(
            namespace: "payments", serviceAccount: "api", serviceAccountExists: exists, annotations: annotations, association: association,
            trustPolicies: trust, providers: providers, issuer: issuer, accountID: "111122223333",
            clusterARN: "arn:aws:eks:eu-west-1:111122223333:cluster/demo")
    }

    static func failure(_ facts: PodCredentialCheck.Facts) -> PodCredentialCheck.Step? {
        let steps = PodCredentialCheck.run(facts)
        #expect(steps.filter { !$0.passed }.count <= 1, "the walk stops at the first failure")
        return steps.last.flatMap { $0.passed ? nil : $0 }
    }

    static let irsa = [PodCredentialCheck.roleAnnotation: role]
    static let association = PodCredentialCheck.Association(associationID: "a-0123456789abcdefg", roleARN: role)

    @Test("working IRSA and Pod Identity setups pass every step")
    func working() {
        let irsaSteps = PodCredentialCheck.run(Self.facts(annotations: Self.irsa, trust: [Self.role: Self.irsaTrust()]))
        #expect(irsaSteps.allSatisfy { $0.passed })
        #expect(irsaSteps.map(\.subject) == [
            "the service account exists", "a Pod Identity association or IRSA annotation names a role",
            "the cluster's issuer is registered as an OIDC provider", "the token's audience is a client ID of the provider", "the annotated role exists",
            "the role's trust policy allows this service account",
        ])
        let podSteps = PodCredentialCheck.run(Self.facts(association: Self.association, trust: [Self.role: Self.podTrust]))
        #expect(podSteps.allSatisfy { $0.passed })
        #expect(podSteps.count == 5)
    }

    @Test("a missing service account, or one with neither association nor annotation")
    func nothingNamesARole() {
        let missing = Self.failure(Self.facts(exists: false))
        #expect(missing?.podError == #"error looking up service account payments/api: serviceaccount "api" not found"#)
        let bare = Self.failure(Self.facts())
        #expect(bare?.podError == "Unable to locate credentials")
        #expect(bare?.fix?.contains("create-pod-identity-association") == true)
    }

    @Test("IRSA: no provider for the issuer, a wrong audience, a missing role, a trust policy for another service account")
    func irsaFailures() {
        let noProvider = Self.failure(Self.facts(annotations: Self.irsa, trust: [Self.role: Self.irsaTrust()], providers: []))
        #expect(noProvider?.podError == "InvalidIdentityToken: No OpenIDConnect provider found in your account for \(Self.issuer)")
        var audience = Self.irsa
        audience[PodCredentialCheck.audienceAnnotation] = "my-app"
        let wrongAudience = Self.failure(Self.facts(annotations: audience, trust: [Self.role: Self.irsaTrust()]))
        #expect(wrongAudience?.podError == "InvalidIdentityToken: Incorrect token audience")
        let noRole = Self.failure(Self.facts(annotations: Self.irsa, trust: [Self.role: String?.none]))
        #expect(noRole?.subject == "the annotated role exists")
        #expect(noRole?.podError == "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity")
        for trust in [Self.irsaTrust(serviceAccount: "worker"), Self.irsaTrust(namespace: "billing"), Self.irsaTrust(audience: "other")] {
            let refused = Self.failure(Self.facts(annotations: Self.irsa, trust: [Self.role: trust]))
            #expect(refused?.subject == "the role's trust policy allows this service account")
            #expect(refused?.podError == "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity")
            #expect(refused?.fix?.contains("system:serviceaccount:payments:api") == true)
        }
        let notARole = Self.failure(Self.facts(annotations: [PodCredentialCheck.roleAnnotation: "payments-app"]))
        #expect(notARole?.subject == "the annotation is a role ARN")
        let unknownIssuer = PodCredentialCheck.run(Self.facts(annotations: Self.irsa, issuer: nil))
        #expect(unknownIssuer.last?.detail.contains("pass --issuer") == true)
    }

    @Test("Pod Identity: a missing role, a trust policy without the service principal or without sts:TagSession")
    func podIdentityFailures() {
        let noRole = Self.failure(Self.facts(association: Self.association, trust: [Self.role: String?.none]))
        #expect(noRole?.subject == "the association's role exists")
        #expect(noRole?.podError?.hasPrefix("(AccessDeniedException): pods.eks.amazonaws.com is not authorized") == true)
        let ec2 = Self.failure(Self.facts(association: Self.association, trust: [Self.role: Self.podTrust.replacingOccurrences(of: "pods.eks", with: "ec2")]))
        #expect(ec2?.subject == "the role trusts pods.eks.amazonaws.com with sts:AssumeRole")
        let otherAccount = Self.failure(Self.facts(association: Self.association, trust: [Self.role: Self.podTrust.replacingOccurrences(of: "111122223333", with: "999988887777")]))
        #expect(otherAccount?.subject == "the role trusts pods.eks.amazonaws.com with sts:AssumeRole", "aws:SourceAccount is the cluster's")
        let noTags = Self.podTrust.replacingOccurrences(of: #"["sts:AssumeRole","sts:TagSession"]"#, with: #""sts:AssumeRole""#)
        let untagged = Self.failure(Self.facts(association: Self.association, trust: [Self.role: noTags]))
        #expect(untagged?.subject == "the role lets pods.eks.amazonaws.com tag sessions (sts:TagSession)")
        // Conditions on any of the six request tags are evaluated as EKS Auth sends them.
        let byCluster = Self.podTrust.replacingOccurrences(of: #""aws:SourceAccount":"111122223333""#, with: #""aws:RequestTag/eks-cluster-name":"demo""#)
        #expect(PodCredentialCheck.run(Self.facts(association: Self.association, trust: [Self.role: byCluster])).allSatisfy { $0.passed })
        var disabled = Self.association
        disabled.disableSessionTags = true
        #expect(PodCredentialCheck.run(Self.facts(association: disabled, trust: [Self.role: noTags])).allSatisfy { $0.passed })
    }

    @Test("with both an association and an annotation, the association is what counts")
    func associationWins() {
        let steps = PodCredentialCheck.run(Self.facts(annotations: Self.irsa, association: Self.association, trust: [Self.role: Self.podTrust]))
        #expect(steps.allSatisfy { $0.passed })
        #expect(steps[1].detail.contains("annotation is ignored"))
    }
}
