import AccessModel
import Foundation
import Testing

/// Edits of the aws-auth ConfigMap: round trips byte for byte, unmanaged content untouched, the
/// style of new entries, lockout and node-role refusals, lint before write, the diff.
@Suite("aws-auth edits")
struct AWSAuthEditorTests {
    /// A ConfigMap as kubectl prints it, with everything a tool can break: comments inside and
    /// outside the lists, an SSO role with its path, an `sso:` entry, flow and block group lists,
    /// `|` and `|-` scalars, mapAccounts, another data key, annotations.
    static let realistic = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: aws-auth
          namespace: kube-system
          annotations:
            example.com/owner: platform-team # edited by hand
          resourceVersion: "12345"
        data:
          # Node groups first; admins below.
          mapRoles: |
            # node group (eksctl)
            - rolearn: arn:aws:iam::111122223333:role/eks-nodegroup-ng-1-NodeInstanceRole
              username: system:node:{{EC2PrivateDNSName}}
              groups:
                - system:bootstrappers
                - system:nodes

            # platform admins
            - rolearn: arn:aws:iam::111122223333:role/platform-admin
              username: admin:{{SessionName}}
              groups:
                - system:masters
            - rolearn: arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Developers_0123456789abcdef
              username: sso-dev:{{SessionName}}
              groups:
                - developers # the team
                - viewers
            - sso:
                permissionSetName: ReadOnly
                accountID: "111122223333"
              username: sso-readonly:{{SessionName}}
              groups:
                - viewers
          mapUsers: |-
            - userarn: arn:aws:iam::111122223333:user/alice
              username: alice
              groups: [viewers]
          mapAccounts: |
            - "444455556666"
          other-tool-config: "keep: me"

        """

    /// eksctl's layout: keys sorted, indentless group lists, two-space list indentation.
    static let eksctlStyle = """
        apiVersion: v1
        data:
          mapRoles: |
            - groups:
              - system:bootstrappers
              - system:nodes
              rolearn: arn:aws:iam::111122223333:role/nodes
              username: system:node:{{EC2PrivateDNSName}}
            - groups:
              - system:masters
              rolearn: arn:aws:iam::111122223333:role/admin
              username: admin
        kind: ConfigMap
        metadata:
          name: aws-auth
          namespace: kube-system

