public import AccessModel
import AWSCore
import Foundation
import LocalAWS

/// The EKS access API's state for one account and region — clusters, access entries, policy
/// associations — kept in memory for the authenticator and written through to ``Storage``.
///
/// Every change is applied to a copy of the ``AccessRegistry``, committed conditionally on the
/// version it was made from, and only then takes effect; when another writer (a replica on the
/// same PostgreSQL) committed first, the store reloads and applies the change again, so no
/// acknowledged write is lost and checks (an entry that exists) see the other writer's data.
/// ``refresh()`` picks up other writers' changes; the server calls it every second.
public actor AccessStore {
    /// How many times a change is re-applied after losing a race to another writer.
    static let maximumWriteAttempts = 60

    private let storage: any Storage
    private let scope: String
    private var registry: AccessRegistry
    private var views: [String: ClusterAccessView?] = [:]
    private var isWriting = false
    private var waitingWriters: [CheckedContinuation<Void, Never>] = []

    private init(storage: any Storage, scope: String, registry: AccessRegistry) {
        self.storage = storage
        self.scope = scope
        self.registry = registry
    }

    /// The scope holding the clusters of `accountID` in `region`.
    public static func scope(accountID: String, region: String) -> String { "eks/\(accountID)/\(region)" }

    /// Opens the registry of `accountID` in `region` saved in `storage` (empty when none was saved).
    ///
    /// - Throws: `ServerException` when the database fails or holds data this version cannot read.
    public static func open(storage: any Storage, accountID: String, region: String) async throws(EKSAPIError) -> AccessStore {
        let scope = scope(accountID: accountID, region: region)
        let empty = AccessRegistry(accountID: accountID, region: region, partition: Partition.forRegion(region).id)
        do throws(PersistenceError) {
            let registry = try await storage.load(scope).map { stored throws(PersistenceError) in try AccessRecords.registry(from: stored, empty: empty) }
            return AccessStore(storage: storage, scope: scope, registry: registry ?? empty)
        } catch {
            throw Self.failure(error)
        }
    }

    /// The registry as it is now.
    public var snapshot: AccessRegistry { registry }

    /// The authenticator's view of `cluster`; `nil` when no such cluster exists.
    public func view(cluster: String) -> ClusterAccessView? {
        if let cached = views[cluster] { return cached }
        let view = ClusterAccessView(cluster: cluster, in: registry)
        views[cluster] = view
        return view
    }

    /// Runs `read` on the current registry.
    public func read<Result: Sendable>(_ read: (AccessRegistry) throws(EKSAPIError) -> Result) throws(EKSAPIError) -> Result {
        try read(registry)
    }

    /// Applies `change` and commits it before it takes effect. A change that throws, or changes
    /// nothing, commits nothing.
    ///
    /// - Throws: the change's error; `ServerException` when the database fails or other writers
    ///   kept winning.
    public func write<Result: Sendable>(_ change: (inout AccessRegistry) throws(EKSAPIError) -> Result) async throws(EKSAPIError) -> Result {
        await acquireWriteTurn()
        defer { releaseWriteTurn() }
        var attempt = 1
        while true {
            var draft = registry
            let result: Result
            do {
                result = try change(&draft)
            } catch {
                // The change may have failed on stale data (an entry another replica created):
                // check once against the saved state before answering.
                if attempt == 1, try await reload(onlyIfChanged: true) {
                    attempt += 1
                    continue
                }
                throw error
            }
            guard draft != registry else { return result }
            draft.version = registry.version &+ 1
            do throws(PersistenceError) {
                let (upserts, deletions) = try AccessRecords.changes(from: registry, to: draft)
                try await storage.commit(
                    StorageCommit(
                        scope: scope, expectedVersion: registry.version == 0 ? nil : registry.version, newVersion: draft.version,
                        upserts: upserts, deletions: deletions))
                install(draft)
                return result
            } catch where error.kind == .conflict && attempt < Self.maximumWriteAttempts {
                attempt += 1
                try? await Task.sleep(for: .microseconds(Int.random(in: 0...(500 * min(attempt, 20)))))
                _ = try await reload(onlyIfChanged: false)
            } catch {
                throw Self.failure(error)
            }
        }
    }

    /// Reads the saved registry again when another writer changed it; returns whether it did.
    @discardableResult
    public func refresh() async throws(EKSAPIError) -> Bool {
        await acquireWriteTurn()
        defer { releaseWriteTurn() }
        return try await reload(onlyIfChanged: true)
    }

    private func reload(onlyIfChanged: Bool) async throws(EKSAPIError) -> Bool {
        do throws(PersistenceError) {
            if onlyIfChanged {
                guard let saved = try await storage.version(of: scope), saved != registry.version else { return false }
            }
            guard let stored = try await storage.load(scope) else { return false }
            let empty = AccessRegistry(accountID: registry.accountID, region: registry.region, partition: registry.partition)
            install(try AccessRecords.registry(from: stored, empty: empty))
            return true
        } catch {
            throw Self.failure(error)
        }
    }

    private func install(_ new: AccessRegistry) {
        registry = new
        views = [:]
    }

    private func acquireWriteTurn() async {
        if isWriting {
            await withCheckedContinuation { waitingWriters.append($0) }
        } else {
            isWriting = true
        }
    }

    private func releaseWriteTurn() {
        if waitingWriters.isEmpty {
            isWriting = false
        } else {
            waitingWriters.removeFirst().resume()
        }
    }

    private static func failure(_ error: PersistenceError) -> EKSAPIError {
        .server("The access entry store could not be saved or read: \(error.message)")
    }
}

/// Converts between ``AccessRegistry`` and records: one per cluster, one per access entry.
enum AccessRecords {
    static let cluster = "cluster"
    static let accessEntry = "access-entry"
    static let podIdentityAssociation = "pod-identity-association"

    static func changes(
        from old: AccessRegistry, to new: AccessRegistry
    ) throws(PersistenceError) -> (upserts: [StoredRecord], deletions: [StoredRecordKey]) {
        var upserts: [StoredRecord] = []
        var deletions: [StoredRecordKey] = []
        try RecordCoding.diff(old.clusters, new.clusters, cluster, &upserts, &deletions)
        try RecordCoding.diff(old.entries, new.entries, accessEntry, &upserts, &deletions)
        try RecordCoding.diff(old.podIdentityAssociations, new.podIdentityAssociations, podIdentityAssociation, &upserts, &deletions)
        return (
            upserts.sorted { ($0.collection, $0.key) < ($1.collection, $1.key) },
            deletions.sorted { ($0.collection, $0.key) < ($1.collection, $1.key) }
        )
    }

    static func registry(from scope: StoredScope, empty: AccessRegistry) throws(PersistenceError) -> AccessRegistry {
        var registry = empty
        registry.version = scope.version
        for record in scope.records {
            switch record.collection {
            case cluster: registry.clusters[record.key] = try RecordCoding.decode(ClusterRecord.self, record)
            case accessEntry: registry.entries[record.key] = try RecordCoding.decode(AccessEntry.self, record)
            case podIdentityAssociation:
                registry.podIdentityAssociations[record.key] = try RecordCoding.decode(PodIdentityAssociation.self, record)
            default:
                throw PersistenceError(.corrupt, "the stored access entries have records of an unknown kind (\(record.collection)); upgrade eksauth")
            }
        }
        return registry
    }
}
