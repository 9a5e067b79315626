public import AccessModel
import Crypto
public import Foundation

/// Identities already verified, keyed by the SHA-256 of their token and kept until the token
/// expires (15 minutes after signing), so a burst of the same token costs one verification.
/// Bounded: when full, expired entries go first, then the ones expiring soonest.
public actor VerifiedIdentityCache {
    /// The most tokens kept.
    public let capacity: Int
    private var entries: [SHA256Digest: (identity: AWSIdentity, expires: Date)] = [:]

    /// A cache of at most `capacity` tokens (0 turns caching off).
    public init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    static func key(_ token: String) -> SHA256Digest {
        var token = token
        return token.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
    }

    /// The identity verified for `token`, unless it expired by `now`.
    public func identity(for token: String, now: Date) -> AWSIdentity? {
        let key = Self.key(token)
        guard let entry = entries[key], entry.expires > now else { return nil }
        return entry.identity
    }

    /// Remembers `identity` for `token` until `expires`.
    public func store(_ identity: AWSIdentity, for token: String, until expires: Date, now: Date) {
        guard capacity > 0, expires > now else { return }
        if entries.count >= capacity {
            entries = entries.filter { $0.value.expires > now }
            while entries.count >= capacity, let soonest = entries.min(by: { $0.value.expires < $1.value.expires }) {
                entries[soonest.key] = nil
            }
        }
        entries[Self.key(token)] = (identity, expires)
    }

    /// How many tokens are cached.
    public var count: Int { entries.count }
}
