internal import Crypto
import Synchronization

/// A bounded, thread-safe cache of derived ``SigningKey``s, so that verifying many requests signed
/// with the same key costs one HMAC chain per key, day, region and service.
///
/// Entries are keyed by access key id, the SHA-256 of the secret (so a rotated or replaced secret
/// never meets a stale key, and the cache holds no copy of the secret), date, region and service.
/// When full, the oldest entry is evicted first. Share one instance between verifiers.
public final class SigningKeyCache: Sendable {
    /// The default number of entries: 4096.
    public static let defaultCapacity = 4096

    /// The most entries the cache holds.
    public let capacity: Int

    private struct Key: Hashable {
        var accessKeyID: String
        var secretDigest: SHA256.Digest
        var dateStamp: String
        var region: String
        var service: String
    }

    private struct State {
        var keys: [Key: SigningKey] = [:]
        /// Insertion order, used as a ring once full: `next` is the oldest entry.
        var order: [Key] = []
        var next = 0
        var hits = 0
        var misses = 0
    }

    private let state = Mutex(State())

    /// Creates an empty cache that holds at most `capacity` keys (at least one).
    public init(capacity: Int = SigningKeyCache.defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    /// The signing key for `secretAccessKey` on `dateStamp` (`yyyyMMdd`) in `region` for `service`,
    /// derived on first use and then served from the cache.
    public func signingKey(
        accessKeyID: String,
        secretAccessKey: String,
        dateStamp: some StringProtocol,
        region: String,
        service: String
    ) -> SigningKey {
        let key = Key(
            accessKeyID: accessKeyID,
            secretDigest: SHA256.hash(data: Array(secretAccessKey.utf8)),
            dateStamp: String(dateStamp),
            region: region,
            service: service
        )
        let cached = state.withLock { state -> SigningKey? in
            guard let found = state.keys[key] else {
                state.misses += 1
                return nil
            }
            state.hits += 1
            return found
        }
        if let cached { return cached }
        // Derive outside the lock: a concurrent miss on the same key derives it twice, harmlessly.
        let derived = SigningKey(secretAccessKey: secretAccessKey, dateStamp: dateStamp, region: region, service: service)
        state.withLock { state in
            guard state.keys[key] == nil else { return }
            if state.order.count < capacity {
                state.order.append(key)
            } else {
                state.keys[state.order[state.next]] = nil
                state.order[state.next] = key
                state.next = (state.next + 1) % capacity
            }
            state.keys[key] = derived
        }
        return derived
    }

    /// How many keys the cache holds.
    public var count: Int { state.withLock { $0.keys.count } }

    /// How many lookups were served from the cache and how many derived a key.
    public var statistics: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

    /// Forgets every key (for example after the identity store changed wholesale).
    public func removeAll() {
        state.withLock { $0 = State() }
    }
}
