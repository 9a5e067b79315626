import Foundation
import LocalAWS
import Testing

/// A deterministic random number generator (SplitMix64) for reproducible identifiers.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476C_E484_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Shared fixtures of the identity-store and STS tests.
enum IdentityFixtures {
    static let account = "123456789012"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let trustAccount =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#
    static let allowAssumeAll =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#

    static func store(seed: UInt64 = 1) throws -> IdentityStore {
        try IdentityStore(accountID: account, random: SeededGenerator(seed: seed))
    }

    static func isUpperAlphanumeric(_ text: Substring) -> Bool {
        text.allSatisfy { ($0.isASCII && $0.isUppercase) || $0.isNumber }
    }
}

@Suite("Identity store")
struct IdentityStoreTests {
    typealias F = IdentityFixtures

    @Test("identifiers have AWS's shapes and come deterministically from the injected generator")
    func identifierShapes() async throws {
        let store = try F.store()
        let user = try await store.createUser(name: "alice", path: "/team/", now: F.now)
        #expect(user.arn == "arn:aws:iam::123456789012:user/team/alice")
        #expect(user.id.count == 21 && user.id.hasPrefix("AIDA") && F.isUpperAlphanumeric(user.id.dropFirst(4)))
        let key = try await store.createAccessKey(userName: "alice", now: F.now)
        #expect(key.id.count == 20 && key.id.hasPrefix("AKIA") && F.isUpperAlphanumeric(key.id.dropFirst(4)))
        #expect(key.secret.count == 40)
        #expect(key.status == .active && key.userName == "alice")
        #expect(!key.description.contains(key.secret))
        let role = try await store.createRole(name: "deployer", trustPolicy: F.trustAccount, maxSessionDuration: 7200, now: F.now)
        #expect(role.arn == "arn:aws:iam::123456789012:role/deployer")
        #expect(role.id.count == 21 && role.id.hasPrefix("AROA"))
        #expect(role.maxSessionDuration == 7200)

        let again = try F.store()
        #expect(try await again.createUser(name: "alice", path: "/team/", now: F.now).id == user.id)
        let other = try F.store(seed: 2)
        #expect(try await other.createUser(name: "alice", now: F.now).id != user.id)
    }

    @Test("the account id is a parameter, 12 digits, 123456789012 by default")
    func accountID() async throws {
        #expect(try await IdentityStore().account.id == "123456789012")
        #expect(try await IdentityStore(accountID: "111122223333").account.id == "111122223333")
        for bad in ["12345", "12345678901a", "1234567890123", ""] {
            #expect(throws: IdentityError(code: .validationError, message: "")) { try IdentityStore(accountID: bad) }
        }
    }

    @Test("bootstrap gives the root one active key, idempotently, and lookup resolves it to the root")
    func bootstrapRoot() async throws {
        let store = try F.store()
        let key = try await store.bootstrap(now: F.now)
        #expect(key.id.hasPrefix("AKIA") && key.userName == nil)
        #expect(try await store.bootstrap(now: F.now) == key)
        let lookup = try #require(await store.lookup(accessKeyID: key.id))
        #expect(lookup.principal == .root(accountID: F.account))
        #expect(lookup.arn == "arn:aws:iam::123456789012:root" && lookup.userID == F.account)
        #expect(lookup.secretAccessKey == key.secret && lookup.sessionToken == nil && lookup.isActive)
        #expect(!lookup.description.contains(key.secret))
    }

    @Test("users: create, get case-insensitively, list, delete; duplicates and missing users fail as IAM does")
    func userCRUD() async throws {
        let store = try F.store()
        _ = try await store.createUser(name: "bob", now: F.now)
        _ = try await store.createUser(name: "alice", now: F.now)
        #expect(try await store.user(named: "ALICE").name == "alice")
        #expect(await store.users().map(\.name) == ["alice", "bob"])
        await #expect(throws: IdentityError(code: .entityAlreadyExists, message: "")) { try await store.createUser(name: "Alice") }
        try await store.deleteUser(named: "bob")
        await #expect(throws: IdentityError(code: .noSuchEntity, message: "")) { try await store.user(named: "bob") }
        await #expect(throws: IdentityError(code: .noSuchEntity, message: "")) { try await store.deleteUser(named: "bob") }
        let error = await #expect(throws: IdentityError.self) { try await store.createUser(name: "alice") }
        #expect(error?.httpStatus == 409 && error?.message == "User with name alice already exists.")
    }

