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
        let new = try IdentityRecords.records(of: state)
        let old = try previous.map { state throws(PersistenceError) in try IdentityRecords.records(of: state) } ?? [:]
        var upserts: [StoredRecord] = []
        var deletions: [StoredRecordKey] = []
        for (key, record) in new where old[key] != record { upserts.append(record) }
        for key in old.keys where new[key] == nil { deletions.append(key) }
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

    static func records(of state: IdentityState) throws(PersistenceError) -> [StoredRecordKey: StoredRecord] {
        var records: [StoredRecordKey: StoredRecord] = [:]
        func add(_ collection: String, _ key: String, _ value: some Encodable) throws(PersistenceError) {
            let record = StoredRecord(collection: collection, key: key, body: try encode(value))
            records[StoredRecordKey(collection: collection, key: key)] = record
        }
        try add(account, "", state.account)
        for (key, value) in state.users { try add(user, key, value) }
        for (key, value) in state.roles { try add(role, key, value) }
        for (key, value) in state.accessKeys { try add(accessKey, key, value) }
        for (key, value) in state.temporaryCredentials { try add(session, key, value) }
        for (key, value) in state.oidcProviders { try add(oidcProvider, key, value) }
        return records
    }

    static func state(from scope: StoredScope) throws(PersistenceError) -> IdentityState {
        guard let accountRecord = scope.records.first(where: { $0.collection == account }) else {
            throw PersistenceError(.corrupt, "the stored identity store has no account record")
        }
        var state = IdentityState(account: try decode(Account.self, accountRecord))
        state.version = scope.version
        for record in scope.records {
            switch record.collection {
            case account: break
            case user: state.users[record.key] = try decode(IAMUser.self, record)
            case role: state.roles[record.key] = try decode(IAMRole.self, record)
            case accessKey: state.accessKeys[record.key] = try decode(AccessKey.self, record)
            case session: state.temporaryCredentials[record.key] = try decode(TemporaryCredentials.self, record)
            case oidcProvider: state.oidcProviders[record.key] = try decode(OIDCProvider.self, record)
            default:
                throw PersistenceError(
                    .corrupt, "the stored identity store has records of an unknown kind (\(record.collection)); upgrade eksauth")
            }
        }
        return state
    }

    private static func encode(_ value: some Encodable) throws(PersistenceError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw PersistenceError(.corrupt, "cannot encode \(type(of: value)): \(error)")
        }
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, _ record: StoredRecord) throws(PersistenceError) -> Value {
        let decoder = JSONDecoder()
        do {
            return try decoder.decode(type, from: Data(record.body.utf8))
        } catch {
            throw PersistenceError(.corrupt, "the stored \(record.collection) \(record.key) cannot be read: \(error)")
        }
    }
}
