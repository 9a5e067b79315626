@testable import AWSCore
import AsyncHTTPClient
import Foundation
import SigV4
import Synchronization
import Testing

@Suite("Credential chain")
struct CredentialChainTests {
    /// An STS endpoint nothing listens on: a test that reaches STS by mistake fails at once.
    static let unreachableSTS = STSEndpoint(url: "http://127.0.0.1:1", signingRegion: "us-east-1")
    static let fixedDate = Date(timeIntervalSince1970: 1_704_164_645)  // 2024-01-02T03:04:05Z

    /// A directory with the given files and a chain over it.
    struct Fixture {
        let directory: URL
        var environment: [String: String]
        let config: SharedConfig

        init(config: String? = nil, credentials: String? = nil, environment extra: [String: String] = [:], in existing: URL? = nil) throws {
            directory = try existing ?? CredentialTestSupport.makeTemporaryDirectory()
            self.config = try CredentialTestSupport.sharedConfig(directory: directory, config: config, credentials: credentials)
            environment = CredentialTestSupport.environment(directory: directory, extra)
        }

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        func chain(
            profile: String? = nil,
            sts: STSEndpoint = CredentialChainTests.unreachableSTS,
            clock: @escaping @Sendable () -> Date = { CredentialChainTests.fixedDate },
            mfaPrompt: @escaping MFACodePrompt = { _ in Issue.record("unexpected MFA prompt"); return "" }
        ) -> CredentialChain {
            var chain = CredentialChain(
                environment: environment, profile: profile, config: config, httpClient: HTTPClient.shared,
                stsEndpoint: { _ in sts }, clock: clock, mfaPrompt: mfaPrompt
            )
            chain.resolver.container.retryDelay = .zero
            return chain
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    static let staticProfiles = """
        [default]
        aws_access_key_id = AKIADEFAULTCREDS
        aws_secret_access_key = default-secret
        [dev]
        aws_access_key_id = AKIADEVCREDS
        aws_secret_access_key = dev-secret
        aws_session_token = dev-token
        """

    // MARK: - Environment

    @Test("environment keys, session token and expiration")
    func environmentCredentials() async throws {
        let fixture = try Fixture(environment: [
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token",
            "AWS_CREDENTIAL_EXPIRATION": "2030-01-01T00:00:00Z",
        ])
        defer { fixture.remove() }
        let resolved = try await fixture.chain().resolve()
        #expect(resolved.method == "env")
        #expect(resolved.credentials == AWSCredentials(
            accessKeyID: "AKIAENV", secretAccessKey: "env-secret", sessionToken: "env-token",
            expiration: ISO8601Timestamp.parse("2030-01-01T00:00:00Z")
        ))
    }

    @Test("AWS_SECURITY_TOKEN is read before AWS_SESSION_TOKEN, as botocore does")
    func securityTokenFirst() async throws {
        let fixture = try Fixture(environment: [
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SECURITY_TOKEN": "old", "AWS_SESSION_TOKEN": "new",
        ])
        defer { fixture.remove() }
        #expect(try await fixture.chain().credentials().sessionToken == "old")
    }

