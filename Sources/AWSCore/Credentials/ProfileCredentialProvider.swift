public import AsyncHTTPClient
public import Foundation
public import SigV4

/// Credentials of one named profile of the shared files, resolved as botocore resolves a profile:
///
/// 1. `role_arn` (without `web_identity_token_file`): AssumeRole with the credentials of
///    `source_profile` (followed recursively; loops are errors, except a profile naming itself to use its
///    own static keys) or of `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`),
///    with `external_id`, `role_session_name` (default `botocore-session-<epoch seconds>`),
///    `duration_seconds` and `mfa_serial` (prompting `Enter MFA code for <serial>: `).
/// 2. `web_identity_token_file` + `role_arn`: AssumeRoleWithWebIdentity.
/// 3. Static keys in the credentials file, then `credential_process`, then static keys in the config file.
///
/// IAM Identity Center (`sso_role_name`/`sso_account_id`) and `aws login` (`login_session`) profiles are
/// recognised where botocore would use them and reported as unsupported.
///
/// Environment variables are not consulted (a named profile disables them, as in botocore); use
/// ``CredentialChain`` for the whole default chain.
public struct ProfileCredentialProvider: CredentialProvider {
    /// The profile to resolve.
    public var profile: String
    let resolver: CredentialResolver

    /// Creates a provider for `profile`.
    ///
    /// - Parameters:
    ///   - stsEndpoint: Gives the STS endpoint for a region (the resolved region, or `nil` when there is none).
    ///   - region: An explicit region; otherwise `AWS_DEFAULT_REGION`, the profile's `region`, `AWS_REGION`.
    ///   - clock: The time source for default session names and expiry checks.
    ///   - mfaPrompt: Reads MFA codes for `mfa_serial`.
    public init(
        profile: String,
        environment: [String: String],
        config: SharedConfig,
        httpClient: HTTPClient,
        stsEndpoint: @escaping @Sendable (String?) throws -> STSEndpoint,
        region: String? = nil,
        clock: @escaping @Sendable () -> Date = { Date() },
        mfaPrompt: @escaping MFACodePrompt = MFAPrompts.terminal
    ) {
        self.profile = profile
        self.resolver = CredentialResolver(
            environment: environment,
            config: config,
            httpClient: httpClient,
            stsEndpoint: stsEndpoint,
            region: SharedConfig.resolveRegion(explicit: region, environment: environment, config: config, profile: profile),
            clock: clock,
            mfaPrompt: mfaPrompt,
            metadataSettings: config.profile(profile) ?? [:]
        )
    }

    /// The profile's credentials.
    ///
    /// - Throws: ``CredentialError``: `unknownProfile`, `noCredentials` when the profile holds none, or
    ///   the failure of the source it configures.
    public func credentials() async throws -> AWSCredentials {
        try await resolve().credentials
    }

    /// The profile's credentials and the method that produced them.
    public func resolve() async throws(CredentialError) -> ResolvedCredentials {
        let config = resolver.config
        guard let values = config.profile(profile) else {
            throw .unknownProfile(profile, configFile: config.configFilePath, credentialsFile: config.credentialsFilePath)
        }
        var visited = [profile]
        if CredentialResolver.hasAssumeRoleSettings(values) {
            return try resolver.checked(try await resolver.assumeRole(profile: profile, visited: &visited))
        }
        if let resolved = try await resolver.profileProviders(profile, disableEnvironmentVariables: true) {
            return try resolver.checked(resolved)
        }
        throw .noCredentials(
            "profile '\(profile)' has no credentials: no role_arn, web_identity_token_file, aws_access_key_id or "
                + "credential_process in \(config.credentialsFilePath) or \(config.configFilePath)"
        )
    }
}

/// The resolution logic shared by ``CredentialChain`` and ``ProfileCredentialProvider``: botocore's
/// `AssumeRoleProvider` and `ProfileProviderBuilder` providers.
struct CredentialResolver: Sendable {
    var environment: [String: String]
    var config: SharedConfig
    var httpClient: HTTPClient
    var stsEndpoint: @Sendable (String?) throws -> STSEndpoint
    var region: String?
    var clock: @Sendable () -> Date
    var mfaPrompt: MFACodePrompt
    var container: ContainerCredentialProvider
    var metadataSettings: [String: String]

    init(
        environment: [String: String],
        config: SharedConfig,
        httpClient: HTTPClient,
        stsEndpoint: @escaping @Sendable (String?) throws -> STSEndpoint,
        region: String?,
        clock: @escaping @Sendable () -> Date,
        mfaPrompt: @escaping MFACodePrompt,
        metadataSettings: [String: String] = [:]
    ) {
        self.environment = environment
        self.config = config
        self.httpClient = httpClient
        self.stsEndpoint = stsEndpoint
        self.region = region
        self.clock = clock
        self.mfaPrompt = mfaPrompt
        self.container = ContainerCredentialProvider(environment: environment, httpClient: httpClient)
        self.metadataSettings = metadataSettings
    }

