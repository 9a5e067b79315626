/// Where an ``IdentityStore`` keeps its state durably (the `Storage` target implements it over
/// SQLite and PostgreSQL). Saves are conditional on the version the writer read, so two writers —
/// two tasks, or two server replicas on one database — never overwrite each other's changes.
public protocol IdentityPersistence: Sendable {
    /// The saved state of account `accountID`; `nil` when it was never saved.
    func loadIdentityState(accountID: String) async throws(PersistenceError) -> IdentityState?

    /// The saved version of account `accountID`'s state (cheap: no entities are read); `nil` when it
    /// was never saved.
    func identityVersion(accountID: String) async throws(PersistenceError) -> UInt64?

    /// Saves `state` in one transaction, replacing `previous` (`nil`: the first save).
    ///
    /// - Throws: ``PersistenceError/Kind/conflict`` when the saved version is not `previous`'s
    ///   (someone else wrote first); nothing is written then.
    func saveIdentityState(_ state: IdentityState, replacing previous: IdentityState?) async throws(PersistenceError)
}

/// A persistence backend failed. Equality compares the kind only.
public struct PersistenceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Kind: String, Sendable, Hashable {
        /// Another writer changed the data since it was read; read again and retry.
        case conflict
        /// The database could not be reached or refused the operation.
        case unavailable
        /// Stored data could not be decoded, or the schema is newer than this program.
        case corrupt
    }

    /// The kind of failure.
    public let kind: Kind
    /// What happened and what to do.
    public let message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// Compares the kinds only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.kind == rhs.kind }
    /// Hashes the kind only.
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }
}
