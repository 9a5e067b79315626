import AWSCore
import AsyncHTTPClient
import EKSToken
import Foundation
import SigV4
import Testing

/// The launcher's fast path against the full token command's library (`TokenIssuer`): the same output
/// wherever the fast path answers, and a hand-over wherever it cannot be sure.
@Suite("eksauth token fast path")
struct TokenFastPathTests {
    static let now = Date(timeIntervalSince1970: 1_704_164_645)  // 2024-01-02T03:04:05Z
    static let keys = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"]
    static let devCredentials = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = devsecret\n"

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var arguments: [String]
        var environment: [String: String] = [:]
        var config: String? = nil
        var credentials: String? = nil
        var description: String { name }
    }

    /// A directory with the two shared files, and the environment that points at them.
    static func environment(for row: Case) throws -> (environment: [String: String], directory: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eksauth-fast-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var environment = ["HOME": directory.path]
        for (name, text) in [("config", row.config), ("credentials", row.credentials)] {
            let path = directory.appendingPathComponent(name).path
            if let text { try text.write(toFile: path, atomically: true, encoding: .utf8) }
            environment[name == "config" ? "AWS_CONFIG_FILE" : "AWS_SHARED_CREDENTIALS_FILE"] = path
        }
        environment.merge(row.environment) { $1 }
        return (environment, directory)
    }

    static let served: [Case] = [
        Case(name: "environment keys, --region", arguments: ["--cluster-name", "c", "--region", "eu-west-1"], environment: keys),
        Case(name: "environment keys with a session token", arguments: ["--cluster-name", "c", "--region", "us-east-1"],
             environment: keys.merging(["AWS_SESSION_TOKEN": "IQoJb3JpZ2luX2VjEXAMPLE"]) { $1 }),
        Case(name: "AWS_SECURITY_TOKEN before AWS_SESSION_TOKEN", arguments: ["--cluster-name", "c", "--region", "us-east-1"],
             environment: keys.merging(["AWS_SECURITY_TOKEN": "older", "AWS_SESSION_TOKEN": "newer"]) { $1 }),
        Case(name: "region from AWS_DEFAULT_REGION", arguments: ["--cluster-name", "c"], environment: keys.merging(["AWS_DEFAULT_REGION": "ap-south-1"]) { $1 }),
        Case(name: "region and legacy endpoint from the default profile", arguments: ["--cluster-name", "c"], environment: keys,
             config: "[default]\nregion = us-east-1\nsts_regional_endpoints = legacy\n"),
        Case(name: "FIPS from the profile", arguments: ["--cluster-name", "c", "--region", "us-gov-west-1"], environment: keys,
             config: "[default]\nuse_fips_endpoint = true\n"),
        Case(name: "endpoint_url from the profile", arguments: ["--cluster-name", "c", "--region", "us-west-2"], environment: keys,
             config: "[default]\nendpoint_url = http://127.0.0.1:4566\n"),
        Case(name: "no region", arguments: ["--cluster-name", "c"], environment: keys),
        Case(name: "--profile: static keys in the credentials file, region in the config file", arguments: ["--cluster-name", "c", "--profile", "dev"],
             environment: keys, config: "[profile dev]\nregion = sa-east-1\n", credentials: devCredentials),
        Case(name: "--profile=dev", arguments: ["--cluster-name=c", "--profile=dev", "--region=eu-north-1"], credentials: devCredentials),
        Case(name: "AWS_PROFILE with a session token", arguments: ["--cluster-name", "c", "--region", "us-east-1"],
             environment: ["AWS_PROFILE": "temp"],
             credentials: "[temp]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\naws_session_token = tok+en/==\n"),
        Case(name: "AWS_DEFAULT_PROFILE before AWS_PROFILE", arguments: ["--cluster-name", "c", "--region", "us-east-1"],
             environment: ["AWS_DEFAULT_PROFILE": "dev", "AWS_PROFILE": "missing"], credentials: devCredentials),
        Case(name: "static keys in the config file", arguments: ["--cluster-name", "c", "--region", "us-east-1"],
             config: "[default]\naws_access_key_id = AKIACONFIGEXAMPLE\naws_secret_access_key = configsecret\n"),
        Case(name: "the credentials file's keys win over the config file's", arguments: ["--cluster-name", "c", "--region", "us-east-1", "--profile", "dev"],
             config: "[profile dev]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = configsecret\n",
             credentials: devCredentials),
        Case(name: "-i and compact output", arguments: ["-i", "7f9a2c4e", "--region", "us-east-1", "--output", "compact"], environment: keys),
        Case(name: "--token-only", arguments: ["--cluster-id", "c", "--region", "us-east-1", "--token-only"], environment: keys),
        Case(name: "cluster from KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID", arguments: ["--region", "us-east-1"],
             environment: keys.merging(["KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID": "from-env"]) { $1 }),
        Case(name: "KUBERNETES_EXEC_INFO v1", arguments: ["--cluster-name", "c", "--region", "us-east-1"],
             environment: keys.merging(["KUBERNETES_EXEC_INFO": #"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}"#]) { $1 }),
        Case(name: "KUBERNETES_EXEC_INFO unparsable (a warning)", arguments: ["--cluster-name", "c", "--region", "us-east-1"],
             environment: keys.merging(["KUBERNETES_EXEC_INFO": "not json"]) { $1 }),
        Case(name: "--cache with environment keys (nothing is cached for keys that do not expire)", arguments: ["--cluster-name", "c", "--region", "us-east-1", "--cache"],
             environment: keys),
        Case(name: "--ca-bundle (presigning makes no HTTPS call)", arguments: ["--cluster-name", "c", "--region", "us-east-1", "--ca-bundle", "/nonexistent.pem"],
             environment: keys),
        Case(name: "--signing-time", arguments: ["--cluster-name", "c", "--region", "us-east-1", "--signing-time", "2025-06-07T08:09:10Z"], environment: keys),
    ]

    @Test("prints what the full command prints", arguments: served)
    func sameAsFullCommand(_ row: Case) async throws {
        let (environment, directory) = try Self.environment(for: row)
        defer { try? FileManager.default.removeItem(at: directory) }
        guard case .token(let output, let warning) = TokenFastPath.run(arguments: row.arguments, environment: environment, now: Self.now) else {
            Issue.record("the fast path handed over: \(TokenFastPath.run(arguments: row.arguments, environment: environment, now: Self.now))")
            return
        }
        let expected = try await Self.fullCommandOutput(row.arguments, environment: environment)
        #expect(output == expected.output)
        #expect(warning == expected.warning)
    }

    /// What `TokenCommand` prints, from the same library calls it makes.
    static func fullCommandOutput(_ arguments: [String], environment: [String: String]) async throws -> (output: String, warning: String?) {
        func value(_ names: String...) -> String? {
            for (index, argument) in arguments.enumerated() {
                for name in names {
                    if argument == name, index + 1 < arguments.count { return arguments[index + 1] }
                    if argument.hasPrefix(name + "=") { return String(argument.dropFirst(name.count + 1)) }
                }
            }
            return nil
        }
        let execInfo = try ExecInfo(environmentValue: environment["KUBERNETES_EXEC_INFO"])
        let request = TokenRequest(
            clusterID: value("--cluster-id", "-i") ?? value("--cluster-name") ?? environment["KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID"]!,
            region: value("--region"), profile: value("--profile"), roleARN: value("--role-arn", "--role", "-r") ?? environment["DEFAULT_ROLE"],
            sessionName: value("--session-name", "-s"), externalID: value("--external-id", "-e"),
            forwardSessionName: arguments.contains("--forward-session-name"), useCache: arguments.contains("--cache"),
            date: try SigningTime.date(option: value("--signing-time"), environment: environment, now: now)
        )
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let token: EKSToken
        do {
            token = try await TokenIssuer(environment: environment, httpClient: client, home: environment["HOME"]!).issue(request)
            try await client.shutdown()
        } catch {
            try await client.shutdown()
            throw error
        }
        let credential = ExecCredential(apiVersion: execInfo.apiVersion, token: token)
        let output = arguments.contains("--token-only")
            ? token.value + "\n" : value("--output") == "compact" ? credential.compactJSON : credential.awsCLIJSON
        return (output, execInfo.warning)
    }

    static let handedOver: [(Case, String)] = [
        (Case(name: "--role-arn", arguments: ["--cluster-name", "c", "--role-arn", "arn:aws:iam::111122223333:role/r"], environment: keys), "a role to assume"),
        (Case(name: "-r", arguments: ["--cluster-name", "c", "-r", "arn:aws:iam::111122223333:role/r"], environment: keys), "a role to assume"),
        (Case(name: "--cache with nothing cached for the role", arguments: ["--cluster-name", "c", "--cache", "-r", "arn:aws:iam::111122223333:role/r"], environment: keys),
         "a role to assume"),
        (Case(name: "--forward-session-name with --session-name", arguments: ["--cluster-name", "c", "-r", "arn:aws:iam::1:role/r", "--forward-session-name", "-s", "me"],
              environment: keys), "both --forward-session-name and --session-name"),
        (Case(name: "--help", arguments: ["--help"], environment: keys), "--help"),
        (Case(name: "an unknown flag", arguments: ["--cluster-name", "c", "--frobnicate"], environment: keys), "--frobnicate"),
        (Case(name: "an empty --name= value (the parser would take the next argument)", arguments: ["--cluster-name", "c", "--region="], environment: keys), "--region="),
        (Case(name: "a flag given twice", arguments: ["--cluster-name", "c", "--region", "a", "--region", "b"], environment: keys), "twice"),
        (Case(name: "-i and --cluster-id", arguments: ["-i", "c", "--cluster-id", "d"], environment: keys), "twice"),
        (Case(name: "a value that looks like a flag", arguments: ["--cluster-name", "--region"], environment: keys), "--cluster-name"),
        (Case(name: "both cluster flags", arguments: ["--cluster-name", "c", "--cluster-id", "d"], environment: keys), "both"),
        (Case(name: "no cluster", arguments: ["--region", "us-east-1"], environment: keys), "no cluster"),
        (Case(name: "an empty cluster", arguments: ["--cluster-name", ""], environment: keys), "no cluster"),
        (Case(name: "an unknown output format", arguments: ["--cluster-name", "c", "--output", "yaml"], environment: keys), "--output yaml"),
        (Case(name: "an empty --profile", arguments: ["--cluster-name", "c", "--profile", ""], environment: keys), "--profile"),
        (Case(name: "DEFAULT_ROLE", arguments: ["--cluster-name", "c"], environment: keys.merging(["DEFAULT_ROLE": "arn:aws:iam::1:role/r"]) { $1 }), "a role to assume"),
        (Case(name: "KUBERNETES_EXEC_INFO not an object", arguments: ["--cluster-name", "c"], environment: keys.merging(["KUBERNETES_EXEC_INFO": "[1]"]) { $1 }), "not an object"),
        (Case(name: "a bad signing time", arguments: ["--cluster-name", "c", "--signing-time", "yesterday"], environment: keys), "signing time"),
        (Case(name: "a malformed config file", arguments: ["--cluster-name", "c"], environment: keys, config: "region = us-east-1\n"), "before any [section]"),
        (Case(name: "an invalid endpoint URL", arguments: ["--cluster-name", "c"], environment: keys.merging(["AWS_ENDPOINT_URL_STS": "not a url"]) { $1 }), "not a url"),
        (Case(name: "AWS_PROFILE names a missing profile", arguments: ["--cluster-name", "c"], environment: keys.merging(["AWS_PROFILE": "ghost"]) { $1 }), "ghost"),
        (Case(name: "an access key without a secret", arguments: ["--cluster-name", "c"], environment: ["AWS_ACCESS_KEY_ID": "AKID"]), "AWS_SECRET_ACCESS_KEY"),
        (Case(name: "AWS_CREDENTIAL_EXPIRATION", arguments: ["--cluster-name", "c"], environment: keys.merging(["AWS_CREDENTIAL_EXPIRATION": "2030-01-01T00:00:00Z"]) { $1 }), "AWS_CREDENTIAL_EXPIRATION"),
        (Case(name: "a profile that assumes a role", arguments: ["--cluster-name", "c", "--profile", "admin"],
              config: "[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = dev\n", credentials: devCredentials), "assumes a role"),
        (Case(name: "web identity from the environment", arguments: ["--cluster-name", "c"],
              environment: ["AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/token", "AWS_ROLE_ARN": "arn:aws:iam::1:role/r"]), "web identity"),
        (Case(name: "web identity in the profile", arguments: ["--cluster-name", "c", "--profile", "pod"],
              config: "[profile pod]\nrole_arn = arn:aws:iam::1:role/r\nweb_identity_token_file = /var/run/token\n"), "web identity"),
        (Case(name: "IAM Identity Center", arguments: ["--cluster-name", "c", "--profile", "sso"],
              config: "[profile sso]\nsso_account_id = 111122223333\nsso_role_name = Admin\n"), "Identity Center"),
        (Case(name: "a credential process", arguments: ["--cluster-name", "c"], config: "[default]\ncredential_process = /bin/creds\n"), "credential process"),
        (Case(name: "a key id without a secret in the credentials file", arguments: ["--cluster-name", "c", "--profile", "dev"],
              credentials: "[dev]\naws_access_key_id = AKID\n"), "no aws_secret_access_key"),
        (Case(name: "nothing written anywhere (container or instance credentials)", arguments: ["--cluster-name", "c"]), "no credentials"),
    ]

    @Test("hands the call to the full command", arguments: handedOver)
    func handsOver(_ row: Case, reason: String) throws {
        let (environment, directory) = try Self.environment(for: row)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = TokenFastPath.run(arguments: row.arguments, environment: environment, now: Self.now)
        guard case .delegate(let why) = outcome else {
            Issue.record("the fast path answered itself: \(outcome)")
            return
        }
        #expect(why.contains(reason), "reason: \(why)")
    }

    @Test("environment keys are skipped when --profile names a profile, as in the full chain")
    func explicitProfileSkipsEnvironment() async throws {
        let row = Case(name: "", arguments: ["--cluster-name", "c", "--region", "us-east-1", "--profile", "dev"], environment: Self.keys, credentials: Self.devCredentials)
        let (environment, directory) = try Self.environment(for: row)
        defer { try? FileManager.default.removeItem(at: directory) }
        guard case .token(let output, _) = TokenFastPath.run(arguments: row.arguments, environment: environment, now: Self.now) else {
            Issue.record("handed over")
            return
        }
        let url = try #require(output.split(separator: "\"").first { $0.hasPrefix("k8s-aws-v1.") })
        let presigned = try #require(Base64URL.decode(url.dropFirst("k8s-aws-v1.".count)))
        #expect(String(decoding: presigned, as: UTF8.self).contains("AKIAIOSFODNN7EXAMPLE"))
        #expect(try await Self.fullCommandOutput(row.arguments, environment: environment).output == output)
    }

    static let role = "arn:aws:iam::111122223333:role/eks-admin"
    static let assumed = AWSCredentials(
        accessKeyID: "ASIACACHEDEXAMPLE", secretAccessKey: "cachedsecret", sessionToken: "cached+token/==", expiration: now + 3600
    )

    /// A home directory whose credential cache holds `credentials` under the key of `-r role` (profile
    /// `default`, region us-east-1, external id and session name as given).
    static func cachedHome(_ credentials: AWSCredentials, externalID: String? = nil, sessionName: String? = nil) throws -> (Case, [String: String], URL) {
        var arguments = ["--cluster-name", "c", "--region", "us-east-1", "-r", role, "--cache"]
        if let externalID { arguments += ["-e", externalID] }
        if let sessionName { arguments += ["--session-name", sessionName] }
        let row = Case(name: "", arguments: arguments, environment: keys)
        let (environment, directory) = try environment(for: row)
        let key = CredentialCache.key(profile: "default", roleARN: role, externalID: externalID, sessionName: sessionName, region: "us-east-1")
        try CredentialCache(file: CredentialCache.defaultFile(home: directory.path)).store(credentials, for: key, date: now)
        return (row, environment, directory)
    }

    @Test("--cache: fresh credentials of an earlier role assumption are signed with, as the full command signs with them")
    func cachedRoleCredentials() async throws {
        for (externalID, sessionName) in [(nil, nil), ("ext-1", "ci-session")] as [(String?, String?)] {
            let (row, environment, directory) = try Self.cachedHome(Self.assumed, externalID: externalID, sessionName: sessionName)
            defer { try? FileManager.default.removeItem(at: directory) }
            guard case .token(let output, _) = TokenFastPath.run(arguments: row.arguments, environment: environment, now: Self.now) else {
                Issue.record("handed over: \(TokenFastPath.run(arguments: row.arguments, environment: environment, now: Self.now))")
                continue
            }
            #expect(output.contains("k8s-aws-v1."))
            #expect(try await Self.fullCommandOutput(row.arguments, environment: environment).output == output)
            let url = try #require(output.split(separator: "\"").first { $0.hasPrefix("k8s-aws-v1.") })
            let presigned = String(decoding: try #require(Base64URL.decode(url.dropFirst("k8s-aws-v1.".count))), as: UTF8.self)
            #expect(presigned.contains("ASIACACHEDEXAMPLE"))
            // Another external id or session name is another cache entry: nothing to sign with here.
            let other = row.arguments + ["--external-id", "other"]
            if externalID == nil {
                #expect(TokenFastPath.run(arguments: other, environment: environment, now: Self.now) == .delegate("a role to assume"))
            }
        }
    }

    @Test("--cache: an entry within five minutes of expiry, or a cache others can read, goes to the full command")
    func staleOrExposedCache() throws {
        let (row, environment, directory) = try Self.cachedHome(Self.assumed)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(TokenFastPath.run(arguments: row.arguments, environment: environment, now: Self.now + 3600 - 299) == .delegate("a role to assume"))
        let file = CredentialCache.defaultFile(home: directory.path).path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        guard case .delegate(let reason) = TokenFastPath.run(arguments: row.arguments, environment: environment, now: Self.now) else {
            Issue.record("a readable cache was used")
            return
        }
        #expect(reason.contains("readable by group or others"))
    }
}
