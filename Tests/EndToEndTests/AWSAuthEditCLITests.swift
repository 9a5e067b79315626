import Foundation
import Testing

/// `eksauth aws-auth get | add-role | add-user | add-account | remove` as a user runs them: on a file
/// (in place, byte-preserving, --dry-run, --force) and on a live cluster through a stand-in API
/// server with resourceVersion/409 semantics, with concurrent writers.
@Suite("eksauth aws-auth edits", .serialized)
struct AWSAuthEditCLITests {
    static let configMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: aws-auth
          namespace: kube-system
        data:
          mapRoles: |
            # nodes
            - rolearn: arn:aws:iam::111122223333:role/nodes
              username: system:node:{{EC2PrivateDNSName}}
              groups:
                - system:bootstrappers
                - system:nodes
            # admins
            - rolearn: arn:aws:iam::111122223333:role/admin
              username: admin
              groups:
                - system:masters
          mapAccounts: |
            - "444455556666"

        """

    @Test("on a file: add, get, --dry-run, refusals and --force, remove back to the original bytes")
    func fileMode() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = Harness.environment(home: home)
        let file = home.appendingPathComponent("aws-auth.yaml").path
        try Self.configMap.write(toFile: file, atomically: true, encoding: .utf8)
        func contents() throws -> String { try String(contentsOfFile: file, encoding: .utf8) }
        let dev = ["--arn", "arn:aws:iam::111122223333:role/dev", "--username", "dev:{{SessionName}}", "--group", "developers", "--group", "viewers"]

        let dry = try Harness.eksauth(["aws-auth", "add-role", "--file", file, "--dry-run"] + dev, environment: environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.output == """
            --- a/aws-auth
            +++ b/aws-auth
            @@ -16,5 +16,10 @@
                   username: admin
                   groups:
                     - system:masters
            +    - rolearn: arn:aws:iam::111122223333:role/dev
            +      username: dev:{{SessionName}}
            +      groups:
            +        - developers
            +        - viewers
               mapAccounts: |
                 - "444455556666"

