import SigV4

/// An EKS API operation named by a request's method and path, with its URI labels decoded.
///
/// Paths are split on the raw `/` before each segment is percent-decoded: the AWS CLI encodes the
/// ARNs in labels completely (`arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fdev`), so decoding first
/// would cut them apart.
enum EKSOperation: Sendable, Hashable {
    case createCluster
    case listClusters
    case describeCluster(cluster: String)
    case deleteCluster(cluster: String)
    case updateClusterConfig(cluster: String)
    case describeUpdate(cluster: String, updateID: String)
    case createAccessEntry(cluster: String)
    case listAccessEntries(cluster: String)
    case describeAccessEntry(cluster: String, principalArn: String)
    case updateAccessEntry(cluster: String, principalArn: String)
    case deleteAccessEntry(cluster: String, principalArn: String)
    case associateAccessPolicy(cluster: String, principalArn: String)
    case listAssociatedAccessPolicies(cluster: String, principalArn: String)
    case disassociateAccessPolicy(cluster: String, principalArn: String, policyArn: String)
    case listAccessPolicies
    case createPodIdentityAssociation(cluster: String)
    case listPodIdentityAssociations(cluster: String)
    case describePodIdentityAssociation(cluster: String, associationID: String)
    case updatePodIdentityAssociation(cluster: String, associationID: String)
    case deletePodIdentityAssociation(cluster: String, associationID: String)
    /// The EKS Auth API's one operation (signing name `eks-auth`).
    case assumeRoleForPodIdentity(cluster: String)

    /// Whether `path` belongs to the EKS API (so the request is not an STS or IAM query).
    static func isEKSPath(_ path: String) -> Bool {
        path == "/clusters" || path.hasPrefix("/clusters/") || path == "/access-policies" || path.hasPrefix("/access-policies/")
    }

    /// The operation for `method` on the raw `path`, or `nil` when the EKS API has none.
    init?(method: String, path: String) {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { PercentEncoding.decode(String($0)) }
        if segments.count > 1, segments.last == "" { segments.removeLast() }
        switch (method, segments.count) {
        case ("GET", 1) where segments[0] == "access-policies": self = .listAccessPolicies
        case (_, _) where segments.first != "clusters": return nil
        case ("POST", 1): self = .createCluster
        case ("GET", 1): self = .listClusters
        case ("GET", 2): self = .describeCluster(cluster: segments[1])
        case ("DELETE", 2): self = .deleteCluster(cluster: segments[1])
        case ("POST", 3) where segments[2] == "update-config": self = .updateClusterConfig(cluster: segments[1])
        case ("GET", 4) where segments[2] == "updates": self = .describeUpdate(cluster: segments[1], updateID: segments[3])
        case ("POST", 3) where segments[2] == "access-entries": self = .createAccessEntry(cluster: segments[1])
        case ("GET", 3) where segments[2] == "access-entries": self = .listAccessEntries(cluster: segments[1])
        case ("GET", 4) where segments[2] == "access-entries": self = .describeAccessEntry(cluster: segments[1], principalArn: segments[3])
        case ("POST", 4) where segments[2] == "access-entries": self = .updateAccessEntry(cluster: segments[1], principalArn: segments[3])
        case ("DELETE", 4) where segments[2] == "access-entries": self = .deleteAccessEntry(cluster: segments[1], principalArn: segments[3])
        case ("POST", 5) where segments[2] == "access-entries" && segments[4] == "access-policies":
            self = .associateAccessPolicy(cluster: segments[1], principalArn: segments[3])
        case ("GET", 5) where segments[2] == "access-entries" && segments[4] == "access-policies":
            self = .listAssociatedAccessPolicies(cluster: segments[1], principalArn: segments[3])
        case ("DELETE", 6) where segments[2] == "access-entries" && segments[4] == "access-policies":
            self = .disassociateAccessPolicy(cluster: segments[1], principalArn: segments[3], policyArn: segments[5])
        case ("POST", 3) where segments[2] == "pod-identity-associations": self = .createPodIdentityAssociation(cluster: segments[1])
        case ("GET", 3) where segments[2] == "pod-identity-associations": self = .listPodIdentityAssociations(cluster: segments[1])
        case ("GET", 4) where segments[2] == "pod-identity-associations":
            self = .describePodIdentityAssociation(cluster: segments[1], associationID: segments[3])
        case ("POST", 4) where segments[2] == "pod-identity-associations":
            self = .updatePodIdentityAssociation(cluster: segments[1], associationID: segments[3])
        case ("DELETE", 4) where segments[2] == "pod-identity-associations":
            self = .deletePodIdentityAssociation(cluster: segments[1], associationID: segments[3])
        case ("POST", 3) where segments[2] == "assume-role-for-pod-identity": self = .assumeRoleForPodIdentity(cluster: segments[1])
        default: return nil
        }
    }

