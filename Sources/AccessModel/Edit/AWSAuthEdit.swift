/// One change to the aws-auth ConfigMap, as `eksauth aws-auth add-role | add-user | add-account | remove` asks for it.
public enum AWSAuthEdit: Sendable, Hashable {
    /// Appends a `mapRoles` entry.
    case addRole(RoleMapping)
    /// Appends a `mapUsers` entry.
    case addUser(UserMapping)
    /// Appends an account to `mapAccounts`.
    case addAccount(String)
    /// Removes the first `mapRoles`/`mapUsers` entry whose ARN is exactly `arn`, or all of them.
    case remove(arn: String, all: Bool)
    /// Removes an account from `mapAccounts`.
    case removeAccount(String)
}
