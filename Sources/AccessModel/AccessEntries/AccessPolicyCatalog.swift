/// One AWS-managed access policy, as ListAccessPolicies names it.
public struct AccessPolicySummary: Sendable, Hashable, Codable {
    /// The policy's name, such as `AmazonEKSViewPolicy`.
    public var name: String
    /// `arn:<partition>:eks::aws:cluster-access-policy/<name>`.
    public var arn: String

    /// Creates a summary.
    public init(name: String, arn: String) {
        self.name = name
        self.arn = arn
    }
}

/// The AWS-managed access policies EKS offers. Customers cannot create or change them; their
/// ARNs name no account (`arn:aws:eks::aws:cluster-access-policy/<name>`).
public enum AccessPolicyCatalog {
    /// The policy names, in the order ListAccessPolicies returns them.
    public static let names: [String] = [
        "AmazonAIOpsAssistantPolicy",
        "AmazonARCRegionSwitchScalingPolicy",
        "AmazonEKSAdminPolicy",
        "AmazonEKSAdminViewPolicy",
        "AmazonEKSAutoNodePolicy",
        "AmazonEKSBlockStorageClusterPolicy",
        "AmazonEKSBlockStoragePolicy",
        "AmazonEKSClusterAdminPolicy",
        "AmazonEKSClusterInsightsPolicy",
        "AmazonEKSComputeClusterPolicy",
        "AmazonEKSComputePolicy",
        "AmazonEKSEditPolicy",
        "AmazonEKSHybridPolicy",
        "AmazonEKSLoadBalancingClusterPolicy",
        "AmazonEKSLoadBalancingPolicy",
        "AmazonEKSNetworkingClusterPolicy",
        "AmazonEKSNetworkingPolicy",
        "AmazonEKSSecretReaderPolicy",
        "AmazonEKSViewPolicy",
        "AmazonEMRJobPolicy",
    ]

    /// The prefix of every access policy ARN in `partition`.
    public static func arnPrefix(partition: String) -> String { "arn:\(partition):eks::aws:cluster-access-policy/" }

    /// The policies of `partition`.
    public static func policies(partition: String) -> [AccessPolicySummary] {
        names.map { AccessPolicySummary(name: $0, arn: arnPrefix(partition: partition) + $0) }
    }

    /// The name of the policy `arn` names in `partition`, or `nil` when it names none.
    public static func policyName(arn: String, partition: String) -> String? {
        let prefix = arnPrefix(partition: partition)
        guard arn.hasPrefix(prefix) else { return nil }
        let name = String(arn.dropFirst(prefix.count))
        return names.contains(name) ? name : nil
    }
}
