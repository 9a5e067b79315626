import Crypto
import Foundation
import JWTKit
import LocalAWS
import Testing

/// EKS Pod Identity's pieces in the embedded AWS: service-account token verification (RSA and EC
/// keys, issuer, audience, times, claims) and role assumption by the service principal
/// `pods.eks.amazonaws.com` with session tags that policies see as `aws:PrincipalTag/…`.
@Suite("Pod Identity in the embedded AWS")
struct PodIdentityTests {
    typealias W = WebIdentityFixtures
    static let issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/DEMO"
    static let now = W.now

    /// A projected-token payload as kube-apiserver writes it.
    struct Projected: JWTPayload {
        var iss = PodIdentityTests.issuer
        var sub = "system:serviceaccount:payments:api"
        var aud = ["pods.eks.amazonaws.com"]
        var exp = W.nowSeconds + 3600
        var iat = W.nowSeconds - 10
        var nbf = W.nowSeconds - 10
        var kubernetes = Kubernetes()

        struct Kubernetes: Codable {
            struct Reference: Codable {
                var name: String
                var uid: String
            }

            var namespace = "payments"
            var serviceaccount = Reference(name: "api", uid: "6b2b4f3e-1111-4a4a-9b9b-000000000001")
            var pod = Reference(name: "api-7d9f-x2x", uid: "0f0e0d0c-2222-4b4b-8c8c-000000000002")
        }

        enum CodingKeys: String, CodingKey {
            case iss, sub, aud, exp, iat, nbf
            case kubernetes = "kubernetes.io"
        }

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static func rsaToken(_ claims: Projected = Projected(), pem: String = W.signingPEM, kid: String = "rsa-1") async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(rsa: try Insecure.RSA.PrivateKey(pem: pem), digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }

    static func rsaJWKS() throws -> String { W.jwks(try W.jwk(W.signingPEM, kid: "rsa-1")) }

    static func verifier(jwks: String? = nil, issuer: String? = PodIdentityTests.issuer) throws -> ServiceAccountTokenVerifier {
        ServiceAccountTokenVerifier(jwks: try jwks ?? rsaJWKS(), issuer: issuer)
    }

