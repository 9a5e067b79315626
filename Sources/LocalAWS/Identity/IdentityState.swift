/// Everything the identity store holds, as one serializable value: the account, its users, roles,
/// access keys, OpenID Connect providers and live temporary credentials. ``version`` counts the changes, so a persistent
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
    /// OpenID Connect identity providers by ARN.
    public var oidcProviders: [String: OIDCProvider]

    /// An empty state for `account`.
    public init(account: Account) {
        self.account = account
        self.version = 0
        self.users = [:]
        self.roles = [:]
        self.accessKeys = [:]
        self.temporaryCredentials = [:]
        self.oidcProviders = [:]
    }

    private enum CodingKeys: String, CodingKey {
        case account, version, users, roles, accessKeys, temporaryCredentials, oidcProviders
    }

    /// Decodes a state; one saved before OpenID Connect providers existed has none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        account = try container.decode(Account.self, forKey: .account)
        version = try container.decode(UInt64.self, forKey: .version)
        users = try container.decode([String: IAMUser].self, forKey: .users)
        roles = try container.decode([String: IAMRole].self, forKey: .roles)
        accessKeys = try container.decode([String: AccessKey].self, forKey: .accessKeys)
        temporaryCredentials = try container.decode([String: TemporaryCredentials].self, forKey: .temporaryCredentials)
        oidcProviders = try container.decodeIfPresent([String: OIDCProvider].self, forKey: .oidcProviders) ?? [:]
    }
}
