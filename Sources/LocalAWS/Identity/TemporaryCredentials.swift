public import Foundation
public import SigV4

/// Credentials issued by STS `AssumeRole`: an `ASIA…` key, its secret and session token, valid until
/// ``expiration``, acting as a session of ``roleARN``.
///
/// `description` never shows the secret or the session token.
public struct TemporaryCredentials: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The access key id: `ASIA` and 16 upper-case letters and digits.
    public var accessKeyID: String
    /// The 40-character secret access key.
    public var secretAccessKey: String
    /// The session token that must accompany every request.
    public var sessionToken: String
    /// When the credentials stop working.
    public var expiration: Date
    /// `arn:aws:sts::<account>:assumed-role/<role name>/<session name>` (no role path).
    public var assumedRoleARN: String
    /// `<role id>:<session name>` (`AROA…:session`).
    public var assumedRoleID: String
    /// The full ARN of the role, with its path.
    public var roleARN: String
    /// The role's name.
    public var roleName: String
    /// The `RoleSessionName`.
    public var sessionName: String
    /// The source identity set on the session, if any.
    public var sourceIdentity: String?
    /// The session tags (`aws:PrincipalTag/…` in policies), by key; `nil` when there are none. They
    /// are transitive: a role chained from this session gets them too.
    public var sessionTags: [String: String]?

    /// Creates temporary credentials from their parts.
    public init(
        accessKeyID: String, secretAccessKey: String, sessionToken: String, expiration: Date, assumedRoleARN: String,
        assumedRoleID: String, roleARN: String, roleName: String, sessionName: String, sourceIdentity: String? = nil,
        sessionTags: [String: String]? = nil
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.assumedRoleARN = assumedRoleARN
        self.assumedRoleID = assumedRoleID
        self.roleARN = roleARN
        self.roleName = roleName
        self.sessionName = sessionName
        self.sourceIdentity = sourceIdentity
        self.sessionTags = sessionTags
    }

    /// The credentials as `AWSCredentials`, with session token and expiration.
    public var credentials: AWSCredentials {
        AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken, expiration: expiration)
    }

    /// The key id, session ARN and expiry; never the secret or the token.
    public var description: String {
        "TemporaryCredentials(\(accessKeyID), \(assumedRoleARN), expires \(expiration))"
    }
}