    static func failure(_ token: String, _ verifier: ServiceAccountTokenVerifier) async -> ServiceAccountTokenError? {
        do {
            _ = try await verifier.verify(token, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test("a projected token signed with the cluster's RSA key yields its namespace, service account and pod")
    func verifiesRSA() async throws {
        let claims = try await Self.verifier().verify(try await Self.rsaToken(), now: Self.now)
        #expect(claims.namespace == "payments")
        #expect(claims.serviceAccount == "api")
        #expect(claims.serviceAccountUID == "6b2b4f3e-1111-4a4a-9b9b-000000000001")
        #expect(claims.podName == "api-7d9f-x2x")
        #expect(claims.podUID == "0f0e0d0c-2222-4b4b-8c8c-000000000002")
        #expect(claims.subject == "system:serviceaccount:payments:api")
        #expect(claims.issuer == Self.issuer)
        #expect(claims.expiration == Self.now.addingTimeInterval(3600))
        // A trailing slash on either side of the issuer does not matter.
        _ = try await Self.verifier(issuer: Self.issuer + "/").verify(try await Self.rsaToken(), now: Self.now)
    }

    @Test("an ES256 token verifies against an EC P-256 key in the JWKS")
    func verifiesEC() async throws {
        let key = ES256PrivateKey()
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: JWKIdentifier(string: "ec-1"))
        let token = try await keys.sign(Projected(), kid: JWKIdentifier(string: "ec-1"))
        let parameters = try #require(key.publicKey.parameters)
        let jwks = #"{"keys":[{"kty":"EC","crv":"P-256","kid":"ec-1","use":"sig","x":"\#(parameters.x)","y":"\#(parameters.y)"}]}"#
        let claims = try await Self.verifier(jwks: jwks).verify(token, now: Self.now)
        #expect(claims.serviceAccount == "api")
        // The same token is refused by a cluster whose keys are RSA only.
        #expect(await Self.failure(token, try Self.verifier())?.code == "InvalidTokenException")
    }

    @Test("refusals: EKS Auth's codes, and messages that say what is wrong without quoting the token")
    func refusals() async throws {
        let verifier = try Self.verifier()
        var wrongAudience = Projected()
        wrongAudience.aud = ["sts.amazonaws.com"]
        var otherIssuer = Projected()
        otherIssuer.iss = "https://oidc.example.com/other"
        var expired = Projected()
        expired.exp = W.nowSeconds - 1
        var future = Projected()
        future.nbf = W.nowSeconds + 600
        var mismatched = Projected()
        mismatched.sub = "system:serviceaccount:payments:admin"
        let cases: [(String, String, String)] = [
            (try await Self.rsaToken(wrongAudience), "InvalidTokenException", "not pods.eks.amazonaws.com"),
            (try await Self.rsaToken(otherIssuer), "InvalidTokenException", "not by this cluster's issuer"),
            (try await Self.rsaToken(pem: W.otherPEM), "InvalidTokenException", "signature does not verify"),
            (try await Self.rsaToken(future), "InvalidTokenException", "not valid yet"),
            (try await Self.rsaToken(mismatched), "InvalidTokenException", "sub claim"),
            ("not-a-jwt", "InvalidTokenException", "three base64url parts"),
            (try await Self.rsaToken(expired), "ExpiredTokenException", "The specified Kubernetes service account token is expired"),
        ]
        for (token, code, message) in cases {
            let error = await Self.failure(token, verifier)
            #expect(error?.code == code, "\(message)")
            #expect(error?.status == 400)
            #expect(error?.message.contains(message) == true, "\(error?.message ?? "accepted")")
            #expect(error?.message.contains(token) == false)
        }
        let noKeys = ServiceAccountTokenVerifier(jwks: #"{"keys":[]}"#, issuer: nil)
        #expect(await Self.failure(try await Self.rsaToken(), noKeys)?.message.contains("no service-account signing key") == true)
    }

    static let podTrust = #"""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}
        """#

    @Test("pods.eks.amazonaws.com assumes a role that trusts it; the six tags become principal tags")
    func serviceAssumption() async throws {
        let store = try IdentityFixtures.store()
        let role = try await store.createRole(name: "payments-app", trustPolicy: Self.podTrust, now: Self.now)
        let sts = STSService(store: store)
        let tags = [
            "eks-cluster-arn": "arn:aws:eks:eu-west-1:123456789012:cluster/demo", "eks-cluster-name": "demo",
            "kubernetes-namespace": "payments", "kubernetes-service-account": "api", "kubernetes-pod-name": "api-1",
            "kubernetes-pod-uid": "uid-1",
        ]
        let session = try await sts.assumeRole(
            asService: "pods.eks.amazonaws.com", roleARN: role.arn, sessionName: "eks-demo-api-1-x", tags: tags, duration: 21600, now: Self.now)
        #expect(session.assumedRoleARN == "arn:aws:sts::123456789012:assumed-role/payments-app/eks-demo-api-1-x")
        #expect(session.expiration == Self.now.addingTimeInterval(21600))
        #expect(session.sessionTags == tags)

        try await store.putRolePolicy(
            roleName: "payments-app", policyName: "by-namespace",
            document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:DescribeCluster","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/kubernetes-namespace":"payments"}}}]}"#)
        let caller = try #require(await store.lookup(accessKeyID: session.accessKeyID))
        #expect(await store.isAllowed(caller, action: "eks:DescribeCluster", resource: "arn:aws:eks:eu-west-1:123456789012:cluster/demo", now: Self.now))

        var otherTags = tags
        otherTags["kubernetes-namespace"] = "billing"
        let other = try await sts.assumeRole(
            asService: "pods.eks.amazonaws.com", roleARN: role.arn, sessionName: "eks-demo-job-1-y", tags: otherTags, duration: 21600, now: Self.now)
        let otherCaller = try #require(await store.lookup(accessKeyID: other.accessKeyID))
        #expect(!(await store.isAllowed(otherCaller, action: "eks:DescribeCluster", resource: "*", now: Self.now)))
    }

    @Test("a trust policy without sts:TagSession, or for another service, refuses with what it must allow")
    func serviceAssumptionRefusals() async throws {
        let store = try IdentityFixtures.store()
        let sts = STSService(store: store)
        let noTagSession = try await store.createRole(
            name: "no-tags",
            trustPolicy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
            now: Self.now)
        let ec2 = try await store.createRole(
            name: "ec2-only",
            trustPolicy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}"#,
            now: Self.now)
        for arn in [noTagSession.arn, ec2.arn, "arn:aws:iam::123456789012:role/missing"] {
            do {
                _ = try await sts.assumeRole(
                    asService: "pods.eks.amazonaws.com", roleARN: arn, sessionName: "s-1", tags: ["kubernetes-namespace": "a"], duration: 3600,
                    now: Self.now)
                Issue.record("\(arn) was assumed")
            } catch {
                #expect(error.code == "AccessDenied")
                #expect(error.message.contains("must allow the service principal pods.eks.amazonaws.com sts:AssumeRole and sts:TagSession"))
            }
        }
        // Without tags (disableSessionTags) sts:AssumeRole alone is enough.
        let untagged = try await sts.assumeRole(
            asService: "pods.eks.amazonaws.com", roleARN: noTagSession.arn, sessionName: "s-2", tags: [:], duration: 3600, now: Self.now)
        #expect(untagged.sessionTags == nil)
    }

    @Test("session tags are transitive: a role chained from a tagged session keeps them")
    func transitiveTags() async throws {
        let store = try IdentityFixtures.store()
        let sts = STSService(store: store)
        let first = try await store.createRole(name: "first", trustPolicy: Self.podTrust, now: Self.now)
        try await store.putRolePolicy(roleName: "first", policyName: "chain", document: IdentityFixtures.allowAssumeAll)
        let second = try await store.createRole(
            name: "second",
            trustPolicy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/first"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"ext-1"}}}]}"#,
            now: Self.now)
        let session = try await sts.assumeRole(
            asService: "pods.eks.amazonaws.com", roleARN: first.arn, sessionName: "s-1", tags: ["kubernetes-namespace": "payments"],
            duration: 3600, now: Self.now)
        let caller = try #require(await store.lookup(accessKeyID: session.accessKeyID))
        let chained = try await sts.assumeRole(roleARN: second.arn, sessionName: "s-1", externalID: "ext-1", caller: caller, now: Self.now)
        #expect(chained.sessionTags == ["kubernetes-namespace": "payments"])
        await #expect(throws: STSServiceError.self) {
            _ = try await sts.assumeRole(roleARN: second.arn, sessionName: "s-1", externalID: "wrong", caller: caller, now: Self.now)
        }
    }

    @Test("a provider registered again gets the configured client ids it lacks, and keeps the others")
    func providerClientIDs() async throws {
        let store = try IdentityFixtures.store()
        let provider = try await store.createOIDCProvider(url: Self.issuer, clientIDs: ["sts.amazonaws.com", "kept"], now: Self.now)
        try await store.addOIDCClientIDs(arn: provider.arn, clientIDs: ["sts.amazonaws.com", "vault"])
        #expect(try await store.oidcProvider(arn: provider.arn).clientIDs == ["sts.amazonaws.com", "kept", "vault"])
        await #expect(throws: IdentityError.self) { try await store.addOIDCClientIDs(arn: provider.arn + "x", clientIDs: ["a"]) }
    }
}
