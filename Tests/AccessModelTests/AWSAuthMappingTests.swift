import AccessModel
import AWSCore
import Testing

/// aws-auth parsing and identity mapping: the seeds' story, upstream's semantics, and the fixes
/// (role paths match; a bad list never empties the mappings).
@Suite("aws-auth parsing and mapping")
struct AWSAuthMappingTests {
    static func identity(_ arn: String, userID: String = "AROAEXAMPLEROLEID:alice@example.com", key: String = "ASIAEXAMPLEKEY") throws -> AWSIdentity {
        try AWSIdentity(arn: arn, accountID: "123456789012", userIDWithSession: userID, accessKeyID: key, stsHost: "sts.us-east-1.amazonaws.com")
    }

    static let configMap: [String: String] = [
        "mapRoles": """
            - rolearn: arn:aws:iam::123456789012:role/eks-developer
              username: eks-developer:{{SessionName}}
              groups:
                - developers
                - team-{{AccountID}}
            - roleARN: arn:aws:iam::123456789012:role/platform/ops
              username: "aws:{{AccountID}}:ops:{{SessionNameRaw}}"
              groups: [ops]
            """,
        "mapUsers": """
            - userarn: arn:aws:iam::123456789012:user/bob
              username: bob
              groups:
                - system:masters
            """,
        "mapAccounts": """
            - "210987654321"
            """,
    ]

