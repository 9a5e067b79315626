import Foundation
import AccessModel
import LocalAWS
import SigV4
import Storage

extension EKSService {
    /// The service principal EKS Pod Identity assumes roles as.
    static let podIdentityServicePrincipal = "pods.eks.amazonaws.com"
    /// How long Pod Identity credentials last: six hours (the agent renews them well before).
    static let podIdentitySessionDuration = 6 * 3600

    /// The Pod Identity association operations of the EKS API.
    func performPodIdentityAssociation(
        _ operation: EKSOperation, request: SigV4Request, caller: KeyLookup, context: AccessRequestContext
    ) async throws(EKSAPIError) -> any Encodable & Sendable {
        let now = context.now
        switch operation {
        case .createPodIdentityAssociation(let name):
            try await authorize(caller, operation, resource: await clusterARN(name), now: now)
            let input = try EKSWire.decode(CreatePodIdentityAssociationInput.self, request.body)
            if let roleArn = input.roleArn { try await checkPassRole(caller, roleArn: roleArn, cluster: name, now: now) }
            if let target = input.targetRoleArn, !target.isEmpty { try await checkPassRole(caller, roleArn: target, cluster: name, now: now) }
            let association = try await access.write { registry throws(EKSAPIError) in
                try registry.createPodIdentityAssociation(cluster: name, input, context: context)
            }
            return ["association": association]

        case .listPodIdentityAssociations(let name):
            try await authorize(caller, operation, resource: await clusterARN(name), now: now)
            let query = Query(request.query)
            let (maxResults, nextToken) = try query.paging()
            let (namespace, serviceAccount) = (query["namespace"], query["serviceAccount"])
            let page = try await access.read { registry throws(EKSAPIError) in
                try registry.listPodIdentityAssociations(
                    cluster: name, namespace: namespace, serviceAccount: serviceAccount, maxResults: maxResults, nextToken: nextToken)
            }
            return ListPodIdentityAssociationsOutput(associations: page.items, nextToken: page.nextToken)

        case .describePodIdentityAssociation(let name, let id):
            try await authorize(caller, operation, resource: await associationARN(cluster: name, id: id), now: now)
            let association = try await access.read { registry throws(EKSAPIError) in
                try registry.describePodIdentityAssociation(cluster: name, associationID: id)
            }
            return ["association": association]

        case .updatePodIdentityAssociation(let name, let id):
            try await authorize(caller, operation, resource: await associationARN(cluster: name, id: id), now: now)
            let input = try EKSWire.decode(UpdatePodIdentityAssociationInput.self, request.body)
            if let roleArn = input.roleArn { try await checkPassRole(caller, roleArn: roleArn, cluster: name, now: now) }
            if let target = input.targetRoleArn, !target.isEmpty { try await checkPassRole(caller, roleArn: target, cluster: name, now: now) }
            let association = try await access.write { registry throws(EKSAPIError) in
                try registry.updatePodIdentityAssociation(cluster: name, associationID: id, input, context: context)
            }
            return ["association": association]

        case .deletePodIdentityAssociation(let name, let id):
            try await authorize(caller, operation, resource: await associationARN(cluster: name, id: id), now: now)
            let association = try await access.write { registry throws(EKSAPIError) in
                try registry.deletePodIdentityAssociation(cluster: name, associationID: id)
            }
            return ["association": association]

        default:
            throw .server("\(operation.name) is not a Pod Identity association operation.")
        }
    }

    /// The association's ARN when it exists, else one with `*` for the id.
    private func associationARN(cluster: String, id: String) async -> String {
        let registry = await access.snapshot
        if let association = try? registry.describePodIdentityAssociation(cluster: cluster, associationID: id) {
            return association.associationArn
        }
        return "arn:\(registry.partition):eks:\(registry.region):\(registry.accountID):podidentityassociation/\(cluster)/*"
    }

    /// EKS requires `iam:PassRole` on the association's role(s); in the identity store's own account
    /// the role must also exist.
    private func checkPassRole(_ caller: KeyLookup, roleArn: String, cluster: String, now: Date) async throws(EKSAPIError) {
        guard await identities.isAllowed(caller, action: "iam:PassRole", resource: roleArn, now: now) else {
            throw EKSAPIError(
                code: "AccessDeniedException", status: 403,
                message:
                    "User: \(caller.arn) is not authorized to perform: iam:PassRole on resource: \(EKSAPIError.clip(roleArn)); "
                    + "allow iam:PassRole on the role (with iam:PassedToService pods.eks.amazonaws.com) in the caller's policies.")
        }
        guard checksPrincipals, let principal = try? AccessPrincipal(arn: roleArn), principal.kind == .role,
            principal.accountID == (await identities.account.id)
        else { return }
        if (try? await identities.role(arn: roleArn)) == nil {
            _ = try? await identities.refresh()
            if (try? await identities.role(arn: roleArn)) == nil {
                throw .invalidParameter(
                    "The role \(EKSAPIError.clip(roleArn)) does not exist; check its name and path (aws iam get-role shows the ARN).",
                    cluster: cluster)
            }
        }
    }

