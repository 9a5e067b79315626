import Foundation
import Testing

/// `eksauth server --aws-auth-kubeconfig`: the aws-auth ConfigMap of a live cluster, followed by list
/// and watch against a stand-in API server with resourceVersion semantics — changes apply, a broken
/// ConfigMap keeps the last good mappings, dropped watches and expired versions are recovered.
@Suite("aws-auth from a live cluster", .serialized)
struct LiveConfigMapTests {
    @Test("list + watch: mappings follow the live ConfigMap, survive bad edits, dropped watches and 410 Gone")
    func followsTheConfigMap() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let api = try StandInAPIServer.configMaps(directory: home, token: "watcher-token")
        defer { api.stop() }
        try api.setAWSAuth(mapUsers: "- userarn: arn:aws:iam::123456789012:user/erin\n  username: erin-v1\n  groups: [viewers]\n")
        let kubeconfig = home.appendingPathComponent("kubeconfig")
        try """
            apiVersion: v1
            kind: Config
            clusters:
            - name: live
              cluster:
                server: \(api.url)
                certificate-authority: apiserver-ca.pem
            users:
            - name: watcher
              user:
                token: watcher-token
            contexts:
            - name: live
              context: {cluster: live, user: watcher}
            current-context: live
            """.write(to: kubeconfig, atomically: true, encoding: .utf8)

        let server = try EmbeddedSTSTests.Server(
            state: home.appendingPathComponent("state"), ["--cluster-id", "demo", "--aws-auth-kubeconfig", kubeconfig.path])
        defer { server.stop() }
        let root = AccessAPITests.CLI(environment: server.environment(home: home))
        try root.ok(["iam", "create-user", "--user-name", "erin"])
        let key = try #require(try root.ok(["iam", "create-access-key", "--user-name", "erin"])["AccessKey"] as? [String: Any])
        let token = try AccessAPITests.token(AccessAPITests.keys(key, server, home: home), cluster: "demo")
        let url = server.endpoint + "/authenticate"
        /// Waits for the username the webhook answers to become `expected` (the watch delivers changes asynchronously).
        func eventually(_ expected: String?, _ comment: Comment) throws {
            var seen: String??
            for _ in 0..<150 {
                seen = .some(try AccessAPITests.username(url, token))
                if seen == .some(expected) { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            #expect(seen == .some(expected), comment)
        }
        // The cluster the server creates is in API_AND_CONFIG_MAP mode, so aws-auth is read.
        try eventually("erin-v1", "the listed ConfigMap maps erin")

        try api.setAWSAuth(mapUsers: "- userarn: arn:aws:iam::123456789012:user/erin\n  username: erin-v2\n")
        try eventually("erin-v2", "a MODIFIED event applies")

        try api.setAWSAuth(mapUsers: "- userarn: arn:aws:iam::123456789012:user/erin\n   username: [broken\n")
        Thread.sleep(forTimeInterval: 1)
        try eventually("erin-v2", "a ConfigMap whose mapUsers is not YAML keeps the last good list")
        let health = try Harness.run("curl", ["-sS", server.endpoint + "/healthz"], environment: ProcessInfo.processInfo.environment)
        #expect(health.output.contains("warning: the cluster's aws-auth ConfigMap"), "\(health.output)")

        try api.control("POST", "/control/drop-watches")
        try api.setAWSAuth(mapUsers: "- userarn: arn:aws:iam::123456789012:user/erin\n  username: erin-v3\n")
        try eventually("erin-v3", "after the API server ends the watch, the watcher watches again from its last version")

        try api.control("POST", "/control/expire-next-watch")
        try api.control("POST", "/control/drop-watches")
        try api.setAWSAuth(mapUsers: "- userarn: arn:aws:iam::123456789012:user/erin\n  username: erin-v4\n")
        try eventually("erin-v4", "after 410 Gone, the watcher lists again")
        let stats = try api.control("GET", "/control/stats")
        #expect((stats["lists"] as? Int ?? 0) >= 2, "a second list after 410: \(stats)")
        #expect((stats["watches"] as? Int ?? 0) >= 3, "\(stats)")

        try api.control("DELETE", "/control/configmaps/aws-auth")
        try eventually(nil, "a deleted ConfigMap maps nobody")
    }

    @Test("a kubeconfig the server cannot use stops it with a message")
    func badKubeconfig() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let kubeconfig = home.appendingPathComponent("kubeconfig")
        try """
            apiVersion: v1
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:1"}
            users:
            - name: u
              user:
                exec: {command: aws, args: [eks, get-token]}
            contexts:
            - name: c
              context: {cluster: c, user: u}
            current-context: c
            """.write(to: kubeconfig, atomically: true, encoding: .utf8)
        let result = try Harness.eksauth(
            ["server", "--state-dir", home.appendingPathComponent("state").path, "--port", String(try Harness.freePort()), "--cluster-id", "demo",
             "--aws-auth-kubeconfig", kubeconfig.path],
            environment: Harness.environment(home: home))
        #expect(result.status != 0)
        #expect(result.stderr.contains("exec or auth-provider plugin"), "\(result.stderr)")
    }
}

extension StandInAPIServer {
    /// Sets the aws-auth ConfigMap's data on the ConfigMap stand-in.
    func setAWSAuth(mapRoles: String? = nil, mapUsers: String? = nil) throws {
        var data: [String: String] = [:]
        data["mapRoles"] = mapRoles
        data["mapUsers"] = mapUsers
        let json = String(decoding: try JSONSerialization.data(withJSONObject: data), as: UTF8.self)
        try control("PUT", "/control/configmaps/aws-auth", json)
    }
}