        """

    static let session = AWSAuthEditSession()

    static let fixtures = [realistic, eksctlStyle]

    static let additions: [AWSAuthEdit] = [
        .addRole(RoleMapping(roleARN: "arn:aws:iam::111122223333:role/ci", username: "ci:{{SessionName}}", groups: ["deployers", "viewers"])),
        .addRole(RoleMapping(roleARN: "arn:aws:iam::111122223333:role/team/with-path", username: "{{SessionName}}", groups: [])),
        .addUser(UserMapping(userARN: "arn:aws:iam::111122223333:user/bob", username: "bob", groups: ["viewers"])),
        .addAccount("777788889999"),
    ]

    static func removal(undoing edit: AWSAuthEdit) -> AWSAuthEdit {
        switch edit {
        case .addRole(let mapping): .remove(arn: mapping.roleARN, all: false)
        case .addUser(let mapping): .remove(arn: mapping.userARN, all: false)
        case .addAccount(let account): .removeAccount(account)
        default: edit
        }
    }

    @Test("add then remove gives back the document byte for byte", arguments: fixtures.indices, additions.indices)
    func roundTrip(_ fixture: Int, _ addition: Int) throws {
        let original = Self.fixtures[fixture]
        let added = try Self.session.plan(Self.additions[addition], text: original)
        #expect(added.newText != original)
        let removed = try Self.session.plan(Self.removal(undoing: Self.additions[addition]), text: added.newText)
        #expect(removed.newText == original)
    }

    @Test("an edit adds only its own lines: every other line, key and comment is unchanged", arguments: additions.indices)
    func unmanagedContentUnchanged(_ addition: Int) throws {
        let original = Self.realistic
        let report = try Self.session.plan(Self.additions[addition], text: original)
        let old = original.split(separator: "\n", omittingEmptySubsequences: false)
        let new = report.newText.split(separator: "\n", omittingEmptySubsequences: false)
        // The new text is the old one with one contiguous block of lines inserted.
        let prefix = zip(old, new).prefix { $0 == $1 }.count
        let suffix = zip(old.reversed(), new.reversed()).prefix { $0 == $1 }.count
        #expect(prefix + suffix >= old.count, "\(report.diff)")
        #expect(new.count > old.count)
        let before = try ConfigMapYAMLSplice.data(of: original)
        let after = try ConfigMapYAMLSplice.data(of: report.newText)
        let changed = try #require(report.change?.key)
        for key in before.keys where key != changed { #expect(after[key] == before[key], "\(key)") }
        #expect(after[changed]?.hasPrefix(before[changed] ?? "") == true || changed == "mapUsers")
    }

    @Test("a new entry is written in the style of its neighbours")
    func style() throws {
        let realistic = try Self.session.plan(Self.additions[0], text: Self.realistic)
        #expect(realistic.diff.contains("""
            +    - rolearn: arn:aws:iam::111122223333:role/ci
            +      username: ci:{{SessionName}}
            +      groups:
            +        - deployers
            +        - viewers
            """), "\(realistic.diff)")
        let eksctl = try Self.session.plan(Self.additions[0], text: Self.eksctlStyle)
        #expect(eksctl.diff.contains("""
            +    - groups:
            +      - deployers
            +      - viewers
            +      rolearn: arn:aws:iam::111122223333:role/ci
            +      username: ci:{{SessionName}}
            """), "\(eksctl.diff)")
        // Flow group lists stay flow; a username YAML would misread is quoted; `|-` keeps no final newline.
        let user = try Self.session.plan(Self.additions[2], text: Self.realistic)
        let users = try #require(try ConfigMapYAMLSplice.data(of: user.newText)["mapUsers"])
        #expect(users == "- userarn: arn:aws:iam::111122223333:user/alice\n  username: alice\n  groups: [viewers]\n- userarn: arn:aws:iam::111122223333:user/bob\n  username: bob\n  groups: [viewers]")
        let templated = try Self.session.plan(Self.additions[1], text: Self.realistic)
        #expect(templated.diff.contains("+      username: \"{{SessionName}}\"\n"), "\(templated.diff)")
        let account = try Self.session.plan(.addAccount("777788889999"), text: Self.realistic)
        #expect(account.diff.contains("     - \"444455556666\"\n+    - \"777788889999\"\n"), "\(account.diff)")
    }

    @Test("remove cuts out exactly the entry's lines; comments and neighbours stay")
    func removeExactLines() throws {
        let arn = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Developers_0123456789abcdef"
        let report = try Self.session.plan(.remove(arn: arn, all: false), text: Self.realistic)
        let removed = Self.realistic.split(separator: "\n", omittingEmptySubsequences: false).count
            - report.newText.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(removed == 5)
        #expect(!report.newText.contains("AWSReservedSSO_Developers"))
        #expect(report.newText.contains("    # platform admins\n"))
        #expect(report.newText.contains("    - sso:\n        permissionSetName: ReadOnly\n"))
        #expect(report.change?.removedRoles.map(\.groups) == [["developers", "viewers"]])
        #expect(report.diff.contains("@@ -21,11 +21,6 @@"), "\(report.diff)")
    }

    @Test("duplicates: the same mapping again does nothing, another mapping for the ARN is refused; remove --all")
    func duplicates() throws {
        let same = try Self.session.plan(
            .addRole(RoleMapping(roleARN: "arn:aws:iam::111122223333:role/platform-admin", username: "admin:{{SessionName}}", groups: ["system:masters"])),
            text: Self.realistic)
        #expect(same.change == nil)
        #expect(same.newText == Self.realistic)
        #expect(same.notes.first?.contains("nothing to change") == true)
        #expect(throws: AWSAuthEditError.duplicateARN("", existing: "")) {
            try Self.session.plan(.addRole(RoleMapping(roleARN: "arn:aws:iam::111122223333:role/PLATFORM-admin", username: "x", groups: [])), text: Self.realistic)
        }
        let twice = """
            data:
              mapUsers: |
                - userarn: arn:aws:iam::111122223333:user/bob
                  username: bob
                - userarn: arn:aws:iam::111122223333:user/alice
                  username: alice
                - userarn: arn:aws:iam::111122223333:user/bob
                  username: bob2

