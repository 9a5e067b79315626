/// The database schema, as numbered migrations applied in order; each backend records which ones
/// it applied, so an upgrade runs only the new ones and an older program refuses a newer database.
public enum StorageSchema {
    /// One schema change, in both SQL dialects.
    public struct Migration: Sendable {
        /// Its number (1, 2, …); migrations run in this order.
        public let version: Int
        /// What it does.
        public let name: String
        /// The statements for SQLite.
        public let sqlite: [String]
        /// The statements for PostgreSQL.
        public let postgres: [String]
    }

    /// Every migration, oldest first.
    public static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "scopes and records",
            sqlite: [
                "CREATE TABLE eksauth_scopes (name TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL)",
                """
                CREATE TABLE eksauth_records (
                    scope TEXT NOT NULL REFERENCES eksauth_scopes(name) ON DELETE CASCADE,
                    collection TEXT NOT NULL,
                    key TEXT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (scope, collection, key)
                )
                """,
            ],
            postgres: [
                "CREATE TABLE eksauth_scopes (name TEXT PRIMARY KEY, version BIGINT NOT NULL)",
                """
                CREATE TABLE eksauth_records (
                    scope TEXT NOT NULL REFERENCES eksauth_scopes(name) ON DELETE CASCADE,
                    collection TEXT NOT NULL,
                    key TEXT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (scope, collection, key)
                )
                """,
            ]
        ),
    ]

    /// The newest schema version this program knows.
    public static var currentVersion: Int { migrations.last?.version ?? 0 }
}
