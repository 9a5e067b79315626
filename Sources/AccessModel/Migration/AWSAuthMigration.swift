import AWSCore

/// An access entry the migration will create for an aws-auth mapping.
public struct PlannedAccessEntry: Sendable, Hashable, Codable {
    /// The principal's ARN (with its real path when IAM told it).
    public var principalArn: String
    /// The entry's type.
    public var type: AccessEntryType
    /// The username to set, or `nil` for the type's default.
    public var username: String?
    /// The groups to set.
    public var kubernetesGroups: [String]
    /// Access policies to associate at cluster scope (AmazonEKSClusterAdminPolicy for `system:masters`).
    public var clusterScopedPolicies: [String]
    /// Where it came from, for the report (`mapRoles: arn:…`).
    public var source: String
    /// Adjustments made to fit EKS's rules.
    public var notes: [String]
}

/// An aws-auth mapping the migration cannot turn into an access entry, and why.
public struct SkippedMapping: Sendable, Hashable, Codable {
    /// The mapping (`mapAccounts: 111122223333`, `mapRoles: arn:…`).
    public var source: String
    /// Why.
    public var reason: String
}

/// What migrating an aws-auth ConfigMap to access entries will do.
public struct MigrationPlan: Sendable, Hashable, Codable {
    /// The entries to create, in ConfigMap order.
    public var entries: [PlannedAccessEntry]
    /// Mappings that stay in aws-auth only.
    public var skipped: [SkippedMapping]
}

/// Turns aws-auth mappings into access entries by eksctl's rules (`utils migrate-to-access-entry`),
/// with its gaps filled: node roles (`system:node:{{EC2PrivateDNSName}}`) become `EC2_LINUX`, or
/// `EC2_WINDOWS` with `eks:kube-proxy-windows`; Fargate roles (`system:node:{{SessionName}}` with
/// `system:node-proxier`) become `FARGATE_LINUX` (eksctl skips them); `system:masters` becomes a
/// STANDARD entry with AmazonEKSClusterAdminPolicy at cluster scope, in the cluster's partition;
/// other `system:` groups, accounts, service-linked roles and ARNs that are not IAM users or roles
/// are skipped and reported; a username EKS would refuse (reserved prefix, `{{SessionName}}`
/// without a colon before it, `{{EC2PrivateDNSName}}`) is dropped for the type's default, with a note.
public enum AWSAuthMigration {
    /// The plan for `mappings`. `resolve` gives the real ARN (with path) of a role or user ARN as
    /// IAM knows it, or `nil` when IAM has no such principal; `existing` holds the lower-cased
    /// principal ARNs that already have entries.
    public static func plan(
        _ mappings: AWSAuthMappings, partition: String, resolve: (String) -> String??, existing: Set<String>
    ) -> MigrationPlan {
        var plan = MigrationPlan(entries: [], skipped: [])
        var planned: Set<String> = []
        func add(_ arn: String, list: String, username: String, groups: [String], isRole: Bool) {
            let source = "\(list): \(arn)"
            guard let principal = try? AccessPrincipal(arn: arn) else {
                plan.skipped.append(SkippedMapping(source: source, reason: "not an IAM \(isRole ? "role" : "user") ARN an access entry can name"))
                return
            }
            var principalArn = principal.arn
            switch resolve(principal.arn) {
            case .some(.some(let real)): principalArn = real
            case .some(.none):
                plan.skipped.append(SkippedMapping(
                    source: source, reason: "IAM has no \(isRole ? "role" : "user") named \(principal.name); delete the mapping or create the principal"))
                return
            case .none: break
            }
            let key = principalArn.lowercased()
            guard !existing.contains(key) else {
                plan.skipped.append(SkippedMapping(source: source, reason: "\(principalArn) already has an access entry (it takes precedence)"))
                return
            }
            guard planned.insert(key).inserted else {
                plan.skipped.append(SkippedMapping(source: source, reason: "a later mapping for the same principal was used"))
                return
            }
            var entry = PlannedAccessEntry(
                principalArn: principalArn, type: .standard, username: username, kubernetesGroups: [], clusterScopedPolicies: [], source: source, notes: [])
            if isRole, username == "system:node:{{EC2PrivateDNSName}}" {
                entry.type = groups.contains("eks:kube-proxy-windows") ? .ec2Windows : .ec2Linux
                entry.username = nil
            } else if isRole, username.hasPrefix("system:node:"), groups.contains("system:node-proxier") {
                entry.type = .fargateLinux
                entry.username = nil
            } else if groups.contains("system:masters") {
                entry.clusterScopedPolicies = [AccessPolicyCatalog.arnPrefix(partition: partition) + "AmazonEKSClusterAdminPolicy"]
                let others = groups.filter { $0 != "system:masters" && !$0.hasPrefix("system:") }
                entry.kubernetesGroups = others
                if others.count != groups.count - 1 { entry.notes.append("system: groups other than system:masters dropped") }
            } else if let reserved = groups.first(where: { $0.hasPrefix("system:") }) {
                plan.skipped.append(SkippedMapping(
                    source: source, reason: "group \(reserved) starts with system:, which access entries cannot grant; bind a role to the user instead"))
                planned.remove(key)
                return
            } else {
                entry.kubernetesGroups = groups
            }
            if let name = entry.username {
                do {
                    try AccessRegistry.validateUsername(name)
                } catch {
                    entry.notes.append("username \(name) is not allowed for access entries (\(error.message)); the default is used")
                    entry.username = nil
                }
            }
            plan.entries.append(entry)
        }
        for role in mappings.roles {
            if let sso = role.sso {
                plan.skipped.append(SkippedMapping(
                    source: "mapRoles: sso \(sso.permissionSetName) in \(sso.accountID)",
                    reason: "an access entry names one role, not a permission set's roles; create one for the role's ARN (arn:…:role/aws-reserved/sso.amazonaws.com/…/AWSReservedSSO_\(sso.permissionSetName)_…)"))
                continue
            }
            add(role.roleARN, list: "mapRoles", username: role.username, groups: role.groups, isRole: true)
        }
        for user in mappings.users { add(user.userARN, list: "mapUsers", username: user.username, groups: user.groups, isRole: false) }
        for account in mappings.accounts {
            plan.skipped.append(SkippedMapping(source: "mapAccounts: \(account)", reason: "a whole account cannot be an access entry; add entries for its principals"))
        }
        return plan
    }
}
