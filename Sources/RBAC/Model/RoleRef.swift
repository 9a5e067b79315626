/// The role a binding grants (`roleRef`): a `Role` in the binding's namespace or a `ClusterRole`.
public struct RoleRef: Sendable, Hashable, Codable {
    /// The kinds a role reference can name.
    public static let roleKind = "Role"
    /// A ClusterRole reference.
    public static let clusterRoleKind = "ClusterRole"

    /// `rbac.authorization.k8s.io`.
    public var apiGroup: String
    /// `Role` or `ClusterRole`; anything else is an `unsupported role reference kind` at evaluation.
    public var kind: String
    /// The role's name.
    public var name: String

    /// Creates a reference.
    public init(kind: String, name: String, apiGroup: String = "rbac.authorization.k8s.io") {
        self.apiGroup = apiGroup
        self.kind = kind
        self.name = name
    }

    /// A reference to the ClusterRole `name`.
    public static func clusterRole(_ name: String) -> RoleRef { RoleRef(kind: clusterRoleKind, name: name) }
    /// A reference to the Role `name` of the binding's namespace.
    public static func role(_ name: String) -> RoleRef { RoleRef(kind: roleKind, name: name) }

    private enum CodingKeys: String, CodingKey { case apiGroup, kind, name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiGroup = try container.decodeIfPresent(String.self, forKey: .apiGroup) ?? ""
        kind = try container.decodeIfPresent(String.self, forKey: .kind) ?? ""
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
    }
}
