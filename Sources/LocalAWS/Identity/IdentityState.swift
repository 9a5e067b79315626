/// Everything the identity store holds, as one serializable value: the account, its users, roles,
/// access keys and live temporary credentials. ``version`` counts the changes, so a persistent
/// backend can detect concurrent writers.
///
/// Users and roles are keyed by lower-cased name (IAM names are unique regardless of case); keys and
/// temporary credentials by access key id.
public struct IdentityState: Sendable, Hashable, Codable {
    /// The account everything belongs to.
    public var account: Account
    /// Incremented by every change.
    public var version: UInt64
    /// Users by lower-cased name.
    public var users: [String: IAMUser]
    /// Roles by lower-cased name.
    public var roles: [String: IAMRole]
    /// Long-term access keys (of users and of the root) by access key id.
    public var accessKeys: [String: AccessKey]
    /// Temporary credentials by access key id.
    public var temporaryCredentials: [String: TemporaryCredentials]

    /// An empty state for `account`.
    public init(account: Account) {
        self.account = account
        self.version = 0
        self.users = [:]
        self.roles = [:]
        self.accessKeys = [:]
        self.temporaryCredentials = [:]
    }
}