    var metadata: InstanceMetadataCredentialProvider {
        InstanceMetadataCredentialProvider(environment: environment, profileSettings: metadataSettings, httpClient: httpClient)
    }

    /// `role_arn` present and `web_identity_token_file` absent.
    static func hasAssumeRoleSettings(_ profile: [String: String]) -> Bool {
        CredentialKeys.assumesRole(profile)
    }

    static func hasStaticCredentials(_ profile: [String: String]) -> Bool {
        profile[CredentialKeys.accessKeyID] != nil || profile[CredentialKeys.secretAccessKey] != nil
    }

    /// Fails with `expired` when the credentials have already expired.
    func checked(_ resolved: ResolvedCredentials) throws(CredentialError) -> ResolvedCredentials {
        if let expiration = resolved.credentials.expiration, resolved.credentials.isExpired(at: clock()) {
            let source = resolved.method + (resolved.profile.map { " (profile '\($0)')" } ?? "")
            throw .expired(source: source, at: ISO8601Timestamp.format(expiration))
        }
        return resolved
    }

    func stsClient() throws(CredentialError) -> STSClient {
        do {
            return STSClient(httpClient: httpClient, endpoint: try stsEndpoint(region))
        } catch {
            throw .invalidConfiguration("cannot choose an STS endpoint for region '\(region ?? "none")': \(error)")
        }
    }

    // MARK: - Profile providers

    /// Web identity, static keys of the credentials file, `credential_process`, static keys of the config
    /// file — in that order, the first that applies.
    func profileProviders(_ name: String, disableEnvironmentVariables: Bool) async throws(CredentialError) -> ResolvedCredentials? {
        if let resolved = try await webIdentity(name, disableEnvironmentVariables: disableEnvironmentVariables) {
            return resolved
        }
        let values = config.profile(name) ?? [:]
        // botocore's SSO provider comes here (a profile with sso_role_name or sso_account_id).
        let ssoKeys = ["sso_role_name", "sso_account_id"].filter { values[$0] != nil }
        if !ssoKeys.isEmpty {
            throw .unsupportedCredentialSource(profile: name, kind: "IAM Identity Center (SSO)", settings: ssoKeys.joined(separator: ", "))
        }
        if let credentials = try staticCredentials(config.credentialsFileProfile(name), profile: name, file: config.credentialsFilePath) {
            return ResolvedCredentials(credentials: credentials, method: "shared-credentials-file", profile: name)
        }
        // botocore's login provider (`aws login`) comes here.
        if values["login_session"] != nil {
            throw .unsupportedCredentialSource(profile: name, kind: "an 'aws login' session", settings: "login_session")
        }
        if let command = values["credential_process"] {
            let provider = ProcessCredentialProvider(command: command, environment: environment, profile: name)
            return ResolvedCredentials(credentials: try await provider.load(), method: "custom-process", profile: name)
        }
        if let credentials = try staticCredentials(config.configFileProfile(name), profile: name, file: config.configFilePath) {
            return ResolvedCredentials(credentials: credentials, method: "config-file", profile: name)
        }
        return nil
    }

    /// `aws_access_key_id` with `aws_secret_access_key` (and `aws_security_token`/`aws_session_token`).
    func staticCredentials(_ values: [String: String]?, profile: String, file: String) throws(CredentialError) -> AWSCredentials? {
        try StaticCredentials.profile(values, named: profile, file: file)
    }

    /// The web identity source: each setting from its variable (unless disabled), else from the profile.
    func webIdentity(_ name: String, disableEnvironmentVariables: Bool) async throws(CredentialError) -> ResolvedCredentials? {
        let profile = config.profile(name) ?? [:]
        func setting(_ key: String, _ variable: String) -> String? {
            if !disableEnvironmentVariables, let value = environment[variable] { return value }
            return profile[key]
        }
        guard let tokenFile = setting(CredentialKeys.webIdentityTokenFile, "AWS_WEB_IDENTITY_TOKEN_FILE"), !tokenFile.isEmpty else {
            return nil
        }
        guard let roleARN = setting(CredentialKeys.roleARN, "AWS_ROLE_ARN"), !roleARN.isEmpty else {
            throw .invalidConfiguration(
                "web identity is configured (token file \(tokenFile)) but no role ARN is; set AWS_ROLE_ARN or role_arn in profile '\(name)'"
            )
        }
        let sessionName = setting("role_session_name", "AWS_ROLE_SESSION_NAME")
        let provider = WebIdentityCredentialProvider(
            tokenFile: tokenFile, roleARN: roleARN, sessionName: sessionName?.isEmpty == false ? sessionName : nil,
            sts: try stsClient(), clock: clock
        )
        let assumed = try await provider.assume(profile: config.profile(name) == nil ? nil : name)
        return ResolvedCredentials(credentials: assumed.credentials, method: "assume-role-with-web-identity", profile: config.profile(name) == nil ? nil : name)
    }

