/// The kind of an access entry. The type decides the default username, the groups EKS adds, and
/// whether access policies may be associated.
public enum AccessEntryType: String, Sendable, Hashable, Codable, CaseIterable {
    /// People and workloads: any IAM user or role; custom username, groups and access policies.
    case standard = "STANDARD"
    /// Linux nodes (self-managed or Karpenter) using an instance role.
    case ec2Linux = "EC2_LINUX"
    /// Windows nodes using an instance role.
    case ec2Windows = "EC2_WINDOWS"
    /// The pod execution role of Fargate profiles.
    case fargateLinux = "FARGATE_LINUX"
    /// Nodes of EKS Auto Mode custom node classes.
    case ec2 = "EC2"
    /// EKS Hybrid Nodes.
    case hybridLinux = "HYBRID_LINUX"
    /// SageMaker HyperPod nodes.
    case hyperpodLinux = "HYPERPOD_LINUX"

    /// Whether entries of this type take a custom username and groups and may have access policies.
    public var isStandard: Bool { self == .standard }

    /// The groups EKS gives a principal of this type (node types join `system:nodes`).
    public var impliedGroups: [String] {
        switch self {
        case .standard: []
        case .ec2Linux, .ec2Windows, .ec2, .hybridLinux, .hyperpodLinux: ["system:nodes"]
        case .fargateLinux: ["system:node-proxier", "system:nodes"]
        }
    }

    /// The username EKS sets when none is given: the user's ARN or the assumed-role session ARN
    /// (role path removed) for STANDARD, and the node name for node types.
    public func defaultUsername(for principal: AccessPrincipal) -> String {
        switch self {
        case .standard:
            switch principal.kind {
            case .user: principal.arn
            case .role: "arn:\(principal.partition):sts::\(principal.accountID):assumed-role/\(principal.name)/{{SessionName}}"
            }
        case .ec2Linux, .ec2Windows, .ec2: "system:node:{{EC2PrivateDNSName}}"
        case .fargateLinux, .hybridLinux, .hyperpodLinux: "system:node:{{SessionName}}"
        }
    }
}
