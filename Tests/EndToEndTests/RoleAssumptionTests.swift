import Foundation
import Testing

/// `--role-arn` through moto's STS (the real AssumeRole peer), the credential cache, and the errors a
/// user sees when credentials are missing, wrong or refused.
@Suite("eksauth token with roles, the cache, and errors", .serialized)
struct RoleAssumptionTests {
    static let frozenTime = "2024-01-02T03:04:05Z"

    @Test("--role-arn gives the AWS CLI's bytes when moto answers both AssumeRole calls alike")
    func roleARNByteIdentity() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let keys = try moto.createFixtures()
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let alice = keys["alice"]!
        for (region, cluster) in [("us-east-1", "my-cluster"), ("eu-west-1", "prod")] {
            let environment = Harness.environment(home: home, [
                "AWS_ACCESS_KEY_ID": alice.accessKeyID, "AWS_SECRET_ACCESS_KEY": alice.secret, "AWS_ENDPOINT_URL_STS": moto.endpoint,
                "EKSAUTH_SIGNING_TIME": Self.frozenTime,
            ])
            let flags = ["--cluster-name", cluster, "--region", region, "--role-arn", "arn:aws:iam::123456789012:role/dev"]
            try moto.seed(1234)
            let aws = try Harness.aws(["eks", "get-token"] + flags, environment: environment, frozenTime: Self.frozenTime)
            try #require(aws.status == 0, "aws eks get-token --role-arn failed: \(aws.stderr)")
            try moto.seed(1234)
            let ours = try Harness.eksauth(["token"] + flags, environment: environment)
            #expect(ours.status == 0, "\(ours.stderr)")
            #expect(ours.stdout == aws.stdout)
            let token = try #require(try JSONSerialization.jsonObject(with: ours.stdout) as? [String: Any])
            let value = try #require((token["status"] as? [String: String])?["token"])
            let query = try #require(decodeToken(value)?.query)
            #expect(query["X-Amz-Credential"]?.hasPrefix("ASIA") == true)
            #expect(query["X-Amz-Security-Token"]?.isEmpty == false)
        }
    }

    @Test("--cache keeps the assumed role's credentials in a private file and refuses a readable one")
    func credentialCache() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let keys = try moto.createFixtures()
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = Harness.environment(home: home, [
            "AWS_ACCESS_KEY_ID": keys["alice"]!.accessKeyID, "AWS_SECRET_ACCESS_KEY": keys["alice"]!.secret,
            "AWS_ENDPOINT_URL_STS": moto.endpoint, "AWS_DEFAULT_REGION": "us-east-1",
        ])
        let flags = ["token", "--cluster-name", "c", "--role-arn", "arn:aws:iam::123456789012:role/dev", "--token-only"]
        func keyID(_ result: ProcessResult) -> String? {
            decodeToken(result.output.trimmingCharacters(in: .whitespacesAndNewlines))?.query["X-Amz-Credential"]?.components(separatedBy: "/").first
        }
        let uncachedFirst = try Harness.eksauth(flags, environment: environment)
        let uncachedSecond = try Harness.eksauth(flags, environment: environment)
        #expect(keyID(uncachedFirst) != nil && keyID(uncachedFirst) != keyID(uncachedSecond), "without --cache every call assumes the role again")

        let first = try Harness.eksauth(flags + ["--cache"], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let cacheFile = home.appendingPathComponent(".kube/cache/eksauth/credentials.json").path
        let attributes = try FileManager.default.attributesOfItem(atPath: cacheFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let cached = try String(contentsOfFile: cacheFile, encoding: .utf8)
        #expect(!cached.contains("k8s-aws-v1."), "the token itself is never written")
        let second = try Harness.eksauth(flags + ["--cache"], environment: environment)
        #expect(keyID(second) == keyID(first), "the second call reuses the cached role credentials")
        // The launcher's fast path serves that second call itself (`only`), with the bytes eksauth-cli prints.
        var fixed = environment
        fixed["EKSAUTH_SIGNING_TIME"] = "2024-01-02T03:04:05Z"
        let fast = try Harness.eksauth(flags + ["--cache"], environment: fixed.merging(["EKSAUTH_TOKEN_FAST_PATH": "only"]) { $1 })
        let full = try Harness.eksauth(flags + ["--cache"], environment: fixed.merging(["EKSAUTH_TOKEN_FAST_PATH": "off"]) { $1 })
        #expect(fast.status == 0, "\(fast.stderr)")
        #expect(keyID(fast) == keyID(first))
        #expect(fast.stdout == full.stdout)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: cacheFile)
        let refused = try Harness.eksauth(flags + ["--cache"], environment: environment)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("readable by group or others"))
        #expect(refused.stdout.isEmpty)
    }

    @Test("AssumeRole refused by IAM is one clear line")
    func assumeRoleDenied() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let keys = try moto.createFixtures()
        try moto.enableAuthentication()
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = Harness.environment(home: home, [
            "AWS_ACCESS_KEY_ID": keys["bob"]!.accessKeyID, "AWS_SECRET_ACCESS_KEY": keys["bob"]!.secret,
            "AWS_ENDPOINT_URL_STS": moto.endpoint, "AWS_DEFAULT_REGION": "us-east-1",
        ])
        let denied = try Harness.eksauth(["token", "--cluster-name", "c", "--role-arn", "arn:aws:iam::123456789012:role/dev"], environment: environment)
        #expect(denied.status == 1)
        #expect(denied.stdout.isEmpty)
        #expect(denied.stderr.contains("arn:aws:iam::123456789012:role/dev"))
        #expect(denied.stderr.contains("AccessDenied"))
        #expect(denied.stderr.split(separator: "\n").count == 1, "\(denied.stderr)")
        #expect(!denied.stderr.contains(keys["bob"]!.secret))

        var wrongSecret = environment
        wrongSecret["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
        let rejected = try Harness.eksauth(["token", "--cluster-name", "c", "--role-arn", "arn:aws:iam::123456789012:role/dev"], environment: wrongSecret)
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("SignatureDoesNotMatch"))
    }

    @Test("missing, unknown and expired credentials, and bad input, fail with one line and no output")
    func errors() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let noKeys = Harness.environment(home: home, ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_DEFAULT_REGION": "us-east-1"])
        let missing = try Harness.eksauth(["token", "--cluster-name", "c"], environment: noKeys)
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr.contains("AWS_ACCESS_KEY_ID"), "says where it looked: \(missing.stderr)")
        #expect(missing.stderr.contains("metadata"), "says where it looked: \(missing.stderr)")

        let unknown = try Harness.eksauth(["token", "--cluster-name", "c", "--profile", "nope"], environment: noKeys)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("nope"))

        let expired = try Harness.eksauth(["token", "--cluster-name", "c"], environment: Harness.environment(home: home, [
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_SESSION_TOKEN": "token", "AWS_CREDENTIAL_EXPIRATION": "2020-01-01T00:00:00Z",
        ]))
        #expect(expired.status == 1)
        #expect(expired.stderr.lowercased().contains("expired"), "\(expired.stderr)")
        #expect(!expired.stderr.contains(Harness.exampleSecretKey))

        let both = try Harness.eksauth(["token", "--cluster-name", "a", "--cluster-id", "b"], environment: Harness.environment(home: home))
        #expect(both.status == 1 && both.stdout.isEmpty)
        let neither = try Harness.eksauth(["token"], environment: Harness.environment(home: home))
        #expect(neither.status == 1)
        #expect(neither.stderr.contains("Either parameter --cluster-name or --cluster-id must be specified."))

        let badExecInfo = try Harness.eksauth(["token", "--cluster-name", "c"], environment: Harness.environment(home: home, [
            "AWS_DEFAULT_REGION": "us-east-1", "KUBERNETES_EXEC_INFO": "[]",
        ]))
        #expect(badExecInfo.status == 1)
        #expect(badExecInfo.stderr.contains("KUBERNETES_EXEC_INFO"))
        #expect(badExecInfo.stdout.isEmpty)
    }
}

