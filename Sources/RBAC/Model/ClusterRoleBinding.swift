/// A `ClusterRoleBinding`: grants a ClusterRole to subjects in every namespace and at the cluster
/// scope.
public struct ClusterRoleBinding: Sendable, Hashable, Codable {
    /// The binding's name.
    public var metadata: ObjectMeta
    /// Who the role is granted to.
    public var subjects: [Subject]
    /// The role granted.
    public var roleRef: RoleRef

    /// Creates a binding.
    public init(name: String, roleRef: RoleRef, subjects: [Subject]) {
        self.metadata = ObjectMeta(name: name)
        self.subjects = subjects
        self.roleRef = roleRef
    }

    /// The binding's name.
    public var name: String { metadata.name }

    private enum CodingKeys: String, CodingKey { case metadata, subjects, roleRef }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta(name: "")
        subjects = try container.decodeIfPresent([Subject].self, forKey: .subjects) ?? []
        roleRef = try container.decode(RoleRef.self, forKey: .roleRef)
    }
}
