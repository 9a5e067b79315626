import Foundation
public import Logging
public import LocalAWS
import NIOSSL
import PostgresNIO

/// ``Storage`` in a PostgreSQL database through postgres-nio's connection pool: for several server
/// replicas sharing one database. The pool works while ``run()`` runs; call ``migrate()`` once
/// it does, before anything else.
public final class PostgresStorage: Storage, IdentityPersistence {
    /// The database, without its password.
    public let url: PostgresURL
    private let client: PostgresClient
    private let logger: Logger

    /// A storage for `url`; nothing connects until ``run()``.
    public init(url: PostgresURL, logger: Logger = Logger(label: "eksauth.storage")) {
        self.url = url
        self.logger = logger
        let tls: PostgresClient.Configuration.TLS =
            switch url.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Runs the connection pool until the task is cancelled.
    public func run() async {
        await client.run()
    }

    /// Brings the schema up to date, in one transaction under an advisory lock so replicas starting
    /// together migrate once. It uses a connection of its own, so an unreachable database fails at
    /// once with the reason rather than after the pool's retries.
    ///
    /// - Throws: `unavailable` when the database cannot be reached; `corrupt` when it was migrated
    ///   by a newer eksauth.
    public func migrate() async throws(PersistenceError) {
        let result: Result<Void, PersistenceError>
        let connection: PostgresConnection
        do {
            let tls: PostgresConnection.Configuration.TLS =
                switch url.tls {
                case .disable: .disable
                case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
                case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            var configuration = PostgresConnection.Configuration(
                host: url.host, port: url.port, username: url.username, password: url.password, database: url.database, tls: tls)
            configuration.options.connectTimeout = .seconds(10)
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw PersistenceError(.unavailable, "cannot connect to the database \(url): \(Self.describe(error))")
        }
        defer { Task { try? await connection.close() } }
        do {
            result = try await connection.withTransaction(logger: logger) { connection -> Result<Void, PersistenceError> in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS eksauth_schema_migrations (
                        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                    """, logger: logger)
                var applied: Set<Int> = []
                for try await version in try await connection.query("SELECT version FROM eksauth_schema_migrations", logger: logger)
                    .decode(Int.self)
                {
                    applied.insert(version)
                }
                if let newest = applied.max(), newest > StorageSchema.currentVersion {
                    return .failure(
                        PersistenceError(
                            .corrupt,
                            "the database \(url) was migrated by a newer eksauth (schema version \(newest), this one knows \(StorageSchema.currentVersion)); upgrade eksauth"))
                }
                for migration in StorageSchema.migrations where !applied.contains(migration.version) {
                    for statement in migration.postgres {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        "INSERT INTO eksauth_schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                        logger: logger)
                }
                return .success(())
            }
        } catch {
            throw PersistenceError(.unavailable, "cannot migrate the database \(url): \(Self.describe(error))")
        }
        try result.get()
    }

    /// An arbitrary constant naming eksauth's migration lock.
    static let migrationLock: Int64 = 0x656B_7361_7574_68

    /// The migrations applied to the database, by version.
    public func appliedMigrations() async throws(PersistenceError) -> [Int] {
        do {
            var versions: [Int] = []
            for try await version in try await client.query("SELECT version FROM eksauth_schema_migrations ORDER BY version", logger: logger)
                .decode(Int.self)
            {
                versions.append(version)
            }
            return versions
        } catch {
            throw PersistenceError(.unavailable, "cannot read the migrations of \(url): \(Self.describe(error))")
        }
    }

    public func version(of scope: String) async throws(PersistenceError) -> UInt64? {
        do {
            for try await version in try await client.query("SELECT version FROM eksauth_scopes WHERE name = \(scope)", logger: logger)
                .decode(Int64.self)
            {
                return UInt64(version)
            }
            return nil
        } catch {
            throw PersistenceError(.unavailable, "cannot read \(scope) from \(url): \(Self.describe(error))")
        }
    }

    public func load(_ scope: String) async throws(PersistenceError) -> StoredScope? {
        do {
            return try await client.withTransaction(logger: logger) { connection -> StoredScope? in
                try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: logger)
                var version: Int64?
                for try await saved in try await connection.query("SELECT version FROM eksauth_scopes WHERE name = \(scope)", logger: logger)
                    .decode(Int64.self)
                {
                    version = saved
                }
                guard let version else { return nil }
                var records: [StoredRecord] = []
                let rows = try await connection.query(
                    "SELECT collection, key, body FROM eksauth_records WHERE scope = \(scope)", logger: logger)
                for try await (collection, key, body) in rows.decode((String, String, String).self) {
                    records.append(StoredRecord(collection: collection, key: key, body: body))
                }
                return StoredScope(version: UInt64(version), records: records)
            }
        } catch {
            throw PersistenceError(.unavailable, "cannot read \(scope) from \(url): \(Self.describe(error))")
        }
    }

    public func commit(_ commit: StorageCommit) async throws(PersistenceError) {
        let applied: Bool
        do {
            applied = try await client.withTransaction(logger: logger) { connection -> Bool in
                let newVersion = Int64(commit.newVersion)
                let rows: PostgresRowSequence
                if let expected = commit.expectedVersion.map({ Int64($0) }) {
                    rows = try await connection.query(
                        "UPDATE eksauth_scopes SET version = \(newVersion) WHERE name = \(commit.scope) AND version = \(expected) RETURNING version",
                        logger: logger)
                } else {
                    rows = try await connection.query(
                        "INSERT INTO eksauth_scopes (name, version) VALUES (\(commit.scope), \(newVersion)) ON CONFLICT (name) DO NOTHING RETURNING version",
                        logger: logger)
                }
                guard try await rows.collect().count == 1 else { return false }
                for record in commit.upserts {
                    try await connection.query(
                        """
                        INSERT INTO eksauth_records (scope, collection, key, body) VALUES (\(commit.scope), \(record.collection), \(record.key), \(record.body))
                        ON CONFLICT (scope, collection, key) DO UPDATE SET body = excluded.body
                        """, logger: logger)
                }
                for key in commit.deletions {
                    try await connection.query(
                        "DELETE FROM eksauth_records WHERE scope = \(commit.scope) AND collection = \(key.collection) AND key = \(key.key)",
                        logger: logger)
                }
                return true
            }
        } catch {
            throw PersistenceError(.unavailable, "cannot write \(commit.scope) to \(url): \(Self.describe(error))")
        }
        guard applied else { throw commit.conflict }
    }

    static func describe(_ error: any Error) -> String {
        if let transaction = error as? PostgresTransactionError {
            if let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
                return describe(inner)
            }
        }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
        }
        return "\(error)"
    }
}
