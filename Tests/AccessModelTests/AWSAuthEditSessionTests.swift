import AccessModel
import Testing

/// The read-modify-write loop: a write over a changed ConfigMap is retried on the new content.
@Suite("aws-auth edit session")
struct AWSAuthEditSessionTests {
    /// A ConfigMap in memory whose version is its text; `interference` is applied once, just before
    /// the first write, as another writer would.
    actor MemoryStore: AWSAuthStore {
        var text: String
        var interference: (@Sendable (String) -> String)?
        var writes = 0
        var conflicts = 0

        init(_ text: String, interference: (@Sendable (String) -> String)? = nil) {
            self.text = text
            self.interference = interference
        }

        func read() -> AWSAuthRevision { AWSAuthRevision(text: text, token: Array(text.utf8)) }

        func write(_ newText: String, change: AWSAuthChange, over revision: AWSAuthRevision) -> Bool {
            if let interference {
                text = interference(text)
                self.interference = nil
            }
            guard Array(text.utf8) == revision.token else {
                conflicts += 1
                return false
            }
            writes += 1
            text = newText
            return true
        }
    }

    static let start = "data:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/admin\n      username: admin\n      groups: [system:masters]\n"

    @Test("a conflicting write is re-applied on the other writer's result; nothing is lost")
    func retriesOnConflict() async throws {
        let store = MemoryStore(Self.start) { text in
            text + "    - rolearn: arn:aws:iam::111122223333:role/other\n      username: other\n"
        }
        let report = try await AWSAuthEditSession().run(
            .addRole(RoleMapping(roleARN: "arn:aws:iam::111122223333:role/mine", username: "mine", groups: [])), on: store)
        #expect(report.attempts == 2)
        let final = await store.text
        #expect(await store.conflicts == 1)
        #expect(final.contains("role/other") && final.contains("role/mine") && final.contains("role/admin"))
        #expect(final == Self.start + "    - rolearn: arn:aws:iam::111122223333:role/other\n      username: other\n"
            + "    - rolearn: arn:aws:iam::111122223333:role/mine\n      username: mine\n")
    }

    @Test("a dry run writes nothing; a writer that always wins exhausts the attempts")
    func dryRunAndExhaustion() async throws {
        let quiet = MemoryStore(Self.start)
        let report = try await AWSAuthEditSession(dryRun: true).run(.addAccount("111122223333"), on: quiet)
        #expect(report.diff.contains("+  mapAccounts: |"))
        #expect(await quiet.text == Self.start)

        actor Busy: AWSAuthStore {
            var version = 0
            func read() -> AWSAuthRevision { AWSAuthRevision(text: AWSAuthEditSessionTests.start, token: [UInt8(version)]) }
            func write(_ newText: String, change: AWSAuthChange, over revision: AWSAuthRevision) -> Bool {
                version += 1
                return false
            }
        }
        let busy = Busy()
        await #expect(throws: AWSAuthEditError.conflict(attempts: 3)) {
            try await AWSAuthEditSession(maxAttempts: 3).run(.addAccount("111122223333"), on: busy)
        }
        #expect(await busy.version == 3)
    }
}