    /// The operation's name, which is also its IAM action after `eks:`.
    var name: String {
        switch self {
        case .createCluster: "CreateCluster"
        case .listClusters: "ListClusters"
        case .describeCluster: "DescribeCluster"
        case .deleteCluster: "DeleteCluster"
        case .updateClusterConfig: "UpdateClusterConfig"
        case .describeUpdate: "DescribeUpdate"
        case .createAccessEntry: "CreateAccessEntry"
        case .listAccessEntries: "ListAccessEntries"
        case .describeAccessEntry: "DescribeAccessEntry"
        case .updateAccessEntry: "UpdateAccessEntry"
        case .deleteAccessEntry: "DeleteAccessEntry"
        case .associateAccessPolicy: "AssociateAccessPolicy"
        case .listAssociatedAccessPolicies: "ListAssociatedAccessPolicies"
        case .disassociateAccessPolicy: "DisassociateAccessPolicy"
        case .listAccessPolicies: "ListAccessPolicies"
        case .createPodIdentityAssociation: "CreatePodIdentityAssociation"
        case .listPodIdentityAssociations: "ListPodIdentityAssociations"
        case .describePodIdentityAssociation: "DescribePodIdentityAssociation"
        case .updatePodIdentityAssociation: "UpdatePodIdentityAssociation"
        case .deletePodIdentityAssociation: "DeletePodIdentityAssociation"
        case .assumeRoleForPodIdentity: "AssumeRoleForPodIdentity"
        }
    }

    /// The service the operation belongs to: its SigV4 signing name and IAM action prefix.
    var service: String {
        if case .assumeRoleForPodIdentity = self { return "eks-auth" }
        return "eks"
    }

    /// The cluster the operation is about, if any.
    var cluster: String? {
        switch self {
        case .createCluster, .listClusters, .listAccessPolicies: nil
        case .describeCluster(let cluster), .deleteCluster(let cluster), .updateClusterConfig(let cluster), .describeUpdate(let cluster, _),
            .createAccessEntry(let cluster), .listAccessEntries(let cluster), .describeAccessEntry(let cluster, _),
            .updateAccessEntry(let cluster, _), .deleteAccessEntry(let cluster, _), .associateAccessPolicy(let cluster, _),
            .listAssociatedAccessPolicies(let cluster, _), .disassociateAccessPolicy(let cluster, _, _),
            .createPodIdentityAssociation(let cluster), .listPodIdentityAssociations(let cluster),
            .describePodIdentityAssociation(let cluster, _), .updatePodIdentityAssociation(let cluster, _),
            .deletePodIdentityAssociation(let cluster, _), .assumeRoleForPodIdentity(let cluster):
            cluster
        }
    }

    /// The principal ARN label of access-entry operations.
    var principalArn: String? {
        switch self {
        case .describeAccessEntry(_, let arn), .updateAccessEntry(_, let arn), .deleteAccessEntry(_, let arn),
            .associateAccessPolicy(_, let arn), .listAssociatedAccessPolicies(_, let arn), .disassociateAccessPolicy(_, let arn, _):
            arn
        default: nil
        }
    }
}
