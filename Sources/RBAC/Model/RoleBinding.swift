/// A namespaced `RoleBinding`: grants a Role of its namespace, or a ClusterRole, to subjects, for
/// requests in its namespace only.
public struct RoleBinding: Sendable, Hashable, Codable {
    /// Name and namespace.
    public var metadata: ObjectMeta
    /// Who the role is granted to.
    public var subjects: [Subject]
    /// The role granted.
    public var roleRef: RoleRef

    /// Creates a binding.
    public init(name: String, namespace: String, roleRef: RoleRef, subjects: [Subject]) {
        self.metadata = ObjectMeta(name: name, namespace: namespace)
        self.subjects = subjects
        self.roleRef = roleRef
    }

    /// The binding's name.
    public var name: String { metadata.name }
    /// The binding's namespace.
    public var namespace: String { metadata.namespace }

    private enum CodingKeys: String, CodingKey { case metadata, subjects, roleRef }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta(name: "")
        subjects = try container.decodeIfPresent([Subject].self, forKey: .subjects) ?? []
        roleRef = try container.decode(RoleRef.self, forKey: .roleRef)
    }
}