    @Test("invalid names and paths are ValidationErrors", arguments: [
        ("", "/"), (String(repeating: "a", count: 65), "/"), ("has space", "/"), ("slash/", "/"),
        ("ok", "no-slash"), ("ok", "/a"), ("ok", "a/"), ("ok", "/a b/"), ("ok", "//"),
    ])
    func invalidNames(name: String, path: String) async throws {
        let store = try F.store()
        let error = await #expect(throws: IdentityError.self) { try await store.createUser(name: name, path: path) }
        #expect(error?.code == .validationError && error?.httpStatus == 400)
        await #expect(throws: IdentityError(code: .validationError, message: "")) {
            try await store.createRole(name: name, path: path, trustPolicy: F.trustAccount)
        }
    }

    @Test("access keys: at most two per user, status updates, deletion, and lookups that follow")
    func accessKeys() async throws {
        let store = try F.store()
        let user = try await store.createUser(name: "alice", now: F.now)
        let first = try await store.createAccessKey(userName: "alice", now: F.now)
        let second = try await store.createAccessKey(userName: "alice", now: F.now.addingTimeInterval(1))
        #expect(try await store.accessKeys(userName: "alice").map(\.id) == [first.id, second.id])
        let limit = await #expect(throws: IdentityError.self) { try await store.createAccessKey(userName: "alice") }
        #expect(limit?.code == .limitExceeded && limit?.httpStatus == 409)
        await #expect(throws: IdentityError(code: .noSuchEntity, message: "")) { try await store.createAccessKey(userName: "nobody") }

        #expect(await store.lookup(accessKeyID: first.id)?.principal == .user(user))
        try await store.updateAccessKey(id: first.id, userName: "alice", status: .inactive)
        #expect(try await store.accessKeys(userName: "alice").first?.status == .inactive)
        #expect(await store.lookup(accessKeyID: first.id)?.isActive == false)
        await #expect(throws: IdentityError(code: .noSuchEntity, message: "")) {
            try await store.updateAccessKey(id: "AKIANOTAKEY000000000", userName: "alice", status: .active)
        }
        // A user's key is not the root's, nor another user's.
        await #expect(throws: IdentityError(code: .noSuchEntity, message: "")) { try await store.deleteAccessKey(id: first.id, userName: nil) }

        await #expect(throws: IdentityError(code: .deleteConflict, message: "")) { try await store.deleteUser(named: "alice") }
        try await store.deleteAccessKey(id: first.id, userName: "alice")
        try await store.deleteAccessKey(id: second.id, userName: "alice")
        #expect(await store.lookup(accessKeyID: first.id) == nil)
        #expect(try await store.accessKeys(userName: "alice").isEmpty)
        try await store.deleteUser(named: "alice")
    }

    @Test("roles: create, get by name and by ARN (path included), list, update trust policy, delete")
    func roleCRUD() async throws {
        let store = try F.store()
        let role = try await store.createRole(name: "deployer", path: "/ci/", trustPolicy: F.trustAccount, now: F.now)
        #expect(role.arn == "arn:aws:iam::123456789012:role/ci/deployer" && role.maxSessionDuration == 3600)
        #expect(try await store.role(named: "Deployer") == role)
        #expect(try await store.role(arn: role.arn) == role)
        await #expect(throws: IdentityError(code: .noSuchEntity, message: "")) { try await store.role(arn: "arn:aws:iam::123456789012:role/deployer") }
        await #expect(throws: IdentityError(code: .noSuchEntity, message: "")) { try await store.role(arn: "arn:aws:iam::999999999999:role/ci/deployer") }
        await #expect(throws: IdentityError(code: .entityAlreadyExists, message: "")) { try await store.createRole(name: "DEPLOYER", trustPolicy: F.trustAccount) }
        #expect(await store.roles().map(\.name) == ["deployer"])

        let newTrust = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}}"#
        try await store.updateTrustPolicy(roleName: "deployer", document: newTrust)
        #expect(try await store.role(named: "deployer").trustPolicy == newTrust)
        await #expect(throws: IdentityError(code: .malformedPolicyDocument, message: "")) {
            try await store.updateTrustPolicy(roleName: "deployer", document: F.allowAssumeAll)  // no Principal
        }
        await #expect(throws: IdentityError(code: .noSuchEntity, message: "")) { try await store.updateTrustPolicy(roleName: "x", document: newTrust) }
        try await store.deleteRole(named: "deployer")
        await #expect(throws: IdentityError(code: .noSuchEntity, message: "")) { try await store.deleteRole(named: "deployer") }
    }

    @Test("a role's trust policy must be a valid trust policy and its session limit 3600…43200", arguments: [
        (#"{"Version":"2012-10-17","Statement":"#, 3600, IdentityError.Code.malformedPolicyDocument),
        (IdentityFixtures.allowAssumeAll, 3600, .malformedPolicyDocument),
        (IdentityFixtures.trustAccount, 3599, .validationError),
        (IdentityFixtures.trustAccount, 43201, .validationError),
    ])
    func invalidRoles(trust: String, maxSessionDuration: Int, code: IdentityError.Code) async throws {
        let store = try F.store()
        let error = await #expect(throws: IdentityError.self) {
            try await store.createRole(name: "r", trustPolicy: trust, maxSessionDuration: maxSessionDuration)
        }
        #expect(error?.code == code && error?.httpStatus == 400)
        #expect(await store.roles().isEmpty)
    }

    @Test("inline policies of users and roles are validated identity policies and feed identityPolicies(for:)")
    func inlinePolicies() async throws {
        let store = try F.store()
        let user = try await store.createUser(name: "alice", now: F.now)
        try await store.putUserPolicy(userName: "alice", policyName: "assume", document: F.allowAssumeAll)
        #expect(try await store.user(named: "alice").inlinePolicies == ["assume": F.allowAssumeAll])
        #expect(await store.identityPolicies(for: .user(user)).count == 1)
        await #expect(throws: IdentityError(code: .malformedPolicyDocument, message: "")) {
            try await store.putUserPolicy(userName: "alice", policyName: "bad", document: F.trustAccount)  // Principal in an identity policy
        }
        await #expect(throws: IdentityError(code: .validationError, message: "")) {
            try await store.putUserPolicy(userName: "alice", policyName: "bad name", document: F.allowAssumeAll)
        }
        await #expect(throws: IdentityError(code: .noSuchEntity, message: "")) {
            try await store.putUserPolicy(userName: "bob", policyName: "p", document: F.allowAssumeAll)
        }
        await #expect(throws: IdentityError(code: .deleteConflict, message: "")) { try await store.deleteUser(named: "alice") }
        await #expect(throws: IdentityError(code: .noSuchEntity, message: "")) { try await store.deleteUserPolicy(userName: "alice", policyName: "other") }
        try await store.deleteUserPolicy(userName: "alice", policyName: "assume")
        #expect(await store.identityPolicies(for: .user(user)).isEmpty)

        _ = try await store.createRole(name: "r", trustPolicy: F.trustAccount)
        try await store.putRolePolicy(roleName: "r", policyName: "p", document: F.allowAssumeAll)
        await #expect(throws: IdentityError(code: .malformedPolicyDocument, message: "")) {
            try await store.putRolePolicy(roleName: "r", policyName: "p", document: "{")
        }
        await #expect(throws: IdentityError(code: .deleteConflict, message: "")) { try await store.deleteRole(named: "r") }
        try await store.deleteRolePolicy(roleName: "r", policyName: "p")
        await #expect(throws: IdentityError(code: .noSuchEntity, message: "")) { try await store.deleteRolePolicy(roleName: "r", policyName: "p") }
        #expect(await store.identityPolicies(for: .root(accountID: F.account)).isEmpty)
    }

    @Test("temporary credentials: shapes, lookup with session token and expiry, cleanup after expiry")
    func temporaryCredentials() async throws {
        let store = try F.store()
        let role = try await store.createRole(name: "deployer", path: "/ci/", trustPolicy: F.trustAccount, now: F.now)
        let session = try await store.issueTemporaryCredentials(
            roleName: "deployer", sessionName: "build-1", duration: 900, sourceIdentity: "alice", now: F.now)
        #expect(session.accessKeyID.count == 20 && session.accessKeyID.hasPrefix("ASIA"))
        #expect(session.secretAccessKey.count == 40 && !session.sessionToken.isEmpty)
        #expect(session.expiration == F.now.addingTimeInterval(900))
        #expect(session.assumedRoleARN == "arn:aws:sts::123456789012:assumed-role/deployer/build-1")
        #expect(session.assumedRoleID == "\(role.id):build-1" && session.roleARN == role.arn)
        #expect(!session.description.contains(session.sessionToken) && !session.description.contains(session.secretAccessKey))

        let lookup = try #require(await store.lookup(accessKeyID: session.accessKeyID))
        #expect(lookup.sessionToken == session.sessionToken && lookup.expiration == session.expiration)
        #expect(lookup.arn == session.assumedRoleARN && lookup.userID == session.assumedRoleID)
        #expect(lookup.requestPrincipal.roleARN == role.arn)
        #expect(!lookup.description.contains(session.sessionToken))

        #expect(try await store.removeExpiredCredentials(now: F.now.addingTimeInterval(899)) == 0)
        #expect(try await store.removeExpiredCredentials(now: F.now.addingTimeInterval(900)) == 1)
        #expect(await store.lookup(accessKeyID: session.accessKeyID) == nil)
        await #expect(throws: IdentityError(code: .noSuchEntity, message: "")) {
            try await store.issueTemporaryCredentials(roleName: "nope", sessionName: "s", duration: 900)
        }
    }

    @Test("the state is one Codable value whose version counts changes and that a new store can resume")
    func stateRoundTrip() async throws {
        let store = try F.store()
        #expect(await store.snapshot().version == 0)
        _ = try await store.createUser(name: "alice", now: F.now)
        _ = try await store.createAccessKey(userName: "alice", now: F.now)
        _ = try? await store.createUser(name: "alice")  // a failure changes nothing
        let state = await store.snapshot()
        #expect(state.version == 2)
        let decoded = try JSONDecoder().decode(IdentityState.self, from: JSONEncoder().encode(state))
        #expect(decoded == state)
        let resumed = IdentityStore(state: decoded, random: SeededGenerator(seed: 9))
        #expect(try await resumed.accessKeys(userName: "alice").count == 1)
    }
}
