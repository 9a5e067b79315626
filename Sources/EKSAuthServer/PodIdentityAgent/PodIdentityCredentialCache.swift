public import AWSCore
public import Foundation
import SigV4

/// The Pod Identity agent's credentials, kept per service-account token (the whole token string,
/// as upstream keys them) so a pod's SDK calls cost one AssumeRoleForPodIdentity per renewal.
///
/// Credentials are renewed once half their lifetime (at most ``maximumRetention``) has passed, and
/// never served with 15 seconds or less left. Concurrent requests for one token share one call.
/// When a renewal fails with an error that says the token or association is gone
/// (`ResourceNotFoundException`, `ExpiredTokenException`, `InvalidTokenException`,
/// `AccessDeniedException`) the entry is dropped; after any other failure the old credentials
/// are served while they last and renewal is retried a minute later.
public actor PodIdentityCredentialCache {
    /// Exchanges a service-account token for credentials (AssumeRoleForPodIdentity).
    public typealias Exchange = @Sendable (String) async throws(EKSError) -> PodIdentityCredentials

    /// Credentials with this little left are renewed before they are served.
    public static let minimumRemaining: TimeInterval = 15
    /// The errors after which an entry is dropped rather than kept for a retry.
    public static let evictingErrors: Set<String> = [
        "ResourceNotFoundException", "ExpiredTokenException", "InvalidTokenException", "AccessDeniedException",
    ]

    struct Entry {
        var credentials: PodIdentityCredentials
        var renewAt: Date
        var lastUse: UInt64
    }

    /// At most this many tokens are remembered (least recently used go first).
    public let capacity: Int
    /// The longest time credentials are kept before renewal, even when they last longer.
    public let maximumRetention: TimeInterval
    private let exchange: Exchange
    private var entries: [String: Entry] = [:]
    private var inFlight: [String: Task<PodIdentityCredentials, any Error>] = [:]
    private var uses: UInt64 = 0

    /// Creates a cache that calls `exchange` for tokens it has no fresh credentials for.
    public init(capacity: Int = 2000, maximumRetention: TimeInterval = 3 * 3600, exchange: @escaping Exchange) {
        self.capacity = max(1, capacity)
        self.maximumRetention = maximumRetention
        self.exchange = exchange
    }

    /// How many tokens have credentials.
    public var count: Int { entries.count }

    /// Credentials for `token` at time `now`: cached ones while fresh, else new ones.
    public func credentials(for token: String, now: Date) async throws(EKSError) -> PodIdentityCredentials {
        uses += 1
        if var entry = entries[token], now < entry.renewAt, Self.remaining(entry.credentials, now) > Self.minimumRemaining {
            entry.lastUse = uses
            entries[token] = entry
            return entry.credentials
        }
        let task: Task<PodIdentityCredentials, any Error>
        if let running = inFlight[token] {
            task = running
        } else {
            let exchange = self.exchange
            task = Task { () async throws -> PodIdentityCredentials in try await exchange(token) }
            inFlight[token] = task
        }
        do {
            let fresh = try await task.value
            if inFlight[token] == task { inFlight[token] = nil }
            store(fresh, for: token, now: now)
            return fresh
        } catch {
            if inFlight[token] == task { inFlight[token] = nil }
            let failure = (error as? EKSError) ?? EKSError(code: "RequestFailed", message: "\(error)", httpStatus: 0)
            if Self.evictingErrors.contains(failure.code) {
                entries[token] = nil
                throw failure
            }
            if var entry = entries[token], Self.remaining(entry.credentials, now) > Self.minimumRemaining {
                entry.renewAt = now.addingTimeInterval(60)
                entries[token] = entry
                return entry.credentials
            }
            throw failure
        }
    }

    private func store(_ credentials: PodIdentityCredentials, for token: String, now: Date) {
        let lifetime = Self.remaining(credentials, now)
        guard lifetime > Self.minimumRemaining else { return }
        entries[token] = Entry(credentials: credentials, renewAt: now.addingTimeInterval(min(lifetime / 2, maximumRetention)), lastUse: uses)
        if entries.count > capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
            entries[oldest] = nil
        }
    }

    private static func remaining(_ credentials: PodIdentityCredentials, _ now: Date) -> TimeInterval {
        (credentials.credentials.expiration ?? .distantFuture).timeIntervalSince(now)
    }
}
