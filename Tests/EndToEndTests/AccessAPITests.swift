import Foundation
import Testing

/// The EKS access management API of `eksauth server`, driven by the unmodified AWS CLI with its
/// profile's `endpoint_url`: every operation's success path and documented errors, SigV4 and IAM
/// authorization, the seeds' lockout rescue, and two replicas on one PostgreSQL under concurrent writers.
@Suite("EKS access API with the AWS CLI", .serialized)
struct AccessAPITests {
    /// Runs `aws … --output json` and returns the status, the parsed JSON (when any) and stderr.
    struct CLI {
        let environment: [String: String]

        func run(_ arguments: [String]) throws -> (status: Int32, json: [String: Any], stderr: String) {
            let result = try Harness.aws(arguments + ["--output", "json"], environment: environment)
            let json = (try? JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]) ?? [:]
            return (result.status, json, result.stderr)
        }

        /// Runs a command that must succeed.
        @discardableResult
        func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
            let result = try run(arguments)
            try #require(result.status == 0, "aws \(arguments.prefix(3).joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
            return result.json
        }

        /// Runs a command that must fail with AWS error `code`; returns the message.
        @discardableResult
        func fails(_ arguments: [String], _ code: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = try run(arguments)
            #expect(result.status == 255, "aws \(arguments.prefix(3).joined(separator: " ")) should fail: \(result.json)", sourceLocation: sourceLocation)
            #expect(result.stderr.contains("An error occurred (\(code))"), "\(result.stderr)", sourceLocation: sourceLocation)
            return result.stderr.components(separatedBy: "operation: ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? result.stderr
        }
    }

    static let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#

    @Test("every operation with the AWS CLI: success paths and EKS's errors")
    func everyOperation() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("state"))
        defer { server.stop() }
        let aws = CLI(environment: server.environment(home: home))
        for role in ["dev", "node", "ops"] {
            try aws.ok(["iam", "create-role", "--role-name", role, "--path", role == "ops" ? "/team/" : "/", "--assume-role-policy-document", Self.trust])
        }
        try aws.ok(["iam", "create-user", "--user-name", "bob"])

        // Clusters: CONFIG_MAP by default through the API, as EKS.
        let created = try aws.ok([
            "eks", "create-cluster", "--name", "c1", "--role-arn", "arn:aws:iam::123456789012:role/eks-cluster",
            "--resources-vpc-config", "subnetIds=subnet-1", "--kubernetes-version", "1.31",
        ])
        let cluster = try #require(created["cluster"] as? [String: Any])
        #expect(cluster["arn"] as? String == "arn:aws:eks:us-east-1:123456789012:cluster/c1")
        #expect(cluster["status"] as? String == "ACTIVE")
        #expect(cluster["version"] as? String == "1.31")
        #expect((cluster["createdAt"] as? Double).map { abs($0 - Date().timeIntervalSince1970) < 600 } == true, "epoch seconds")
        let accessConfig = cluster["accessConfig"] as? [String: Any]
        #expect(accessConfig?["bootstrapClusterCreatorAdminPermissions"] as? Bool == true)
        #expect(accessConfig?["authenticationMode"] as? String == "CONFIG_MAP")
        #expect(try aws.fails(["eks", "create-cluster", "--name", "c1", "--role-arn", "r", "--resources-vpc-config", "subnetIds=s"], "ResourceInUseException")
            == "Cluster already exists with name: c1")
        #expect(try aws.ok(["eks", "list-clusters"])["clusters"] as? [String] == ["c1"])
        #expect(try aws.fails(["eks", "describe-cluster", "--name", "nope"], "ResourceNotFoundException") == "No cluster found for name: nope.")

        // Access entries need an API mode; modes change one step at a time.
        let dev = "arn:aws:iam::123456789012:role/dev"
        #expect(try aws.fails(["eks", "create-access-entry", "--cluster-name", "c1", "--principal-arn", dev], "InvalidRequestException")
            == "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.")
        #expect(try aws.fails(["eks", "update-cluster-config", "--name", "c1", "--access-config", "authenticationMode=API"], "InvalidParameterException")
            == "Unsupported authentication mode update from CONFIG_MAP to API")
        try aws.fails(["eks", "update-cluster-config", "--name", "c1", "--access-config", "authenticationMode=FOO"], "InvalidParameterException")
        let update = try #require(
            try aws.ok(["eks", "update-cluster-config", "--name", "c1", "--access-config", "authenticationMode=API_AND_CONFIG_MAP"])["update"] as? [String: Any])
        #expect(update["status"] as? String == "Successful")
        #expect(update["type"] as? String == "AccessConfigUpdate")
        let updateID = try #require(update["id"] as? String)
        #expect((try aws.ok(["eks", "describe-update", "--name", "c1", "--update-id", updateID])["update"] as? [String: Any])?["id"] as? String == updateID)
        try aws.fails(["eks", "describe-update", "--name", "c1", "--update-id", "nope"], "ResourceNotFoundException")

        // The creator here is the account root, which is no IAM user or role: no creator entry.
        let entries = try aws.ok(["eks", "list-access-entries", "--cluster-name", "c1"])["accessEntries"] as? [String]
        #expect(entries == [], "the root user is no IAM principal, so it gets no creator entry: \(entries ?? [])")

        // Create, with EKS's validation.
        let entry = try #require(
            try aws.ok([
                "eks", "create-access-entry", "--cluster-name", "c1", "--principal-arn", dev, "--kubernetes-groups", "developers", "viewers",
                "--username", "dev:{{SessionName}}", "--tags", "team=a",
            ])["accessEntry"] as? [String: Any])
        #expect(entry["username"] as? String == "dev:{{SessionName}}")
        #expect(entry["kubernetesGroups"] as? [String] == ["developers", "viewers"])
        #expect(entry["type"] as? String == "STANDARD")
        #expect(entry["tags"] as? [String: String] == ["team": "a"])
        #expect((entry["accessEntryArn"] as? String)?.hasPrefix("arn:aws:eks:us-east-1:123456789012:access-entry/c1/role/123456789012/dev/") == true)
        #expect(try aws.fails(["eks", "create-access-entry", "--cluster-name", "c1", "--principal-arn", dev], "ResourceInUseException")
            == "The specified access entry resource is already in use on this cluster.")
        let errors: [([String], String, String)] = [
            (["--principal-arn", "arn:aws:iam::123456789012:role/missing"], "InvalidParameterException", "The specified principalArn is invalid: invalid principal."),
            (["--principal-arn", "arn:aws:iam::123456789012:role/ops"], "InvalidParameterException", "The specified principalArn is invalid: invalid principal."),
            (["--principal-arn", "arn:aws:sts::123456789012:assumed-role/dev/alice"], "InvalidParameterException", "an assumed-role session cannot be a principal"),
            (["--principal-arn", "arn:aws:iam::123456789012:user/bob", "--kubernetes-groups", "system:masters"], "InvalidParameterException",
             "The kubernetes group name system:masters is invalid, it cannot start with system:"),
            (["--principal-arn", "arn:aws:iam::123456789012:user/bob", "--username", "system:admin"], "InvalidParameterException",
             "The username must not begin with system:"),
            (["--principal-arn", "arn:aws:iam::123456789012:user/bob", "--username", "iam:bob"], "InvalidParameterException", "The username must not begin with iam:"),
            (["--principal-arn", "arn:aws:iam::123456789012:user/bob", "--type", "LINUX"], "InvalidParameterException", "The access entry type LINUX is invalid"),
            (["--principal-arn", ""], "InvalidParameterException", "principalArn must not be empty"),
        ]
        for (arguments, code, message) in errors {
            let text = try aws.fails(["eks", "create-access-entry", "--cluster-name", "c1"] + arguments, code)
            #expect(text.contains(message), "\(arguments): \(text)")
        }
        // A role with a path is named with its path; the entry then matches the path-less session ARN.
        try aws.ok(["eks", "create-access-entry", "--cluster-name", "c1", "--principal-arn", "arn:aws:iam::123456789012:role/team/ops"])
        let node = try #require(
            try aws.ok(["eks", "create-access-entry", "--cluster-name", "c1", "--principal-arn", "arn:aws:iam::123456789012:role/node", "--type", "EC2_LINUX"])[
                "accessEntry"] as? [String: Any])
        #expect(node["username"] as? String == "system:node:{{EC2PrivateDNSName}}")
        #expect(node["kubernetesGroups"] as? [String] == ["system:nodes"])
        let user = try #require(
            try aws.ok(["eks", "create-access-entry", "--cluster-name", "c1", "--principal-arn", "arn:aws:iam::123456789012:user/bob"])["accessEntry"]
                as? [String: Any])
        #expect(user["username"] as? String == "arn:aws:iam::123456789012:user/bob")

        // Describe, update, list with paging.
        let described = try #require(try aws.ok(["eks", "describe-access-entry", "--cluster-name", "c1", "--principal-arn", dev])["accessEntry"] as? [String: Any])
        #expect(described["accessEntryArn"] as? String == entry["accessEntryArn"] as? String)
        #expect(try aws.fails(["eks", "describe-access-entry", "--cluster-name", "c1", "--principal-arn", "arn:aws:iam::123456789012:role/nope"], "ResourceNotFoundException")
            == "The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.")
        let updated = try #require(
            try aws.ok(["eks", "update-access-entry", "--cluster-name", "c1", "--principal-arn", dev, "--kubernetes-groups", "g3", "--username", "bob"])[
                "accessEntry"] as? [String: Any])
        #expect(updated["username"] as? String == "bob")
        #expect(updated["kubernetesGroups"] as? [String] == ["g3"])
        #expect((updated["modifiedAt"] as? Double ?? 0) >= (updated["createdAt"] as? Double ?? .infinity))
        #expect(try aws.fails(
            ["eks", "update-access-entry", "--cluster-name", "c1", "--principal-arn", "arn:aws:iam::123456789012:role/node", "--username", "x"],
            "InvalidParameterException") == #"This operation can only be performed on Access Entries with a type of "STANDARD"."#)
        let all = [
            dev, "arn:aws:iam::123456789012:role/node", "arn:aws:iam::123456789012:role/team/ops", "arn:aws:iam::123456789012:user/bob",
        ].sorted()
        #expect(try aws.ok(["eks", "list-access-entries", "--cluster-name", "c1", "--page-size", "1"])["accessEntries"] as? [String] == all,
            "the CLI follows nextToken through pages of one")
        let firstPage = try aws.ok(["eks", "list-access-entries", "--cluster-name", "c1", "--max-results", "2", "--no-paginate"])
        #expect(firstPage["accessEntries"] as? [String] == Array(all.prefix(2)))
        #expect(firstPage["nextToken"] is String)
        try aws.fails(["eks", "list-access-entries", "--cluster-name", "c1", "--page-size", "500"], "InvalidParameterException")

        // Access policies.
        let view = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
        let policies = try #require(try aws.ok(["eks", "list-access-policies"])["accessPolicies"] as? [[String: String]])
        #expect(policies.contains(["name": "AmazonEKSClusterAdminPolicy", "arn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"]))
        #expect(policies.count >= 6)
        let associated = try aws.ok([
            "eks", "associate-access-policy", "--cluster-name", "c1", "--principal-arn", dev, "--policy-arn", view,
            "--access-scope", "type=namespace,namespaces=default,dev-*",
        ])
        #expect(associated["principalArn"] as? String == dev)
        let scope = (associated["associatedAccessPolicy"] as? [String: Any])?["accessScope"] as? [String: Any]
        #expect(scope?["type"] as? String == "namespace")
        #expect(scope?["namespaces"] as? [String] == ["default", "dev-*"])
        let scopeErrors: [(String, String)] = [("type=foo", "The access scope type foo is invalid"), ("type=namespace", "needs at least one namespace")]
        for (scope, message) in scopeErrors {
            let text = try aws.fails(
                ["eks", "associate-access-policy", "--cluster-name", "c1", "--principal-arn", dev, "--policy-arn", view, "--access-scope", scope],
                "InvalidParameterException")
            #expect(text.contains(message), "\(text)")
        }
        try aws.fails(
            ["eks", "associate-access-policy", "--cluster-name", "c1", "--principal-arn", dev, "--policy-arn",
             "arn:aws:eks::aws:cluster-access-policy/AmazonEKSNoSuchPolicy", "--access-scope", "type=cluster"], "InvalidParameterException")
        #expect(try aws.fails(
            ["eks", "associate-access-policy", "--cluster-name", "c1", "--principal-arn", "arn:aws:iam::123456789012:role/node", "--policy-arn", view,
             "--access-scope", "type=cluster"], "InvalidParameterException") == #"This operation can only be performed on Access Entries with a type of "STANDARD"."#)
        let listed = try aws.ok(["eks", "list-associated-access-policies", "--cluster-name", "c1", "--principal-arn", dev])
        #expect((listed["associatedAccessPolicies"] as? [[String: Any]])?.map { $0["policyArn"] as? String } == [view])
        #expect(try aws.ok(["eks", "list-access-entries", "--cluster-name", "c1", "--associated-policy-arn", view])["accessEntries"] as? [String] == [dev])
        try aws.ok(["eks", "disassociate-access-policy", "--cluster-name", "c1", "--principal-arn", dev, "--policy-arn", view])
        try aws.fails(["eks", "disassociate-access-policy", "--cluster-name", "c1", "--principal-arn", dev, "--policy-arn", view], "ResourceNotFoundException")

        // Delete, then the cluster.
        try aws.ok(["eks", "delete-access-entry", "--cluster-name", "c1", "--principal-arn", dev])
        try aws.fails(["eks", "describe-access-entry", "--cluster-name", "c1", "--principal-arn", dev], "ResourceNotFoundException")
        try aws.fails(["eks", "delete-access-entry", "--cluster-name", "c1", "--principal-arn", dev], "ResourceNotFoundException")
        #expect((try aws.ok(["eks", "delete-cluster", "--name", "c1"])["cluster"] as? [String: Any])?["status"] as? String == "DELETING")
        #expect(try aws.ok(["eks", "list-clusters"])["clusters"] as? [String] == [])

        // The state survives a restart.
        try aws.ok(["eks", "create-cluster", "--name", "c2", "--role-arn", "r", "--resources-vpc-config", "subnetIds=s",
                    "--access-config", "authenticationMode=API,bootstrapClusterCreatorAdminPermissions=false"])
        try aws.ok(["eks", "create-access-entry", "--cluster-name", "c2", "--principal-arn", dev])
        server.stop()
        try server.start()
        #expect(try aws.ok(["eks", "list-access-entries", "--cluster-name", "c2"])["accessEntries"] as? [String] == [dev])
    }

    @Test("DescribeCluster carries what aws eks update-kubeconfig needs")
    func updateKubeconfig() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let caPEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"
        let caFile = home.appendingPathComponent("apiserver-ca.pem")
        try caPEM.write(to: caFile, atomically: true, encoding: .utf8)
        let config = home.appendingPathComponent("server.yaml")
        try """
            clusterId: demo
            clusterEndpoint: https://demo.k8s.example.internal:6443
            clusterCertificateAuthorityFile: \(caFile.path)
            """.write(to: config, atomically: true, encoding: .utf8)
        let server = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("state"), ["--config", config.path])
        defer { server.stop() }
        let kubeconfig = home.appendingPathComponent("kubeconfig").path
        var environment = server.environment(home: home)
        environment["KUBECONFIG"] = kubeconfig
        let result = try Harness.aws(["eks", "update-kubeconfig", "--name", "demo"], environment: environment)
        try #require(result.status == 0, "\(result.stderr)")
        #expect(result.output.contains("arn:aws:eks:us-east-1:123456789012:cluster/demo"))
        let written = try String(contentsOfFile: kubeconfig, encoding: .utf8)
        #expect(written.contains("server: https://demo.k8s.example.internal:6443"))
        #expect(written.contains("certificate-authority-data: \(Data(caPEM.utf8).base64EncodedString())"))
        #expect(written.contains("- demo"), "the exec plugin's arguments name the cluster: \(written)")
    }

    @Test("requests are SigV4-verified and allowed by IAM identity policies")
    func authentication() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("state"), ["--cluster-id", "demo"])
        defer { server.stop() }
        let root = CLI(environment: server.environment(home: home))
        try root.ok(["iam", "create-user", "--user-name", "carol"])
        let key = try #require(try root.ok(["iam", "create-access-key", "--user-name", "carol"])["AccessKey"] as? [String: Any])
        let carolID = key["AccessKeyId"] as? String ?? ""
        let carolSecret = key["SecretAccessKey"] as? String ?? ""
        func carol(secret: String = carolSecret, id: String = carolID) -> CLI {
            CLI(environment: server.environment(home: home, [
                "AWS_PROFILE": "", "AWS_ACCESS_KEY_ID": id, "AWS_SECRET_ACCESS_KEY": secret, "AWS_DEFAULT_REGION": "us-east-1",
                "AWS_ENDPOINT_URL": server.endpoint,
            ]))
        }
        #expect(try carol().fails(["eks", "describe-cluster", "--name", "demo"], "AccessDeniedException")
            == "User: arn:aws:iam::123456789012:user/carol is not authorized to perform: eks:DescribeCluster on resource: arn:aws:eks:us-east-1:123456789012:cluster/demo")
        try carol(secret: "wrong" + carolSecret.dropFirst(5)).fails(["eks", "list-clusters"], "InvalidSignatureException")
        #expect(try carol(id: "AKIAIOSFODNN7EXAMPLE").fails(["eks", "list-clusters"], "UnrecognizedClientException")
            == "The security token included in the request is invalid.")
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["eks:Describe*","eks:ListAccessEntries"],"Resource":"arn:aws:eks:us-east-1:123456789012:cluster/demo"}]}"#
        try root.ok(["iam", "put-user-policy", "--user-name", "carol", "--policy-name", "read", "--policy-document", policy])
        #expect((try carol().ok(["eks", "describe-cluster", "--name", "demo"])["cluster"] as? [String: Any])?["name"] as? String == "demo")
        try carol().ok(["eks", "list-access-entries", "--cluster-name", "demo"])
        try carol().fails(["eks", "list-clusters"], "AccessDeniedException")
        try carol().fails(["eks", "create-access-entry", "--cluster-name", "demo", "--principal-arn", "arn:aws:iam::123456789012:user/carol"], "AccessDeniedException")
    }

    /// A token from `aws eks get-token` for `cluster`, signed with `environment`'s credentials.
    /// The token is presigned for the real STS host (the webhook admits no other), so any endpoint
    /// override is left out.
    static func token(_ environment: [String: String], cluster: String) throws -> String {
        let result = try Harness.aws(
            ["eks", "get-token", "--cluster-name", cluster, "--query", "status.token", "--output", "text"],
            environment: environment.filter { $0.key != "AWS_ENDPOINT_URL" })
        try #require(result.status == 0, "\(result.stderr)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The username a TokenReview of `token` at `url` answers, or `nil` when it is denied.
    static func username(_ url: String, _ token: String) throws -> String? {
        let answer = try WebhookAuthenticateTests.review(url, token)
        guard answer.status == 200 else { return nil }
        return ((answer.body["status"] as? [String: Any])?["user"] as? [String: Any])?["username"] as? String
    }

    /// Environment variables that make the AWS CLI sign with `key` against `server`.
    static func keys(_ key: [String: Any], _ server: EmbeddedSTSTests.Server, home: URL) -> [String: String] {
        server.environment(home: home, [
            "AWS_PROFILE": "", "AWS_ACCESS_KEY_ID": key["AccessKeyId"] as? String ?? "", "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"] as? String ?? "",
            "AWS_SESSION_TOKEN": key["SessionToken"] as? String ?? "", "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": server.endpoint,
        ])
    }

    @Test("the seeds' rescue: the creator is deleted; an admin with two permissions gives a role cluster-admin through an access entry")
    func rescue() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let log = home.appendingPathComponent("server.log")
        let server = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("state"), log: log)
        defer { server.stop() }
        let root = CLI(environment: server.environment(home: home))
        func user(_ name: String, policy: String) throws -> [String: Any] {
            try root.ok(["iam", "create-user", "--user-name", name])
            try root.ok(["iam", "put-user-policy", "--user-name", name, "--policy-name", "p", "--policy-document", policy])
            return try #require(try root.ok(["iam", "create-access-key", "--user-name", name])["AccessKey"] as? [String: Any])
        }
        let creatorKey = try user("creator", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*","Resource":"*"}]}"#)
        let creator = CLI(environment: Self.keys(creatorKey, server, home: home))
        try creator.ok(["eks", "create-cluster", "--name", "prod", "--role-arn", "arn:aws:iam::123456789012:role/eks", "--resources-vpc-config", "subnetIds=s",
                        "--access-config", "authenticationMode=API_AND_CONFIG_MAP"])
        let creatorEntry = try #require(
            try root.ok(["eks", "describe-access-entry", "--cluster-name", "prod", "--principal-arn", "arn:aws:iam::123456789012:user/creator"])["accessEntry"]
                as? [String: Any])
        #expect(creatorEntry["username"] as? String == "arn:aws:iam::123456789012:user/creator")
        let bootstrap = try root.ok(["eks", "list-associated-access-policies", "--cluster-name", "prod", "--principal-arn", "arn:aws:iam::123456789012:user/creator"])
        #expect((bootstrap["associatedAccessPolicies"] as? [[String: Any]])?.first?["policyArn"] as? String
            == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy")

        // The server now protects cluster prod.
        server.stop()
        let protected = try EmbeddedSTSTests.Server(state: server.state, ["--cluster-id", "prod"], log: log)
        defer { protected.stop() }
        let url = protected.endpoint + "/authenticate"
        #expect(try Self.username(url, try Self.token(creator.environment, cluster: "prod")) == "arn:aws:iam::123456789012:user/creator")

        // The creator leaves the company: the user is deleted, and nobody else has access.
        try root.ok(["iam", "delete-access-key", "--user-name", "creator", "--access-key-id", creatorKey["AccessKeyId"] as? String ?? ""])
        try root.ok(["iam", "delete-user-policy", "--user-name", "creator", "--policy-name", "p"])
        try root.ok(["iam", "delete-user", "--user-name", "creator"])
        #expect(try Self.username(url, try Self.token(creator.environment, cluster: "prod")) == nil)

        // An admin allowed exactly eks:CreateAccessEntry and eks:AssociateAccessPolicy rescues the cluster.
        let rescuerKey = try user("rescuer", policy: #"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["eks:CreateAccessEntry","eks:AssociateAccessPolicy"],
             "Resource":["arn:aws:eks:us-east-1:123456789012:cluster/prod","arn:aws:eks:us-east-1:123456789012:access-entry/prod/*"]}]}
            """#)
        let rescuer = CLI(environment: Self.keys(rescuerKey, protected, home: home))
        try root.ok(["iam", "create-user", "--user-name", "oncall"])
        let oncallKey = try #require(try root.ok(["iam", "create-access-key", "--user-name", "oncall"])["AccessKey"] as? [String: Any])
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/oncall"},"Action":"sts:AssumeRole"}]}"#
        try root.ok(["iam", "create-role", "--role-name", "cluster-admins", "--assume-role-policy-document", trust])
        let admins = "arn:aws:iam::123456789012:role/cluster-admins"
        try rescuer.fails(["eks", "list-access-entries", "--cluster-name", "prod"], "AccessDeniedException")
        try rescuer.ok(["eks", "create-access-entry", "--cluster-name", "prod", "--principal-arn", admins, "--username", "admin:{{SessionName}}"])
        try rescuer.ok(["eks", "associate-access-policy", "--cluster-name", "prod", "--principal-arn", admins,
                        "--policy-arn", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", "--access-scope", "type=cluster"])

        let assumed = try CLI(environment: Self.keys(oncallKey, protected, home: home)).ok(
            ["sts", "assume-role", "--role-arn", admins, "--role-session-name", "jane@example.com"])
        let session = Self.keys(try #require(assumed["Credentials"] as? [String: Any]), protected, home: home)
        #expect(try Self.username(url, try Self.token(session, cluster: "prod")) == "admin:jane-example.com")
        let policies = try root.ok(["eks", "list-associated-access-policies", "--cluster-name", "prod", "--principal-arn", admins])
        let policy = try #require((policies["associatedAccessPolicies"] as? [[String: Any]])?.first)
        #expect(policy["policyArn"] as? String == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy")
        #expect((policy["accessScope"] as? [String: Any])?["type"] as? String == "cluster")
        protected.stop()
        let lines = try String(contentsOf: log, encoding: .utf8)
        #expect(lines.contains("access granted") && lines.contains("mapping=accessEntry"), "the decision names the access entry")
    }

    @Test("two replicas on one PostgreSQL: an entry made on one authenticates on the other; concurrent writers lose nothing")
    func replicas() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let database = try ServerStorageTests.Database()
        defer { database.drop() }
        let first = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("a"), ["--database", database.url, "--cluster-id", "demo"])
        defer { first.stop() }
        let second = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("b"), ["--database", database.url, "--cluster-id", "demo"])
        defer { second.stop() }
        let onA = CLI(environment: first.environment(home: home))
        try onA.ok(["iam", "create-user", "--user-name", "dana"])
        let danaKey = try #require(try onA.ok(["iam", "create-access-key", "--user-name", "dana"])["AccessKey"] as? [String: Any])
        let dana = Self.keys(danaKey, first, home: home)
        let urlB = second.endpoint + "/authenticate"
        // A token the second replica has not cached as unmapped: the TokenReview before the entry exists is denied.
        let token = try Self.token(dana, cluster: "demo")
        #expect(try Self.username(urlB, token) == nil)
        try onA.ok(["eks", "create-access-entry", "--cluster-name", "demo", "--principal-arn", "arn:aws:iam::123456789012:user/dana", "--username", "dana"])
        let started = Date()
        var seen: String?
        while seen == nil, Date().timeIntervalSince(started) < 30 {
            seen = try Self.username(urlB, token)
        }
        #expect(seen == "dana", "the entry made on replica A authenticates on replica B")
        print("replica B saw the entry made on A after \(String(format: "%.2f", Date().timeIntervalSince(started))) s")

        // 50 writers at once, spread over both replicas.
        let result = try Harness.run(
            "python3", [Harness.support.appendingPathComponent("concurrent_access_entries.py").path, "demo", "50", first.endpoint, second.endpoint],
            environment: first.environment(home: home, ["AWS_ACCESS_KEY_ID": Self.rootKey(first), "AWS_SECRET_ACCESS_KEY": Self.rootSecret(first), "AWS_PROFILE": ""]))
        try #require(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(report["created"] as? Int == 50, "\(report)")
        #expect((report["create_errors"] as? [String])?.isEmpty == true, "\(report["create_errors"] ?? "")")
        #expect(report["updates_ok"] as? Int == 50, "\(report)")
        #expect((report["update_errors"] as? [String])?.isEmpty == true)
        let contested = report["contested"] as? [String: Any]
        #expect(contested?["created"] as? Int == 1, "exactly one of 50 writers creates the same entry: \(report)")
        #expect(contested?["in_use"] as? Int == 49)
        let onB = CLI(environment: second.environment(home: home))
        let listed = try #require(try onB.ok(["eks", "list-access-entries", "--cluster-name", "demo"])["accessEntries"] as? [String])
        #expect(Set(listed).isSuperset(of: (0..<50).map { "arn:aws:iam::123456789012:role/writer-\($0)" }))
        #expect(listed.count == 52)
        let shared = try #require(
            try onB.ok(["eks", "describe-access-entry", "--cluster-name", "demo", "--principal-arn", "arn:aws:iam::123456789012:role/writer-0"])["accessEntry"]
                as? [String: Any])
        #expect((shared["username"] as? String)?.hasPrefix("writer:") == true)
    }

    /// The root key the server wrote to its credentials file.
    static func rootKey(_ server: EmbeddedSTSTests.Server) -> String { credential(server, "aws_access_key_id") }
    static func rootSecret(_ server: EmbeddedSTSTests.Server) -> String { credential(server, "aws_secret_access_key") }
    static func credential(_ server: EmbeddedSTSTests.Server, _ name: String) -> String {
        let text = (try? String(contentsOf: server.state.appendingPathComponent("credentials"), encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            return line.split(separator: "=", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
        return ""
    }
}