/// The role session names `eksauth token` asks STS for, read back through moto's GetCallerIdentity.
@Suite("role session names")
struct RoleSessionNameTests {
    /// The credentials in the cache file (it holds one entry) and the identity moto says they belong to.
    static func cachedIdentity(home: URL, moto: MotoServer) throws -> String {
        let cacheFile = home.appendingPathComponent(".kube/cache/eksauth/credentials.json")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: cacheFile)) as? [String: [String: Any]])
        let entry = try #require(entries.values.first)
        let result = try Harness.aws(["sts", "get-caller-identity", "--query", "Arn", "--output", "text"], environment: Harness.environment(home: home, [
            "AWS_ACCESS_KEY_ID": entry["accessKeyId"] as? String ?? "", "AWS_SECRET_ACCESS_KEY": entry["secretAccessKey"] as? String ?? "",
            "AWS_SESSION_TOKEN": entry["sessionToken"] as? String ?? "", "AWS_ENDPOINT_URL_STS": moto.endpoint, "AWS_DEFAULT_REGION": "us-east-1",
        ]))
        try #require(result.status == 0, "\(result.stderr)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("default EKSGetTokenAuth, -s, and --forward-session-name")
    func sessionNames() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let keys = try moto.createFixtures()
        let role = "arn:aws:iam::123456789012:role/dev"
        let base = [
            "AWS_ACCESS_KEY_ID": keys["alice"]!.accessKeyID, "AWS_SECRET_ACCESS_KEY": keys["alice"]!.secret,
            "AWS_ENDPOINT_URL_STS": moto.endpoint, "AWS_DEFAULT_REGION": "us-east-1",
        ]
        for (flags, expected) in [([String](), "EKSGetTokenAuth"), (["-s", "release-bot", "-e", "ext-123"], "release-bot")] {
            let home = try Harness.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: home) }
            let result = try Harness.eksauth(["token", "-i", "c", "-r", role, "--cache"] + flags, environment: Harness.environment(home: home, base))
            try #require(result.status == 0, "\(result.stderr)")
            #expect(try Self.cachedIdentity(home: home, moto: moto) == "arn:aws:sts::123456789012:assumed-role/dev/\(expected)")
        }

        // A caller that is itself a role session named jane@example.com forwards that name.
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let assumed = try Harness.aws(["sts", "assume-role", "--role-arn", role, "--role-session-name", "jane@example.com",
                                       "--query", "Credentials.[AccessKeyId,SecretAccessKey,SessionToken]", "--output", "text"],
                                      environment: Harness.environment(home: home, base))
        try #require(assumed.status == 0, "\(assumed.stderr)")
        let parts = assumed.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\t").map(String.init)
        try #require(parts.count == 3)
        var forwarding = base
        forwarding["AWS_ACCESS_KEY_ID"] = parts[0]
        forwarding["AWS_SECRET_ACCESS_KEY"] = parts[1]
        forwarding["AWS_SESSION_TOKEN"] = parts[2]
        let result = try Harness.eksauth(["token", "-i", "c", "-r", role, "--forward-session-name", "--cache"], environment: Harness.environment(home: home, forwarding))
        try #require(result.status == 0, "\(result.stderr)")
        #expect(try Self.cachedIdentity(home: home, moto: moto) == "arn:aws:sts::123456789012:assumed-role/dev/jane@example.com")

        let conflict = try Harness.eksauth(["token", "-i", "c", "-r", role, "--forward-session-name", "-s", "x"], environment: Harness.environment(home: home, forwarding))
        #expect(conflict.status == 1)
        #expect(conflict.stderr.contains("--forward-session-name"))
    }
}
