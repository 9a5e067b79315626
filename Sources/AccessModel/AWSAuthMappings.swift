/// One `mapRoles` entry of the aws-auth ConfigMap: callers with this role get this username and groups.
public struct RoleMapping: Sendable, Hashable {
    /// The role ARN as written (a path, if any, is ignored when matching; STS reports none).
    public var roleARN: String
    /// The Kubernetes username, possibly with templates such as `{{SessionName}}`.
    public var username: String
    /// The Kubernetes groups, possibly with templates.
    public var groups: [String]

    /// Creates a mapping.
    public init(roleARN: String, username: String, groups: [String]) {
        self.roleARN = roleARN
        self.username = username
        self.groups = groups
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