    // MARK: - Assume role

    static let credentialSources = ["Environment", "Ec2InstanceMetadata", "EcsContainer"]

    /// botocore's `AssumeRoleProvider._load_creds_via_assume_role` for profile `name`.
    func assumeRole(profile name: String, visited: inout [String]) async throws(CredentialError) -> ResolvedCredentials {
        let profile = config.profile(name) ?? [:]
        let roleARN = profile[CredentialKeys.roleARN] ?? ""
        let sourceProfile = profile["source_profile"]
        let credentialSource = profile["credential_source"]

        let source: AWSCredentials
        switch (sourceProfile, credentialSource) {
        case (.some, .some):
            throw .invalidConfiguration("profile '\(name)' has both source_profile and credential_source; keep one of them")
        case (nil, nil):
            throw .partialCredentials(
                "profile '\(name)' has role_arn but neither source_profile nor credential_source; add one to say which credentials assume the role"
            )
        case (nil, .some(let credentialSource)):
            guard Self.credentialSources.contains(credentialSource) else {
                throw .invalidConfiguration(
                    "the credential_source '\(credentialSource)' in profile '\(name)' is not valid; use "
                        + Self.credentialSources.joined(separator: ", ")
                )
            }
            guard let credentials = try await namedSource(credentialSource) else {
                throw .noCredentials("no credentials found in credential_source '\(credentialSource)' referenced in profile '\(name)'")
            }
            source = credentials
        case (.some(let sourceName), nil):
            guard let sourceValues = config.profile(sourceName) else {
                throw .invalidConfiguration("the source_profile '\(sourceName)' referenced in profile '\(name)' does not exist; add it or fix the name")
            }
            if visited.contains(sourceName), sourceName != name || !Self.hasStaticCredentials(sourceValues) {
                throw .sourceProfileCycle(visited, next: sourceName)
            }
            visited.append(sourceName)
            source = try await credentials(fromProfile: sourceName, visited: &visited).credentials
        }

        var sessionName = profile["role_session_name"] ?? ""
        if sessionName.isEmpty { sessionName = defaultRoleSessionName(clock()) }
        var tokenCode: String?
        let serial = profile["mfa_serial"]
        if let serial {
            do {
                tokenCode = try await mfaPrompt("Enter MFA code for \(serial): ")
            } catch {
                throw .mfaPromptFailed(serial: serial, "\(error)")
            }
        }
        let sts = try stsClient()
        do {
            let assumed = try await sts.assumeRole(
                credentials: source,
                roleARN: roleARN,
                sessionName: sessionName,
                externalID: profile["external_id"],
                durationSeconds: profile["duration_seconds"].flatMap { Int($0) },
                serialNumber: serial,
                tokenCode: tokenCode,
                date: clock()
            )
            return ResolvedCredentials(credentials: assumed.credentials, method: "assume-role", profile: name)
        } catch {
            throw .assumeRoleFailed(roleARN: roleARN, profile: name, error)
        }
    }

    /// botocore's `_resolve_credentials_from_profile`: a profile with static keys, or without role
    /// settings, goes through the profile providers (variables disabled); otherwise it assumes its role.
    func credentials(fromProfile name: String, visited: inout [String]) async throws(CredentialError) -> ResolvedCredentials {
        let values = config.profile(name) ?? [:]
        if Self.hasStaticCredentials(values) || !Self.hasAssumeRoleSettings(values) {
            guard let resolved = try await profileProviders(name, disableEnvironmentVariables: true) else {
                throw .invalidConfiguration(
                    "the source profile '\(name)' must have credentials: add aws_access_key_id and aws_secret_access_key, "
                        + "credential_process, or role_arn with its own source"
                )
            }
            return try checked(resolved)
        }
        return try await assumeRole(profile: name, visited: &visited)
    }

    /// A `credential_source` provider's credentials, `nil` when it has none.
    func namedSource(_ name: String) async throws(CredentialError) -> AWSCredentials? {
        switch name {
        case "Environment":
            return try EnvironmentCredentialProvider(environment: environment).load()
        case "EcsContainer":
            return try await container.load()
        default:
            if case .credentials(let credentials, _) = try await metadata.load() { return credentials }
            return nil
        }
    }
}
