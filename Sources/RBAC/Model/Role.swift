/// A namespaced `Role`: rules that RoleBindings of the same namespace grant.
public struct Role: Sendable, Hashable, Codable {
    /// Name, namespace and labels.
    public var metadata: ObjectMeta
    /// The rules.
    public var rules: [PolicyRule]

    /// Creates a role.
    public init(name: String, namespace: String, rules: [PolicyRule], labels: [String: String] = [:]) {
        self.metadata = ObjectMeta(name: name, namespace: namespace, labels: labels)
        self.rules = rules
    }

    /// The role's name.
    public var name: String { metadata.name }
    /// The role's namespace.
    public var namespace: String { metadata.namespace }

    private enum CodingKeys: String, CodingKey { case metadata, rules }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta(name: "")
        rules = try container.decodeIfPresent([PolicyRule].self, forKey: .rules) ?? []
    }
}
