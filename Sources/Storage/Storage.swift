public import LocalAWS

/// Durable, versioned state for the server: each *scope* (one account's identity store, later one
/// cluster's access entries) is a set of JSON records under a version number. A commit names the
/// version it was made from and succeeds only if that is still the saved version, in one
/// transaction — optimistic concurrency, so concurrent writers (tasks or server replicas sharing a
/// database) never silently overwrite each other.
///
/// Two backends implement it: ``SQLiteStorage`` (GRDB, the embedded default) and
/// ``PostgresStorage`` (postgres-nio, for several replicas). Both run the same versioned
/// migrations (``StorageSchema``).
public protocol Storage: Sendable {
    /// The saved version of `scope`; `nil` when it was never written.
    func version(of scope: String) async throws(PersistenceError) -> UInt64?

    /// The saved records of `scope` with its version; `nil` when it was never written.
    func load(_ scope: String) async throws(PersistenceError) -> StoredScope?

    /// Applies `commit` in one transaction.
    ///
    /// - Throws: `conflict` when the scope's saved version is not `commit.expectedVersion` (nothing
    ///   is written); `unavailable` when the database fails.
    func commit(_ commit: StorageCommit) async throws(PersistenceError)
}

/// One stored entity: its JSON `body` under a `collection` (such as `user`) and a `key` unique in it.
public struct StoredRecord: Sendable, Hashable {
    /// The kind of entity.
    public var collection: String
    /// The entity's key within the collection.
    public var key: String
    /// The entity, as JSON.
    public var body: String

    /// Creates a record.
    public init(collection: String, key: String, body: String) {
        self.collection = collection
        self.key = key
        self.body = body
    }
}

/// Names a record to delete.
public struct StoredRecordKey: Sendable, Hashable {
    /// The kind of entity.
    public var collection: String
    /// The entity's key within the collection.
    public var key: String

    /// Creates a key.
    public init(collection: String, key: String) {
        self.collection = collection
        self.key = key
    }
}

/// A scope as saved: its version and all its records.
public struct StoredScope: Sendable, Hashable {
    /// The saved version.
    public var version: UInt64
    /// The records, in no particular order.
    public var records: [StoredRecord]

    /// Creates a scope.
    public init(version: UInt64, records: [StoredRecord]) {
        self.version = version
        self.records = records
    }
}

/// A change to one scope, made from version `expectedVersion` (`nil`: the scope is new).
public struct StorageCommit: Sendable, Hashable {
    /// The scope changed.
    public var scope: String
    /// The version the change was made from; `nil` when the scope must not exist yet.
    public var expectedVersion: UInt64?
    /// The version saved with the change; greater than `expectedVersion`.
    public var newVersion: UInt64
    /// Records to insert or replace.
    public var upserts: [StoredRecord]
    /// Records to delete.
    public var deletions: [StoredRecordKey]

    /// Creates a commit.
    public init(scope: String, expectedVersion: UInt64?, newVersion: UInt64, upserts: [StoredRecord], deletions: [StoredRecordKey]) {
        self.scope = scope
        self.expectedVersion = expectedVersion
        self.newVersion = newVersion
        self.upserts = upserts
        self.deletions = deletions
    }

    /// The conflict error for this commit.
    var conflict: PersistenceError {
        PersistenceError(
            .conflict,
            "\(scope) was changed by another writer (expected version \(expectedVersion.map(String.init) ?? "none")); read it again and retry")
    }
}
