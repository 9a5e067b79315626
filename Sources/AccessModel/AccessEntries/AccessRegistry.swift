public import Foundation
public import AWSCore

/// Everything the EKS access API manages in one account and region: clusters, their access
/// entries with associated policies, their configuration updates and the request tokens that
/// make retries idempotent.
///
/// A pure value: operations (in the extensions) check their input with EKS's rules and messages
/// and change the value, or throw ``EKSAPIError`` and change nothing. The caller persists it.
public struct AccessRegistry: Sendable, Hashable {
    /// The account the clusters belong to.
    public var accountID: String
    /// The region the clusters are in.
    public var region: String
    /// The partition of `region`.
    public var partition: String
    /// Grows with every saved change.
    public var version: UInt64 = 0
    /// The clusters by name.
    public var clusters: [String: ClusterRecord] = [:]
    /// The access entries by ``entryKey(cluster:principal:)``.
    public var entries: [String: AccessEntry] = [:]
    /// The Pod Identity associations by cluster and association id.
    public var podIdentityAssociations: [String: PodIdentityAssociation] = [:]

    /// Creates an empty registry.
    public init(accountID: String, region: String, partition: String) {
        self.accountID = accountID
        self.region = region
        self.partition = partition
    }

    /// The key of the entry for `principal` on cluster `cluster`. IAM user and role names are unique
    /// in an account whatever their path and case, so the key drops the path and folds case: an
    /// entry for `role/team/dev` is found for the path-less role ARN STS reports.
    public static func entryKey(cluster: String, principal: AccessPrincipal) -> String {
        "\(cluster)\n\(principal.partition):\(principal.accountID):\(principal.kind.rawValue)/\(principal.name.lowercased())"
    }

    /// The entry key for a verified caller's canonical ARN (`arn:…:iam::ACCOUNT:role/NAME` or
    /// `…:user/[path/]NAME`), or `nil` for identities no entry can name (root, federated users).
    public static func entryKey(cluster: String, canonicalARN: String) -> String? {
        guard let principal = try? AccessPrincipal(arn: canonicalARN) else { return nil }
        return entryKey(cluster: cluster, principal: principal)
    }

    /// The entry key for a verified caller, from its already parsed canonical ARN (the
    /// authenticator's hot path); `nil` for identities no entry can name (root, federated users).
    public static func entryKey(cluster: String, canonical: CanonicalARN) -> String? {
        let kind: AccessPrincipal.Kind
        switch canonical.type {
        case .role, .assumedRole: kind = .role
        case .user: kind = .user
        case .root, .federatedUser: return nil
        }
        let name = canonical.arn.split(separator: "/").last.map { $0.lowercased() } ?? ""
        return "\(cluster)\n\(canonical.partition):\(canonical.accountID):\(kind.rawValue)/\(name)"
    }

    /// The entries of `cluster`, sorted by principal ARN.
    public func entries(of cluster: String) -> [AccessEntry] {
        let prefix = cluster + "\n"
        return entries.filter { $0.key.hasPrefix(prefix) }.map(\.value).sorted { $0.principalArn < $1.principalArn }
    }
}

/// A cluster with what only the server keeps about it.
public struct ClusterRecord: Sendable, Hashable, Codable {
    /// The cluster as described.
    public var cluster: Cluster
    /// Its configuration updates, oldest first.
    public var updates: [ClusterUpdate]
    /// The ARN of the IAM principal that created it, whose bootstrap entry is honoured even in
    /// `CONFIG_MAP` mode (EKS's implicit creator admin).
    public var creatorArn: String?
    /// Recently used `clientRequestToken`s and what they were used for, oldest first.
    public var requestTokens: [RequestToken]

    /// Creates a record.
    public init(cluster: Cluster, creatorArn: String?) {
        self.cluster = cluster
        self.updates = []
        self.creatorArn = creatorArn
        self.requestTokens = []
    }

    /// How many request tokens are remembered per cluster.
    static let maximumRequestTokens = 1000

    /// What a token was used for: `nil` when it is new.
    func purpose(of token: String) -> String? {
        requestTokens.last { $0.token == token }?.purpose
    }

    /// Remembers that `token` was used for `purpose`.
    mutating func remember(token: String?, purpose: String) {
        guard let token, !token.isEmpty else { return }
        requestTokens.append(RequestToken(token: token, purpose: purpose))
        if requestTokens.count > Self.maximumRequestTokens { requestTokens.removeFirst(requestTokens.count - Self.maximumRequestTokens) }
    }
}

/// A `clientRequestToken` and the request it belonged to.
public struct RequestToken: Sendable, Hashable, Codable {
    /// The token.
    public var token: String
    /// The operation and its parameters, so a retry can be told from a reuse for something else.
    public var purpose: String
}

/// Who makes a request and when: what operations need besides their parameters.
public struct AccessRequestContext: Sendable {
    /// The caller's ARN (for CreateCluster's creator entry).
    public var callerARN: String?
    /// The caller's IAM unique id, if known.
    public var callerPrincipalID: String?
    /// The request's time.
    public var now: Date
    /// Makes a new UUID (lower-case) for ARNs and update ids.
    public var newID: @Sendable () -> String
    /// Creates a context.
    public init(
        callerARN: String? = nil, callerPrincipalID: String? = nil, now: Date = Date(),
        newID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.callerARN = callerARN
        self.callerPrincipalID = callerPrincipalID
        self.now = now
        self.newID = newID
    }
}
