import Foundation
import Testing

/// `eksauth server` with its embedded STS, used by the real AWS CLI and boto3 through the profile the
/// server writes, and verifying EKS tokens from `aws eks get-token` and `eksauth token`.
@Suite("the embedded STS serves the AWS CLI and boto3", .serialized)
struct EmbeddedSTSTests {
    final class Server: @unchecked Sendable {
        let state: URL
        let port: Int
        let extraArguments: [String]
        let log: URL?
        let processEnvironment: [String: String]?
        var background: BackgroundProcess?
        var endpoint: String { "http://127.0.0.1:\(port)" }

        init(state: URL, _ extraArguments: [String] = [], log: URL? = nil, environment: [String: String]? = nil) throws {
            self.state = state
            self.extraArguments = extraArguments
            self.log = log
            self.processEnvironment = environment
            port = try Harness.freePort()
            try start()
        }

        func start() throws {
            background = try BackgroundProcess(
                [Harness.eksauth, "server", "--port", String(port), "--state-dir", state.path] + extraArguments,
                port: port, readyURL: "http://127.0.0.1:\(port)/healthz", stderr: log, environment: processEnvironment
            )
        }

        func stop() { background?.stop() }

        /// The environment the server's printed instructions give: its profile files and profile.
        func environment(home: URL, _ extra: [String: String] = [:]) -> [String: String] {
            var variables = Harness.environment(home: home, [
                "AWS_CONFIG_FILE": state.appendingPathComponent("aws-config").path,
                "AWS_SHARED_CREDENTIALS_FILE": state.appendingPathComponent("credentials").path,
                "AWS_PROFILE": "eksauth", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
            ])
            variables.merge(extra) { $1 }
            return variables.filter { !$0.value.isEmpty }
        }
    }

    static func replay(_ token: String, cluster: String, _ mode: String? = nil) throws -> (status: Int, body: String) {
        var arguments = [Harness.support.appendingPathComponent("replay_token.py").path, token, cluster]
        if let mode { arguments.append(mode) }
        let result = try Harness.run("python3", arguments, environment: ProcessInfo.processInfo.environment)
        let lines = result.output.split(separator: "\n", maxSplits: 1).map(String.init)
        return (Int(lines.first ?? "") ?? 0, lines.count > 1 ? lines[1] : "")
    }

    @Test("GetCallerIdentity, tokens, errors, and state that survives a restart")
    func awsCLIAndBoto3() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let state = home.appendingPathComponent("state")
        let server = try Server(state: state)
        defer { server.stop() }
        let environment = server.environment(home: home)

        for name in ["aws-config", "credentials", "eksauth.sqlite", "eksauth.sqlite-wal"] {
            let mode = try FileManager.default.attributesOfItem(atPath: state.appendingPathComponent(name).path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600, "\(name) is private")
        }

        let identity = try Harness.aws(["sts", "get-caller-identity"], environment: environment)
        try #require(identity.status == 0, "\(identity.stderr)")
        let parsed = try #require(try JSONSerialization.jsonObject(with: identity.stdout) as? [String: String])
        #expect(parsed == ["UserId": "123456789012", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:root"])

        let boto3 = try Harness.run("python3", ["-c", "import boto3; print(boto3.client('sts').get_caller_identity()['Arn'])"], environment: environment)
        #expect(boto3.status == 0, "\(boto3.stderr)")
        #expect(boto3.output == "arn:aws:iam::123456789012:root\n")

