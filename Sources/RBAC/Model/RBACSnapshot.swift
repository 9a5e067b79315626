/// A set of RBAC objects: what `kubectl get roles,clusterroles,rolebindings,clusterrolebindings -A -o yaml`
/// prints, a directory of manifests, the bootstrap policy, or any union of them. Order is kept as
/// read (it decides which binding an allow reason names when several grant).
public struct RBACSnapshot: Sendable, Hashable, Codable {
    /// The Roles.
    public var roles: [Role]
    /// The ClusterRoles.
    public var clusterRoles: [ClusterRole]
    /// The RoleBindings.
    public var roleBindings: [RoleBinding]
    /// The ClusterRoleBindings.
    public var clusterRoleBindings: [ClusterRoleBinding]
    /// Objects of other kinds met while decoding, as `Kind namespace/name` (they are skipped).
    public var skipped: [String]

    /// Creates a snapshot.
    public init(
        roles: [Role] = [], clusterRoles: [ClusterRole] = [], roleBindings: [RoleBinding] = [],
        clusterRoleBindings: [ClusterRoleBinding] = [], skipped: [String] = []
    ) {
        self.roles = roles
        self.clusterRoles = clusterRoles
        self.roleBindings = roleBindings
        self.clusterRoleBindings = clusterRoleBindings
        self.skipped = skipped
    }

    /// This snapshot's objects followed by `other`'s. An object whose kind, namespace and name are
    /// already present is replaced in place by the later one (as applying a manifest over a cluster would).
    public func merging(_ other: RBACSnapshot) -> RBACSnapshot {
        RBACSnapshot(
            roles: Self.merge(roles, other.roles) { "\($0.namespace)/\($0.name)" },
            clusterRoles: Self.merge(clusterRoles, other.clusterRoles) { $0.name },
            roleBindings: Self.merge(roleBindings, other.roleBindings) { "\($0.namespace)/\($0.name)" },
            clusterRoleBindings: Self.merge(clusterRoleBindings, other.clusterRoleBindings) { $0.name },
            skipped: skipped + other.skipped)
    }

    private static func merge<T>(_ first: [T], _ second: [T], key: (T) -> String) -> [T] {
        var result = first
        var position: [String: Int] = [:]
        for (index, item) in first.enumerated() { position[key(item)] = index }
        for item in second {
            if let index = position[key(item)] {
                result[index] = item
            } else {
                position[key(item)] = result.count
                result.append(item)
            }
        }
        return result
    }

    /// Whether there are no RBAC objects.
    public var isEmpty: Bool { roles.isEmpty && clusterRoles.isEmpty && roleBindings.isEmpty && clusterRoleBindings.isEmpty }
}
