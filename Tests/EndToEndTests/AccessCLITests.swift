import Foundation
import Testing

/// `eksauth access-entry`, `access-policy` and `cluster` against `eksauth server`, side by side with
/// the real `aws eks …` on the same server: the JSON output is the same objects the AWS CLI prints,
/// the tables hold the right rows, and errors are one `eksauth: Code: message` line.
@Suite("eksauth access-entry / access-policy / cluster match aws eks", .serialized)
struct AccessCLITests {
    static let cluster = "cli-demo"
    static let dev = "arn:aws:iam::111122223333:role/team/dev"
    static let alice = "arn:aws:iam::111122223333:user/alice"
    static let viewPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
    static let editPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"

    /// The server and the environment its profile gives both CLIs.
    final class Fixture: @unchecked Sendable {
        let home: URL
        let server: EmbeddedSTSTests.Server
        let environment: [String: String]

        init() throws {
            home = try Harness.temporaryDirectory()
            server = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("state"))
            environment = server.environment(home: home)
        }

        func stop() {
            server.stop()
            try? FileManager.default.removeItem(at: home)
        }

        /// `eksauth ARGS`, which must succeed.
        func eksauth(_ arguments: [String]) throws -> ProcessResult {
            let result = try Harness.eksauth(arguments, environment: environment)
            try #require(result.status == 0, "eksauth \(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(result.stderr.isEmpty, "eksauth \(arguments.joined(separator: " ")) wrote to stderr: \(result.stderr)")
            return result
        }

        /// `aws eks ARGS --output json`, which must succeed.
        func aws(_ arguments: [String]) throws -> ProcessResult {
            let result = try Harness.aws(["eks"] + arguments + ["--output", "json"], environment: environment)
            try #require(result.status == 0, "aws eks \(arguments.joined(separator: " ")): \(result.stderr)")
            return result
        }

        /// Expects `eksauth ARGS --output json` and `aws eks AWSARGS --output json` to print the same objects.
        @discardableResult
        func expectSameJSON(_ ours: [String], _ theirs: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> NSObject {
            let mine = try AccessCLITests.json(try eksauth(ours + ["--output", "json"]).stdout)
            let reference = try AccessCLITests.json(try aws(theirs).stdout)
            #expect(mine == reference, "eksauth \(ours.joined(separator: " ")):\n\(mine)\naws eks:\n\(reference)", sourceLocation: sourceLocation)
            return mine
        }
    }

    static func json(_ data: Data) throws -> NSObject {
        try #require(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? NSObject, "not JSON: \(String(decoding: data, as: UTF8.self))")
    }

    static func member(_ object: NSObject, _ path: String...) -> Any? {
        var value: Any? = object
        for key in path { value = (value as? [String: Any])?[key] }
        return value
    }

    @Test("cluster describe and update-access-config")
    func cluster() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        _ = try fixture.aws([
            "create-cluster", "--name", Self.cluster, "--role-arn", "arn:aws:iam::123456789012:role/eks-cluster",
            "--resources-vpc-config", "subnetIds=subnet-1,subnet-2",
        ])

        let table = try fixture.eksauth(["cluster", "describe", "--name", Self.cluster]).output
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(table)")
        #expect(lines.first?.hasPrefix("NAME") == true)
        #expect(lines.last?.hasPrefix("\(Self.cluster)  ACTIVE") == true, "\(table)")
        #expect(lines.last?.contains("CONFIG_MAP") == true)
        #expect(lines.last?.contains("arn:aws:eks:us-east-1:123456789012:cluster/\(Self.cluster)") == true)
        try fixture.expectSameJSON(["cluster", "describe", "--name", Self.cluster], ["describe-cluster", "--name", Self.cluster])

        let update = try Self.json(
            try fixture.eksauth(["cluster", "update-access-config", "--name", Self.cluster, "--authentication-mode", "API_AND_CONFIG_MAP", "--output", "json"])
                .stdout)
        #expect(Self.member(update, "update", "status") as? String == "Successful")
        #expect(Self.member(update, "update", "type") as? String == "AccessConfigUpdate")
        let params = Self.member(update, "update", "params") as? [[String: String]]
        #expect(params == [["type": "AuthenticationMode", "value": "API_AND_CONFIG_MAP"]])
        let updateID = try #require(Self.member(update, "update", "id") as? String)
        try fixture.expectSameJSON(
            ["cluster", "describe", "--name", Self.cluster], ["describe-cluster", "--name", Self.cluster])
        let described = try Self.json(try fixture.aws(["describe-update", "--name", Self.cluster, "--update-id", updateID]).stdout)
        #expect(described == update, "DescribeUpdate answers the update eksauth printed")