        var tokens = environment
        tokens["AWS_ENDPOINT_URL_STS"] = server.endpoint
        let awsToken = try Harness.aws(["eks", "get-token", "--cluster-name", "demo", "--query", "status.token", "--output", "text"], environment: tokens)
        try #require(awsToken.status == 0, "\(awsToken.stderr)")
        let ourToken = try Harness.eksauth(["token", "--cluster-name", "demo", "--token-only"], environment: tokens)
        try #require(ourToken.status == 0, "\(ourToken.stderr)")
        for token in [awsToken.output, ourToken.output].map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) {
            let accepted = try Self.replay(token, cluster: "demo")
            #expect(accepted.status == 200)
            #expect(accepted.body.contains(#""Arn":"arn:aws:iam::123456789012:root""#), "\(accepted.body)")
            let otherCluster = try Self.replay(token, cluster: "other")
            #expect(otherCluster.status == 403)
            #expect(otherCluster.body.contains("SignatureDoesNotMatch"))
            let tampered = try Self.replay(token, cluster: "demo", "tamper")
            #expect(tampered.status == 403)
        }

        let denied = try Harness.aws(["sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/missing", "--role-session-name", "s1"], environment: environment)
        #expect(denied.status != 0)
        #expect(denied.stderr.contains("(AccessDenied)"))

        let credentialsFile = state.appendingPathComponent("credentials").path
        let goodCredentials = try String(contentsOfFile: credentialsFile, encoding: .utf8)
        let wrongSecret = try Harness.aws(["sts", "get-caller-identity"], environment: server.environment(home: home, [
            "AWS_ACCESS_KEY_ID": goodCredentials.split(separator: "\n")[1].split(separator: "=")[1].trimmingCharacters(in: .whitespaces),
            "AWS_SECRET_ACCESS_KEY": "not-the-secret", "AWS_PROFILE": "",
            "AWS_ENDPOINT_URL_STS": server.endpoint, "AWS_DEFAULT_REGION": "us-east-1",
        ]))
        #expect(wrongSecret.status != 0)
        #expect(wrongSecret.stderr.contains("(SignatureDoesNotMatch)"))
        let unknownKey = try Harness.aws(["sts", "get-caller-identity"], environment: server.environment(home: home, [
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "x", "AWS_PROFILE": "",
            "AWS_ENDPOINT_URL_STS": server.endpoint, "AWS_DEFAULT_REGION": "us-east-1",
        ]))
        #expect(unknownKey.stderr.contains("(InvalidClientTokenId)"))

        server.stop()
        try server.start()
        #expect(try String(contentsOfFile: credentialsFile, encoding: .utf8) == goodCredentials, "the root key survives a restart")
        let again = try Harness.aws(["sts", "get-caller-identity", "--query", "Arn", "--output", "text"], environment: environment)
        #expect(again.output == "arn:aws:iam::123456789012:root\n", "\(again.stderr)")
    }

    @Test("the AWS CLI creates a user, a key and a role, assumes the role, and its token verifies", arguments: ["sqlite", "postgres"])
    func walkthrough(backend: String) throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let database = backend == "postgres" ? try ServerStorageTests.Database() : nil
        defer { database?.drop() }
        let server = try Server(state: home.appendingPathComponent("state"), database.map { ["--database", $0.url] } ?? [])
        defer { server.stop() }
        let root = server.environment(home: home)
        func aws(_ arguments: [String], _ environment: [String: String]) throws -> [String: Any] {
            let result = try Harness.aws(arguments + ["--output", "json"], environment: environment)
            guard result.status == 0 else { throw HarnessError("aws \(arguments.joined(separator: " ")) failed: \(result.stderr)") }
            return (try? JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]) ?? [:]
        }
        let user = try aws(["iam", "create-user", "--user-name", "alice"], root)["User"] as? [String: Any]
        #expect(user?["Arn"] as? String == "arn:aws:iam::123456789012:user/alice")
        #expect((user?["UserId"] as? String)?.hasPrefix("AIDA") == true)
        let key = try #require(try aws(["iam", "create-access-key", "--user-name", "alice"], root)["AccessKey"] as? [String: Any])
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"sts:AssumeRole"}]}"#
        let role = try aws(["iam", "create-role", "--role-name", "dev", "--assume-role-policy-document", trust], root)["Role"] as? [String: Any]
        #expect(role?["Arn"] as? String == "arn:aws:iam::123456789012:role/dev")
        let listed = try aws(["iam", "list-roles"], root)["Roles"] as? [[String: Any]]
        #expect(listed?.compactMap { $0["RoleName"] as? String } == ["dev"])

        let alice = server.environment(home: home, [
            "AWS_PROFILE": "", "AWS_ACCESS_KEY_ID": key["AccessKeyId"] as? String ?? "", "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"] as? String ?? "",
            "AWS_ENDPOINT_URL_STS": server.endpoint, "AWS_ENDPOINT_URL_IAM": server.endpoint, "AWS_DEFAULT_REGION": "us-east-1",
        ])
        let me = try aws(["sts", "get-caller-identity"], alice)
        #expect(me["Arn"] as? String == "arn:aws:iam::123456789012:user/alice")
        let assumed = try aws(["sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/dev", "--role-session-name", "alice-session"], alice)
        #expect((assumed["AssumedRoleUser"] as? [String: Any])?["Arn"] as? String == "arn:aws:sts::123456789012:assumed-role/dev/alice-session")
        let denied = try Harness.aws(["iam", "create-user", "--user-name", "mallory"], environment: alice)
        #expect(denied.status != 0)
        #expect(denied.stderr.contains("(AccessDenied)"))

        for tool in ["aws", "eksauth"] {
            let result = tool == "aws"
                ? try Harness.aws(["eks", "get-token", "--cluster-name", "demo", "--role-arn", "arn:aws:iam::123456789012:role/dev", "--query", "status.token", "--output", "text"], environment: alice)
                : try Harness.eksauth(["token", "--cluster-name", "demo", "--role-arn", "arn:aws:iam::123456789012:role/dev", "--token-only"], environment: alice)
            try #require(result.status == 0, "\(tool): \(result.stderr)")
            let token = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let accepted = try Self.replay(token, cluster: "demo")
            #expect(accepted.status == 200, "\(tool): \(accepted.body)")
            #expect(accepted.body.contains(#"assumed-role/dev/EKSGetTokenAuth"#), "\(tool): \(accepted.body)")
            let stripped = try Self.replay(token, cluster: "demo", "strip-session-token")
            #expect(stripped.status == 403, "\(tool): a role token without its session token is rejected")
        }
    }

    @Test("an inactive access key and an expired session token are refused as AWS refuses them")
    func inactiveKeyAndExpiredSession() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let state = home.appendingPathComponent("state")
        let server = try Server(state: state)
        defer { server.stop() }
        let root = server.environment(home: home)
        func json(_ arguments: [String], _ environment: [String: String]) throws -> [String: Any] {
            let result = try Harness.aws(arguments + ["--output", "json"], environment: environment)
            try #require(result.status == 0, "\(arguments.prefix(2)): \(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        }
        func caller(_ id: String, _ secret: String, _ token: String? = nil) -> [String: String] {
            server.environment(home: home, [
                "AWS_PROFILE": "", "AWS_ACCESS_KEY_ID": id, "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": token ?? "",
                "AWS_ENDPOINT_URL": server.endpoint, "AWS_DEFAULT_REGION": "us-east-1",
            ])
        }

        _ = try json(["iam", "create-user", "--user-name", "bob"], root)
        let key = try #require(try json(["iam", "create-access-key", "--user-name", "bob"], root)["AccessKey"] as? [String: Any])
        let bob = caller(key["AccessKeyId"] as? String ?? "", key["SecretAccessKey"] as? String ?? "")
        #expect(try json(["sts", "get-caller-identity"], bob)["Arn"] as? String == "arn:aws:iam::123456789012:user/bob")
        _ = try Harness.aws(["iam", "update-access-key", "--user-name", "bob", "--access-key-id", key["AccessKeyId"] as? String ?? "", "--status", "Inactive"], environment: root)
        let inactive = try Harness.aws(["sts", "get-caller-identity"], environment: bob)
        #expect(inactive.status != 0)
        #expect(inactive.stderr.contains("(InvalidClientTokenId)"), "\(inactive.stderr)")

        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#
        _ = try json(["iam", "create-role", "--role-name", "ops", "--assume-role-policy-document", trust], root)
        let assumed = try json(["sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/ops", "--role-session-name", "s1"], root)
        let credentials = try #require(assumed["Credentials"] as? [String: Any])
        let session = caller(
            credentials["AccessKeyId"] as? String ?? "", credentials["SecretAccessKey"] as? String ?? "", credentials["SessionToken"] as? String)
        #expect(try json(["sts", "get-caller-identity"], session)["Arn"] as? String == "arn:aws:sts::123456789012:assumed-role/ops/s1")

        // Age the session in the database (its expiry moves to 2001), as if its hour had passed.
        server.stop()
        let aged = try Harness.run(
            "sqlite3", [state.appendingPathComponent("eksauth.sqlite").path,
                        "UPDATE eksauth_records SET body = json_set(body, '$.expiration', 0) WHERE collection = 'session'"],
            environment: ProcessInfo.processInfo.environment)
        try #require(aged.status == 0, "\(aged.stderr)")
        try server.start()
        let expired = try Harness.aws(["sts", "get-caller-identity"], environment: session)
        #expect(expired.status != 0)
        #expect(expired.stderr.contains("(ExpiredToken)"), "\(expired.stderr)")
        let strippedToken = try Harness.aws(["sts", "get-caller-identity"], environment: caller(
            credentials["AccessKeyId"] as? String ?? "", credentials["SecretAccessKey"] as? String ?? ""))
        #expect(strippedToken.stderr.contains("(InvalidClientTokenId)"), "a session key without its token: \(strippedToken.stderr)")
    }
}
