#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The secret material that signs AWS requests: an access key pair, plus a session token and an
/// expiry for temporary credentials (`ASIA…` keys issued by STS).
///
/// `description` never shows the secret or the session token, so a credential can be logged safely.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The access key id (`AKIA…` for long-term keys, `ASIA…` for temporary ones).
    public var accessKeyID: String
    /// The secret access key.
    public var secretAccessKey: String
    /// The session token of temporary credentials, or `nil` for long-term keys.
    public var sessionToken: String?
    /// When temporary credentials stop working, if known.
    public var expiration: Date?

    /// Creates credentials from their parts.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// Whether the credentials have expired at `date` (credentials without an expiry never do).
    public func isExpired(at date: Date = Date()) -> Bool {
        guard let expiration else { return false }
        return expiration <= date
    }

    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>\(sessionToken == nil ? "" : ", sessionToken: <redacted>"))"
    }
}