            """)
        #expect(try contents() == Self.configMap, "a dry run writes nothing")

        let added = try Harness.eksauth(["aws-auth", "add-role", "--file", file] + dev, environment: environment)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.output == "added arn:aws:iam::111122223333:role/dev to mapRoles\n")
        let user = try Harness.eksauth(
            ["aws-auth", "add-user", "--file", file, "--arn", "arn:aws:iam::111122223333:user/alice", "--username", "alice", "--group", "viewers"], environment: environment)
        #expect(user.status == 0, "\(user.stderr)")
        let again = try Harness.eksauth(["aws-auth", "add-role", "--file", file, "--no-duplicate-arns"] + dev, environment: environment)
        #expect(again.status == 0)
        #expect(again.stderr.contains("nothing to change"))
        let shadow = try Harness.eksauth(
            ["aws-auth", "add-role", "--file", file, "--arn", "arn:aws:iam::111122223333:role/dev", "--username", "someone-else"], environment: environment)
        #expect(shadow.status == 2)
        #expect(shadow.stderr.contains("would silently replace the first") && shadow.stderr.contains("eksauth aws-auth remove --arn"), "\(shadow.stderr)")

        let table = try Harness.eksauth(["aws-auth", "get", "--file", file], environment: environment)
        let rows = table.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows == [
            ["ARN", "USERNAME", "GROUPS", "ACCOUNT"],
            ["arn:aws:iam::111122223333:role/nodes", "system:node:{{EC2PrivateDNSName}}", "system:bootstrappers,system:nodes"],
            ["arn:aws:iam::111122223333:role/admin", "admin", "system:masters"],
            ["arn:aws:iam::111122223333:role/dev", "dev:{{SessionName}}", "developers,viewers"],
            ["arn:aws:iam::111122223333:user/alice", "alice", "viewers"],
            ["444455556666"],
        ], "\(table.output)")
        let lines = table.output.split(separator: "\n").map(String.init)
        #expect(lines[0].range(of: "USERNAME")?.lowerBound.utf16Offset(in: lines[0]) == lines[1].range(of: "system:node:")?.lowerBound.utf16Offset(in: lines[1]))
        #expect(lines[0].range(of: "ACCOUNT")?.lowerBound.utf16Offset(in: lines[0]) == lines[5].range(of: "4444")?.lowerBound.utf16Offset(in: lines[5]))
        let json = try Harness.eksauth(["aws-auth", "get", "--file", file, "--arn", "arn:aws:iam::111122223333:role/dev", "--output", "json"], environment: environment)
        let objects = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]], "\(json.output)")
        #expect(objects.count == 1)
        #expect(objects.first?["username"] as? String == "dev:{{SessionName}}")
        #expect(objects.first?["groups"] as? [String] == ["developers", "viewers"])
        let missing = try Harness.eksauth(["aws-auth", "get", "--file", file, "--arn", "arn:aws:iam::111122223333:role/nope"], environment: environment)
        #expect(missing.status != 0)

        let lockout = try Harness.eksauth(["aws-auth", "remove", "--file", file, "--arn", "arn:aws:iam::111122223333:role/admin"], environment: environment)
        #expect(lockout.status == 2)
        #expect(lockout.stderr.contains("last mapping with cluster-admin") && lockout.stderr.contains("--force"), "\(lockout.stderr)")
        let node = try Harness.eksauth(["aws-auth", "remove", "--file", file, "--arn", "arn:aws:iam::111122223333:role/nodes"], environment: environment)
        #expect(node.status == 2)
        #expect(node.stderr.contains("node role") && node.stderr.contains("--force"), "\(node.stderr)")
        let badLint = try Harness.eksauth(
            ["aws-auth", "add-user", "--file", file, "--arn", "arn:aws:iam::111122223333:user/bob", "--username", "bob:{{SessionName}}"], environment: environment)
        #expect(badLint.status == 2)
        #expect(badLint.stderr.contains("new lint errors") && badLint.stderr.contains("[template]"), "\(badLint.stderr)")
        let session = try Harness.eksauth(
            ["aws-auth", "add-role", "--file", file, "--arn", "arn:aws:sts::111122223333:assumed-role/dev/jane", "--username", "x"], environment: environment)
        #expect(session.status == 2)
        #expect(session.stderr.contains("map the role: arn:aws:iam::111122223333:role/dev"), "\(session.stderr)")

        // Undo everything: the file is the original, byte for byte.
        for arn in ["arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:role/dev"] {
            let removed = try Harness.eksauth(["aws-auth", "remove", "--file", file, "--arn", arn], environment: environment)
            #expect(removed.status == 0, "\(removed.stderr)")
        }
        #expect(try contents() == Self.configMap)

        let forced = try Harness.eksauth(["aws-auth", "remove", "--file", file, "--arn", "arn:aws:iam::111122223333:role/nodes", "--force"], environment: environment)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try !contents().contains("role/nodes"))
        let account = try Harness.eksauth(["aws-auth", "remove", "--file", file, "--account", "444455556666"], environment: environment)
        #expect(account.status == 0, "\(account.stderr)")
        let final = try contents()
        #expect(final.hasSuffix("        - system:masters\n") && !final.contains("mapAccounts"), "the emptied list goes: \(final)")
    }

    @Test("on a file: two writers adding ten roles each at once lose nothing; get --output yaml")
    func concurrentFileWriters() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = Harness.environment(home: home)
        let file = home.appendingPathComponent("aws-auth.yaml").path
        try Self.configMap.write(toFile: file, atomically: true, encoding: .utf8)
        let failures = LockedFailures()
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            for index in 0..<10 {
                let arn = "arn:aws:iam::111122223333:role/file-writer\(writer)-\(index)"
                do {
                    let result = try Harness.eksauth(["aws-auth", "add-role", "--file", file, "--arn", arn, "--username", "f\(writer)-\(index)"], environment: environment)
                    if result.status != 0 { failures.add("\(arn): \(result.stderr)") }
                } catch {
                    failures.add("\(arn): \(error)")
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        for writer in 0..<2 {
            for index in 0..<10 { #expect(text.contains("role/file-writer\(writer)-\(index)\n"), "file-writer\(writer)-\(index) lost") }
        }
        #expect(text.hasPrefix(Self.configMap.components(separatedBy: "  mapAccounts:")[0]))
        #expect(text.hasSuffix("  mapAccounts: |\n    - \"444455556666\"\n"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: home.path).filter { $0.contains("eksauth-") }
        #expect(leftovers.isEmpty, "no temporary files are left: \(leftovers)")
        let yaml = try Harness.eksauth(["aws-auth", "get", "--file", file, "--arn", "arn:aws:iam::111122223333:role/admin", "--output", "yaml"], environment: environment)
        #expect(yaml.output == "- rolearn: arn:aws:iam::111122223333:role/admin\n  username: admin\n  groups:\n  - system:masters\n", "\(yaml.output)")
    }

    /// A stand-in API server holding ``liveData`` as aws-auth, and a kubeconfig that reaches it.
    static func liveServer(home: URL, token: String) throws -> (StandInAPIServer, String) {
        let api = try StandInAPIServer.configMaps(directory: home, token: token)
        try api.control("PUT", "/control/configmaps/aws-auth", String(decoding: try JSONSerialization.data(withJSONObject: liveData), as: UTF8.self))
        return (api, try api.kubeconfig(in: home, token: token, file: "kubeconfig"))
    }

    /// The live ConfigMap, as the API server returns it.
    static func live(_ api: StandInAPIServer, token: String) throws -> [String: Any] {
        let result = try Harness.run(
            "curl", ["-sS", "--cacert", api.caFile, "-H", "Authorization: Bearer \(token)", api.url + "/api/v1/namespaces/kube-system/configmaps/aws-auth"],
            environment: ProcessInfo.processInfo.environment)
        return try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.output)")
    }

    static let liveData: [String: String] = [
        "mapRoles": "- rolearn: arn:aws:iam::111122223333:role/nodes\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n  - system:bootstrappers\n  - system:nodes\n"
            + "# admins\n- rolearn: arn:aws:iam::111122223333:role/admin\n  username: admin\n  groups:\n  - system:masters\n",
        "mapAccounts": "- \"444455556666\"\n",
        "other-tool-config": "keep: me\n",
    ]

    @Test("live: two writers adding ten roles each at once lose nothing; conflicts are retried")
    func concurrentWriters() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let (api, kubeconfig) = try Self.liveServer(home: home, token: "editor")
        defer { api.stop() }
        let environment = Harness.environment(home: home)

        let failures = LockedFailures()
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            for index in 0..<10 {
                let arn = "arn:aws:iam::111122223333:role/writer\(writer)-\(index)"
                do {
                    let result = try Harness.eksauth(
                        ["aws-auth", "add-role", "--kubeconfig", kubeconfig, "--arn", arn, "--username", "w\(writer)-\(index)", "--group", "team\(writer)"],
                        environment: environment)
                    if result.status != 0 { failures.add("\(arn): \(result.stderr)") }
                } catch {
                    failures.add("\(arn): \(error)")
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        let object = try Self.live(api, token: "editor")
        let data = try #require(object["data"] as? [String: String])
        let roles = try #require(data["mapRoles"])
        for writer in 0..<2 {
            for index in 0..<10 { #expect(roles.contains("role/writer\(writer)-\(index)\n"), "writer\(writer)-\(index) lost:\n\(roles)") }
        }
        #expect(roles.hasPrefix(Self.liveData["mapRoles"]!), "the existing entries and the comment are kept as written")
        #expect(data["mapAccounts"] == Self.liveData["mapAccounts"])
        #expect(data["other-tool-config"] == "keep: me\n")
        #expect((object["metadata"] as? [String: Any])?["annotations"] as? [String: String] == ["example.com/owner": "platform-team"])
        let stats = try api.control("GET", "/control/stats")
        let puts = stats["puts"] as? Int ?? 0, conflicts = stats["conflicts"] as? Int ?? 0
        #expect(puts - conflicts == 20, "every add wrote exactly once: \(stats)")
    }

    @Test("live: a write that slips in before the PUT makes it 409; the edit is re-applied on the new data")
    func conflictIsReapplied() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let (api, kubeconfig) = try Self.liveServer(home: home, token: "editor")
        defer { api.stop() }
        let environment = Harness.environment(home: home)
        var slipped = Self.liveData
        slipped["mapRoles"]! += "- rolearn: arn:aws:iam::111122223333:role/slipped-in\n  username: other-writer\n"
        try api.control("POST", "/control/on-next-put/aws-auth", String(decoding: try JSONSerialization.data(withJSONObject: slipped), as: UTF8.self))

        let versionBefore = try #require((try Self.live(api, token: "editor")["metadata"] as? [String: Any])?["resourceVersion"] as? String)
        let dry = try Harness.eksauth(
            ["aws-auth", "add-user", "--kubeconfig", kubeconfig, "--arn", "arn:aws:iam::111122223333:user/alice", "--username", "alice", "--dry-run"],
            environment: environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.output.contains("+  mapUsers: |\n+    - userarn: arn:aws:iam::111122223333:user/alice\n"), "\(dry.output)")

        let result = try Harness.eksauth(
            ["aws-auth", "add-user", "--kubeconfig", kubeconfig, "--arn", "arn:aws:iam::111122223333:user/alice", "--username", "alice"],
            environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output.contains("after 1 conflicting write(s) by others, re-applied"), "\(result.output)")
        let data = try #require(try Self.live(api, token: "editor")["data"] as? [String: String])
        #expect(data["mapRoles"] == slipped["mapRoles"], "the other writer's change is kept")
        #expect(data["mapUsers"] == "- userarn: arn:aws:iam::111122223333:user/alice\n  username: alice\n")
        let stats = try api.control("GET", "/control/stats")
        #expect(stats["conflicts"] as? Int == 1 && stats["puts"] as? Int == 2, "\(stats)")
        // Watchers see both writes, in order.
        let watch = try Harness.run(
            "curl", ["-sS", "--cacert", api.caFile, "-H", "Authorization: Bearer editor",
                     api.url + "/api/v1/namespaces/kube-system/configmaps?fieldSelector=metadata.name%3Daws-auth&watch=true&timeoutSeconds=1&resourceVersion=\(versionBefore)"],
            environment: ProcessInfo.processInfo.environment)
        let events = watch.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(events.map { $0["type"] as? String } == ["MODIFIED", "MODIFIED"], "\(watch.output)")
        #expect(((events.last?["object"] as? [String: Any])?["data"] as? [String: String])?["mapUsers"]?.contains("user/alice") == true)

        // The lockout check sees groups bound to cluster-admin by the cluster's ClusterRoleBindings.
        let remove = ["aws-auth", "remove", "--kubeconfig", kubeconfig, "--arn", "arn:aws:iam::111122223333:role/admin"]
        let refused = try Harness.eksauth(remove, environment: environment)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("last mapping with cluster-admin"), "\(refused.stderr)")
        try api.control("PUT", "/control/rbac/clusterrolebindings", """
            [{"metadata": {"name": "platform-admins"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
              "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "platform"}]}]
            """)
        let platform = try Harness.eksauth(
            ["aws-auth", "add-user", "--kubeconfig", kubeconfig, "--arn", "arn:aws:iam::111122223333:user/ops", "--username", "ops", "--group", "platform"],
            environment: environment)
        #expect(platform.status == 0, "\(platform.stderr)")
        let allowed = try Harness.eksauth(remove, environment: environment)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let after = try #require(try Self.live(api, token: "editor")["data"] as? [String: String])
        #expect(after["mapRoles"]?.contains("role/admin") == false)
        #expect(after["mapRoles"]?.contains("# admins\n- rolearn: arn:aws:iam::111122223333:role/slipped-in") == true, "\(after["mapRoles"] ?? "")")
    }
}

/// Failures collected from several threads.
final class LockedFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String] = []
    func add(_ failure: String) { lock.withLock { failures.append(failure) } }
    var all: [String] { lock.withLock { failures } }
}
