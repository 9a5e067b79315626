public import Foundation
public import SigV4

/// Who an access key id belongs to, with what SigV4 verification needs: the secret, the session
/// token of temporary credentials and their expiry. Returned by ``IdentityStore/lookup(accessKeyID:)``.
///
/// `description` never shows the secret or the session token.
public struct KeyLookup: Sendable, Hashable, CustomStringConvertible {
    /// The identity behind a key.
    public enum Principal: Sendable, Hashable {
        /// The account's root user.
        case root(accountID: String)
        /// An IAM user.
        case user(IAMUser)
        /// A role session made by `AssumeRole`.
        case assumedRole(TemporaryCredentials)
    }

    /// The access key id looked up.
    public var accessKeyID: String
    /// Its secret access key.
    public var secretAccessKey: String
    /// The session token of temporary (`ASIA…`) credentials, `nil` for long-term keys.
    public var sessionToken: String?
    /// When temporary credentials expire.
    public var expiration: Date?
    /// Whether the key may sign (an `Inactive` long-term key may not).
    public var isActive: Bool
    /// The 12-digit account.
    public var accountID: String
    /// Who the key belongs to.
    public var principal: Principal

    /// Creates a lookup result from its parts.
    public init(
        accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil, isActive: Bool = true,
        accountID: String, principal: Principal
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.isActive = isActive
        self.accountID = accountID
        self.principal = principal
    }

    /// The credentials SigV4 verification checks the request against.
    public var credentials: AWSCredentials {
        AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken, expiration: expiration)
    }

    /// The caller's ARN as `GetCallerIdentity` returns it.
    public var arn: String {
        switch principal {
        case .root(let accountID): "arn:aws:iam::\(accountID):root"
        case .user(let user): user.arn
        case .assumedRole(let session): session.assumedRoleARN
        }
    }

    /// The caller's `UserId` as `GetCallerIdentity` returns it: the account id for root, `AIDA…` for a
    /// user, `AROA…:session` for a role session.
    public var userID: String {
        switch principal {
        case .root(let accountID): accountID
        case .user(let user): user.id
        case .assumedRole(let session): session.assumedRoleID
        }
    }

    /// The caller as IAM policy evaluation sees it (anonymous, which nothing trusts, should a stored ARN not parse).
    public var requestPrincipal: RequestPrincipal {
        switch principal {
        case .root(let accountID): .root(accountID: accountID)
        case .user(let user):
            (try? RequestPrincipal(arn: user.arn, userID: user.id)) ?? .anonymous
        case .assumedRole(let session):
            (try? RequestPrincipal(arn: session.assumedRoleARN, userID: session.assumedRoleID, roleARN: session.roleARN))?
                .tagged(session.sessionTags ?? [:]) ?? .anonymous
        }
    }

    /// The key id, ARN and state; never the secret or the token.
    public var description: String {
        "KeyLookup(\(accessKeyID), \(arn)\(isActive ? "" : ", inactive")\(sessionToken == nil ? "" : ", sessionToken: <redacted>"))"
    }
}
