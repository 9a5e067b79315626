import Foundation
import Testing

/// `eksauth explain --token … --verify-with-sts` and `can-i --token`: the token's identity comes from STS
/// (here the embedded STS of `eksauth server` through the endpoint override), as the authenticator
/// learns it; `--access-entries-from-api` reads entries, policies and the mode from the server.
@Suite("explain a token with STS")
struct ExplainTokenTests {
    @Test("STS names the caller; a token for another cluster is refused as Unauthorized")
    func explainToken() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("state"))
        defer { server.stop() }
        let root = AccessAPITests.CLI(environment: server.environment(home: home))
        try root.ok(["iam", "create-user", "--user-name", "alice"])
        let key = try #require(try root.ok(["iam", "create-access-key", "--user-name", "alice"])["AccessKey"] as? [String: Any])
        let alice = Harness.environment(home: home, [
            "AWS_ACCESS_KEY_ID": key["AccessKeyId"] as? String ?? "", "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"] as? String ?? "",
            "AWS_DEFAULT_REGION": "us-east-1",
        ])
        let token = try Harness.eksauth(["token", "--cluster-name", "demo", "--token-only"], environment: alice).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let awsAuth = home.appendingPathComponent("aws-auth.yaml").path
        try """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: aws-auth, namespace: kube-system}
            data:
              mapUsers: |
                - userarn: arn:aws:iam::123456789012:user/alice
                  username: alice
                  groups: [viewers]
            """.write(toFile: awsAuth, atomically: true, encoding: .utf8)
        let environment = Harness.environment(home: home)
        let explained = try Harness.eksauth(
            ["explain", "--token", token, "--verify-with-sts", "--sts-endpoint-override", server.endpoint, "--cluster", "demo", "--aws-auth", awsAuth],
            environment: environment)
        #expect(explained.status == 0, "\(explained.output)\(explained.stderr)")
        #expect(explained.output.contains("says the token is arn:aws:iam::123456789012:user/alice's"), "\(explained.output)")
        #expect(explained.output.contains(#"authenticated as "alice""#), "\(explained.output)")

        let otherCluster = try Harness.eksauth(
            ["explain", "--token", token, "--verify-with-sts", "--sts-endpoint-override", server.endpoint, "--cluster", "other", "--aws-auth", awsAuth],
            environment: environment)
        #expect(otherCluster.status == 1)
        #expect(otherCluster.output.contains("STS refused the token for cluster other"), "\(otherCluster.output)")
        #expect(otherCluster.output.contains("You must be logged in to the server (Unauthorized)"), "\(otherCluster.output)")
    }

    @Test("--access-entries-from-api: entries, policies and the mode come from the server")
    func accessEntriesFromTheServer() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("state"), ["--cluster-id", "demo"])
        defer { server.stop() }
        let environment = server.environment(home: home)
        let root = AccessAPITests.CLI(environment: environment)
        try root.ok(["iam", "create-user", "--user-name", "alice"])
        let alice = "arn:aws:iam::123456789012:user/alice"
        try root.ok(["eks", "create-access-entry", "--cluster-name", "demo", "--principal-arn", alice])
        try root.ok(["eks", "associate-access-policy", "--cluster-name", "demo", "--principal-arn", alice,
                     "--policy-arn", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", "--access-scope", "type=namespace,namespaces=default"])
        let allowed = try Harness.eksauth(
            ["can-i", "list", "pods", "-n", "default", "--arn", alice, "--access-entries-from-api", "--cluster", "demo"], environment: environment)
        #expect(allowed.status == 0, "\(allowed.output)\(allowed.stderr)")
        #expect(allowed.output.contains("AmazonEKSViewPolicy"), "\(allowed.output)")
        let secrets = try Harness.eksauth(
            ["can-i", "get", "secrets", "-n", "default", "--arn", alice, "--access-entries-from-api", "--cluster", "demo"], environment: environment)
        #expect(secrets.status == 1, "\(secrets.output)")
        let missing = try Harness.eksauth(
            ["can-i", "list", "pods", "--arn", alice, "--access-entries-from-api", "--cluster", "nope"], environment: environment)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("ResourceNotFoundException: No cluster found for name: nope."), "\(missing.stderr)")
    }

    @Test("can-i --token: the principal behind the token comes from STS")
    func canIWithToken() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("state"), ["--cluster-id", "demo"])
        defer { server.stop() }
        let environment = server.environment(home: home)
        let root = AccessAPITests.CLI(environment: environment)
        try root.ok(["iam", "create-user", "--user-name", "alice"])
        let key = try #require(try root.ok(["iam", "create-access-key", "--user-name", "alice"])["AccessKey"] as? [String: Any])
        try root.ok(["eks", "create-access-entry", "--cluster-name", "demo", "--principal-arn", "arn:aws:iam::123456789012:user/alice"])
        try root.ok(["eks", "associate-access-policy", "--cluster-name", "demo", "--principal-arn", "arn:aws:iam::123456789012:user/alice",
                     "--policy-arn", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", "--access-scope", "type=cluster"])
        let token = try Harness.eksauth(["token", "--cluster-name", "demo", "--token-only"], environment: Harness.environment(home: home, [
            "AWS_ACCESS_KEY_ID": key["AccessKeyId"] as? String ?? "", "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"] as? String ?? "",
            "AWS_DEFAULT_REGION": "us-east-1",
        ])).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let yes = try Harness.eksauth(
            ["can-i", "list", "pods", "--token", token, "--sts-endpoint-override", server.endpoint, "--access-entries-from-api", "--cluster", "demo"],
            environment: environment)
        #expect(yes.status == 0, "\(yes.output)\(yes.stderr)")
        #expect(yes.output.hasPrefix("yes"))
        let refused = try Harness.eksauth(
            ["can-i", "list", "pods", "--token", "k8s-aws-v1.bm90LWEtdG9rZW4", "--access-entries-from-api", "--cluster", "demo"], environment: environment)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("the token is refused"), "\(refused.stderr)")
    }
}
