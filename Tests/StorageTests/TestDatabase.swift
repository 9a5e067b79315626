import Foundation
import LocalAWS
import Logging
import PostgresNIO
import Storage
import Synchronization
import Testing

/// The storage backends every storage test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// A storage that can hold an identity store.
typealias IdentityStorage = Storage & IdentityPersistence

/// A fresh, empty database of one backend for one test: an SQLite file in a temporary directory, or
/// a new database on the throwaway PostgreSQL server `scripts/test.sh` starts
/// (`EKSAUTH_TEST_POSTGRES_URL`). ``open()`` can be called again to get a second connection to the
/// same database — another server replica, or the same server after a restart.
final class TestDatabase: Sendable {
    let backend: Backend
    let location: String
    private let poolTasks = Mutex<[Task<Void, Never>]>([])

    static let logger = Logger(label: "eksauth.storage-tests")

    /// The server the PostgreSQL tests use.
    static func postgresServerURL() throws -> PostgresURL {
        guard let text = ProcessInfo.processInfo.environment["EKSAUTH_TEST_POSTGRES_URL"] else {
            throw TestDatabaseError(
                "EKSAUTH_TEST_POSTGRES_URL is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL, "
                    + "or point it at a server where the user may create databases")
        }
        return try PostgresURL(text)
    }

    private init(backend: Backend, location: String) {
        self.backend = backend
        self.location = location
    }

    /// Creates the empty database.
    static func make(_ backend: Backend) async throws -> TestDatabase {
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eksauth-storage-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return TestDatabase(backend: backend, location: directory.appendingPathComponent("test.sqlite").path)
        case .postgres:
            let server = try postgresServerURL()
            let name = "eksauth_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
            try await withAdminClient(server) { client in
                try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            }
            var url = server
            url.database = name
            return TestDatabase(backend: backend, location: "postgres://\(url.username):\(url.password ?? "")@\(url.host):\(url.port)/\(name)?sslmode=\(url.tls.rawValue)")
        }
    }

    /// Runs `body` with a client of the server's default database.
    static func withAdminClient(_ server: PostgresURL, _ body: (PostgresClient) async throws -> Void) async throws {
        let client = PostgresClient(
            configuration: .init(
                host: server.host, port: server.port, username: server.username, password: server.password, database: server.database,
                tls: .disable),
            backgroundLogger: logger)
        let pool = Task { await client.run() }
        defer { pool.cancel() }
        try await body(client)
    }

    /// A new connection to the database, migrated.
    func open() async throws -> any IdentityStorage {
        switch backend {
        case .sqlite:
            return try SQLiteStorage(path: location)
        case .postgres:
            let storage = PostgresStorage(url: try PostgresURL(location), logger: Self.logger)
            let task = Task { await storage.run() }
            poolTasks.withLock { $0.append(task) }
            try await storage.migrate()
            return storage
        }
    }

    /// The migrations applied, read through a new connection.
    func appliedMigrations() async throws -> [Int] {
        switch try await open() {
        case let storage as SQLiteStorage: return try storage.appliedMigrations()
        case let storage as PostgresStorage: return try await storage.appliedMigrations()
        default: throw TestDatabaseError("unknown storage")
        }
    }

    /// Records a migration newer than this program knows, as a newer eksauth would.
    func recordFutureMigration() async throws {
        switch backend {
        case .sqlite:
            let status = try runSQLite("INSERT INTO grdb_migrations (identifier) VALUES ('99 from the future')")
            guard status == 0 else { throw TestDatabaseError("sqlite3 failed") }
        case .postgres:
            var url = try PostgresURL(location)
            url.password = try Self.postgresServerURL().password
            try await Self.withAdminClient(url) { client in
                try await client.query("INSERT INTO eksauth_schema_migrations (version, name) VALUES (99, 'from the future')", logger: Self.logger)
            }
        }
    }

    private func runSQLite(_ sql: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [location, sql]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Stops the pools and removes the database.
    func remove() async {
        let tasks = poolTasks.withLock { tasks in
            defer { tasks = [] }
            return tasks
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        switch backend {
        case .sqlite:
            try? FileManager.default.removeItem(atPath: (location as NSString).deletingLastPathComponent)
        case .postgres:
            guard let server = try? Self.postgresServerURL(), let name = try? PostgresURL(location).database else { return }
            try? await Self.withAdminClient(server) { client in
                try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: Self.logger)
            }
        }
    }

    /// Runs `body` with a fresh database of `backend`, removed afterwards.
    static func with(_ backend: Backend, _ body: (TestDatabase) async throws -> Void) async throws {
        let database = try await make(backend)
        do {
            try await body(database)
        } catch {
            await database.remove()
            throw error
        }
        await database.remove()
    }
}

struct TestDatabaseError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
