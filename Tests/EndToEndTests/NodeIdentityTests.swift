import Foundation
import Testing

/// `{{EC2PrivateDNSName}}` in node role mappings: from the configured instance table in embedded
/// mode, and from EC2 DescribeInstances (moto's EC2 as the peer) in AWS mode.
@Suite("node identities: EC2 private DNS names", .serialized)
struct NodeIdentityTests {
    static let nodeTrust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#

    /// Credentials of a session of `role` named `session` from `sts`, as an environment for the AWS CLI.
    static func session(_ sts: EmbeddedSTSTests.Server, home: URL, role: String, name: String) throws -> [String: String] {
        let root = AccessAPITests.CLI(environment: sts.environment(home: home))
        let assumed = try root.ok(["sts", "assume-role", "--role-arn", role, "--role-session-name", name])
        return AccessAPITests.keys(try #require(assumed["Credentials"] as? [String: Any]), sts, home: home)
    }

    @Test("embedded mode: the ec2Instances table names nodes; access entries of type EC2_LINUX too; unknown instances are denied")
    func embeddedTable() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let config = home.appendingPathComponent("server.yaml")
        try """
            clusterId: demo
            ec2Instances:
              i-0123456789abcdef0: ip-10-0-0-1.ec2.internal
              i-0fedcba9876543210: ip-10-0-0-2.ec2.internal
            mapRoles:
              - rolearn: arn:aws:iam::123456789012:role/nodes
                username: system:node:{{EC2PrivateDNSName}}
                groups: [system:bootstrappers, system:nodes]
            """.write(to: config, atomically: true, encoding: .utf8)
        let server = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("state"), ["--config", config.path])
        defer { server.stop() }
        let root = AccessAPITests.CLI(environment: server.environment(home: home))
        for role in ["nodes", "karpenter-nodes"] {
            try root.ok(["iam", "create-role", "--role-name", role, "--assume-role-policy-document", Self.nodeTrust])
        }
        let url = server.endpoint + "/authenticate"
        let node = try Self.session(server, home: home, role: "arn:aws:iam::123456789012:role/nodes", name: "i-0123456789abcdef0")
        let answer = try WebhookAuthenticateTests.review(url, try AccessAPITests.token(node, cluster: "demo"))
        let user = (answer.body["status"] as? [String: Any])?["user"] as? [String: Any]
        #expect(user?["username"] as? String == "system:node:ip-10-0-0-1.ec2.internal", "\(answer.body)")
        #expect(user?["groups"] as? [String] == ["system:bootstrappers", "system:nodes"])

        try root.ok(["eks", "create-access-entry", "--cluster-name", "demo", "--principal-arn", "arn:aws:iam::123456789012:role/karpenter-nodes", "--type", "EC2_LINUX"])
        let karpenter = try Self.session(server, home: home, role: "arn:aws:iam::123456789012:role/karpenter-nodes", name: "i-0fedcba9876543210")
        let entryAnswer = try WebhookAuthenticateTests.review(url, try AccessAPITests.token(karpenter, cluster: "demo"))
        let entryUser = (entryAnswer.body["status"] as? [String: Any])?["user"] as? [String: Any]
        #expect(entryUser?["username"] as? String == "system:node:ip-10-0-0-2.ec2.internal", "\(entryAnswer.body)")
        #expect(entryUser?["groups"] as? [String] == ["system:nodes"])

        let stranger = try Self.session(server, home: home, role: "arn:aws:iam::123456789012:role/nodes", name: "i-00000000000000000")
        let denied = try WebhookAuthenticateTests.review(url, try AccessAPITests.token(stranger, cluster: "demo"))
        #expect(denied.status == 403)
        #expect(((denied.body["status"] as? [String: Any])?["error"] as? String)?.contains("not in the server's ec2Instances table") == true, "\(denied.body)")
        let notAnInstance = try Self.session(server, home: home, role: "arn:aws:iam::123456789012:role/nodes", name: "alice")
        let refused = try WebhookAuthenticateTests.review(url, try AccessAPITests.token(notAnInstance, cluster: "demo"))
        #expect(((refused.body["status"] as? [String: Any])?["error"] as? String)?.contains("is not an instance id") == true, "\(refused.body)")
    }

    @Test("AWS mode: the private DNS name comes from EC2 DescribeInstances")
    func awsModeDescribeInstances() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let moto = try MotoServer()
        defer { moto.stop() }
        let started = try Harness.run(
            "python3", [Harness.support.appendingPathComponent("moto_instance.py").path, moto.endpoint], environment: ProcessInfo.processInfo.environment)
        try #require(started.status == 0, "\(started.stderr)")
        let parts = started.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\t").map(String.init)
        try #require(parts.count == 2)
        let (instanceID, privateDNSName) = (parts[0], parts[1])

        let sts = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("sts"))
        defer { sts.stop() }
        try AccessAPITests.CLI(environment: sts.environment(home: home)).ok(
            ["iam", "create-role", "--role-name", "nodes", "--assume-role-policy-document", Self.nodeTrust])
        let config = home.appendingPathComponent("webhook.yaml")
        try """
            clusterId: demo
            verification: aws
            ec2EndpointOverride: \(moto.endpoint)
            mapRoles:
              - rolearn: arn:aws:iam::123456789012:role/nodes
                username: system:node:{{EC2PrivateDNSName}}
                groups: [system:bootstrappers, system:nodes]
            """.write(to: config, atomically: true, encoding: .utf8)
        // The webhook's own AWS credentials sign DescribeInstances (moto checks no signatures by default).
        let webhook = try EmbeddedSTSTests.Server(
            state: home.appendingPathComponent("webhook"), ["--config", config.path, "--sts-endpoint-override", sts.endpoint],
            environment: Harness.environment(home: home, ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"]))
        defer { webhook.stop() }
        let node = try Self.session(sts, home: home, role: "arn:aws:iam::123456789012:role/nodes", name: instanceID)
        let answer = try WebhookAuthenticateTests.review(webhook.endpoint + "/authenticate", try AccessAPITests.token(node, cluster: "demo"))
        let user = (answer.body["status"] as? [String: Any])?["user"] as? [String: Any]
        #expect(user?["username"] as? String == "system:node:\(privateDNSName)", "\(answer.body)")
        let unknown = try Self.session(sts, home: home, role: "arn:aws:iam::123456789012:role/nodes", name: "i-00000000000000000")
        let denied = try WebhookAuthenticateTests.review(webhook.endpoint + "/authenticate", try AccessAPITests.token(unknown, cluster: "demo"))
        #expect(denied.status == 403)
        #expect(((denied.body["status"] as? [String: Any])?["error"] as? String)?.contains("InvalidInstanceID.NotFound") == true, "\(denied.body)")
    }
}