    @Test("an access key id without its secret is partial")
    func partialEnvironment() async throws {
        let fixture = try Fixture(credentials: Self.staticProfiles, environment: ["AWS_ACCESS_KEY_ID": "AKIAENV"])
        defer { fixture.remove() }
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .partialCredentials)
        #expect(error.message.contains("AWS_SECRET_ACCESS_KEY"))
    }

    @Test("a secret without an access key id is ignored")
    func secretAlone() async throws {
        let fixture = try Fixture(credentials: Self.staticProfiles, environment: ["AWS_SECRET_ACCESS_KEY": "s"])
        defer { fixture.remove() }
        #expect(try await fixture.chain().resolve().method == "shared-credentials-file")
    }

    @Test("environment keys win over AWS_PROFILE, but not over an explicitly named profile")
    func explicitProfileDisablesEnvironment() async throws {
        let fixture = try Fixture(credentials: Self.staticProfiles, environment: [
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_PROFILE": "dev",
        ])
        defer { fixture.remove() }
        #expect(try await fixture.chain().credentials().accessKeyID == "AKIAENV")
        let explicit = try await fixture.chain(profile: "dev").resolve()
        #expect(explicit.credentials.accessKeyID == "AKIADEVCREDS")
        #expect(explicit.credentials.sessionToken == "dev-token")
        #expect(explicit.profile == "dev")
    }

    @Test("an expired credential is an error, not a result")
    func expiredEnvironment() async throws {
        let fixture = try Fixture(environment: [
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_CREDENTIAL_EXPIRATION": "2024-01-02T03:00:00Z",
        ])
        defer { fixture.remove() }
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .expired)
        #expect(error.message == "the credentials from env expired at 2024-01-02T03:00:00Z; refresh them and try again")
        #expect(!error.message.contains("env-secret"))
    }

    @Test("an unreadable AWS_CREDENTIAL_EXPIRATION is reported")
    func badExpiration() async throws {
        let fixture = try Fixture(environment: [
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_CREDENTIAL_EXPIRATION": "tomorrow",
        ])
        defer { fixture.remove() }
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .invalidConfiguration)
    }

    // MARK: - Profiles

    @Test("AWS_PROFILE and AWS_DEFAULT_PROFILE select the profile")
    func profileFromEnvironment() async throws {
        let fixture = try Fixture(credentials: Self.staticProfiles, environment: ["AWS_PROFILE": "dev"])
        defer { fixture.remove() }
        #expect(try await fixture.chain().credentials().accessKeyID == "AKIADEVCREDS")
        var other = fixture
        other.environment["AWS_DEFAULT_PROFILE"] = "default"
        #expect(try await other.chain().credentials().accessKeyID == "AKIADEFAULTCREDS")
    }

    @Test("a named profile that does not exist is an error, even with keys in the environment")
    func unknownProfile() async throws {
        let fixture = try Fixture(credentials: Self.staticProfiles, environment: [
            "AWS_PROFILE": "nope", "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s",
        ])
        defer { fixture.remove() }
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .unknownProfile)
        #expect(error.message.hasPrefix("profile 'nope' is not in \(fixture.path("config")) or \(fixture.path("credentials"))"))
        let explicit = try await #require(throws: CredentialError.self) { try await fixture.chain(profile: "x").resolve() }
        #expect(explicit.code == .unknownProfile)
    }

    @Test("no credentials anywhere: the message lists every place, in order, and suggests a fix")
    func noCredentials() async throws {
        let fixture = try Fixture(config: "[default]\nregion = us-east-1\n")
        defer { fixture.remove() }
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .noCredentials)
        #expect(error.message == """
            no AWS credentials found: looked in environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, \
            profile 'default' in \(fixture.path("credentials")) and \(fixture.path("config")), \
            web identity (AWS_WEB_IDENTITY_TOKEN_FILE), \
            container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/AWS_CONTAINER_CREDENTIALS_FULL_URI), \
            EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED). Set AWS_PROFILE or run 'aws configure'.
            """)
    }

    @Test("credentials-file keys win over config-file keys of the same profile")
    func credentialsFileWins() async throws {
        let fixture = try Fixture(
            config: "[profile dev]\naws_access_key_id = AKIAFROMCONFIG\naws_secret_access_key = c\n",
            credentials: "[dev]\naws_access_key_id = AKIAFROMCREDENTIALS\naws_secret_access_key = k\n"
        )
        defer { fixture.remove() }
        let resolved = try await fixture.chain(profile: "dev").resolve()
        #expect(resolved.credentials.accessKeyID == "AKIAFROMCREDENTIALS")
        #expect(resolved.method == "shared-credentials-file")
    }

    @Test("static keys in the config file alone")
    func configFileKeys() async throws {
        let fixture = try Fixture(config: "[profile dev]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = c\naws_session_token = t\n")
        defer { fixture.remove() }
        let resolved = try await fixture.chain(profile: "dev").resolve()
        #expect(resolved.method == "config-file")
        #expect(resolved.credentials == AWSCredentials(accessKeyID: "AKIACONFIG", secretAccessKey: "c", sessionToken: "t"))
    }

    @Test("a profile key id without its secret is partial")
    func partialProfile() async throws {
        let fixture = try Fixture(credentials: "[default]\naws_access_key_id = AKIAHALF\n")
        defer { fixture.remove() }
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .partialCredentials)
        #expect(error.message.contains(fixture.path("credentials")))
    }

    // MARK: - credential_process

    /// Writes `body` as an executable `/bin/sh` script named `name` in `directory`.
    func script(_ directory: URL, _ name: String, _ body: String) throws -> String {
        try CredentialTestSupport.write("#!/bin/sh\n" + body + "\n", to: directory.appendingPathComponent(name), executable: true).path
    }

    @Test("credential_process: words split like shlex, no shell, version 1 document")
    func credentialProcess() async throws {
        let directory = try CredentialTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try script(directory, "creds tool.sh", """
            printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s", "SessionToken": "tok", "Expiration": "2030-01-01T00:00:00Z"}' "$1" "$2"
            """)
        let fixture = try Fixture(
            config: "[profile p]\ncredential_process = '\(path)' AKIAPROC \"two words\"\naws_access_key_id = AKIAIGNORED\naws_secret_access_key = x\n",
            in: directory
        )
        let resolved = try await fixture.chain(profile: "p").resolve()
        #expect(resolved.method == "custom-process")
        #expect(resolved.credentials == AWSCredentials(
            accessKeyID: "AKIAPROC", secretAccessKey: "two words", sessionToken: "tok", expiration: ISO8601Timestamp.parse("2030-01-01T00:00:00Z")
        ))
    }

    @Test("credential_process is found on PATH and runs with the chain's environment")
    func credentialProcessOnPath() async throws {
        let directory = try CredentialTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try script(directory, "eksauth-test-creds", #"printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "s"}' "$MY_KEY""#)
        var fixture = try Fixture(config: "[default]\ncredential_process = eksauth-test-creds\n", in: directory)
        fixture.environment["PATH"] = directory.path + ":/usr/bin:/bin"
        fixture.environment["MY_KEY"] = "AKIAFROMENV"
        let credentials = try await fixture.chain().credentials()
        #expect(credentials.accessKeyID == "AKIAFROMENV")
        #expect(credentials.sessionToken == nil)
        #expect(credentials.expiration == nil)
    }

    #if os(Linux)
    @Test("credential_process starts with no signals blocked, so it can be interrupted")
    func credentialProcessSignalMask() async throws {
        let directory = try CredentialTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try script(directory, "mask.sh", """
            mask=$(grep SigBlk /proc/self/status | tr -d ' \\t' | cut -d: -f2)
            printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "s"}' "$mask"
            """)
        let fixture = try Fixture(config: "[default]\ncredential_process = \(path)\n", in: directory)
        #expect(try await fixture.chain().credentials().accessKeyID == "0000000000000000")
    }
    #endif

    @Test("credentials-file keys win over credential_process; credential_process over config-file keys")
    func processPrecedence() async throws {
        let directory = try CredentialTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try script(directory, "p.sh", #"echo '{"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "s"}'"#)
        let fixture = try Fixture(
            config: "[profile a]\ncredential_process = \(path)\n[profile b]\ncredential_process = \(path)\n",
            credentials: "[a]\naws_access_key_id = AKIACREDFILE\naws_secret_access_key = k\n",
            in: directory
        )
        #expect(try await fixture.chain(profile: "a").credentials().accessKeyID == "AKIACREDFILE")
        #expect(try await fixture.chain(profile: "b").credentials().accessKeyID == "AKIAPROC")
    }

    struct ProcessFailure: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let code: CredentialError.Code
        let messageContains: String
        var testDescription: String { name }
    }

    @Test("credential_process failures", arguments: [
        ProcessFailure(name: "non-zero exit carries stderr", body: "echo 'token for dev expired, run sso login' >&2; exit 3", code: .processFailed, messageContains: "exited with status 3: token for dev expired, run sso login"),
        ProcessFailure(name: "not JSON", body: "echo hello", code: .invalidProcessOutput, messageContains: "not a JSON object"),
        ProcessFailure(name: "version 2", body: #"echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "s"}'"#, code: .invalidProcessOutput, messageContains: "unsupported Version '2'"),
        ProcessFailure(name: "no version", body: #"echo '{"AccessKeyId": "A", "SecretAccessKey": "s"}'"#, code: .invalidProcessOutput, messageContains: "<Version key not provided>"),
        ProcessFailure(name: "no secret", body: #"echo '{"Version": 1, "AccessKeyId": "A"}'"#, code: .invalidProcessOutput, messageContains: "SecretAccessKey is missing"),
        ProcessFailure(name: "bad expiration", body: #"echo '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "soon"}'"#, code: .invalidProcessOutput, messageContains: "Expiration 'soon'"),
        ProcessFailure(name: "already expired", body: #"echo '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "2020-01-01T00:00:00Z"}'"#, code: .expired, messageContains: "custom-process (profile 'default') expired at 2020-01-01T00:00:00Z"),
    ])
    func credentialProcessFailures(_ failure: ProcessFailure) async throws {
        let directory = try CredentialTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try script(directory, "fail.sh", failure.body)
        let fixture = try Fixture(config: "[default]\ncredential_process = \(path)\n", in: directory)
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == failure.code)
        #expect(error.message.contains(failure.messageContains), "\(error.message)")
    }

    @Test("credential_process naming a program that does not exist")
    func credentialProcessMissingProgram() async throws {
        let fixture = try Fixture(config: "[default]\ncredential_process = /nonexistent/tool --flag\n")
        defer { fixture.remove() }
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .processFailed)
        #expect(error.message.contains("'/nonexistent/tool' is not an executable file or on PATH"))
    }

    // MARK: - Role configuration errors (found before any STS call)

    struct RoleConfigurationCase: Sendable, CustomTestStringConvertible {
        let name: String
        let config: String
        let code: CredentialError.Code
        let message: String
        var testDescription: String { name }
    }

    @Test("role configuration errors", arguments: [
        RoleConfigurationCase(
            name: "source_profile loop",
            config: "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = a\n",
            code: .sourceProfileCycle,
            message: "source_profile references form a loop: a -> b -> a; point the last profile at one with static keys or a credential_source"
        ),
        RoleConfigurationCase(
            name: "a profile naming itself without static keys",
            config: "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = a\n",
            code: .sourceProfileCycle,
            message: "source_profile references form a loop: a -> a; point the last profile at one with static keys or a credential_source"
        ),
        RoleConfigurationCase(
            name: "missing source profile",
            config: "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = ghost\n",
            code: .invalidConfiguration,
            message: "the source_profile 'ghost' referenced in profile 'a' does not exist; add it or fix the name"
        ),
        RoleConfigurationCase(
            name: "both sources",
            config: "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = a\ncredential_source = Environment\n",
            code: .invalidConfiguration,
            message: "profile 'a' has both source_profile and credential_source; keep one of them"
        ),
        RoleConfigurationCase(
            name: "no source",
            config: "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\n",
            code: .partialCredentials,
            message: "profile 'a' has role_arn but neither source_profile nor credential_source; add one to say which credentials assume the role"
        ),
        RoleConfigurationCase(
            name: "unknown credential_source (names are case-sensitive, as in botocore)",
            config: "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\ncredential_source = environment\n",
            code: .invalidConfiguration,
            message: "the credential_source 'environment' in profile 'a' is not valid; use Environment, Ec2InstanceMetadata, EcsContainer"
        ),
        RoleConfigurationCase(
            name: "credential_source with nothing in it",
            config: "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\ncredential_source = Environment\n",
            code: .noCredentials,
            message: "no credentials found in credential_source 'Environment' referenced in profile 'a'"
        ),
        RoleConfigurationCase(
            name: "source profile without credentials",
            config: "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = empty\n[profile empty]\nregion = us-east-1\n",
            code: .invalidConfiguration,
            message: "the source profile 'empty' must have credentials: add aws_access_key_id and aws_secret_access_key, credential_process, or role_arn with its own source"
        ),
    ])
    func roleConfigurationErrors(_ testCase: RoleConfigurationCase) async throws {
        let fixture = try Fixture(config: testCase.config)
        defer { fixture.remove() }
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain(profile: "a").resolve() }
        #expect(error.code == testCase.code)
        #expect(error.message == testCase.message)
    }

    @Test("an STS failure while assuming a role names the role and keeps the STS error")
    func assumeRoleTransportFailure() async throws {
        let fixture = try Fixture(config: """
            [profile a]
            role_arn = arn:aws:iam::123456789012:role/a
            source_profile = base
            [profile base]
            aws_access_key_id = AKIABASE
            aws_secret_access_key = base-secret
            """)
        defer { fixture.remove() }
        // A client that reports a refused connection at once (AsyncHTTPClient's default retries until the 10 s limit).
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let chain = CredentialChain(
            environment: fixture.environment, profile: "a", config: fixture.config, httpClient: client, stsEndpoint: { _ in Self.unreachableSTS }
        )
        var failure: CredentialError?
        do {
            _ = try await chain.resolve()
        } catch {
            failure = error
        }
        try await client.shutdown()
        let error = try #require(failure)
        #expect(error.code == .assumeRoleFailed)
        #expect(error.stsError?.code == STSError.transportFailureCode)
        #expect(error.message.hasPrefix("could not assume role arn:aws:iam::123456789012:role/a for profile 'a': could not reach STS at http://127.0.0.1:1"))
        #expect(!error.message.contains("base-secret"))
    }

    @Test("an MFA prompt that fails stops before STS is called")
    func mfaPromptFailure() async throws {
        struct Cancelled: Error, CustomStringConvertible { var description: String { "the user cancelled" } }
        let fixture = try Fixture(config: """
            [profile a]
            role_arn = arn:aws:iam::123456789012:role/a
            source_profile = base
            mfa_serial = arn:aws:iam::123456789012:mfa/alice
            [profile base]
            aws_access_key_id = AKIABASE
            aws_secret_access_key = base-secret
            """)
        defer { fixture.remove() }
        let prompts = StringLog()
        let chain = fixture.chain(profile: "a", mfaPrompt: { prompt in
            prompts.record(prompt)
            throw Cancelled()
        })
        let error = try await #require(throws: CredentialError.self) { try await chain.resolve() }
        #expect(error.code == .mfaPromptFailed)
        #expect(error.message == "could not read the MFA code for arn:aws:iam::123456789012:mfa/alice: the user cancelled")
        #expect(prompts.values == ["Enter MFA code for arn:aws:iam::123456789012:mfa/alice: "])
    }

    @Test("IAM Identity Center and 'aws login' profiles are reported where botocore would use them")
    func unsupportedSources() async throws {
        let fixture = try Fixture(
            config: """
                [profile sso]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Admin
                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = us-east-1
                [profile login]
                login_session = arn:aws:iam::123456789012:user/alice
                [profile login-with-keys]
                login_session = arn:aws:iam::123456789012:user/alice
                """,
            credentials: "[login-with-keys]\naws_access_key_id = AKIAKEYS\naws_secret_access_key = s\n"
        )
        defer { fixture.remove() }
        for profile in ["sso", "login"] {
            let error = try await #require(throws: CredentialError.self) { try await fixture.chain(profile: profile).resolve() }
            #expect(error.code == .unsupportedCredentialSource)
            #expect(error.message.contains("credential_process = aws configure export-credentials --profile \(profile) --format process"))
        }
        // Static keys in the credentials file come before the login provider, as in botocore.
        #expect(try await fixture.chain(profile: "login-with-keys").credentials().accessKeyID == "AKIAKEYS")
    }

    // MARK: - Web identity (errors; the STS exchange is in STSClientTests)

    @Test("web identity token file that cannot be read")
    func webIdentityUnreadable() async throws {
        let fixture = try Fixture(environment: [
            "AWS_WEB_IDENTITY_TOKEN_FILE": "/nonexistent/token", "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/irsa",
        ])
        defer { fixture.remove() }
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .webIdentityTokenUnreadable)
        #expect(error.message.hasPrefix("cannot read the web identity token file '/nonexistent/token': no such file"))
    }

    @Test("web identity token without a role ARN")
    func webIdentityWithoutRole() async throws {
        let fixture = try Fixture(environment: ["AWS_WEB_IDENTITY_TOKEN_FILE": "/nonexistent/token"])
        defer { fixture.remove() }
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .invalidConfiguration)
        #expect(error.message.contains("set AWS_ROLE_ARN or role_arn in profile 'default'"))
    }

    @Test("an explicitly named profile ignores the web identity variables")
    func explicitProfileIgnoresWebIdentityVariables() async throws {
        let fixture = try Fixture(credentials: Self.staticProfiles, environment: [
            "AWS_WEB_IDENTITY_TOKEN_FILE": "/nonexistent/token", "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/irsa",
        ])
        defer { fixture.remove() }
        #expect(try await fixture.chain(profile: "dev").credentials().accessKeyID == "AKIADEVCREDS")
        // Without an explicit profile the variables come first, before the profile's static keys (botocore's order).
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .webIdentityTokenUnreadable)
    }

    // MARK: - Container credentials

    @Test("container credentials with the token file sent verbatim")
    func containerCredentials() async throws {
        let server = try await FakeMetadataServer.start()
        defer { server.stop() }
        var fixture = try Fixture()
        defer { fixture.remove() }
        let tokenFile = try CredentialTestSupport.write(FakeMetadataServer.expectedAuthorization, to: fixture.directory.appendingPathComponent("token")).path
        fixture.environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = server.baseURL + "/ecs/creds"
        fixture.environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = tokenFile
        fixture.environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "ignored-because-the-file-wins"
        let resolved = try await fixture.chain().resolve()
        #expect(resolved.method == "container-role")
        #expect(resolved.credentials == AWSCredentials(
            accessKeyID: "ASIAFAKECONTAINER", secretAccessKey: "container-secret", sessionToken: "container-token",
            expiration: ISO8601Timestamp.parse("2099-01-01T00:00:00Z")
        ))
        let last = try await server.lastRequest()
        let headers = try #require(last["headers"] as? [String: String])
        #expect(headers["authorization"] == FakeMetadataServer.expectedAuthorization)
        #expect(headers["accept"] == "application/json")
    }

    @Test("container credentials with AWS_CONTAINER_AUTHORIZATION_TOKEN")
    func containerTokenVariable() async throws {
        let server = try await FakeMetadataServer.start()
        defer { server.stop() }
        var provider = ContainerCredentialProvider(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/ecs/creds",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": FakeMetadataServer.expectedAuthorization,
            ],
            httpClient: HTTPClient.shared
        )
        #expect(try await provider.credentials().accessKeyID == "ASIAFAKECONTAINER")
        provider.environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "wrong"
        provider.retryDelay = .zero
        let error = try await #require(throws: CredentialError.self) { try await provider.credentials() }
        #expect(error.code == .containerCredentialsFailed)
        #expect(error.message.contains("failed after 3 attempts: HTTP 401: AccessDenied: bad token"))
        #expect(!error.message.contains("wrong"))
    }

    @Test("container endpoint errors are reported, not skipped")
    func containerFailure() async throws {
        let server = try await FakeMetadataServer.start()
        defer { server.stop() }
        let fixture = try Fixture(credentials: Self.staticProfiles, environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/ecs/fail"])
        defer { fixture.remove() }
        // The default profile has keys, so the container is never asked.
        #expect(try await fixture.chain().resolve().method == "shared-credentials-file")
        let bare = try Fixture(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/ecs/fail"])
        defer { bare.remove() }
        let error = try await #require(throws: CredentialError.self) { try await bare.chain().resolve() }
        #expect(error.code == .containerCredentialsFailed)
        #expect(error.message.contains("HTTP 500: InternalError: agent is sad"))
    }

    @Test("a token with a line break is refused")
    func containerTokenLineBreak() async throws {
        var fixture = try Fixture(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/creds"])
        defer { fixture.remove() }
        fixture.environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = try CredentialTestSupport.write(
            "token\n", to: fixture.directory.appendingPathComponent("token")
        ).path
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .containerCredentialsFailed)
        #expect(error.message.contains("line break"))
    }

    @Test("full URI host rule", arguments: [
        ("http://127.0.0.1:80/creds", true), ("http://127.1.2.3/x", true), ("http://[::1]:8080/x", true),
        ("http://localhost/x", true), ("http://169.254.170.2/v2/credentials", true), ("http://169.254.170.23/v1/credentials", true),
        ("http://[fd00:ec2::23]/v1/credentials", true), ("https://anything.example.com/creds", true),
        ("http://example.com/creds", false), ("http://10.0.0.1/creds", false), ("http://169.254.169.254/x", false), ("not a url", false),
    ])
    func fullURIRule(_ url: String, _ allowed: Bool) {
        #expect(((try? ContainerCredentialProvider.validate(fullURI: url)) != nil) == allowed)
    }

    // MARK: - EC2 instance metadata

    func metadataFixture(_ server: FakeMetadataServer, mode: String) throws -> Fixture {
        try Fixture(environment: ["AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL + "/\(mode)/"])
    }

    @Test("IMDSv2: token, role name, credentials")
    func instanceMetadataV2() async throws {
        let server = try await FakeMetadataServer.start()
        defer { server.stop() }
        let fixture = try metadataFixture(server, mode: "v2")
        defer { fixture.remove() }
        let resolved = try await fixture.chain().resolve()
        #expect(resolved.method == "iam-role")
        #expect(resolved.credentials == AWSCredentials(
            accessKeyID: "ASIAFAKEIMDS", secretAccessKey: "imds-secret", sessionToken: "imds-token",
            expiration: ISO8601Timestamp.parse("2099-01-01T00:00:00Z")
        ))
        let last = try await server.lastRequest()
        #expect(last["path"] as? String == "/v2/latest/meta-data/iam/security-credentials/node-role")
        #expect((last["headers"] as? [String: String])?["x-aws-ec2-metadata-token"] == "imds-session-token")
    }

    @Test("IMDSv1 fallback when the token request is refused")
    func instanceMetadataV1() async throws {
        let server = try await FakeMetadataServer.start()
        defer { server.stop() }
        var fixture = try metadataFixture(server, mode: "v1only")
        defer { fixture.remove() }
        #expect(try await fixture.chain().credentials().accessKeyID == "ASIAFAKEIMDS")
        fixture.environment["AWS_EC2_METADATA_V1_DISABLED"] = "true"
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .metadataFailed)
    }

    @Test("an IMDS error document is reported")
    func instanceMetadataErrorDocument() async throws {
        let server = try await FakeMetadataServer.start()
        defer { server.stop() }
        let fixture = try metadataFixture(server, mode: "errorjson")
        defer { fixture.remove() }
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .metadataFailed)
        #expect(error.message.contains("AssumeRoleUnauthorizedAccess: EC2 cannot assume the role"))
    }

    @Test("IMDS that does not answer gives up within the 1 s limits")
    func instanceMetadataSlow() async throws {
        let server = try await FakeMetadataServer.start()
        defer { server.stop() }
        let fixture = try metadataFixture(server, mode: "slow")
        defer { fixture.remove() }
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .noCredentials)
        #expect(error.message.contains("EC2 instance metadata (no answer from \(server.baseURL)/slow/ within 1 s)"))
    }

    @Test("IMDS that refuses connections is simply absent")
    func instanceMetadataRefused() async throws {
        let fixture = try Fixture(environment: ["AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1"])
        defer { fixture.remove() }
        let error = try await #require(throws: CredentialError.self) { try await fixture.chain().resolve() }
        #expect(error.code == .noCredentials)
        #expect(error.message.contains("EC2 instance metadata (no answer from http://127.0.0.1:1/"))
    }

    @Test("IMDS endpoint: variable, profile setting, IPv6 mode, default")
    func instanceMetadataEndpoint() {
        let client = HTTPClient.shared
        #expect(InstanceMetadataCredentialProvider(environment: [:], httpClient: client).endpoint == "http://169.254.169.254/")
        #expect(InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"], httpClient: client).endpoint == "http://[fd00:ec2::254]/")
        #expect(InstanceMetadataCredentialProvider(environment: [:], profileSettings: ["ec2_metadata_service_endpoint": "http://x:1"], httpClient: client).endpoint == "http://x:1/")
        #expect(
            InstanceMetadataCredentialProvider(
                environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://y/"], profileSettings: ["ec2_metadata_service_endpoint": "http://x:1"], httpClient: client
            ).endpoint == "http://y/"
        )
        #expect(InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_DISABLED": "TRUE"], httpClient: client).isDisabled)
    }

    // MARK: - Providers on their own

    @Test("the profile provider resolves one profile without the environment")
    func profileProvider() async throws {
        let fixture = try Fixture(credentials: Self.staticProfiles, environment: ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s"])
        defer { fixture.remove() }
        let provider = ProfileCredentialProvider(
            profile: "dev", environment: fixture.environment, config: fixture.config, httpClient: HTTPClient.shared,
            stsEndpoint: { _ in Self.unreachableSTS }
        )
        #expect(try await provider.credentials().accessKeyID == "AKIADEVCREDS")
        let missing = ProfileCredentialProvider(
            profile: "nope", environment: fixture.environment, config: fixture.config, httpClient: HTTPClient.shared,
            stsEndpoint: { _ in Self.unreachableSTS }
        )
        await #expect(throws: CredentialError.self) { try await missing.credentials() }
    }

    @Test("default role session name is botocore's")
    func defaultSessionName() {
        #expect(defaultRoleSessionName(Self.fixedDate) == "botocore-session-1704164645")
    }
}
