public import AsyncHTTPClient
public import Foundation
public import SigV4

/// The default credential chain, in botocore 1.43's order:
///
/// 1. Environment variables `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`,
///    `AWS_CREDENTIAL_EXPIRATION`) — skipped when a profile is named explicitly (`profile:`, like `--profile`).
/// 2. The profile (`profile:`, else `AWS_DEFAULT_PROFILE`, else `AWS_PROFILE`, else `default`):
///    `role_arn` with `source_profile`/`credential_source` (AssumeRole).
/// 3. Web identity: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`), each
///    falling back to the profile's `web_identity_token_file`, `role_arn`, `role_session_name`.
/// 4. The profile's static keys in the credentials file, its `credential_process`, its static keys in the
///    config file.
/// 5. Container credentials (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `…_FULL_URI`).
/// 6. EC2 instance metadata (IMDSv2, falling back to v1).
///
/// A profile named explicitly or by a variable must exist. Credentials that have already expired are an
/// error, not a result. Nothing is cached: every call resolves again.
public struct CredentialChain: CredentialProvider {
    /// The profile in use.
    public let profileName: String
    /// Whether the profile was named explicitly (which disables the environment variables).
    public let isProfileExplicit: Bool
    /// Whether the profile was named at all (explicitly or by a variable), so it must exist.
    let isProfileNamed: Bool
    var resolver: CredentialResolver

    /// Creates the chain.
    ///
    /// - Parameters:
    ///   - environment: The environment variables (usually `ProcessInfo.processInfo.environment`).
    ///   - profile: A profile named explicitly (a `--profile` flag); `nil` to take it from the environment.
    ///   - config: The shared config and credentials files.
    ///   - httpClient: The HTTP client for STS and the credential endpoints.
    ///   - stsEndpoint: Gives the STS endpoint for a region (the resolved region, or `nil` when there is none).
    ///   - region: An explicit region; otherwise `AWS_DEFAULT_REGION`, the profile's `region`, `AWS_REGION`.
    ///   - clock: The time source for default session names and expiry checks.
    ///   - mfaPrompt: Reads MFA codes for profiles with `mfa_serial`.
    public init(
        environment: [String: String],
        profile: String? = nil,
        config: SharedConfig,
        httpClient: HTTPClient,
        stsEndpoint: @escaping @Sendable (String?) throws -> STSEndpoint,
        region: String? = nil,
        clock: @escaping @Sendable () -> Date = { Date() },
        mfaPrompt: @escaping MFACodePrompt = MFAPrompts.terminal
    ) {
        let explicit = profile.flatMap { $0.isEmpty ? nil : $0 }
        let fromEnvironment = SharedConfig.profileName(environment: environment)
        let name = explicit ?? fromEnvironment ?? "default"
        self.profileName = name
        self.isProfileExplicit = explicit != nil
        self.isProfileNamed = explicit != nil || fromEnvironment != nil
        self.resolver = CredentialResolver(
            environment: environment,
            config: config,
            httpClient: httpClient,
            stsEndpoint: stsEndpoint,
            region: SharedConfig.resolveRegion(explicit: region, environment: environment, config: config, profile: name),
            clock: clock,
            mfaPrompt: mfaPrompt,
            metadataSettings: config.profile(name) ?? [:]
        )
    }

    /// The region the chain resolved (explicit, `AWS_DEFAULT_REGION`, the profile's, `AWS_REGION`).
    public var region: String? { resolver.region }

    /// The first credentials the chain finds.
    ///
    /// - Throws: ``CredentialError``; `noCredentials` lists every place the chain looked.
    public func credentials() async throws -> AWSCredentials {
        try await resolve().credentials
    }

    /// The first credentials the chain finds, with where they came from.
    public func resolve() async throws(CredentialError) -> ResolvedCredentials {
        let config = resolver.config
        let profile = config.profile(profileName)
        if isProfileNamed, profile == nil {
            throw .unknownProfile(profileName, configFile: config.configFilePath, credentialsFile: config.credentialsFilePath)
        }
        if !isProfileExplicit, let credentials = try EnvironmentCredentialProvider(environment: resolver.environment).load() {
            return try resolver.checked(ResolvedCredentials(credentials: credentials, method: "env"))
        }
        if let profile, CredentialResolver.hasAssumeRoleSettings(profile) {
            var visited = [profileName]
            return try resolver.checked(try await resolver.assumeRole(profile: profileName, visited: &visited))
        }
        if let resolved = try await resolver.profileProviders(profileName, disableEnvironmentVariables: isProfileExplicit) {
            return try resolver.checked(resolved)
        }
        if let credentials = try await resolver.container.load() {
            return try resolver.checked(ResolvedCredentials(credentials: credentials, method: "container-role"))
        }
        let metadataReason: String
        switch try await resolver.metadata.load() {
        case .credentials(let credentials, _):
            return try resolver.checked(ResolvedCredentials(credentials: credentials, method: "iam-role"))
        case .unavailable(let reason):
            metadataReason = reason
        }
        throw .noCredentials(lookedIn: [
            "environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
                + (isProfileExplicit ? " (skipped: profile '\(profileName)' was named explicitly)" : ""),
            "profile '\(profileName)' in \(config.credentialsFilePath) and \(config.configFilePath)"
                + (profile == nil ? " (no such profile)" : ""),
            "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)",
            "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/AWS_CONTAINER_CREDENTIALS_FULL_URI)",
            "EC2 instance metadata (\(metadataReason))",
        ])
    }
}
