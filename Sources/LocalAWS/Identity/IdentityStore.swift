public import Foundation

/// The embedded AWS account's identities, in memory: users and their access keys, roles with trust
/// and inline policies, the root user's keys and the temporary credentials STS issues.
///
/// All state is one ``IdentityState`` value (see ``snapshot()``), so a persistent version can store
/// it whole. Times are parameters; ids and secrets come from an injected random number generator.
/// Failures are ``IdentityError``s with IAM's codes.
public actor IdentityStore {
    /// The account id used when none is given.
    public static let defaultAccountID = "123456789012"
    /// How many access keys a user may have.
    public static let maximumAccessKeysPerUser = 2

    private var state: IdentityState
    private var generator: IdentifierGenerator

    /// Creates an empty store for `accountID`.
    ///
    /// - Throws: `ValidationError` when `accountID` is not 12 digits.
    public init(
        accountID: String = IdentityStore.defaultAccountID,
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) throws(IdentityError) {
        self.state = IdentityState(account: try Account(id: accountID))
        self.generator = IdentifierGenerator(random: random)
    }

    /// Creates a store holding `state` (for example one read back from storage).
    public init(state: IdentityState, random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()) {
        self.state = state
        self.generator = IdentifierGenerator(random: random)
    }

    /// The account.
    public var account: Account { state.account }

    /// A copy of the whole state, for persistence or inspection.
    public func snapshot() -> IdentityState { state }

    /// The state's version: it grows with every change.
    public var version: UInt64 { state.version }

    private func changed() { state.version &+= 1 }

    // MARK: - Root

    /// Makes sure the account root has an active access key and returns it: the existing one if
    /// there is one, else a new one.
    @discardableResult
    public func bootstrap(now: Date = Date()) -> AccessKey {
        if let existing = state.accessKeys.values.filter({ $0.userName == nil && $0.status == .active })
            .min(by: { ($0.createDate, $0.id) < ($1.createDate, $1.id) }) {
            return existing
        }
        let key = AccessKey(id: newAccessKeyID(), secret: generator.secretAccessKey(), userName: nil, createDate: now)
        state.accessKeys[key.id] = key
        changed()
        return key
    }

    // MARK: - Users

    /// Creates user `name` under `path`.
    ///
    /// - Throws: `ValidationError` (name or path), `EntityAlreadyExists` (a user of that name, in any case).
    public func createUser(name: String, path: String = "/", now: Date = Date()) throws(IdentityError) -> IAMUser {
        try Self.validateName(name, what: "userName")
        try Self.validatePath(path)
        guard state.users[name.lowercased()] == nil else { throw .alreadyExists("User", name) }
        let user = IAMUser(
            path: path, name: name, arn: "arn:aws:iam::\(state.account.id):user\(path)\(name)", id: newUniqueID(user: true),
            createDate: now)
        state.users[name.lowercased()] = user
        changed()
        return user
    }

    /// The user named `name` (case-insensitively).
    ///
    /// - Throws: `NoSuchEntity`.
    public func user(named name: String) throws(IdentityError) -> IAMUser {
        guard let user = state.users[name.lowercased()] else { throw .noSuchEntity("User", name) }
        return user
    }

    /// All users, by name.
    public func users() -> [IAMUser] { state.users.values.sorted { $0.name < $1.name } }

    /// Deletes user `name`, which must have no access keys and no inline policies left.
    ///
    /// - Throws: `NoSuchEntity`, `DeleteConflict`.
    public func deleteUser(named name: String) throws(IdentityError) {
        let user = try user(named: name)
        if state.accessKeys.values.contains(where: { $0.userName == user.name }) {
            throw IdentityError(code: .deleteConflict, message: "Cannot delete entity, must delete access keys first.")
        }
        if !user.inlinePolicies.isEmpty {
            throw IdentityError(code: .deleteConflict, message: "Cannot delete entity, must delete policies first.")
        }
        state.users[name.lowercased()] = nil
        changed()
    }

    // MARK: - Access keys

    /// Creates an active access key for user `userName`.
    ///
    /// - Throws: `NoSuchEntity`, `LimitExceeded` (the user has two keys already).
    public func createAccessKey(userName: String, now: Date = Date()) throws(IdentityError) -> AccessKey {
        let user = try user(named: userName)
        guard state.accessKeys.values.count(where: { $0.userName == user.name }) < Self.maximumAccessKeysPerUser else {
            throw IdentityError(
                code: .limitExceeded,
                message: "Cannot exceed quota for AccessKeysPerUser: \(Self.maximumAccessKeysPerUser). Delete an access key of \(user.name) first.")
        }
        let key = AccessKey(id: newAccessKeyID(), secret: generator.secretAccessKey(), userName: user.name, createDate: now)
        state.accessKeys[key.id] = key
        changed()
        return key
    }

    /// The access keys of user `userName`, oldest first.
    ///
    /// - Throws: `NoSuchEntity`.
    public func accessKeys(userName: String) throws(IdentityError) -> [AccessKey] {
        let user = try user(named: userName)
        return state.accessKeys.values.filter { $0.userName == user.name }.sorted { ($0.createDate, $0.id) < ($1.createDate, $1.id) }
    }

    /// Sets the status of access key `id` of user `userName` (`nil`: a root key).
    ///
    /// - Throws: `NoSuchEntity`.
    public func updateAccessKey(id: String, userName: String?, status: AccessKey.Status) throws(IdentityError) {
        let key = try accessKey(id: id, userName: userName)
        state.accessKeys[key.id]?.status = status
        changed()
    }

    /// Deletes access key `id` of user `userName` (`nil`: a root key).
    ///
    /// - Throws: `NoSuchEntity`.
    public func deleteAccessKey(id: String, userName: String?) throws(IdentityError) {
        let key = try accessKey(id: id, userName: userName)
        state.accessKeys[key.id] = nil
        changed()
    }

    private func accessKey(id: String, userName: String?) throws(IdentityError) -> AccessKey {
        let owner = try userName.map { name throws(IdentityError) in try user(named: name).name }
        guard let key = state.accessKeys[id], key.userName == owner else {
            throw IdentityError(code: .noSuchEntity, message: "The Access Key with id \(IdentityError.clip(id)) cannot be found.")
        }
        return key
    }

    // MARK: - Roles

    /// Creates role `name` with trust policy `trustPolicy` (JSON).
    ///
    /// - Throws: `ValidationError` (name, path, duration), `MalformedPolicyDocument`, `EntityAlreadyExists`.
    public func createRole(
        name: String, path: String = "/", trustPolicy: String, maxSessionDuration: Int = IAMRole.minimumMaxSessionDuration,
        now: Date = Date()
    ) throws(IdentityError) -> IAMRole {
        try Self.validateName(name, what: "roleName")
        try Self.validatePath(path)
        guard (IAMRole.minimumMaxSessionDuration...IAMRole.maximumMaxSessionDuration).contains(maxSessionDuration) else {
            throw .validation(
                "1 validation error detected: Value '\(maxSessionDuration)' at 'maxSessionDuration' failed to satisfy constraint: "
                    + "Member must have value between \(IAMRole.minimumMaxSessionDuration) and \(IAMRole.maximumMaxSessionDuration)")
        }
        _ = try Self.parsePolicy(trustPolicy, kind: .trust)
        guard state.roles[name.lowercased()] == nil else { throw .alreadyExists("Role", name) }
        let role = IAMRole(
            path: path, name: name, arn: "arn:aws:iam::\(state.account.id):role\(path)\(name)", id: newUniqueID(user: false),
            createDate: now, trustPolicy: trustPolicy, maxSessionDuration: maxSessionDuration)
        state.roles[name.lowercased()] = role
        changed()
        return role
    }

    /// The role named `name` (case-insensitively).
    ///
    /// - Throws: `NoSuchEntity`.
    public func role(named name: String) throws(IdentityError) -> IAMRole {
        guard let role = state.roles[name.lowercased()] else { throw .noSuchEntity("Role", name) }
        return role
    }

    /// The role whose ARN is `arn` (`arn:aws:iam::<account>:role/<path/><name>`), path included.
    ///
    /// - Throws: `NoSuchEntity` when no role of this account has that ARN.
    public func role(arn: String) throws(IdentityError) -> IAMRole {
        let prefix = "arn:aws:iam::\(state.account.id):role/"
        guard arn.hasPrefix(prefix), let name = arn.split(separator: "/").last,
              let role = state.roles[name.lowercased()], role.arn == arn
        else {
            throw IdentityError(code: .noSuchEntity, message: "The role with ARN \(IdentityError.clip(arn)) cannot be found.")
        }
        return role
    }

    /// All roles, by name.
    public func roles() -> [IAMRole] { state.roles.values.sorted { $0.name < $1.name } }

    /// Deletes role `name`, which must have no inline policies left. Sessions already issued stay
    /// valid until they expire, as in AWS.
    ///
    /// - Throws: `NoSuchEntity`, `DeleteConflict`.
    public func deleteRole(named name: String) throws(IdentityError) {
        let role = try role(named: name)
        guard role.inlinePolicies.isEmpty else {
            throw IdentityError(code: .deleteConflict, message: "Cannot delete entity, must delete policies first.")
        }
        state.roles[name.lowercased()] = nil
        changed()
    }

    /// Replaces the trust policy of role `roleName`.
    ///
    /// - Throws: `NoSuchEntity`, `MalformedPolicyDocument`.
    public func updateTrustPolicy(roleName: String, document: String) throws(IdentityError) {
        let role = try role(named: roleName)
        _ = try Self.parsePolicy(document, kind: .trust)
        state.roles[role.name.lowercased()]?.trustPolicy = document
        changed()
    }

    // MARK: - Inline policies

    /// Adds or replaces inline policy `policyName` of user `userName`.
    ///
    /// - Throws: `NoSuchEntity`, `ValidationError` (policy name), `MalformedPolicyDocument`.
    public func putUserPolicy(userName: String, policyName: String, document: String) throws(IdentityError) {
        let user = try user(named: userName)
        try Self.validatePolicyName(policyName)
        _ = try Self.parsePolicy(document, kind: .identity)
        state.users[user.name.lowercased()]?.inlinePolicies[policyName] = document
        changed()
    }

    /// Deletes inline policy `policyName` of user `userName`.
    ///
    /// - Throws: `NoSuchEntity` (user or policy).
    public func deleteUserPolicy(userName: String, policyName: String) throws(IdentityError) {
        let user = try user(named: userName)
        guard user.inlinePolicies[policyName] != nil else { throw .noSuchEntity("Policy", policyName) }
        state.users[user.name.lowercased()]?.inlinePolicies[policyName] = nil
        changed()
    }

    /// Adds or replaces inline policy `policyName` of role `roleName`.
    ///
    /// - Throws: `NoSuchEntity`, `ValidationError` (policy name), `MalformedPolicyDocument`.
    public func putRolePolicy(roleName: String, policyName: String, document: String) throws(IdentityError) {
        let role = try role(named: roleName)
        try Self.validatePolicyName(policyName)
        _ = try Self.parsePolicy(document, kind: .identity)
        state.roles[role.name.lowercased()]?.inlinePolicies[policyName] = document
        changed()
    }

    /// Deletes inline policy `policyName` of role `roleName`.
    ///
    /// - Throws: `NoSuchEntity` (role or policy).
    public func deleteRolePolicy(roleName: String, policyName: String) throws(IdentityError) {
        let role = try role(named: roleName)
        guard role.inlinePolicies[policyName] != nil else { throw .noSuchEntity("Policy", policyName) }
        state.roles[role.name.lowercased()]?.inlinePolicies[policyName] = nil
        changed()
    }

    /// The identity (permission) policies that apply to `principal`: a user's inline policies, the
    /// role's inline policies for a role session, none for the root (which needs none).
    public func identityPolicies(for principal: KeyLookup.Principal) -> [PolicyDocument] {
        let texts: [String]
        switch principal {
        case .root: texts = []
        case .user(let user): texts = state.users[user.name.lowercased()].map { Self.ordered($0.inlinePolicies) } ?? []
        case .assumedRole(let session): texts = state.roles[session.roleName.lowercased()].map { Self.ordered($0.inlinePolicies) } ?? []
        }
        return texts.compactMap { try? PolicyDocument(parsing: $0, kind: .identity) }
    }

    private static func ordered(_ policies: [String: String]) -> [String] {
        policies.sorted { $0.key < $1.key }.map(\.value)
    }

    // MARK: - Temporary credentials

    /// Issues credentials for a session `sessionName` of role `roleName`, valid `duration` seconds
    /// from `now`. The caller (STS) has checked authorization and the duration.
    ///
    /// - Throws: `NoSuchEntity`.
    public func issueTemporaryCredentials(
        roleName: String, sessionName: String, duration: Int, sourceIdentity: String? = nil, now: Date = Date()
    ) throws(IdentityError) -> TemporaryCredentials {
        let role = try role(named: roleName)
        var keyID = generator.temporaryAccessKeyID()
        while state.temporaryCredentials[keyID] != nil || state.accessKeys[keyID] != nil { keyID = generator.temporaryAccessKeyID() }
        let credentials = TemporaryCredentials(
            accessKeyID: keyID, secretAccessKey: generator.secretAccessKey(), sessionToken: generator.sessionToken(),
            expiration: now.addingTimeInterval(TimeInterval(duration)),
            assumedRoleARN: "arn:aws:sts::\(state.account.id):assumed-role/\(role.name)/\(sessionName)",
            assumedRoleID: "\(role.id):\(sessionName)", roleARN: role.arn, roleName: role.name, sessionName: sessionName,
            sourceIdentity: sourceIdentity)
        state.temporaryCredentials[keyID] = credentials
        changed()
        return credentials
    }

    /// The temporary credentials with access key id `accessKeyID`, expired or not.
    public func temporaryCredentials(accessKeyID: String) -> TemporaryCredentials? {
        state.temporaryCredentials[accessKeyID]
    }

    /// Forgets temporary credentials that expired before `now`; returns how many.
    @discardableResult
    public func removeExpiredCredentials(now: Date = Date()) -> Int {
        let expired = state.temporaryCredentials.values.filter { $0.expiration <= now }.map(\.accessKeyID)
        for id in expired { state.temporaryCredentials[id] = nil }
        if !expired.isEmpty { changed() }
        return expired.count
    }

    // MARK: - Lookup

    /// Who `accessKeyID` belongs to, with its secret (and session token): what SigV4 verification
    /// needs. Inactive keys and expired temporary credentials are returned too, so the caller can
    /// answer as AWS does; `nil` for an unknown key.
    public func lookup(accessKeyID: String) -> KeyLookup? {
        let accountID = state.account.id
        if let key = state.accessKeys[accessKeyID] {
            let principal: KeyLookup.Principal
            if let userName = key.userName {
                guard let user = state.users[userName.lowercased()] else { return nil }
                principal = .user(user)
            } else {
                principal = .root(accountID: accountID)
            }
            return KeyLookup(
                accessKeyID: key.id, secretAccessKey: key.secret, isActive: key.status == .active, accountID: accountID,
                principal: principal)
        }
        if let session = state.temporaryCredentials[accessKeyID] {
            return KeyLookup(
                accessKeyID: session.accessKeyID, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken,
                expiration: session.expiration, accountID: accountID, principal: .assumedRole(session))
        }
        return nil
    }

    // MARK: - Helpers

    private func newAccessKeyID() -> String {
        var id = generator.accessKeyID()
        while state.accessKeys[id] != nil { id = generator.accessKeyID() }
        return id
    }

    private func newUniqueID(user: Bool) -> String {
        let taken = Set(state.users.values.map(\.id)).union(state.roles.values.map(\.id))
        var id = user ? generator.userID() : generator.roleID()
        while taken.contains(id) { id = user ? generator.userID() : generator.roleID() }
        return id
    }

    /// Whether every character of `text` is in `[\w+=,.@-]` (ASCII word characters).
    static func isNameCharacters(_ text: String, extra: String = "") -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) || "_+=,.@-\(extra)".unicodeScalars.contains(scalar)
        }
    }

    static func validateName(_ name: String, what: String) throws(IdentityError) {
        guard (1...64).contains(name.count) else {
            throw .validation(
                "1 validation error detected: Value '\(IdentityError.clip(name))' at '\(what)' failed to satisfy constraint: "
                    + "Member must have length between 1 and 64")
        }
        guard isNameCharacters(name) else {
            throw .validation(
                "1 validation error detected: Value '\(IdentityError.clip(name))' at '\(what)' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [\\w+=,.@-]+")
        }
    }

    static func validatePath(_ path: String) throws(IdentityError) {
        guard (1...512).contains(path.utf8.count), path.hasPrefix("/"), path.hasSuffix("/"),
              path.utf8.allSatisfy({ (0x21...0x7E).contains($0) }), !path.contains("//")
        else {
            throw .validation(
                "The specified value for path '\(IdentityError.clip(path))' is invalid. It must begin and end with / and "
                    + "contain only printable ASCII characters without spaces, such as / or /division/team/.")
        }
    }

    static func validatePolicyName(_ name: String) throws(IdentityError) {
        guard (1...128).contains(name.count), isNameCharacters(name) else {
            throw .validation(
                "1 validation error detected: Value '\(IdentityError.clip(name))' at 'policyName' failed to satisfy constraint: "
                    + "Member must have length between 1 and 128 and match [\\w+=,.@-]+")
        }
    }

    static func parsePolicy(_ text: String, kind: PolicyDocument.Kind) throws(IdentityError) -> PolicyDocument {
        do {
            return try PolicyDocument(parsing: text, kind: kind)
        } catch {
            throw IdentityError(code: .malformedPolicyDocument, message: error.message)
        }
    }
}
