import Foundation
import Testing

/// `eksauth explain --token … --verify-with-sts`: the token's identity comes from STS (here the
/// embedded STS of `eksauth server` through the endpoint override), as the authenticator learns it.
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
        #expect(otherCluster.output.contains("STS rejected the token for cluster other"), "\(otherCluster.output)")
        #expect(otherCluster.output.contains("You must be logged in to the server (Unauthorized)"), "\(otherCluster.output)")
    }
}
