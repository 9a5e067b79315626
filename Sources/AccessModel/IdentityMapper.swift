import Foundation
import AWSCore
/// The Kubernetes user an identity maps to.
public struct MappedUser: Sendable, Hashable {
    /// The username.
    public var username: String
    /// The groups.
    public var groups: [String]
    /// Which mapping matched, for logs: `accessEntry`, `mapRoles`, `mapUsers` or `mapAccounts`.
    public var source: String
    /// The access entry that matched, when `source` is `accessEntry`.
    public var accessEntryArn: String?

    /// Creates a mapped user.
    public init(username: String, groups: [String], source: String, accessEntryArn: String? = nil) {
        self.username = username
        self.groups = groups
        self.source = source
        self.accessEntryArn = accessEntryArn
    }
}

/// Why an identity was not mapped.
public struct MappingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What happened.
    public let message: String
    /// Whether the mapping matched but needs `{{EC2PrivateDNSName}}`: look the instance up and map again.
    public let needsPrivateDNSName: Bool
    public init(_ message: String, needsPrivateDNSName: Bool = false) {
        self.message = message
        self.needsPrivateDNSName = needsPrivateDNSName
    }
    public var description: String { message }
}

/// Maps a verified identity to a Kubernetes user through aws-auth mappings, as aws-iam-authenticator
/// does (roles, then users, then accounts; ARNs compared case-insensitively on the canonical ARN;
/// templates in the username and every group) with two differences: a `rolearn` with a path
/// matches, because STS reports assumed roles without their path (upstream issue #268); and `sso`
/// entries match their permission set's roles, as upstream does only with its alpha feature gate
/// `SSORoleMatch` (and, with an explicit `partition`, never — an upstream bug).
public enum IdentityMapper {
    /// Maps `identity` through `mappings`.
    ///
    /// - Throws: ``MappingError``: `identity is not mapped`, or a template that cannot render.
    public static func map(
        _ identity: AWSIdentity, through mappings: AWSAuthMappings, privateDNSName: String? = nil
    ) throws(MappingError) -> MappedUser {
        let canonical = identity.canonicalARN.arn.lowercased()
        switch identity.canonicalARN.type {
        case .assumedRole, .role:
            if let mapping = mappings.roles.first(where: { $0.matches(lowercasedCanonicalARN: canonical) }) {
                return try render(mapping.username, mapping.groups, identity, source: "mapRoles", privateDNSName: privateDNSName)
            }
        case .user, .root, .federatedUser:
            if let mapping = mappings.users.first(where: { $0.userARN.lowercased() == canonical }) {
                return try render(mapping.username, mapping.groups, identity, source: "mapUsers", privateDNSName: privateDNSName)
            }
        }
        if mappings.accounts.contains(identity.accountID) {
            return MappedUser(username: identity.canonicalARN.arn, groups: [], source: "mapAccounts")
        }
        throw MappingError("identity is not mapped")
    }

    /// Maps `identity` for a cluster: through its access entries when its mode uses them (an entry
    /// wins over aws-auth), then through `mappings` when its mode reads the aws-auth ConfigMap. A
    /// cluster the access API does not know (`nil`) uses aws-auth only, as `CONFIG_MAP` does.
    ///
    /// - Throws: ``MappingError``: not mapped (naming the mode when it excluded a source), or a
    ///   template that cannot render.
    ///
    /// `privateDNSName` is the instance's private DNS name for `{{EC2PrivateDNSName}}`, when the
    /// caller has looked it up (after a first call failed with ``MappingError/needsPrivateDNSName``).
    public static func map(
        _ identity: AWSIdentity, cluster: ClusterAccessView?, mappings: AWSAuthMappings, privateDNSName: String? = nil
    ) throws(MappingError) -> MappedUser {
        if let cluster, let entry = cluster.entry(for: identity) {
            var user = try render(entry.username, entry.effectiveGroups, identity, source: "accessEntry", privateDNSName: privateDNSName)
            user.accessEntryArn = entry.accessEntryArn
            return user
        }
        let mode = cluster?.mode ?? .configMap
        guard mode.usesConfigMap else {
            throw MappingError("identity is not mapped: the cluster's authentication mode is API and no access entry matches")
        }
        return try map(identity, through: mappings, privateDNSName: privateDNSName)
    }

    static func render(
        _ username: String, _ groups: [String], _ identity: AWSIdentity, source: String, privateDNSName: String?
    ) throws(MappingError) -> MappedUser {
        MappedUser(
            username: try Template.render(username, identity, privateDNSName: privateDNSName),
            groups: try groups.map { group throws(MappingError) in try Template.render(group, identity, privateDNSName: privateDNSName) },
            source: source)
    }
}

/// The template variables of aws-auth usernames and groups.
public enum Template {
    /// Renders `text` for `identity`: `{{AccountID}}`, `{{SessionName}}` (`@` → `-`),
    /// `{{SessionNameRaw}}`, `{{AccessKeyID}}`, and `{{EC2PrivateDNSName}}` from `privateDNSName` (the
    /// caller looks the instance up; without it rendering fails with `needsPrivateDNSName` rather than
    /// render wrongly). Unknown `{{…}}` stay as written.
    public static func render(_ text: String, _ identity: AWSIdentity, privateDNSName: String? = nil) throws(MappingError) -> String {
        guard text.contains("{{") else { return text }
        var text = text
        if text.contains("{{EC2PrivateDNSName}}") {
            guard let privateDNSName else {
                throw MappingError(
                    "{{EC2PrivateDNSName}} needs the private DNS name of instance \(identity.sessionName)", needsPrivateDNSName: true)
            }
            text = text.replacingOccurrences(of: "{{EC2PrivateDNSName}}", with: privateDNSName)
        }
        return text
            .replacingOccurrences(of: "{{AccountID}}", with: identity.accountID)
            .replacingOccurrences(of: "{{SessionName}}", with: identity.sessionName.replacingOccurrences(of: "@", with: "-"))
            .replacingOccurrences(of: "{{SessionNameRaw}}", with: identity.sessionName)
            .replacingOccurrences(of: "{{AccessKeyID}}", with: identity.accessKeyID)
    }
}