        let tableUpdate = try fixture.eksauth(["cluster", "update-access-config", "--cluster-name", Self.cluster, "--authentication-mode", "API"]).output
        #expect(tableUpdate.contains("AccessConfigUpdate  Successful  AuthenticationMode=API"), "\(tableUpdate)")
        let yaml = try fixture.eksauth(["cluster", "describe", "--name", Self.cluster, "--output", "yaml"]).output
        #expect(yaml.contains("authenticationMode: API\n"), "\(yaml)")
        #expect(try Self.yamlAsJSON(yaml) == Self.json(try fixture.aws(["describe-cluster", "--name", Self.cluster]).stdout))

        let backwards = try Harness.eksauth(
            ["cluster", "update-access-config", "--name", Self.cluster, "--authentication-mode", "CONFIG_MAP"], environment: fixture.environment)
        #expect(backwards.status != 0)
        #expect(backwards.stderr.hasPrefix("eksauth: InvalidParameterException: "), "\(backwards.stderr)")
        #expect(backwards.stderr.split(separator: "\n").count == 1)
    }

    @Test("access entries and access policies: create, list, describe, update, associate, disassociate, delete")
    func accessEntries() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        _ = try fixture.aws([
            "create-cluster", "--name", Self.cluster, "--role-arn", "arn:aws:iam::123456789012:role/eks-cluster",
            "--resources-vpc-config", "subnetIds=subnet-1", "--access-config", "authenticationMode=API",
        ])

        // create: one entry by eksauth, one by the AWS CLI; both describe the same either way.
        let created = try Self.json(
            try fixture.eksauth([
                "access-entry", "create", "--cluster-name", Self.cluster, "--principal-arn", Self.dev, "--kubernetes-groups", "viewers,dev-team",
                "--username", "dev:{{SessionName}}", "--tags", "team=platform,env=dev", "--output", "json",
            ]).stdout)
        #expect(Self.member(created, "accessEntry", "kubernetesGroups") as? [String] == ["viewers", "dev-team"])
        #expect(Self.member(created, "accessEntry", "tags") as? [String: String] == ["team": "platform", "env": "dev"])
        #expect(Self.member(created, "accessEntry", "username") as? String == "dev:{{SessionName}}")
        let describedByAWS = try Self.json(
            try fixture.aws(["describe-access-entry", "--cluster-name", Self.cluster, "--principal-arn", Self.dev]).stdout)
        #expect(created == describedByAWS)
        _ = try fixture.aws(["create-access-entry", "--cluster-name", Self.cluster, "--principal-arn", Self.alice, "--kubernetes-groups", "ops"])
        try fixture.expectSameJSON(
            ["access-entry", "describe", "--cluster-name", Self.cluster, "--principal-arn", Self.alice],
            ["describe-access-entry", "--cluster-name", Self.cluster, "--principal-arn", Self.alice])
        let yaml = try fixture.eksauth(["access-entry", "describe", "--cluster-name", Self.cluster, "--principal-arn", Self.dev, "--output", "yaml"]).output
        #expect(try Self.yamlAsJSON(yaml) == describedByAWS, "\(yaml)")

        // describe as a table.
        let describeTable = try fixture.eksauth(["access-entry", "describe", "--cluster-name", Self.cluster, "--principal-arn", Self.dev]).output
        let row = try #require(describeTable.split(separator: "\n").last.map(String.init))
        #expect(describeTable.hasPrefix("PRINCIPAL ARN"))
        #expect(row.hasPrefix("\(Self.dev)  STANDARD  dev:{{SessionName}}  viewers,dev-team  "), "\(describeTable)")

        // list: every page, one page, and small pages all fetched.
        let listTable = try fixture.eksauth(["access-entry", "list", "--cluster-name", Self.cluster]).output
        #expect(listTable == "PRINCIPAL ARN\n\(Self.dev)\n\(Self.alice)\n" || listTable == "PRINCIPAL ARN\n\(Self.alice)\n\(Self.dev)\n", "\(listTable)")
        let all = try fixture.expectSameJSON(
            ["access-entry", "list", "--cluster-name", Self.cluster], ["list-access-entries", "--cluster-name", Self.cluster])
        #expect(Set(Self.member(all, "accessEntries") as? [String] ?? []) == [Self.dev, Self.alice])
        let onePage = try fixture.expectSameJSON(
            ["access-entry", "list", "--cluster-name", Self.cluster, "--max-results", "1"],
            ["list-access-entries", "--cluster-name", Self.cluster, "--max-results", "1", "--no-paginate"])
        #expect((Self.member(onePage, "accessEntries") as? [String])?.count == 1)
        let token = try #require(Self.member(onePage, "nextToken") as? String)
        try fixture.expectSameJSON(
            ["access-entry", "list", "--cluster-name", Self.cluster, "--next-token", token],
            ["list-access-entries", "--cluster-name", Self.cluster, "--next-token", token, "--no-paginate"])
        let smallPages = try Self.json(
            try fixture.eksauth(["access-entry", "list", "--cluster-name", Self.cluster, "--page-size", "1", "--output", "json"]).stdout)
        #expect(smallPages == all)

        // update.
        try fixture.eksauth([
            "access-entry", "update", "--cluster-name", Self.cluster, "--principal-arn", Self.dev, "--kubernetes-groups", "admins", "auditors",
            "--username", "developer",
        ])
        let updated = try fixture.expectSameJSON(
            ["access-entry", "describe", "--cluster-name", Self.cluster, "--principal-arn", Self.dev],
            ["describe-access-entry", "--cluster-name", Self.cluster, "--principal-arn", Self.dev])
        #expect(Self.member(updated, "accessEntry", "kubernetesGroups") as? [String] == ["admins", "auditors"])
        #expect(Self.member(updated, "accessEntry", "username") as? String == "developer")

        // access policies: the catalog, associate (namespaces by eksauth, cluster by the AWS CLI), list, disassociate.
        let available = try fixture.eksauth(["access-policy", "list-available"]).output
        #expect(available.hasPrefix("NAME"))
        #expect(available.contains("\nAmazonEKSViewPolicy  "), "\(available)")
        #expect(available.contains(Self.viewPolicy + "\n"))
        try fixture.expectSameJSON(["access-policy", "list-available"], ["list-access-policies"])
        try fixture.expectSameJSON(["access-policy", "list-available", "--page-size", "3"], ["list-access-policies"])

        let associated = try Self.json(
            try fixture.eksauth([
                "access-policy", "associate", "--cluster-name", Self.cluster, "--principal-arn", Self.dev, "--policy-arn", Self.viewPolicy,
                "--access-scope", "type=namespace,namespaces=dev,test", "--output", "json",
            ]).stdout)
        #expect(Self.member(associated, "clusterName") as? String == Self.cluster)
        #expect(Self.member(associated, "principalArn") as? String == Self.dev)
        #expect(Self.member(associated, "associatedAccessPolicy", "accessScope", "namespaces") as? [String] == ["dev", "test"])
        _ = try fixture.aws([
            "associate-access-policy", "--cluster-name", Self.cluster, "--principal-arn", Self.dev, "--policy-arn", Self.editPolicy,
            "--access-scope", "type=cluster",
        ])
        let policies = try fixture.eksauth(["access-policy", "list", "--cluster-name", Self.cluster, "--principal-arn", Self.dev]).output
        #expect(policies.hasPrefix("POLICY ARN"))
        #expect(policies.contains("\(Self.viewPolicy)  namespace  dev,test    "), "\(policies)")
        #expect(policies.contains("\(Self.editPolicy)  cluster    -           "), "\(policies)")
        try fixture.expectSameJSON(
            ["access-policy", "list", "--cluster-name", Self.cluster, "--principal-arn", Self.dev],
            ["list-associated-access-policies", "--cluster-name", Self.cluster, "--principal-arn", Self.dev])
        try fixture.expectSameJSON(
            ["access-entry", "list", "--cluster-name", Self.cluster, "--associated-policy-arn", Self.viewPolicy],
            ["list-access-entries", "--cluster-name", Self.cluster, "--associated-policy-arn", Self.viewPolicy])

        let disassociated = try fixture.eksauth([
            "access-policy", "disassociate", "--cluster-name", Self.cluster, "--principal-arn", Self.dev, "--policy-arn", Self.viewPolicy,
            "--output", "json",
        ])
        #expect(disassociated.output.isEmpty, "an empty answer prints nothing, as with the AWS CLI")
        let remaining = try fixture.expectSameJSON(
            ["access-policy", "list", "--cluster-name", Self.cluster, "--principal-arn", Self.dev],
            ["list-associated-access-policies", "--cluster-name", Self.cluster, "--principal-arn", Self.dev])
        #expect((Self.member(remaining, "associatedAccessPolicies") as? [[String: Any]])?.compactMap { $0["policyArn"] as? String } == [Self.editPolicy])

        // delete, then the not-found error from both CLIs.
        let deleted = try fixture.eksauth(["access-entry", "delete", "--cluster-name", Self.cluster, "--principal-arn", Self.dev])
        #expect(deleted.output.contains("deleted the access entry of \(Self.dev)"))
        let missing = try Harness.eksauth(
            ["access-entry", "describe", "--cluster-name", Self.cluster, "--principal-arn", Self.dev], environment: fixture.environment)
        #expect(missing.status != 0)
        #expect(missing.output.isEmpty)
        let message = "The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'."
        #expect(missing.stderr == "eksauth: ResourceNotFoundException: \(message)\n")
        let awsMissing = try Harness.aws(
            ["eks", "describe-access-entry", "--cluster-name", Self.cluster, "--principal-arn", Self.dev], environment: fixture.environment)
        #expect(awsMissing.status != 0)
        #expect(awsMissing.stderr.contains("(ResourceNotFoundException) when calling the DescribeAccessEntry operation: \(message)"), "\(awsMissing.stderr)")
        try fixture.expectSameJSON(
            ["access-entry", "list", "--cluster-name", Self.cluster], ["list-access-entries", "--cluster-name", Self.cluster])
    }

    @Test("errors are one line on stderr with the EKS code and message")
    func errors() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let noCluster = try Harness.eksauth(["access-entry", "list", "--cluster-name", "nope"], environment: fixture.environment)
        #expect(noCluster.status != 0)
        #expect(noCluster.stderr == "eksauth: ResourceNotFoundException: No cluster found for name: nope.\n")

        let badScope = try Harness.eksauth(
            [
                "access-policy", "associate", "--cluster-name", "nope", "--principal-arn", Self.dev, "--policy-arn", Self.viewPolicy,
                "--access-scope", "type=everywhere",
            ], environment: fixture.environment)
        #expect(badScope.status != 0)
        #expect(badScope.stderr.hasPrefix("eksauth: --access-scope: type must be cluster or namespace"), "\(badScope.stderr)")

        let explicitEndpoint = try Harness.eksauth(
            ["cluster", "describe", "--name", "nope", "--endpoint-url", fixture.server.endpoint, "--region", "us-east-1"],
            environment: fixture.server.environment(home: fixture.home, ["AWS_CONFIG_FILE": "/dev/null"]))
        #expect(explicitEndpoint.stderr == "eksauth: ResourceNotFoundException: No cluster found for name: nope.\n")

        let unreachable = try Harness.eksauth(
            ["cluster", "describe", "--name", "demo", "--endpoint-url", "http://127.0.0.1:1"], environment: fixture.environment)
        #expect(unreachable.status != 0)
        #expect(unreachable.stderr.hasPrefix("eksauth: RequestFailed: could not reach the EKS API at http://127.0.0.1:1"), "\(unreachable.stderr)")
        #expect(unreachable.stderr.split(separator: "\n").count == 1)
    }

    /// A YAML document read by PyYAML (the AWS CLI's own dependency), as JSON objects.
    static func yamlAsJSON(_ yaml: String) throws -> NSObject {
        let result = try Harness.run(
            "python3", ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"],
            environment: ProcessInfo.processInfo.environment, stdin: yaml)
        try #require(result.status == 0, "PyYAML: \(result.stderr)")
        return try json(result.stdout)
    }
}
