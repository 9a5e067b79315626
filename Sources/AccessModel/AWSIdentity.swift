public import AWSCore

/// A verified caller: what STS `GetCallerIdentity` (or the embedded identity store) says a token's
/// signer is, with the parts mappings and audit logs use — aws-iam-authenticator's `Identity`.
public struct AWSIdentity: Sendable, Hashable {
    /// The ARN STS returned, such as `arn:aws:sts::123456789012:assumed-role/dev/alice`.
    public var arn: String
    /// The ARN mappings match: the role for an assumed-role session (path included when known).
    public var canonicalARN: CanonicalARN
    /// The 12-digit account.
    public var accountID: String
    /// The principal id without session: `AROA…` for roles, `AIDA…` for users, the account for root.
    public var userID: String
    /// The role session name; empty for users and root.
    public var sessionName: String
    /// The access key id that signed the token.
    public var accessKeyID: String
    /// The STS host the token was made for.
    public var stsHost: String

    /// Creates an identity from STS's answer: `userIDWithSession` is `UserId` (`AROA…:session` for roles).
    ///
    /// - Throws: ``ARNError`` when `arn` is not an identity ARN; ``IdentityParseError`` for a role
    ///   `UserId` without exactly one `:`.
    public init(arn: String, accountID: String, userIDWithSession: String, accessKeyID: String, stsHost: String) throws {
        let canonical = try CanonicalARN(canonicalizing: arn)
        self.arn = arn
        self.canonicalARN = canonical
        self.accountID = accountID
        self.accessKeyID = accessKeyID
        self.stsHost = stsHost
        switch canonical.type {
        case .user, .root, .federatedUser:
            userID = userIDWithSession
            sessionName = ""
        case .assumedRole, .role:
            let parts = userIDWithSession.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw IdentityParseError(message: "malformed UserID \"\(userIDWithSession)\"") }
            userID = String(parts[0])
            sessionName = String(parts[1])
        }
    }

    /// The TokenReview `uid`: `aws-iam-authenticator:<account>:<userID>`.
    public var uid: String { "aws-iam-authenticator:\(accountID):\(userID)" }

    /// The TokenReview `extra`, with aws-iam-authenticator's keys, so audit pipelines keep working.
    public var extra: [String: [String]] {
        [
            "arn": [arn], "canonicalArn": [canonicalARN.arn], "sessionName": [sessionName], "accessKeyId": [accessKeyID],
            "principalId": [userID], "sigs.k8s.io/aws-iam-authenticator/principalId": [userID],
        ]
    }
}

/// STS's `UserId` did not have the expected form.
public struct IdentityParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public let message: String
    public var description: String { message }
}
