import AWSCore
import Foundation

/// One `mapRoles` entry of the aws-auth ConfigMap: callers with this role get this username and groups.
public struct RoleMapping: Sendable, Hashable {
    /// The role ARN as written (a path, if any, is ignored when matching; STS reports none); for an
    /// `sso` entry, its pattern (``SSORoleMatcher/pattern``).
    public var roleARN: String
    /// The Kubernetes username, possibly with templates such as `{{SessionName}}`.
    public var username: String
    /// The Kubernetes groups, possibly with templates.
    public var groups: [String]
    /// For an `sso` entry (instead of `rolearn`): the IAM Identity Center permission set whose roles match.
    public var sso: SSORoleMatcher?

    /// Creates a mapping.
    public init(roleARN: String, username: String, groups: [String], sso: SSORoleMatcher? = nil) {
        self.roleARN = roleARN
        self.username = username
        self.groups = groups
        self.sso = sso
    }

    /// Whether a caller with the lower-cased canonical role ARN `canonical` matches: the ARN without
    /// regard to case or path, or for an `sso` entry the permission set's role name pattern.
    public func matches(lowercasedCanonicalARN canonical: String) -> Bool {
        if let sso { return sso.matches(lowercasedCanonicalARN: canonical) }
        return Self.stripRolePath(roleARN.lowercased()) == Self.stripRolePath(canonical)
    }

    /// `arn:aws:iam::1:role/a/b/name` → `arn:aws:iam::1:role/name`; other ARNs unchanged.
    static func stripRolePath(_ arn: String) -> String {
        guard let range = arn.range(of: ":role/") else { return arn }
        let name = arn[range.upperBound...].split(separator: "/").last.map(String.init) ?? ""
        return String(arn[..<range.upperBound]) + name
    }
}

/// The `sso` of a `mapRoles` entry: the roles IAM Identity Center makes for a permission set in an
/// account, `arn:PARTITION:iam::ACCOUNT:role/AWSReservedSSO_<permissionSetName>_<suffix>` (their
/// `aws-reserved/sso.amazonaws.com/…` path is not in the canonical ARN STS reports).
public struct SSORoleMatcher: Sendable, Hashable {
    /// The permission set's name: 1 to 32 of `[\w+=,.@-]`.
    public var permissionSetName: String
    /// The 12-digit account.
    public var accountID: String
    /// The partition as written; `nil` (or empty) means `aws`.
    public var partition: String?

    /// Creates a matcher.
    public init(permissionSetName: String, accountID: String, partition: String? = nil) {
        self.permissionSetName = permissionSetName
        self.accountID = accountID
        self.partition = partition
    }

    /// `arn:PARTITION:iam::ACCOUNT:role/AWSReservedSSO_<permissionSetName>_*`.
    public var pattern: String {
        let partition = (self.partition ?? "").isEmpty ? "aws" : self.partition!
        return "arn:\(partition):iam::\(accountID):role/AWSReservedSSO_\(permissionSetName)_*"
    }

    /// Whether the lower-cased canonical role ARN is one of the permission set's roles (compared
    /// without regard to case, as upstream lower-cases both; the suffix must be letters and digits,
    /// where upstream's `*` would also let permission set `Admin` match `Admin_ReadOnly`).
    public func matches(lowercasedCanonicalARN canonical: String) -> Bool {
        let prefix = String(pattern.dropLast()).lowercased()
        guard canonical.hasPrefix(prefix) else { return false }
        let suffix = canonical.dropFirst(prefix.count)
        // Identity Center's suffix is a random id of letters and digits: `Admin` must not match `Admin_ReadOnly_…`.
        return !suffix.isEmpty && suffix.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// Why `permissionSetName`, `accountID` or `partition` is invalid, as upstream's validation says; `nil` when valid.
    public var problem: String? {
        let nameCharacters = permissionSetName.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "_+=,.@-".unicodeScalars.contains($0)
        }
        if !(1...32).contains(permissionSetName.count) || !nameCharacters || !permissionSetName.allSatisfy(\.isASCII) {
            return "sso permissionSetName \(permissionSetName) must be 1 to 32 of letters, digits and _+=,.@-"
        }
        if !(accountID.count == 12 && accountID.allSatisfy(\.isASCIIDigit)) { return "sso accountID \(accountID) must be 12 digits" }
        if let partition, !partition.isEmpty, Partition(id: partition) == nil { return "sso partition \(partition) is not an AWS partition" }
        return nil
    }
}

/// One `mapUsers` entry: this IAM user gets this username and groups.
public struct UserMapping: Sendable, Hashable {
    /// The user ARN.
    public var userARN: String
    /// The Kubernetes username, possibly with templates.
    public var username: String
    /// The Kubernetes groups, possibly with templates.
    public var groups: [String]

    /// Creates a mapping.
    public init(userARN: String, username: String, groups: [String]) {
        self.userARN = userARN
        self.username = username
        self.groups = groups
    }
}

/// The mappings of one aws-auth source: `mapRoles`, `mapUsers` and `mapAccounts`.
public struct AWSAuthMappings: Sendable, Hashable {
    /// Role mappings, in the order written.
    public var roles: [RoleMapping]
    /// User mappings, in the order written.
    public var users: [UserMapping]
    /// Accounts whose every principal authenticates as its canonical ARN, without groups.
    public var accounts: [String]

    /// Creates mappings.
    public init(roles: [RoleMapping] = [], users: [UserMapping] = [], accounts: [String] = []) {
        self.roles = roles
        self.users = users
        self.accounts = accounts
    }
}
