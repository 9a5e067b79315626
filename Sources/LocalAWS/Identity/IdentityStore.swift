public import Foundation

/// The embedded AWS account's identities: users and their access keys, roles with trust and inline
/// policies, the root user's keys and the temporary credentials STS issues.
///
/// The state is one ``IdentityState`` value held in memory, so lookups (SigV4 verification) never
/// wait for a database. With an ``IdentityPersistence`` every change is written through before it
/// is acknowledged: a change is applied to a copy, saved conditionally on the version it was made
/// from, and only then becomes the store's state. When another writer (a server replica on the
/// same database) saved first, the store reloads and applies the change again, so its checks
/// (names taken, keys per user) see the other writer's data. Without persistence the store lives in
/// memory only.
///
/// Times are parameters; ids and secrets come from an injected random number generator.
/// Failures are ``IdentityError``s with IAM's codes.
public actor IdentityStore {
    /// The account id used when none is given.
    public static let defaultAccountID = "123456789012"
    /// How many access keys a user may have.
    public static let maximumAccessKeysPerUser = 2
    /// How many times a change is re-applied after losing a race to another writer.
    static let maximumWriteAttempts = 40

    private var state: IdentityState
    private var generator: IdentifierGenerator
    private let persistence: (any IdentityPersistence)?
    private var isWriting = false
    private var waitingWriters: [CheckedContinuation<Void, Never>] = []

    /// Creates an empty in-memory store for `accountID`.
    ///
    /// - Throws: `ValidationError` when `accountID` is not 12 digits.
    public init(
        accountID: String = IdentityStore.defaultAccountID,
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) throws(IdentityError) {
        self.state = IdentityState(account: try Account(id: accountID))
        self.generator = IdentifierGenerator(random: random)
        self.persistence = nil
    }

    /// Creates an in-memory store holding `state`.
    public init(state: IdentityState, random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()) {
        self.state = state
        self.generator = IdentifierGenerator(random: random)
        self.persistence = nil
    }

    private init(state: IdentityState, persistence: any IdentityPersistence, random: some RandomNumberGenerator & Sendable) {
        self.state = state
        self.generator = IdentifierGenerator(random: random)
        self.persistence = persistence
    }

    /// Opens the store of account `accountID` kept in `persistence`, creating and saving an empty one
    /// (or `initial`, such as state imported from an older file) when none was saved.
    ///
    /// - Throws: `ValidationError` for a bad account id; `ServiceFailure` when the database fails.
    public static func open(
        persistence: any IdentityPersistence, accountID: String = IdentityStore.defaultAccountID, initial: IdentityState? = nil,
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) async throws(IdentityError) -> IdentityStore {
        let account = try Account(id: accountID)
        do throws(PersistenceError) {
            if let saved = try await persistence.loadIdentityState(accountID: account.id) {
                return IdentityStore(state: saved, persistence: persistence, random: random)
            }
            var fresh = initial ?? IdentityState(account: account)
            guard fresh.account == account else {
                throw PersistenceError(.corrupt, "the state to import belongs to account \(fresh.account.id), not \(account.id)")
            }
            fresh.version = max(fresh.version, 1)
            do {
                try await persistence.saveIdentityState(fresh, replacing: nil)
            } catch where error.kind == .conflict {
                guard let saved = try await persistence.loadIdentityState(accountID: account.id) else { throw error }
                fresh = saved
            }
            return IdentityStore(state: fresh, persistence: persistence, random: random)
        } catch {
            throw Self.failure(error)
        }
    }

    /// The account.
    public var account: Account { state.account }

    /// A copy of the whole state, for persistence or inspection.
    public func snapshot() -> IdentityState { state }

    /// The state's version: it grows with every change.
    public var version: UInt64 { state.version }

    // MARK: - Writing

    /// Applies `change` to the state and, with persistence, saves the result before it takes effect.
    /// A change that throws, or changes nothing, saves nothing.
    private func write<Result>(
        _ change: (inout IdentityState, inout IdentifierGenerator) throws(IdentityError) -> Result
    ) async throws(IdentityError) -> Result {
        guard let persistence else {
            var draft = state
            let result = try change(&draft, &generator)
            if draft != state {
                draft.version = state.version &+ 1
                state = draft
            }
            return result
        }
        await acquireWriteTurn()
        defer { releaseWriteTurn() }
        var attempt = 1
        while true {
            var draft = state
            let result: Result
            do {
                result = try change(&draft, &generator)
            } catch {
                // The change may have failed on stale data (a user another replica created): check
                // once against the saved state before answering.
                if attempt == 1, try await reload(from: persistence, onlyIfChanged: true) {
                    attempt += 1
                    continue
                }
                throw error
            }
            guard draft != state else { return result }
            draft.version = state.version &+ 1
            do throws(PersistenceError) {
                try await persistence.saveIdentityState(draft, replacing: state)
                state = draft
                return result
            } catch where error.kind == .conflict && attempt < Self.maximumWriteAttempts {
                attempt += 1
                try? await Task.sleep(for: .microseconds(Int.random(in: 0...(500 * min(attempt, 20)))))
                _ = try await reload(from: persistence, onlyIfChanged: false)
            } catch {
                throw Self.failure(error)
            }
        }
    }

    /// Replaces the state with the saved one (when its version differs, with `onlyIfChanged`);
    /// returns whether it did.
    private func reload(from persistence: any IdentityPersistence, onlyIfChanged: Bool) async throws(IdentityError) -> Bool {
        do throws(PersistenceError) {
            if onlyIfChanged {
                guard let saved = try await persistence.identityVersion(accountID: state.account.id), saved != state.version else {
                    return false
                }
            }
            guard let saved = try await persistence.loadIdentityState(accountID: state.account.id) else { return false }
            state = saved
            return true
        } catch {
            throw Self.failure(error)
        }
    }

    /// Reads the saved state again when another writer changed it; returns whether it did.
    /// A store without persistence never changes behind its back.
    @discardableResult
    public func refresh() async throws(IdentityError) -> Bool {
        guard let persistence else { return false }
        await acquireWriteTurn()
        defer { releaseWriteTurn() }
        return try await reload(from: persistence, onlyIfChanged: true)
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

    private static func failure(_ error: PersistenceError) -> IdentityError {
        IdentityError(code: .serviceFailure, message: "The identity store could not be saved or read: \(error.message)")
    }

    // MARK: - Root

    /// Makes sure the account root has an active access key and returns it: the existing one if
    /// there is one, else a new one.
    @discardableResult
    public func bootstrap(now: Date = Date()) async throws(IdentityError) -> AccessKey {
        try await write { state, generator in state.bootstrapRootKey(now: now, generator: &generator) }
    }

    // MARK: - Users

    /// Creates user `name` under `path`.
    ///
    /// - Throws: `ValidationError` (name or path), `EntityAlreadyExists` (a user of that name, in any case).
    public func createUser(name: String, path: String = "/", now: Date = Date()) async throws(IdentityError) -> IAMUser {
        try await write { state, generator throws(IdentityError) in try state.createUser(name: name, path: path, now: now, generator: &generator) }
    }

    /// The user named `name` (case-insensitively).
    ///
    /// - Throws: `NoSuchEntity`.
    public func user(named name: String) throws(IdentityError) -> IAMUser { try state.user(named: name) }

    /// All users, by name.
    public func users() -> [IAMUser] { state.users.values.sorted { $0.name < $1.name } }

    /// Deletes user `name`, which must have no access keys and no inline policies left.
    ///
    /// - Throws: `NoSuchEntity`, `DeleteConflict`.
    public func deleteUser(named name: String) async throws(IdentityError) {
        try await write { state, _ throws(IdentityError) in try state.deleteUser(named: name) }
    }

    // MARK: - Access keys

    /// Creates an active access key for user `userName`.
    ///
    /// - Throws: `NoSuchEntity`, `LimitExceeded` (the user has two keys already).
    public func createAccessKey(userName: String, now: Date = Date()) async throws(IdentityError) -> AccessKey {
        try await write { state, generator throws(IdentityError) in try state.createAccessKey(userName: userName, now: now, generator: &generator) }
    }

    /// The access keys of user `userName`, oldest first.
    ///
    /// - Throws: `NoSuchEntity`.
    public func accessKeys(userName: String) throws(IdentityError) -> [AccessKey] { try state.accessKeys(userName: userName) }

    /// Sets the status of access key `id` of user `userName` (`nil`: a root key).
    ///
    /// - Throws: `NoSuchEntity`.
    public func updateAccessKey(id: String, userName: String?, status: AccessKey.Status) async throws(IdentityError) {
        try await write { state, _ throws(IdentityError) in
            let key = try state.accessKey(id: id, userName: userName)
            state.accessKeys[key.id]?.status = status
        }
    }

    /// Deletes access key `id` of user `userName` (`nil`: a root key).
    ///
    /// - Throws: `NoSuchEntity`.
    public func deleteAccessKey(id: String, userName: String?) async throws(IdentityError) {
        try await write { state, _ throws(IdentityError) in
            let key = try state.accessKey(id: id, userName: userName)
            state.accessKeys[key.id] = nil
        }
    }

    // MARK: - Roles

    /// Creates role `name` with trust policy `trustPolicy` (JSON).
    ///
    /// - Throws: `ValidationError` (name, path, duration), `MalformedPolicyDocument`, `EntityAlreadyExists`.
    public func createRole(
        name: String, path: String = "/", trustPolicy: String, maxSessionDuration: Int = IAMRole.minimumMaxSessionDuration,
        now: Date = Date()
    ) async throws(IdentityError) -> IAMRole {
        try await write { state, generator throws(IdentityError) in
            try state.createRole(
                name: name, path: path, trustPolicy: trustPolicy, maxSessionDuration: maxSessionDuration, now: now, generator: &generator)
        }
    }

    /// The role named `name` (case-insensitively).
    ///
    /// - Throws: `NoSuchEntity`.
    public func role(named name: String) throws(IdentityError) -> IAMRole { try state.role(named: name) }

    /// The role whose ARN is `arn` (`arn:aws:iam::<account>:role/<path/><name>`), path included.
    ///
    /// - Throws: `NoSuchEntity` when no role of this account has that ARN.
    public func role(arn: String) throws(IdentityError) -> IAMRole { try state.role(arn: arn) }

    /// All roles, by name.
    public func roles() -> [IAMRole] { state.roles.values.sorted { $0.name < $1.name } }

    /// Deletes role `name`, which must have no inline policies left. Sessions already issued stay
    /// valid until they expire, as in AWS.
    ///
    /// - Throws: `NoSuchEntity`, `DeleteConflict`.
    public func deleteRole(named name: String) async throws(IdentityError) {
        try await write { state, _ throws(IdentityError) in try state.deleteRole(named: name) }
    }

    /// Replaces the trust policy of role `roleName`.
    ///
    /// - Throws: `NoSuchEntity`, `MalformedPolicyDocument`.
    public func updateTrustPolicy(roleName: String, document: String) async throws(IdentityError) {
        try await write { state, _ throws(IdentityError) in try state.updateTrustPolicy(roleName: roleName, document: document) }
    }

    // MARK: - Inline policies

    /// Adds or replaces inline policy `policyName` of user `userName`.
    ///
    /// - Throws: `NoSuchEntity`, `ValidationError` (policy name), `MalformedPolicyDocument`.
    public func putUserPolicy(userName: String, policyName: String, document: String) async throws(IdentityError) {
        try await write { state, _ throws(IdentityError) in
            try state.putUserPolicy(userName: userName, policyName: policyName, document: document)
        }
    }

    /// Deletes inline policy `policyName` of user `userName`.
    ///
    /// - Throws: `NoSuchEntity` (user or policy).
    public func deleteUserPolicy(userName: String, policyName: String) async throws(IdentityError) {
        try await write { state, _ throws(IdentityError) in try state.deleteUserPolicy(userName: userName, policyName: policyName) }
    }

    /// Adds or replaces inline policy `policyName` of role `roleName`.
    ///
    /// - Throws: `NoSuchEntity`, `ValidationError` (policy name), `MalformedPolicyDocument`.
    public func putRolePolicy(roleName: String, policyName: String, document: String) async throws(IdentityError) {
        try await write { state, _ throws(IdentityError) in
            try state.putRolePolicy(roleName: roleName, policyName: policyName, document: document)
        }
    }

    /// Deletes inline policy `policyName` of role `roleName`.
    ///
    /// - Throws: `NoSuchEntity` (role or policy).
    public func deleteRolePolicy(roleName: String, policyName: String) async throws(IdentityError) {
        try await write { state, _ throws(IdentityError) in try state.deleteRolePolicy(roleName: roleName, policyName: policyName) }
    }

    /// The identity (permission) policies that apply to `principal`: a user's inline policies, the
    /// role's inline policies for a role session, none for the root (which needs none).
    public func identityPolicies(for principal: KeyLookup.Principal) -> [PolicyDocument] { state.identityPolicies(for: principal) }

    // MARK: - OpenID Connect providers

    /// Registers the OpenID Connect provider at `url` (its tokens' `iss`) accepting audiences
    /// `clientIDs`; `jwks` is its key set, which can also be set later.
    ///
    /// - Throws: `ValidationError` (URL, client ids, thumbprints, key set), `EntityAlreadyExists`, `LimitExceeded`.
    public func createOIDCProvider(
        url: String, clientIDs: [String], thumbprints: [String] = [], jwks: String? = nil, now: Date = Date()
    ) async throws(IdentityError) -> OIDCProvider {
        try await write { state, _ throws(IdentityError) in
            try state.createOIDCProvider(url: url, clientIDs: clientIDs, thumbprints: thumbprints, jwks: jwks, now: now)
        }
    }

    /// The provider whose ARN is `arn`.
    ///
    /// - Throws: `NoSuchEntity`.
    public func oidcProvider(arn: String) throws(IdentityError) -> OIDCProvider { try state.oidcProvider(arn: arn) }

    /// All providers, by ARN.
    public func oidcProviders() -> [OIDCProvider] { state.oidcProviders.values.sorted { $0.arn < $1.arn } }

    /// Deletes the provider whose ARN is `arn`.
    ///
    /// - Throws: `NoSuchEntity`.
    public func deleteOIDCProvider(arn: String) async throws(IdentityError) {
        try await write { state, _ throws(IdentityError) in try state.deleteOIDCProvider(arn: arn) }
    }

    /// Adds the client ids of `clientIDs` that provider `arn` does not have yet (IAM's
    /// AddClientIDToOpenIDConnectProvider, for several).
    ///
    /// - Throws: `NoSuchEntity`, `ValidationError`, `LimitExceeded` (more than 100).
    public func addOIDCClientIDs(arn: String, clientIDs: [String]) async throws(IdentityError) {
        try await write { state, _ throws(IdentityError) in try state.addOIDCClientIDs(arn: arn, clientIDs: clientIDs) }
    }

    /// Sets the JSON Web Key Set tokens of provider `arn` are verified with.
    ///
    /// - Throws: `NoSuchEntity`, `ValidationError` (not a key set).
    public func setOIDCProviderKeys(arn: String, jwks: String) async throws(IdentityError) {
        try await write { state, _ throws(IdentityError) in try state.setOIDCProviderKeys(arn: arn, jwks: jwks) }
    }

    // MARK: - Temporary credentials

    /// Issues credentials for a session `sessionName` of role `roleName`, valid `duration` seconds
    /// from `now`. The caller (STS) has checked authorization and the duration.
    ///
    /// - Throws: `NoSuchEntity`; `ServiceFailure` when they could not be saved.
    public func issueTemporaryCredentials(
        roleName: String, sessionName: String, duration: Int, sourceIdentity: String? = nil, sessionTags: [String: String]? = nil,
        now: Date = Date()
    ) async throws(IdentityError) -> TemporaryCredentials {
        try await write { state, generator throws(IdentityError) in
            try state.issueTemporaryCredentials(
                roleName: roleName, sessionName: sessionName, duration: duration, sourceIdentity: sourceIdentity, sessionTags: sessionTags,
                now: now, generator: &generator)
        }
    }

    /// The temporary credentials with access key id `accessKeyID`, expired or not.
    public func temporaryCredentials(accessKeyID: String) -> TemporaryCredentials? {
        state.temporaryCredentials[accessKeyID]
    }

    /// Forgets temporary credentials that expired before `now`; returns how many.
    @discardableResult
    public func removeExpiredCredentials(now: Date = Date()) async throws(IdentityError) -> Int {
        try await write { state, _ in state.removeExpiredCredentials(now: now) }
    }

    // MARK: - Lookup

    /// Who `accessKeyID` belongs to, with its secret (and session token): what SigV4 verification
    /// needs. Inactive keys and expired temporary credentials are returned too, so the caller can
    /// answer as AWS does; `nil` for an unknown key.
    public func lookup(accessKeyID: String) -> KeyLookup? { state.lookup(accessKeyID: accessKeyID) }

    /// Like ``lookup(accessKeyID:)``, but on a miss first reads the saved state again in case another
    /// replica created the key. A database failure counts as a miss.
    public func lookupRefreshing(accessKeyID: String) async -> KeyLookup? {
        if let found = state.lookup(accessKeyID: accessKeyID) { return found }
        guard persistence != nil, (try? await refresh()) == true else { return nil }
        return state.lookup(accessKeyID: accessKeyID)
    }
}
