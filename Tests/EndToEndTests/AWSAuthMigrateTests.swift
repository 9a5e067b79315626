import Foundation
import Testing

/// `eksauth aws-auth migrate` against `eksauth server`: a realistic aws-auth (a node group, admins,
/// developers, an SSO role with a path, a Fargate role, an account) planned with --dry-run, then
/// applied through the access API.
@Suite("eksauth aws-auth migrate", .serialized)
struct AWSAuthMigrateTests {
    @Test("dry-run prints the plan and changes nothing; the real run creates the entries and switches the mode")
    func migrate() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("state"))
        defer { server.stop() }
        let environment = server.environment(home: home)
        let aws = AccessAPITests.CLI(environment: environment)
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#
        for (name, path) in [("nodes", "/"), ("admins", "/"), ("dev", "/"), ("AWSReservedSSO_ReadOnly_1234", "/aws-reserved/sso.amazonaws.com/"), ("fargate-pods", "/")] {
            try aws.ok(["iam", "create-role", "--role-name", name, "--path", path, "--assume-role-policy-document", trust])
        }
        try aws.ok(["iam", "create-user", "--user-name", "bob"])
        try aws.ok(["eks", "create-cluster", "--name", "legacy", "--role-arn", "arn:aws:iam::123456789012:role/eks", "--resources-vpc-config", "subnetIds=s"])
        let configMap = home.appendingPathComponent("aws-auth.yaml").path
        try """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: aws-auth, namespace: kube-system}
            data:
              mapRoles: |
                - rolearn: arn:aws:iam::123456789012:role/nodes
                  username: system:node:{{EC2PrivateDNSName}}
                  groups: [system:bootstrappers, system:nodes]
                - rolearn: arn:aws:iam::123456789012:role/admins
                  username: admin:{{SessionName}}
                  groups: [system:masters]
                - rolearn: arn:aws:iam::123456789012:role/dev
                  username: dev:{{SessionName}}
                  groups: [developers]
                - rolearn: arn:aws:iam::123456789012:role/AWSReservedSSO_ReadOnly_1234
                  username: sso-readonly:{{SessionName}}
                  groups: [viewers]
                - rolearn: arn:aws:iam::123456789012:role/fargate-pods
                  username: system:node:{{SessionName}}
                  groups: [system:bootstrappers, system:nodes, system:node-proxier]
                - rolearn: arn:aws:iam::123456789012:role/deleted-role
                  username: gone
              mapUsers: |
                - userarn: arn:aws:iam::123456789012:user/bob
                  username: system:bob
                  groups: [ops]
              mapAccounts: |
                - "111122223333"
            """.write(toFile: configMap, atomically: true, encoding: .utf8)

        let dry = try Harness.eksauth(["aws-auth", "migrate", "--cluster", "legacy", configMap, "--dry-run"], environment: environment)
        try #require(dry.status == 0, "\(dry.stderr)")
        for line in [
            "plan (dry run, nothing changed) for legacy:",
            "  switch the authentication mode CONFIG_MAP -> API_AND_CONFIG_MAP",
            "  create EC2_LINUX arn:aws:iam::123456789012:role/nodes  [from mapRoles: arn:aws:iam::123456789012:role/nodes]",
            "  create STANDARD arn:aws:iam::123456789012:role/admins username=admin:{{SessionName}} + AmazonEKSClusterAdminPolicy (cluster scope)",
            "  create STANDARD arn:aws:iam::123456789012:role/dev username=dev:{{SessionName}} groups=developers",
            "  create STANDARD arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_1234 username=sso-readonly:{{SessionName}} groups=viewers",
            "  create FARGATE_LINUX arn:aws:iam::123456789012:role/fargate-pods",
            "  skip mapRoles: arn:aws:iam::123456789012:role/deleted-role: IAM has no role named deleted-role",
            "  create STANDARD arn:aws:iam::123456789012:user/bob groups=ops",
            "    note: username system:bob is not allowed for access entries (The username must not begin with system:); the default is used",
            "  skip mapAccounts: 111122223333: a whole account cannot be an access entry",
        ] {
            #expect(dry.output.contains(line), "missing: \(line)\n\(dry.output)")
        }
        #expect((try aws.ok(["eks", "describe-cluster", "--name", "legacy"])["cluster"] as? [String: Any]).flatMap { $0["accessConfig"] as? [String: Any] }?["authenticationMode"] as? String == "CONFIG_MAP", "the dry run changed nothing")

        let applied = try Harness.eksauth(["aws-auth", "migrate", "--cluster", "legacy", configMap], environment: environment)
        try #require(applied.status == 0, "\(applied.output)\(applied.stderr)")
        #expect(applied.output.contains("6 of 6 entries created; 2 mapping(s) stay in aws-auth only"), "\(applied.output)")
        let entries = try #require(try aws.ok(["eks", "list-access-entries", "--cluster-name", "legacy"])["accessEntries"] as? [String])
        #expect(entries.count == 6)
        #expect(entries.contains("arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_1234"), "the role path was recovered from IAM")
        let nodes = try #require(try aws.ok(["eks", "describe-access-entry", "--cluster-name", "legacy", "--principal-arn", "arn:aws:iam::123456789012:role/nodes"])["accessEntry"] as? [String: Any])
        #expect(nodes["type"] as? String == "EC2_LINUX")
        let admins = try aws.ok(["eks", "list-associated-access-policies", "--cluster-name", "legacy", "--principal-arn", "arn:aws:iam::123456789012:role/admins"])
        #expect((admins["associatedAccessPolicies"] as? [[String: Any]])?.first?["policyArn"] as? String == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy")
        let again = try Harness.eksauth(["aws-auth", "migrate", "--cluster", "legacy", configMap, "--dry-run"], environment: environment)
        #expect(again.output.contains("already has an access entry"), "a second run skips what exists: \(again.output)")
        #expect(!again.output.contains("switch the authentication mode"))
    }
}