    @Test("the seeds' mappings: templates, case-insensitive keys, role paths, users, accounts")
    func mappings() throws {
        let parsed = AWSAuthParser.parse(data: Self.configMap)
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
        let mappings = parsed.mappings()

        let developer = try IdentityMapper.map(
            try Self.identity("arn:aws:sts::123456789012:assumed-role/eks-developer/alice@example.com"), through: mappings)
        #expect(developer == MappedUser(username: "eks-developer:alice-example.com", groups: ["developers", "team-123456789012"], source: "mapRoles"))

        let ops = try IdentityMapper.map(
            try Self.identity("arn:aws:sts::123456789012:assumed-role/ops/carol@example.com", userID: "AROAOPS:carol@example.com"), through: mappings)
        #expect(ops.username == "aws:123456789012:ops:carol@example.com", "the path in the mapping does not stop the match")

        let bob = try IdentityMapper.map(
            try Self.identity("arn:aws:iam::123456789012:user/Bob", userID: "AIDABOB", key: "AKIABOB"), through: mappings)
        #expect(bob == MappedUser(username: "bob", groups: ["system:masters"], source: "mapUsers"), "ARNs compare case-insensitively")

        let other = try AWSIdentity(
            arn: "arn:aws:iam::210987654321:user/dave", accountID: "210987654321", userIDWithSession: "AIDADAVE", accessKeyID: "AKIAD",
            stsHost: "sts.amazonaws.com")
        #expect(try IdentityMapper.map(other, through: mappings) == MappedUser(username: "arn:aws:iam::210987654321:user/dave", groups: [], source: "mapAccounts"))

        #expect(throws: MappingError("identity is not mapped")) {
            try IdentityMapper.map(try Self.identity("arn:aws:sts::123456789012:assumed-role/unmapped/x", userID: "AROAX:x"), through: mappings)
        }
    }

    @Test("uid and extra as aws-iam-authenticator writes them")
    func uidAndExtra() throws {
        let identity = try Self.identity("arn:aws:sts::123456789012:assumed-role/eks-developer/alice@example.com")
        #expect(identity.uid == "aws-iam-authenticator:123456789012:AROAEXAMPLEROLEID")
        #expect(identity.sessionName == "alice@example.com")
        #expect(identity.extra == [
            "arn": ["arn:aws:sts::123456789012:assumed-role/eks-developer/alice@example.com"],
            "canonicalArn": ["arn:aws:iam::123456789012:role/eks-developer"], "sessionName": ["alice@example.com"],
            "accessKeyId": ["ASIAEXAMPLEKEY"], "principalId": ["AROAEXAMPLEROLEID"],
            "sigs.k8s.io/aws-iam-authenticator/principalId": ["AROAEXAMPLEROLEID"],
        ])
        #expect(throws: IdentityParseError.self) {
            try Self.identity("arn:aws:sts::123456789012:assumed-role/r/s", userID: "AROANOSESSION")
        }
    }

    @Test("a YAML error keeps the previous list; bad entries are dropped and reported with their line")
    func noLockouts() throws {
        let good = AWSAuthParser.parse(data: Self.configMap).mappings()
        let broken = AWSAuthParser.parse(data: [
            "mapRoles": """
                - rolearn: arn:aws:iam::123456789012:role/eks-developer
                  username: x
                   groups: [a]
                """,
            "mapUsers": """
                - userarn: arn:aws:iam::123456789012:user/bob
                  username: bob
                - rolearn: arn:aws:iam::123456789012:role/wrong-list
                  username: w
                - username: no-arn
                - userarn: arn:aws:iam::123456789012:user/eve
                  usernme: eve
                """,
        ])
        #expect(broken.roles == nil, "an unreadable mapRoles is not an empty one")
        let kept = broken.mappings(keeping: good)
        #expect(kept.roles == good.roles)
        #expect(kept.users.map(\.userARN) == ["arn:aws:iam::123456789012:user/bob", "arn:aws:iam::123456789012:user/eve"])
        let messages = broken.problems.map(\.description)
        #expect(messages.contains { $0.hasPrefix("mapRoles line 3: mapRoles is not valid YAML") }, "\(messages)")
        #expect(messages.contains { $0.contains("rolearn belongs under mapRoles, not mapUsers") }, "\(messages)")
        #expect(messages.contains { $0.contains("a mapUsers entry has no userarn") }, "\(messages)")
        #expect(messages.contains { $0.contains("unknown key usernme") }, "\(messages)")
    }

    @Test("templates", arguments: [
        ("{{SessionName}}", "alice-example.com"), ("{{SessionNameRaw}}", "alice@example.com"), ("{{AccountID}}", "123456789012"),
        ("{{AccessKeyID}}", "ASIAEXAMPLEKEY"), ("x:{{Unknown}}", "x:{{Unknown}}"), ("plain", "plain"),
    ])
    func templates(text: String, rendered: String) throws {
        let identity = try Self.identity("arn:aws:sts::123456789012:assumed-role/eks-developer/alice@example.com")
        #expect(try Template.render(text, identity) == rendered)
    }

    @Test("sso entries match their permission set's roles in their account, whatever the suffix and case; invalid ones are reported")
    func ssoEntries() throws {
        let parsed = AWSAuthParser.parse(data: [
            "mapRoles": """
                - sso:
                    permissionSetName: AdministratorAccess
                    accountID: "123456789012"
                  username: admin:{{SessionName}}
                  groups: [platform-admins]
                - sso: {permissionSetName: ReadOnly, accountID: "123456789012", partition: aws}
                  username: viewer
                - sso: {permissionSetName: "bad name!", accountID: "123456789012"}
                  username: nobody
                - rolearn: arn:aws:iam::123456789012:role/both
                  sso: {permissionSetName: Both, accountID: "123456789012"}
                  username: nobody
                """
        ])
        #expect(parsed.problems.map(\.message) == [
            "sso permissionSetName bad name! must be 1 to 32 of letters, digits and _+=,.@-; the entry is ignored",
            "only one of rolearn or sso can be supplied; the entry is ignored",
        ])
        let mappings = parsed.mappings()
        #expect(mappings.roles.map(\.roleARN) == [
            "arn:aws:iam::123456789012:role/AWSReservedSSO_AdministratorAccess_*", "arn:aws:iam::123456789012:role/AWSReservedSSO_ReadOnly_*",
        ])
        let admin = try IdentityMapper.map(
            try Self.identity("arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com"),
            through: mappings)
        #expect(admin.username == "admin:alice-example.com")
        #expect(admin.groups == ["platform-admins"])
        // An explicit partition works here (upstream's pattern then never matches).
        let viewer = try IdentityMapper.map(
            try Self.identity("arn:aws:sts::123456789012:assumed-role/awsreservedsso_readonly_fedcba9876543210/bob"), through: mappings)
        #expect(viewer.username == "viewer")
        for arn in [
            "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccessX/alice",
            "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_ReadOnly_0123456789abcdef/alice",
            "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Billing_0123456789abcdef/alice",
            "arn:aws:sts::210987654321:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice",
        ] {
            #expect(throws: MappingError.self, "\(arn)") { _ = try IdentityMapper.map(try Self.identity(arn), through: mappings) }
        }
    }

    @Test("migrate skips sso entries with the reason: an access entry names one role")
    func ssoEntriesAreNotMigrated() {
        let mappings = AWSAuthParser.parse(data: [
            "mapRoles": "- sso: {permissionSetName: Admin, accountID: \"123456789012\"}\n  username: admin\n  groups: [system:masters]\n"
        ]).mappings()
        let plan = AWSAuthMigration.plan(mappings, partition: "aws", resolve: { _ in nil }, existing: [])
        #expect(plan.entries.isEmpty)
        #expect(plan.skipped.map(\.source) == ["mapRoles: sso Admin in 123456789012"])
        #expect(plan.skipped.first?.reason.hasPrefix("an access entry names one role") == true)
    }
}
