/// The checks that keep an edit from locking anyone out: it may not remove the last mapping with
/// cluster-admin, nor a node role, unless forced.
///
/// "Cluster-admin" is what aws-auth itself can show: a mapping (as aws-iam-authenticator reads it —
/// later duplicates win, broken entries and unreadable lists count for nothing) whose groups include
/// `system:masters`, or a group that a ClusterRoleBinding binds to the `cluster-admin` ClusterRole
/// (`adminGroups`, when RBAC is known). Ways in that aws-auth cannot show — the cluster creator's
/// implicit admin, access entries — are not counted, so the check errs on the side of refusing.
/// An edit of a ConfigMap that had no admin mapping before is not refused: it takes nothing away.
public enum AWSAuthSafetyCheck {
    /// The mappings of `data` that give cluster-admin, described (`role/admin (system:masters)`).
    public static func adminMappings(_ data: [String: String], adminGroups: Set<String> = []) -> [String] {
        let mappings = AWSAuthParser.parse(data: data).mappings()
        let admin = adminGroups.union(["system:masters"])
        let roles = mappings.roles.filter { !admin.isDisjoint(with: $0.groups) }.map { "\($0.roleARN) (\($0.groups.filter(admin.contains).joined(separator: ",")))" }
        let users = mappings.users.filter { !admin.isDisjoint(with: $0.groups) }.map { "\($0.userARN) (\($0.groups.filter(admin.contains).joined(separator: ",")))" }
        return roles + users
    }

    /// Whether a role mapping is a node role: a `system:node:` username or the `system:nodes` group.
    public static func isNodeRole(_ mapping: RoleMapping) -> Bool {
        mapping.username.hasPrefix("system:node:") || mapping.username.contains("{{EC2PrivateDNSName}}") || mapping.groups.contains("system:nodes")
    }

    /// Checks `change` of `data`.
    ///
    /// - Throws: ``AWSAuthEditError/removesNodeRole(_:)`` or ``AWSAuthEditError/lockout(_:)`` unless `force`.
    public static func check(_ change: AWSAuthChange, of data: [String: String], adminGroups: Set<String> = [], force: Bool) throws(AWSAuthEditError) {
        guard !force else { return }
        let nodeRoles = change.removedRoles.filter(isNodeRole).map(\.roleARN)
        if !nodeRoles.isEmpty { throw .removesNodeRole(nodeRoles) }
        var after = data
        after[change.key] = change.newValue
        let before = adminMappings(data, adminGroups: adminGroups)
        if !before.isEmpty, adminMappings(after, adminGroups: adminGroups).isEmpty { throw .lockout(before) }
    }
}
