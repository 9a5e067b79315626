import Foundation
import LocalAWS
import Storage
import Testing

/// The identity store written through each backend: what one server saves another reads, and two
/// servers on one database never lose each other's changes.
@Suite("Identity store on every backend")
struct IdentityPersistenceTests {
    static let account = "123456789012"
    static let now = Date(timeIntervalSince1970: 1_800_000_000.25)
    static let trust =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#

    @Test("every kind of entity survives a restart, field for field", arguments: Backend.allCases)
    func roundTrip(backend: Backend) async throws {
        try await TestDatabase.with(backend) { database in
            let store = try await IdentityStore.open(persistence: try await database.open(), accountID: Self.account)
            try await store.bootstrap(now: Self.now)
            _ = try await store.createUser(name: "alice", path: "/team/", now: Self.now)
            let key = try await store.createAccessKey(userName: "alice", now: Self.now)
            try await store.updateAccessKey(id: key.id, userName: "alice", status: .inactive)
            _ = try await store.createAccessKey(userName: "alice", now: Self.now.addingTimeInterval(1))
            try await store.putUserPolicy(userName: "alice", policyName: "p", document: #"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
            _ = try await store.createRole(name: "dev", trustPolicy: Self.trust, maxSessionDuration: 7200, now: Self.now)
            try await store.putRolePolicy(roleName: "dev", policyName: "q", document: #"{"Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#)
            _ = try await store.issueTemporaryCredentials(roleName: "dev", sessionName: "me@example.com", duration: 900, sourceIdentity: "src", now: Self.now)
            let provider = try await store.createOIDCProvider(
                url: "https://oidc.example.com/id/ABC", clientIDs: ["sts.amazonaws.com"], thumbprints: [String(repeating: "a", count: 40)],
                now: Self.now)
            try await store.setOIDCProviderKeys(arn: provider.arn, jwks: #"{"keys":[{"kty":"RSA","kid":"k","n":"AQAB","e":"AQAB"}]}"#)
            _ = try await store.createUser(name: "gone", now: Self.now)
            try await store.deleteUser(named: "gone")
            let saved = await store.snapshot()

            let restarted = try await IdentityStore.open(persistence: try await database.open(), accountID: Self.account)
            #expect(await restarted.snapshot() == saved)
            #expect(await restarted.version == saved.version)
        }
    }

    @Test("a change that fails or changes nothing writes nothing", arguments: Backend.allCases)
    func failedChangesWriteNothing(backend: Backend) async throws {
        try await TestDatabase.with(backend) { database in
            let storage = try await database.open()
            let store = try await IdentityStore.open(persistence: storage, accountID: Self.account)
            _ = try await store.createUser(name: "alice", now: Self.now)
            let version = try await storage.identityVersion(accountID: Self.account)
            await #expect(throws: IdentityError.alreadyExists("User", "ALICE")) { try await store.createUser(name: "ALICE", now: Self.now) }
            #expect(try await store.removeExpiredCredentials(now: Self.now) == 0)
            #expect(try await storage.identityVersion(accountID: Self.account) == version)
            #expect(await store.version == version)
        }
    }

    @Test("two servers on one database: a stale writer re-checks against the other's change", arguments: Backend.allCases)
    func staleWriterRechecks(backend: Backend) async throws {
        try await TestDatabase.with(backend) { database in
            let first = try await IdentityStore.open(persistence: try await database.open(), accountID: Self.account)
            let second = try await IdentityStore.open(persistence: try await database.open(), accountID: Self.account)
            _ = try await first.createUser(name: "alice", now: Self.now)

            // The second server has not seen alice: its write conflicts, it reloads, and IAM's rule holds.
            await #expect(throws: IdentityError.alreadyExists("User", "Alice")) { try await second.createUser(name: "Alice", now: Self.now) }
            _ = try await second.createUser(name: "bob", now: Self.now)
            _ = try await first.createAccessKey(userName: "bob", now: Self.now)

            let reopened = try await IdentityStore.open(persistence: try await database.open(), accountID: Self.account)
            #expect(await reopened.users().map(\.name) == ["alice", "bob"])
            #expect(try await reopened.accessKeys(userName: "bob").count == 1)
        }
    }

    @Test("concurrent writers on two servers: every acknowledged change is kept", arguments: Backend.allCases)
    func concurrentWritersLoseNothing(backend: Backend) async throws {
        try await TestDatabase.with(backend) { database in
            let servers = [
                try await IdentityStore.open(persistence: try await database.open(), accountID: Self.account),
                try await IdentityStore.open(persistence: try await database.open(), accountID: Self.account),
            ]
            let created = await withTaskGroup(of: String?.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        let name = "user\(index)"
                        return (try? await servers[index % 2].createUser(name: name, now: Self.now)) != nil ? name : nil
                    }
                }
                return await group.reduce(into: Set<String>()) { if let name = $1 { $0.insert(name) } }
            }
            let reopened = try await IdentityStore.open(persistence: try await database.open(), accountID: Self.account)
            let saved = Set(await reopened.users().map(\.name))
            #expect(saved == created, "acknowledged and saved users differ")
            #expect(created.count == 24, "with retries every write lands")
        }
    }

    @Test("a key created on one server is found by the other at verification time", arguments: Backend.allCases)
    func lookupSeesOtherServer(backend: Backend) async throws {
        try await TestDatabase.with(backend) { database in
            let first = try await IdentityStore.open(persistence: try await database.open(), accountID: Self.account)
            let second = try await IdentityStore.open(persistence: try await database.open(), accountID: Self.account)
            _ = try await first.createUser(name: "alice", now: Self.now)
            let key = try await first.createAccessKey(userName: "alice", now: Self.now)
            #expect(await second.lookup(accessKeyID: key.id) == nil)
            let found = try #require(await second.lookupRefreshing(accessKeyID: key.id))
            #expect(found.secretAccessKey == key.secret)
            #expect(await second.lookupRefreshing(accessKeyID: "AKIANOTAKEY000000000") == nil)
        }
    }

    @Test("state imported from an older file is saved once; a second open loads it", arguments: Backend.allCases)
    func importInitialState(backend: Backend) async throws {
        try await TestDatabase.with(backend) { database in
            let legacy = try IdentityStore(accountID: "210987654321")
            _ = try await legacy.createUser(name: "carol", now: Self.now)
            let imported = try await IdentityStore.open(
                persistence: try await database.open(), accountID: "210987654321", initial: await legacy.snapshot())
            #expect(await imported.users().map(\.name) == ["carol"])
            let again = try await IdentityStore.open(persistence: try await database.open(), accountID: "210987654321", initial: nil)
            #expect(await again.snapshot() == imported.snapshot())
        }
    }
}
