import Foundation
public import LocalAWS

/// An identity store's state as records: one scope per account (`identity/<account id>`), one
/// record per entity, so a change writes only the entities it touched.
extension Storage {
    /// The scope holding account `accountID`'s identity store.
    public static func identityScope(accountID: String) -> String { "identity/\(accountID)" }

    public func loadIdentityState(accountID: String) async throws(PersistenceError) -> IdentityState? {
        guard let scope = try await load(Self.identityScope(accountID: accountID)) else { return nil }
        return try IdentityRecords.state(from: scope)
    }

    public func identityVersion(accountID: String) async throws(PersistenceError) -> UInt64? {
        try await version(of: Self.identityScope(accountID: accountID))
    }

    public func saveIdentityState(_ state: IdentityState, replacing previous: IdentityState?) async throws(PersistenceError) {
        let (upserts, deletions) = try IdentityRecords.changes(from: previous, to: state)
        try await commit(
            StorageCommit(
                scope: Self.identityScope(accountID: state.account.id), expectedVersion: previous?.version, newVersion: state.version,
                upserts: upserts.sorted { ($0.collection, $0.key) < ($1.collection, $1.key) },
                deletions: deletions.sorted { ($0.collection, $0.key) < ($1.collection, $1.key) }))
    }
}

/// Converts between ``IdentityState`` and records.
enum IdentityRecords {
    static let account = "account"
    static let user = "user"
    static let role = "role"
    static let accessKey = "access-key"
    static let session = "session"
    static let oidcProvider = "oidc-provider"

    /// The records to write and delete to go from `old` (`nil`: nothing saved) to `new`. Entities are
    /// compared as values, so only the ones a change touched are encoded.
    static func changes(
        from old: IdentityState?, to new: IdentityState
    ) throws(PersistenceError) -> (upserts: [StoredRecord], deletions: [StoredRecordKey]) {
        var upserts: [StoredRecord] = []
        var deletions: [StoredRecordKey] = []
        if old?.account != new.account { upserts.append(StoredRecord(collection: account, key: "", body: try RecordCoding.encode(new.account))) }
        try RecordCoding.diff(old?.users ?? [:], new.users, user, &upserts, &deletions)
        try RecordCoding.diff(old?.roles ?? [:], new.roles, role, &upserts, &deletions)
        try RecordCoding.diff(old?.accessKeys ?? [:], new.accessKeys, accessKey, &upserts, &deletions)
        try RecordCoding.diff(old?.temporaryCredentials ?? [:], new.temporaryCredentials, session, &upserts, &deletions)
        try RecordCoding.diff(old?.oidcProviders ?? [:], new.oidcProviders, oidcProvider, &upserts, &deletions)
        return (upserts, deletions)
    }

    static func state(from scope: StoredScope) throws(PersistenceError) -> IdentityState {
        guard let accountRecord = scope.records.first(where: { $0.collection == account }) else {
            throw PersistenceError(.corrupt, "the stored identity store has no account record")
        }
        var state = IdentityState(account: try RecordCoding.decode(Account.self, accountRecord))
        state.version = scope.version
        for record in scope.records {
            switch record.collection {
            case account: break
            case user: state.users[record.key] = try RecordCoding.decode(IAMUser.self, record)
            case role: state.roles[record.key] = try RecordCoding.decode(IAMRole.self, record)
            case accessKey: state.accessKeys[record.key] = try RecordCoding.decode(AccessKey.self, record)
            case session: state.temporaryCredentials[record.key] = try RecordCoding.decode(TemporaryCredentials.self, record)
            case oidcProvider: state.oidcProviders[record.key] = try RecordCoding.decode(OIDCProvider.self, record)
            default:
                throw PersistenceError(
                    .corrupt, "the stored identity store has records of an unknown kind (\(record.collection)); upgrade eksauth")
            }
        }
        return state
    }
}
