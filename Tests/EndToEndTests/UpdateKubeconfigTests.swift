import Foundation
import Testing

/// `eksauth update-kubeconfig` beside `aws eks update-kubeconfig`, both calling DescribeCluster on
/// moto's EKS API: the same entries (but the command), the same merge rules and messages.
@Suite("eksauth update-kubeconfig matches aws eks update-kubeconfig", .serialized)
struct UpdateKubeconfigTests {
    /// Parses YAML with PyYAML (the AWS CLI's own parser) into JSON objects.
    static func parseYAML(_ path: String) throws -> [String: Any] {
        let result = try Harness.run("python3", ["-c", "import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", path], environment: ProcessInfo.processInfo.environment)
        guard result.status == 0, let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any] else {
            throw HarnessError("not YAML: \(path): \(result.stderr)")
        }
        return object
    }

    static func createCluster(_ moto: MotoServer, name: String, environment: [String: String]) throws {
        let created = try Harness.aws([
            "eks", "create-cluster", "--endpoint-url", moto.endpoint, "--name", name, "--role-arn", "arn:aws:iam::123456789012:role/eks",
            "--resources-vpc-config", "subnetIds=subnet-1",
        ], environment: environment)
        guard created.status == 0 else { throw HarnessError("create-cluster failed: \(created.stderr)") }
    }

    @Test("new file, merge into an existing one, profile, role, aliases")
    func sameEntriesAsTheAWSCLI() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let config = home.appendingPathComponent("aws-config").path
        try "[profile team]\nregion = us-east-1\n[default]\nregion = us-east-1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let credentials = home.appendingPathComponent("aws-credentials").path
        try "[team]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n".write(toFile: credentials, atomically: true, encoding: .utf8)
        let environment = Harness.environment(home: home, ["AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": credentials])
        try Self.createCluster(moto, name: "c1", environment: environment)
        try Self.createCluster(moto, name: "c2", environment: environment)

        let existing = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: keep-me
              cluster: {server: 'https://keep.example'}
            - name: arn:aws:eks:us-east-1:123456789012:cluster/c1
              cluster: {server: 'https://stale.example'}
            users:
            - name: keep-user
              user: {token: abc}
            contexts: []
            current-context: keep-context
            preferences: {}
            """
        let variants: [[String]] = [
            [],
            ["--profile", "team"],
            ["--role-arn", "arn:aws:iam::123456789012:role/dev", "--alias", "dev-ctx", "--user-alias", "dev-user"],
        ]
        for (index, flags) in variants.enumerated() {
            let awsFile = home.appendingPathComponent("aws-\(index)").path
            let ourFile = home.appendingPathComponent("ours-\(index)").path
            try existing.write(toFile: awsFile, atomically: true, encoding: .utf8)
            try existing.write(toFile: ourFile, atomically: true, encoding: .utf8)
            for name in ["c1", "c2"] {
                let aws = try Harness.aws(["eks", "update-kubeconfig", "--endpoint-url", moto.endpoint, "--name", name, "--kubeconfig", awsFile] + flags, environment: environment)
                try #require(aws.status == 0, "aws update-kubeconfig failed: \(aws.stderr)")
                let ours = try Harness.eksauth(["update-kubeconfig", "--endpoint-url", moto.endpoint, "--name", name, "--kubeconfig", ourFile] + flags, environment: environment)
                try #require(ours.status == 0, "eksauth update-kubeconfig failed: \(ours.stderr)")
                #expect(ours.output == aws.output.replacingOccurrences(of: awsFile, with: ourFile))
            }
            let mode = try FileManager.default.attributesOfItem(atPath: ourFile)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)

            var theirs = try Self.parseYAML(awsFile)
            var mine = try Self.parseYAML(ourFile)
            for key in ["clusters", "contexts", "current-context", "apiVersion", "kind", "preferences"] {
                #expect(NSDictionary(dictionary: mine).value(forKey: key) as? NSObject == NSDictionary(dictionary: theirs).value(forKey: key) as? NSObject, "\(key) differs")
            }
            let theirUsers = try #require(theirs.removeValue(forKey: "users") as? [[String: Any]])
            let myUsers = try #require(mine.removeValue(forKey: "users") as? [[String: Any]])
            #expect(theirUsers.count == myUsers.count)
            for (their, my) in zip(theirUsers, myUsers) {
                #expect(their["name"] as? String == my["name"] as? String)
                let theirExec = (their["user"] as? [String: Any])?["exec"] as? [String: Any]
                let myExec = (my["user"] as? [String: Any])?["exec"] as? [String: Any]
                guard let theirExec, let myExec else {
                    #expect(NSDictionary(dictionary: their) == NSDictionary(dictionary: my))
                    continue
                }
                #expect(theirExec["apiVersion"] as? String == myExec["apiVersion"] as? String)
                #expect(myExec["command"] as? String == "eksauth")
                #expect((theirExec["env"] as? NSArray) == (myExec["env"] as? NSArray))
                let theirArgs = theirExec["args"] as? [String] ?? []
                let myArgs = myExec["args"] as? [String] ?? []
                // aws: --region R eks get-token --cluster-name N --output json [--role R]
                // eksauth: token --cluster-name N --region R [--role-arn R]
                func value(_ args: [String], _ flag: String) -> String? { args.firstIndex(of: flag).map { args[$0 + 1] } }
                #expect(value(myArgs, "--region") == value(theirArgs, "--region"))
                #expect(value(myArgs, "--cluster-name") == value(theirArgs, "--cluster-name"))
                #expect(value(myArgs, "--role-arn") == value(theirArgs, "--role"))
            }
        }
    }

    @Test("KUBECONFIG lists, dry runs, and files that must not be overwritten")
    func selectionAndSafety() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        var environment = Harness.environment(home: home, ["AWS_DEFAULT_REGION": "us-east-1"])
        try Self.createCluster(moto, name: "c1", environment: environment)
        let arn = "arn:aws:eks:us-east-1:123456789012:cluster/c1"

        let first = home.appendingPathComponent("first").path
        let second = home.appendingPathComponent("second").path
        try "apiVersion: v1\nkind: Config\nclusters:\n- name: \(arn)\n  cluster: {server: 'https://old'}\n".write(toFile: second, atomically: true, encoding: .utf8)
        environment["KUBECONFIG"] = "\(first):\(second)"
        let update = try Harness.eksauth(["update-kubeconfig", "--endpoint-url", moto.endpoint, "--name", "c1"], environment: environment)
        #expect(update.status == 0, "\(update.stderr)")
        #expect(update.output == "Updated context \(arn) in \(second)\n")
        #expect(!FileManager.default.fileExists(atPath: first), "the file that already had the cluster is the one updated")

        let before = try String(contentsOfFile: second, encoding: .utf8)
        let dry = try Harness.eksauth(["update-kubeconfig", "--endpoint-url", moto.endpoint, "--name", "c1", "--alias", "x", "--dry-run"], environment: environment)
        #expect(dry.status == 0)
        #expect(dry.output.contains("current-context: x"))
        #expect(try String(contentsOfFile: second, encoding: .utf8) == before)

        let corrupt = home.appendingPathComponent("corrupt").path
        try "clusters: [unclosed\n".write(toFile: corrupt, atomically: true, encoding: .utf8)
        let refused = try Harness.eksauth(["update-kubeconfig", "--endpoint-url", moto.endpoint, "--name", "c1", "--kubeconfig", corrupt], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains(corrupt))
        #expect(try String(contentsOfFile: corrupt, encoding: .utf8) == "clusters: [unclosed\n")

        let directoryAsFile = home.appendingPathComponent("a-directory").path
        try FileManager.default.createDirectory(atPath: directoryAsFile, withIntermediateDirectories: true)
        let unreadable = try Harness.eksauth(["update-kubeconfig", "--endpoint-url", moto.endpoint, "--name", "c1", "--kubeconfig", directoryAsFile], environment: environment)
        #expect(unreadable.status == 1)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: directoryAsFile, isDirectory: &isDirectory) && isDirectory.boolValue)

        let missing = try Harness.eksauth(["update-kubeconfig", "--endpoint-url", moto.endpoint, "--name", "nope", "--kubeconfig", first], environment: environment)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("ResourceNotFoundException"))
    }
}
