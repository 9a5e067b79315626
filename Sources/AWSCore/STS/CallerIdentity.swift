/// Who a set of credentials belongs to: STS `GetCallerIdentity`'s answer.
public struct CallerIdentity: Sendable, Hashable, Codable {
    /// The caller's ARN (`arn:aws:iam::123456789012:user/alice`,
    /// `arn:aws:sts::123456789012:assumed-role/dev/session`).
    public var arn: String
    /// The unique id (`AIDA…` for a user, `AROA…:session` for an assumed role).
    public var userID: String
    /// The 12-digit account id.
    public var account: String

    /// Creates an identity from its parts.
    public init(arn: String, userID: String, account: String) {
        self.arn = arn
        self.userID = userID
        self.account = account
    }
}
