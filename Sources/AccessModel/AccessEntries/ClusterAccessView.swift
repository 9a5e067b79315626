public import AWSCore

/// What the authenticator needs of one cluster's access configuration: its mode and its access
/// entries by key. A snapshot, rebuilt when the registry changes.
public struct ClusterAccessView: Sendable, Hashable {
    /// The cluster's name.
    public var clusterName: String
    /// Its authentication mode.
    public var mode: AuthenticationMode
    /// Its entries by ``AccessRegistry/entryKey(cluster:principal:)``.
    public var entries: [String: AccessEntry]
    /// The key of the creator's bootstrap entry, honoured in every mode.
    public var creatorKey: String?

    /// Creates a view.
    public init(clusterName: String, mode: AuthenticationMode, entries: [String: AccessEntry], creatorKey: String? = nil) {
        self.clusterName = clusterName
        self.mode = mode
        self.entries = entries
        self.creatorKey = creatorKey
    }

    /// The view of `cluster` in `registry`, or `nil` when the registry has no such cluster.
    public init?(cluster: String, in registry: AccessRegistry) {
        guard let record = registry.clusters[cluster] else { return nil }
        let prefix = cluster + "\n"
        self.init(
            clusterName: cluster, mode: record.cluster.accessConfig.authenticationMode,
            entries: registry.entries.filter { $0.key.hasPrefix(prefix) },
            creatorKey: record.creatorArn.flatMap { AccessRegistry.entryKey(cluster: cluster, canonicalARN: $0) })
    }

    /// The entry that applies to `identity`, if any: found by its canonical ARN (role path and case
    /// ignored) and, when the entry recorded the principal's unique id, only for that same principal
    /// (a user or role deleted and created again under the same name does not inherit the entry).
    public func entry(for identity: AWSIdentity) -> AccessEntry? {
        entry(canonical: identity.canonicalARN, principalID: identity.userID)
    }

    /// The entry for the principal with canonical ARN `canonical` and IAM unique id `principalID`,
    /// under the same rules as ``entry(for:)``.
    public func entry(canonical: CanonicalARN, principalID: String) -> AccessEntry? {
        guard !entries.isEmpty, let key = AccessRegistry.entryKey(cluster: clusterName, canonical: canonical), let entry = entries[key] else {
            return nil
        }
        guard mode.usesAccessEntries || key == creatorKey else { return nil }
        if let stored = entry.principalID, stored != principalID { return nil }
        return entry
    }
}