            """
        let first = try Self.session.plan(.remove(arn: "arn:aws:iam::111122223333:user/bob", all: false), text: twice)
        #expect(first.notes == ["there are 1 mappings left with the same arn arn:aws:iam::111122223333:user/bob (use --all to delete them at once)"])
        #expect(try ConfigMapYAMLSplice.data(of: first.newText)["mapUsers"]?.contains("username: bob2") == true)
        let all = try Self.session.plan(.remove(arn: "arn:aws:iam::111122223333:user/bob", all: true), text: twice)
        #expect(try ConfigMapYAMLSplice.data(of: all.newText)["mapUsers"] == "- userarn: arn:aws:iam::111122223333:user/alice\n  username: alice\n")
        #expect(throws: AWSAuthEditError.notFound("")) {
            try Self.session.plan(.remove(arn: "arn:aws:iam::111122223333:user/BOB", all: false), text: twice)
        }
    }

    @Test("removing the last cluster-admin mapping or a node role is refused unless forced")
    func lockout() throws {
        let admin = AWSAuthEdit.remove(arn: "arn:aws:iam::111122223333:role/platform-admin", all: false)
        #expect(throws: AWSAuthEditError.lockout([])) { try Self.session.plan(admin, text: Self.realistic) }
        do {
            _ = try Self.session.plan(admin, text: Self.realistic)
        } catch {
            #expect(error.codeName == "lockout")
            #expect(error.message.contains("--force"))
        }
        #expect(try AWSAuthEditSession(force: true).plan(admin, text: Self.realistic).change?.removedRoles.count == 1)
        // A group bound to cluster-admin is another way in.
        let bound = AWSAuthEditSession(adminGroups: ["developers"])
        #expect(try bound.plan(admin, text: Self.realistic).change != nil)
        // Another system:masters mapping is, too.
        let second = try Self.session.plan(
            .addUser(UserMapping(userARN: "arn:aws:iam::111122223333:user/root-admin", username: "root-admin", groups: ["system:masters"])), text: Self.realistic)
        #expect(try Self.session.plan(admin, text: second.newText).change != nil)

        let node = AWSAuthEdit.remove(arn: "arn:aws:iam::111122223333:role/eks-nodegroup-ng-1-NodeInstanceRole", all: false)
        #expect(throws: AWSAuthEditError.removesNodeRole([])) { try Self.session.plan(node, text: Self.realistic) }
        let forced = try AWSAuthEditSession(force: true).plan(node, text: Self.realistic)
        #expect(forced.newText.contains("    # node group (eksctl)\n\n    # platform admins\n"), "\(forced.diff)")
        #expect(!forced.newText.contains("NodeInstanceRole"))
    }

    @Test("an edit whose result has new lint errors is refused; existing problems do not block")
    func lintBeforeWrite() throws {
        let badTemplate = AWSAuthEdit.addRole(RoleMapping(roleARN: "arn:aws:iam::111122223333:role/dev", username: "dev:{{SessionID}}", groups: []))
        #expect(throws: AWSAuthEditError.lintErrors([])) { try Self.session.plan(badTemplate, text: Self.realistic) }
        let nodeWithoutGroups = AWSAuthEdit.addRole(RoleMapping(roleARN: "arn:aws:iam::111122223333:role/ng2", username: "system:node:{{EC2PrivateDNSName}}", groups: ["system:nodes"]))
        do {
            _ = try Self.session.plan(nodeWithoutGroups, text: Self.realistic)
            Issue.record("a node role without system:bootstrappers was accepted")
        } catch {
            #expect(error.codeName == "lint-errors")
            #expect(error.message.contains("[node-groups]"), "\(error.message)")
        }
        // The realistic ConfigMap already has lint errors (the sso entry lint cannot read); they do not block, a new warning is reported.
        let report = try Self.session.plan(Self.additions[1], text: Self.realistic)
        #expect(report.warnings.map(\.check) == ["role-path"])
        // Arguments eksctl refuses are refused before anything is computed.
        #expect(throws: AWSAuthEditError.invalidARN("", "")) {
            try Self.session.plan(.addRole(RoleMapping(roleARN: "arn:aws:sts::111122223333:assumed-role/dev/jane", username: "dev", groups: [])), text: Self.realistic)
        }
        #expect(throws: AWSAuthEditError.invalidARN("", "")) {
            try Self.session.plan(.addRole(RoleMapping(roleARN: "arn:aws:iam::111122223333:instance-profile/nodes", username: "n", groups: [])), text: Self.realistic)
        }
        #expect(throws: AWSAuthEditError.missingUsername("")) {
            try Self.session.plan(.addUser(UserMapping(userARN: "arn:aws:iam::111122223333:user/x", username: "", groups: ["g"])), text: Self.realistic)
        }
        #expect(throws: AWSAuthEditError.invalidAccount("")) { try Self.session.plan(.addAccount("1234"), text: Self.realistic) }
    }

    @Test("lists eksauth cannot edit safely are refused: YAML errors, flow lists")
    func uneditableLists() throws {
        let broken = "data:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/a\n     username: [a\n"
        #expect(throws: AWSAuthEditError.unreadableList("", "")) {
            try Self.session.plan(.addRole(RoleMapping(roleARN: "arn:aws:iam::111122223333:role/b", username: "b", groups: [])), text: broken)
        }
        let flow = "data:\n  mapRoles: '[{rolearn: \"arn:aws:iam::111122223333:role/a\", username: a}]'\n"
        #expect(throws: AWSAuthEditError.flowList("")) {
            try Self.session.plan(.addRole(RoleMapping(roleARN: "arn:aws:iam::111122223333:role/b", username: "b", groups: [])), text: flow)
        }
    }

    @Test("a missing key or data section is added; a quoted list is rewritten as a literal block")
    func missingAndQuoted() throws {
        let bare = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\n"
        let role = AWSAuthEdit.addRole(RoleMapping(roleARN: "arn:aws:iam::111122223333:role/a", username: "a", groups: ["g"]))
        let added = try Self.session.plan(role, text: bare)
        #expect(added.newText == bare + "data:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/a\n      username: a\n      groups:\n        - g\n")
        let withUsers = "data:\n  mapUsers: |\n    - userarn: arn:aws:iam::111122223333:user/u\n      username: u\nkind: ConfigMap\n"
        let beside = try Self.session.plan(role, text: withUsers)
        #expect(beside.newText.hasPrefix(withUsers.replacingOccurrences(of: "kind: ConfigMap\n", with: "") + "  mapRoles: |\n    - rolearn:"), "\(beside.newText)")
        #expect(beside.newText.hasSuffix("kind: ConfigMap\n"))
        let quoted = "data:\n  mapUsers: \"- userarn: arn:aws:iam::111122223333:user/u\\n  username: u\\n\"\n  other: x\n"
        let rewritten = try Self.session.plan(.addUser(UserMapping(userARN: "arn:aws:iam::111122223333:user/v", username: "v", groups: [])), text: quoted)
        #expect(rewritten.newText == "data:\n  mapUsers: |\n    - userarn: arn:aws:iam::111122223333:user/u\n      username: u\n    - userarn: arn:aws:iam::111122223333:user/v\n      username: v\n  other: x\n")
    }

    @Test("the unified diff has a/ b/ headers and hunks with three lines of context")
    func diff() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n").replacingOccurrences(of: "line 10\n", with: "line 10\nline 11\n")
        #expect(UnifiedDiff.diff(old, new) == """
            --- a/aws-auth
            +++ b/aws-auth
            @@ -2,9 +2,10 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8
             line 9
             line 10
            +line 11

