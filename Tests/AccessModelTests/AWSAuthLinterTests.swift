import AccessModel
import Testing

/// `aws-auth lint`: a catalog of broken ConfigMaps, one per check, each found with its line.
@Suite("aws-auth lint")
struct AWSAuthLinterTests {
    /// A ConfigMap whose `data` is `body` (indented under `data:`); its first data line is line 6.
    static func configMap(_ body: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\ndata:\n" + body
    }

    static let catalog: [(name: String, body: String, check: String, severity: LintFinding.Severity, line: Int?)] = [
        ("YAML error inside mapRoles", "  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/a\n     username: [broken\n", "yaml-error", .error, 8),
        ("misspelled key", "  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/a\n      usernme: a\n      username: a\n", "unknown-key", .error, 8),
        ("entry without its ARN", "  mapRoles: |\n    - roleARN: \"\"\n      username: a\n", "ignored-entry", .error, 7),
        ("role ARN with a path", "  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/team/dev\n      username: dev\n", "role-path", .warning, 7),
        ("assumed-role session ARN", "  mapRoles: |\n    - rolearn: arn:aws:sts::111122223333:assumed-role/dev/jane\n      username: dev\n", "session-arn", .error, 7),
        ("instance profile ARN", "  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:instance-profile/nodes\n      username: n\n", "wrong-arn-type", .error, 7),
        ("userarn under mapRoles", "  mapRoles: |\n    - userarn: arn:aws:iam::111122223333:user/bob\n      username: bob\n", "wrong-list", .error, 7),
        ("rolearn under mapUsers", "  mapUsers: |\n    - rolearn: arn:aws:iam::111122223333:role/bob\n      username: bob\n", "wrong-list", .error, 7),
        ("SessionName under mapUsers", "  mapUsers: |\n    - userarn: arn:aws:iam::111122223333:user/bob\n      username: bob:{{SessionName}}\n", "template", .error, 7),
        ("EC2PrivateDNSName outside a node role", "  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/a\n      username: a:{{EC2PrivateDNSName}}\n", "template", .warning, 7),
        ("unknown template", "  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/a\n      username: a:{{SessionID}}\n", "unknown-template", .error, 7),
        ("duplicate ARN", "  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/a\n      username: a\n    - rolearn: arn:aws:iam::111122223333:role/A\n      username: b\n", "duplicate-arn", .error, 9),
        ("unquoted account id with a leading zero", "  mapAccounts: |\n    - 012345678901\n", "unquoted-account", .error, 7),
        ("unquoted account id", "  mapAccounts: |\n    - 111122223333\n", "unquoted-account", .warning, 7),
        ("not an account id", "  mapAccounts: |\n    - \"1234\"\n", "bad-account", .error, 7),
        ("empty username", "  mapUsers: |\n    - userarn: arn:aws:iam::111122223333:user/bob\n      username: \"\"\n", "empty-username", .error, 7),
        ("node role without its groups", "  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/nodes\n      username: system:node:{{EC2PrivateDNSName}}\n      groups: [system:nodes]\n", "node-groups", .error, 7),
        ("system:masters grant", "  mapUsers: |\n    - userarn: arn:aws:iam::111122223333:user/bob\n      username: bob\n      groups: [system:masters]\n", "system-masters", .warning, 7),
        ("misspelled data key", "  mapRole: |\n    - rolearn: arn:aws:iam::111122223333:role/a\n      username: a\n", "unknown-data-key", .error, 6),
        ("sso entry (upstream matches it only behind a feature gate)", "  mapRoles: |\n    - sso:\n        permissionSetName: Admin\n        accountID: \"111122223333\"\n      username: admin:{{SessionName}}\n", "sso-entry", .warning, 7),
        ("sso entry with an unquoted account", "  mapRoles: |\n    - sso:\n        permissionSetName: Admin\n        accountID: 111122223333\n      username: admin\n", "unquoted-account", .error, 7),
        ("sso entry with a bad account", "  mapRoles: |\n    - sso:\n        permissionSetName: Admin\n        accountID: \"1111\"\n      username: admin\n", "ignored-entry", .error, 7),
        ("sso entry and rolearn together", "  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/a\n      sso: {permissionSetName: Admin, accountID: \"111122223333\"}\n      username: a\n", "ignored-entry", .error, 7),
        ("quoted list (not a block)", "  mapUsers: \"- userarn: arn:aws:iam::111122223333:user/bob\\n  username: bob:{{SessionName}}\\n\"\n", "template", .error, 6),
    ]

    @Test("each broken ConfigMap is reported with its check, severity and line", arguments: catalog.indices)
    func catalogEntry(_ index: Int) {
        let entry = Self.catalog[index]
        let findings = AWSAuthLinter.lint(configMap: Self.configMap(entry.body))
        let found = findings.first { $0.check == entry.check }
        #expect(found != nil, "\(entry.name): \(findings)")
        #expect(found?.severity == entry.severity, "\(entry.name): \(findings)")
        #expect(found?.line == entry.line, "\(entry.name): \(findings)")
    }

    @Test("a healthy ConfigMap has no findings")
    func clean() {
        let text = Self.configMap("""
              mapRoles: |
                - rolearn: arn:aws:iam::111122223333:role/nodes
                  username: system:node:{{EC2PrivateDNSName}}
                  groups:
                    - system:bootstrappers
                    - system:nodes
                - rolearn: arn:aws:iam::111122223333:role/dev
                  username: dev:{{SessionName}}
                  groups: [developers]
              mapUsers: |
                - userarn: arn:aws:iam::111122223333:user/alice
                  username: alice
                  groups: [viewers]
              mapAccounts: |
                - "111122223333"

            """)
        #expect(AWSAuthLinter.lint(configMap: text, boundGroups: ["developers", "viewers"]).isEmpty)
        let unbound = AWSAuthLinter.lint(configMap: text, boundGroups: ["developers"])
        #expect(unbound.map(\.check) == ["unbound-group"])
        #expect(unbound.first?.message.contains("viewers") == true)
    }

    @Test("a duplicate ARN: the authenticator keeps the later entry, as upstream")
    func duplicatesKeepTheLater() {
        let result = AWSAuthParser.parse(data: ["mapRoles": """
            - rolearn: arn:aws:iam::111122223333:role/a
              username: first
            - rolearn: arn:aws:iam::111122223333:role/A
              username: second
            """])
        #expect(result.roles?.map(\.username) == ["second"])
    }
}