    /// EKS Auth's AssumeRoleForPodIdentity: verifies the pod's service-account token, finds the
    /// association of its service account, and assumes the association's role as
    /// `pods.eks.amazonaws.com` with the six session tags (then the target role, if any).
    func assumeRoleForPodIdentity(cluster: String, request: SigV4Request, now: Date) async throws(EKSAPIError) -> any Encodable & Sendable {
        let input = try EKSWire.decode(AssumeRoleForPodIdentityInput.self, request.body)
        guard let token = input.token, !token.isEmpty else {
            throw .invalidParameter("token is required: send the pod's projected service-account token.")
        }
        guard let verifier = podIdentityTokens, let issuerCluster = podIdentityCluster else {
            throw .invalidRequest(
                "This eksauth server has no service-account issuer for a cluster, so it cannot check Pod Identity tokens; start it with --cluster-id and the cluster's --issuer and --service-account-signing-key-file.")
        }
        _ = try await access.read { registry throws(EKSAPIError) in try registry.record(cluster) }
        guard cluster == issuerCluster else {
            throw EKSAPIError(
                code: "InvalidTokenException", status: 400,
                message:
                    "The specified Kubernetes service account token is invalid: this server's service-account issuer is cluster \(issuerCluster)'s, and it cannot check tokens of cluster \(EKSAPIError.clip(cluster)).")
        }
        let claims: VerifiedServiceAccountToken
        do {
            claims = try await verifier.verify(token, now: now)
        } catch {
            throw EKSAPIError(code: error.code, status: error.status, message: error.message)
        }
        let (accountID, clusterARN, association) = try await access.read { registry throws(EKSAPIError) in
            let record = try registry.record(cluster)
            return (
                registry.accountID, record.cluster.arn,
                registry.podIdentityAssociation(cluster: cluster, namespace: claims.namespace, serviceAccount: claims.serviceAccount)
            )
        }
        guard let association else {
            throw .notFound(
                "No Pod Identity Association exists for service account \(claims.serviceAccount) in namespace \(claims.namespace) of cluster \(cluster); "
                    + "create one with create-pod-identity-association.")
        }
        var tags: [String: String] = [:]
        if !association.disableSessionTags {
            tags = [
                "eks-cluster-arn": clusterARN, "eks-cluster-name": cluster, "kubernetes-namespace": claims.namespace,
                "kubernetes-service-account": claims.serviceAccount,
            ]
            tags["kubernetes-pod-name"] = claims.podName
            tags["kubernetes-pod-uid"] = claims.podUID
        }
        let sessionName = Self.podIdentitySessionName(cluster: cluster, pod: claims.podName ?? claims.serviceAccount, id: UUID().uuidString)
        let sts = STSService(store: identities, regions: regions)
        var credentials: TemporaryCredentials
        do throws(STSServiceError) {
            credentials = try await sts.assumeRole(
                asService: Self.podIdentityServicePrincipal, roleARN: association.roleArn, sessionName: sessionName, tags: tags,
                duration: Self.podIdentitySessionDuration, sourceKeys: ["aws:SourceAccount": [accountID], "aws:SourceArn": [clusterARN]], now: now)
            if let target = association.targetRoleArn {
                guard let session = await identities.lookup(accessKeyID: credentials.accessKeyID) else { throw STSServiceError.internalFailure("the session vanished") }
                credentials = try await sts.assumeRole(
                    roleARN: target, sessionName: sessionName, externalID: association.externalId, caller: session, now: now)
            }
        } catch {
            let serverFault = error.code == "InternalFailure"
            throw EKSAPIError(code: serverFault ? "InternalServerException" : "AccessDeniedException", status: serverFault ? 500 : 400, message: error.message)
        }
        return AssumeRoleForPodIdentityOutput(
            subject: .init(namespace: claims.namespace, serviceAccount: claims.serviceAccount),
            audience: ServiceAccountTokenVerifier.podIdentityAudience,
            podIdentityAssociation: .init(associationArn: association.associationArn, associationId: association.associationId),
            assumedRoleUser: .init(arn: credentials.assumedRoleARN, assumeRoleId: credentials.assumedRoleID),
            credentials: .init(
                sessionToken: credentials.sessionToken, secretAccessKey: credentials.secretAccessKey, accessKeyId: credentials.accessKeyID,
                expiration: EpochTime(credentials.expiration)))
    }

    /// `eks-<cluster>-<pod>-<id>`, cut to STS's 64 characters of `[\w+=,.@-]`.
    static func podIdentitySessionName(cluster: String, pod: String, id: String) -> String {
        let raw = "eks-\(cluster)-\(pod)-\(id.lowercased())"
        let allowed = raw.map { $0.isLetter || $0.isNumber || "_+=,.@-".contains($0) ? $0 : "-" }
        return String(String(allowed).prefix(64))
    }
}

/// ListPodIdentityAssociations' answer.
struct ListPodIdentityAssociationsOutput: Encodable {
    var associations: [PodIdentityAssociation.Summary]
    var nextToken: String?
}

/// AssumeRoleForPodIdentity's body.
struct AssumeRoleForPodIdentityInput: Decodable {
    var token: String?
}

/// AssumeRoleForPodIdentity's answer.
struct AssumeRoleForPodIdentityOutput: Encodable {
    struct Subject: Encodable {
        var namespace: String
        var serviceAccount: String
    }

    struct Association: Encodable {
        var associationArn: String
        var associationId: String
    }

    struct AssumedRoleUser: Encodable {
        var arn: String
        var assumeRoleId: String
    }

    struct Credentials: Encodable {
        var sessionToken: String
        var secretAccessKey: String
        var accessKeyId: String
        var expiration: EpochTime
    }

    var subject: Subject
    var audience: String
    var podIdentityAssociation: Association
    var assumedRoleUser: AssumedRoleUser
    var credentials: Credentials
}
