/// Where an aws-auth ConfigMap is read from and written back to — a file or a cluster — with a
/// version, so a write only lands on the ConfigMap it was computed from.
public protocol AWSAuthStore: Sendable {
    /// The ConfigMap now.
    func read() async throws -> AWSAuthRevision
    /// Writes `newText` (the whole ConfigMap YAML; `change` says which list changed) when the
    /// ConfigMap is still `revision`. Returns `false`, writing nothing, when it has changed since.
    func write(_ newText: String, change: AWSAuthChange, over revision: AWSAuthRevision) async throws -> Bool
}

/// One read of the ConfigMap: its YAML text and whatever the store needs to detect a change since.
public struct AWSAuthRevision: Sendable, Hashable {
    /// The ConfigMap as YAML (the file, or a live ConfigMap's `data` rendered as kubectl shows it).
    public var text: String
    /// The store's version of what it read: the file's bytes, the object the API server returned.
    public var token: [UInt8]

    /// Creates a revision.
    public init(text: String, token: [UInt8]) {
        self.text = text
        self.token = token
    }
}
