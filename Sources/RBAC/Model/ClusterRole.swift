/// A `ClusterRole`: rules granted cluster-wide by ClusterRoleBindings, or inside one namespace by a
/// RoleBinding. With an ``aggregationRule`` its rules are those of the ClusterRoles its selectors pick
/// (see ``RBACSnapshot/aggregated()``).
public struct ClusterRole: Sendable, Hashable, Codable {
    /// `aggregationRule`: the label selectors whose ClusterRoles' rules make this role's rules.
    public struct AggregationRule: Sendable, Hashable, Codable {
        /// The selectors, in order.
        public var clusterRoleSelectors: [LabelSelector]

        /// Creates an aggregation rule.
        public init(clusterRoleSelectors: [LabelSelector]) { self.clusterRoleSelectors = clusterRoleSelectors }

        private enum CodingKeys: String, CodingKey { case clusterRoleSelectors }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            clusterRoleSelectors = try container.decodeIfPresent([LabelSelector].self, forKey: .clusterRoleSelectors) ?? []
        }
    }

    /// Name and labels.
    public var metadata: ObjectMeta
    /// The rules (for an aggregated role, as last materialised).
    public var rules: [PolicyRule]
    /// The aggregation rule, if the role is aggregated.
    public var aggregationRule: AggregationRule?

    /// Creates a cluster role.
    public init(name: String, rules: [PolicyRule], labels: [String: String] = [:], aggregationRule: AggregationRule? = nil) {
        self.metadata = ObjectMeta(name: name, labels: labels)
        self.rules = rules
        self.aggregationRule = aggregationRule
    }

    /// The role's name.
    public var name: String { metadata.name }

    private enum CodingKeys: String, CodingKey { case metadata, rules, aggregationRule }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta(name: "")
        rules = try container.decodeIfPresent([PolicyRule].self, forKey: .rules) ?? []
        aggregationRule = try container.decodeIfPresent(AggregationRule.self, forKey: .aggregationRule)
    }
}
