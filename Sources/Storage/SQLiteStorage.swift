import Foundation
import GRDB
public import LocalAWS
// GRDB has a type of this name too.
public import struct LocalAWS.PersistenceError

/// ``Storage`` in one SQLite database file in WAL mode, through GRDB: the embedded default, for a
/// single server process. The file (and its `-wal`/`-shm` companions) are created mode 0600.
public final class SQLiteStorage: Storage, IdentityPersistence {
    /// The database file.
    public let path: String
    private let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// - Throws: `unavailable` when the file cannot be opened; `corrupt` when it was written by a
    ///   newer eksauth (its schema has migrations this program does not know).
    public init(path: String) throws(PersistenceError) {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw PersistenceError(.unavailable, "cannot create the database \(path): check that its directory exists and is writable")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw PersistenceError(.unavailable, "cannot open the database \(path): \(Self.describe(error))")
        }
        var migrator = DatabaseMigrator()
        for migration in StorageSchema.migrations {
            migrator.registerMigration(Self.identifier(migration)) { db in
                for statement in migration.sqlite { try db.execute(sql: statement) }
            }
        }
        do {
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw PersistenceError(
                    .corrupt,
                    "the database \(path) was created by a newer eksauth (its schema is newer than version \(StorageSchema.currentVersion)); upgrade eksauth")
            }
            try migrator.migrate(pool)
        } catch let error as PersistenceError {
            throw error
        } catch {
            throw PersistenceError(.unavailable, "cannot migrate the database \(path): \(Self.describe(error))")
        }
    }

    /// The migrations applied to the database, by version.
    public func appliedMigrations() throws(PersistenceError) -> [Int] {
        do {
            let identifiers = try pool.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
            return identifiers.compactMap { Int($0.prefix { $0 != " " }) }.sorted()
        } catch {
            throw PersistenceError(.unavailable, "cannot read the migrations of \(path): \(Self.describe(error))")
        }
    }

    static func identifier(_ migration: StorageSchema.Migration) -> String { "\(migration.version) \(migration.name)" }

    public func version(of scope: String) async throws(PersistenceError) -> UInt64? {
        do {
            return try await pool.read { db in
                try Int64.fetchOne(db, sql: "SELECT version FROM eksauth_scopes WHERE name = ?", arguments: [scope]).map { UInt64($0) }
            }
        } catch {
            throw PersistenceError(.unavailable, "cannot read \(scope) from \(path): \(Self.describe(error))")
        }
    }

    public func load(_ scope: String) async throws(PersistenceError) -> StoredScope? {
        do {
            return try await pool.read { db -> StoredScope? in
                guard let version = try Int64.fetchOne(db, sql: "SELECT version FROM eksauth_scopes WHERE name = ?", arguments: [scope])
                else { return nil }
                let rows = try Row.fetchAll(
                    db, sql: "SELECT collection, key, body FROM eksauth_records WHERE scope = ?", arguments: [scope])
                return StoredScope(
                    version: UInt64(version),
                    records: rows.map { StoredRecord(collection: $0["collection"], key: $0["key"], body: $0["body"]) })
            }
        } catch {
            throw PersistenceError(.unavailable, "cannot read \(scope) from \(path): \(Self.describe(error))")
        }
    }

    public func commit(_ commit: StorageCommit) async throws(PersistenceError) {
        let applied: Bool
        do {
            applied = try await pool.write { db -> Bool in
                if let expected = commit.expectedVersion {
                    try db.execute(
                        sql: "UPDATE eksauth_scopes SET version = ? WHERE name = ? AND version = ?",
                        arguments: [Int64(commit.newVersion), commit.scope, Int64(expected)])
                } else {
                    try db.execute(
                        sql: "INSERT INTO eksauth_scopes (name, version) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                        arguments: [commit.scope, Int64(commit.newVersion)])
                }
                guard db.changesCount == 1 else { return false }
                for record in commit.upserts {
                    try db.execute(
                        sql: """
                            INSERT INTO eksauth_records (scope, collection, key, body) VALUES (?, ?, ?, ?)
                            ON CONFLICT (scope, collection, key) DO UPDATE SET body = excluded.body
                            """,
                        arguments: [commit.scope, record.collection, record.key, record.body])
                }
                for key in commit.deletions {
                    try db.execute(
                        sql: "DELETE FROM eksauth_records WHERE scope = ? AND collection = ? AND key = ?",
                        arguments: [commit.scope, key.collection, key.key])
                }
                return true
            }
        } catch {
            throw PersistenceError(.unavailable, "cannot write \(commit.scope) to \(path): \(Self.describe(error))")
        }
        guard applied else { throw commit.conflict }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}
