import Foundation
public import LocalAWS
public import Logging
public import Storage

/// The database the server keeps its state in: the SQLite file in the state directory by default,
/// or PostgreSQL when the configured database is a `postgres://` URL.
public enum ServerStorage: Sendable {
    /// An SQLite file.
    case sqlite(SQLiteStorage)
    /// A PostgreSQL database; its pool must run while it is used.
    case postgres(PostgresStorage)

    /// Opens the database named by `database` (a `postgres://` URL, an SQLite path, or `nil` for
    /// `defaultSQLitePath`). An SQLite database is migrated at once; PostgreSQL in ``prepare()``.
    public static func open(database: String?, defaultSQLitePath: String, logger: Logger) throws(ServerStorageError) -> ServerStorage {
        let database = database ?? defaultSQLitePath
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            do {
                return .postgres(PostgresStorage(url: try PostgresURL(database), logger: logger))
            } catch {
                throw ServerStorageError(error.message)
            }
        }
        if let scheme = database.range(of: "://").map({ database[..<$0.lowerBound] }), scheme != "sqlite" {
            throw ServerStorageError("the database \(scheme)://… is not supported: use a postgres:// URL or the path of an SQLite file")
        }
        let path = database.hasPrefix("sqlite://") ? String(database.dropFirst("sqlite://".count)) : database
        do {
            return .sqlite(try SQLiteStorage(path: path))
        } catch {
            throw ServerStorageError(error.message)
        }
    }

    /// The storage as an identity store's persistence.
    public var persistence: any IdentityPersistence {
        switch self {
        case .sqlite(let storage): storage
        case .postgres(let storage): storage
        }
    }

    /// The storage itself.
    public var backend: any Storage {
        switch self {
        case .sqlite(let storage): storage
        case .postgres(let storage): storage
        }
    }

    /// Runs what the database needs in the background (PostgreSQL's connection pool) until cancelled.
    public func run() async {
        switch self {
        case .sqlite: return
        case .postgres(let storage): await storage.run()
        }
    }

    /// Brings the schema up to date (PostgreSQL; SQLite was migrated when opened). ``run()`` must be running.
    public func prepare() async throws(ServerStorageError) {
        guard case .postgres(let storage) = self else { return }
        do {
            try await storage.migrate()
        } catch {
            throw ServerStorageError(error.message)
        }
    }

    /// Where the state lives, for messages (never with a password).
    public var description: String {
        switch self {
        case .sqlite(let storage): "SQLite \(storage.path)"
        case .postgres(let storage): "PostgreSQL \(storage.url)"
        }
    }
}

/// The database could not be opened.
public struct ServerStorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong and what to do.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
