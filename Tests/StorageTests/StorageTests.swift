import Foundation
import LocalAWS
import Storage
import Testing

/// The storage contract, run identically against SQLite and PostgreSQL.
@Suite("Storage, on every backend")
struct StorageTests {
    static let scope = "test/scope"

    static func record(_ collection: String, _ key: String, _ body: String) -> StoredRecord {
        StoredRecord(collection: collection, key: key, body: body)
    }

    @Test("a fresh database gets every migration once; opening it again changes nothing", arguments: Backend.allCases)
    func migrations(backend: Backend) async throws {
        try await TestDatabase.with(backend) { database in
            _ = try await database.open()
            #expect(try await database.appliedMigrations() == StorageSchema.migrations.map(\.version))
            _ = try await database.open()
            #expect(try await database.appliedMigrations() == StorageSchema.migrations.map(\.version))
        }
    }

    @Test("a database migrated by a newer eksauth is refused, not written", arguments: Backend.allCases)
    func newerSchemaRefused(backend: Backend) async throws {
        try await TestDatabase.with(backend) { database in
            _ = try await database.open()
            try await database.recordFutureMigration()
            do {
                _ = try await database.open()
                Issue.record("a newer schema was accepted")
            } catch let error as PersistenceError {
                #expect(error.kind == .corrupt)
                #expect(error.message.contains("newer eksauth"), "\(error.message)")
            }
        }
    }

    @Test("commit and load: a new scope, upserts that replace, deletions", arguments: Backend.allCases)
    func commitAndLoad(backend: Backend) async throws {
        try await TestDatabase.with(backend) { database in
            let storage = try await database.open()
            #expect(try await storage.load(Self.scope) == nil)
            #expect(try await storage.version(of: Self.scope) == nil)

            try await storage.commit(
                StorageCommit(
                    scope: Self.scope, expectedVersion: nil, newVersion: 1,
                    upserts: [Self.record("user", "alice", #"{"n":1}"#), Self.record("user", "bob", "{}"), Self.record("role", "alice", "[]")],
                    deletions: []))
            try await storage.commit(
                StorageCommit(
                    scope: Self.scope, expectedVersion: 1, newVersion: 2,
                    upserts: [Self.record("user", "alice", #"{"n":2, "ü":"✓"}"#)],
                    deletions: [StoredRecordKey(collection: "user", key: "bob"), StoredRecordKey(collection: "user", key: "nobody")]))

            let other = try await database.open()
            let loaded = try #require(try await other.load(Self.scope))
            #expect(loaded.version == 2)
            #expect(Set(loaded.records) == [Self.record("user", "alice", #"{"n":2, "ü":"✓"}"#), Self.record("role", "alice", "[]")])
            #expect(try await other.version(of: Self.scope) == 2)
            #expect(try await other.load("test/other") == nil, "scopes are separate")
        }
    }

    @Test("a commit from a stale version is a conflict and writes nothing", arguments: Backend.allCases)
    func optimisticConcurrency(backend: Backend) async throws {
        try await TestDatabase.with(backend) { database in
            let first = try await database.open()
            let second = try await database.open()
            try await first.commit(
                StorageCommit(scope: Self.scope, expectedVersion: nil, newVersion: 1, upserts: [Self.record("k", "a", "1")], deletions: []))

            for stale in [
                StorageCommit(scope: Self.scope, expectedVersion: nil, newVersion: 1, upserts: [Self.record("k", "a", "lost")], deletions: []),
                StorageCommit(scope: Self.scope, expectedVersion: 7, newVersion: 8, upserts: [Self.record("k", "b", "lost")], deletions: []),
                StorageCommit(
                    scope: Self.scope, expectedVersion: 0, newVersion: 1, upserts: [],
                    deletions: [StoredRecordKey(collection: "k", key: "a")]),
            ] {
                await #expect(throws: PersistenceError(.conflict, "")) { try await second.commit(stale) }
            }
            let loaded = try #require(try await second.load(Self.scope))
            #expect(loaded == StoredScope(version: 1, records: [Self.record("k", "a", "1")]))
        }
    }

    @Test("of many concurrent commits from one version exactly one wins", arguments: Backend.allCases)
    func oneWinner(backend: Backend) async throws {
        try await TestDatabase.with(backend) { database in
            let storages = [try await database.open(), try await database.open(), try await database.open()]
            try await storages[0].commit(StorageCommit(scope: Self.scope, expectedVersion: nil, newVersion: 1, upserts: [], deletions: []))
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for writer in 0..<12 {
                    group.addTask {
                        let commit = StorageCommit(
                            scope: Self.scope, expectedVersion: 1, newVersion: 2, upserts: [Self.record("writer", "\(writer)", "{}")],
                            deletions: [])
                        return (try? await storages[writer % storages.count].commit(commit)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.count(where: { $0 }) == 1)
            let loaded = try #require(try await storages[1].load(Self.scope))
            #expect(loaded.version == 2)
            #expect(loaded.records.count == 1)
        }
    }
}