            """)
        #expect(UnifiedDiff.diff(old, old).isEmpty)
        let far = (1...20).map { "l\($0)" }.joined(separator: "\n") + "\n"
        let farNew = far.replacingOccurrences(of: "l2\n", with: "").replacingOccurrences(of: "l19\n", with: "l19\nnew\n")
        #expect(UnifiedDiff.diff(far, farNew) == "--- a/aws-auth\n+++ b/aws-auth\n@@ -1,5 +1,4 @@\n l1\n-l2\n l3\n l4\n l5\n@@ -17,4 +16,5 @@\n l17\n l18\n l19\n+new\n l20\n")
    }

    @Test("get lists every entry as written, duplicates and accounts included")
    func listing() throws {
        let listings = AWSAuthListing.all(try ConfigMapYAMLSplice.data(of: Self.realistic))
        #expect(listings.map(\.username) == [
            "system:node:{{EC2PrivateDNSName}}", "admin:{{SessionName}}", "sso-dev:{{SessionName}}", "sso-readonly:{{SessionName}}", "alice", "",
        ])
        #expect(listings.last?.account == "444455556666")
        #expect(listings[3].arn == "sso:permissionSetName=ReadOnly,accountID=111122223333")
    }

    @Test("live ConfigMaps render as literal blocks that read back exactly")
    func render() throws {
        let data = ["mapRoles": "- rolearn: arn:aws:iam::1:role/a\n  username: a\n", "mapUsers": "- userarn: x\n  username: y", "odd": "  leading\n", "tabs": "a\tb"]
        #expect(try ConfigMapYAMLSplice.data(of: ConfigMapYAMLSplice.render(data: data)) == data)
    }
}
