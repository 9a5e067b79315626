public import AsyncHTTPClient
import AWSCore
public import Foundation
import SigV4

/// What `eksauth token` was asked for.
public struct TokenRequest: Sendable, Hashable {
    /// The value of `x-k8s-aws-id`: the cluster's name, or its id.
    public var clusterID: String
    /// `--region`, if given.
    public var region: String?
    /// `--profile`, if given.
    public var profile: String?
    /// A role to assume before signing.
    public var roleARN: String?
    /// The role session name (default `EKSGetTokenAuth`, as the AWS CLI).
    public var sessionName: String?
    /// The external id for the role assumption.
    public var externalID: String?
    /// Use the caller's own session name (the part of its UserId after `:`) for the role session.
    public var forwardSessionName: Bool
    /// Keep temporary credentials in the private cache file.
    public var useCache: Bool
    /// The signing instant.
    public var date: Date

    /// Creates a request.
    public init(
        clusterID: String, region: String? = nil, profile: String? = nil, roleARN: String? = nil, sessionName: String? = nil,
        externalID: String? = nil, forwardSessionName: Bool = false, useCache: Bool = false, date: Date = Date()
    ) {
        self.clusterID = clusterID
        self.region = region
        self.profile = profile
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.externalID = externalID
        self.forwardSessionName = forwardSessionName
        self.useCache = useCache
        self.date = date
    }
}

/// Turns a ``TokenRequest`` into a token: finds the region, the STS endpoint and the credentials the
/// way the AWS SDKs do, assumes a role if asked (through the credential cache when enabled), and
/// presigns.
public struct TokenIssuer: Sendable {
    /// The session name the AWS CLI uses for `--role-arn`.
    public static let defaultSessionName = "EKSGetTokenAuth"

    /// The process environment (passed in, never read behind the caller's back).
    public var environment: [String: String]
    /// The HTTP client for STS and credential endpoints.
    public var httpClient: HTTPClient
    /// The user's home directory (for `~/.aws` and the cache).
    public var home: String

    /// Creates an issuer.
    public init(environment: [String: String], httpClient: HTTPClient, home: String) {
        self.environment = environment
        self.httpClient = httpClient
        self.home = home
    }

    /// Issues the token.
    public func issue(_ request: TokenRequest) async throws(TokenError) -> EKSToken {
        let config: SharedConfig
        do {
            config = try SharedConfig.load(environment: environment)
        } catch {
            throw TokenError("\(error)")
        }
        let profileName = request.profile ?? SharedConfig.profileName(environment: environment) ?? "default"
        let region = SharedConfig.resolveRegion(explicit: request.region, environment: environment, config: config, profile: profileName)
        let endpointFor: @Sendable (String?) throws -> STSEndpoint = { [environment] region in
            var settings = STSEndpointSettings.from(environment: environment, profile: config.profile(profileName) ?? [:])
            settings.region = region
            return try STSEndpoint.resolve(settings)
        }
        let endpoint: STSEndpoint
        do {
            endpoint = try endpointFor(region)
        } catch {
            throw TokenError("\(error)")
        }
        let credentials = try await signingCredentials(request, config: config, profileName: profileName, region: region, endpoint: endpoint, endpointFor: endpointFor)
        if credentials.isExpired(at: request.date) {
            throw TokenError(
                "the AWS credentials for profile '\(profileName)' expired at \(credentials.expiration.map(String.init(describing:)) ?? "?"); "
                    + "refresh them (for example 'aws sso login') and try again"
            )
        }
        do {
            return try EKSTokenGenerator(endpoint: endpoint).token(clusterID: request.clusterID, credentials: credentials, date: request.date)
        } catch {
            throw TokenError("\(error)")
        }
    }

    private func signingCredentials(
        _ request: TokenRequest, config: SharedConfig, profileName: String, region: String?, endpoint: STSEndpoint,
        endpointFor: @escaping @Sendable (String?) throws -> STSEndpoint
    ) async throws(TokenError) -> AWSCredentials {
        let cache = request.useCache ? CredentialCache(file: CredentialCache.defaultFile(home: home)) : nil
        let cacheKey = CredentialCache.key(
            profile: profileName, roleARN: request.roleARN, externalID: request.externalID, sessionName: request.sessionName, region: region
        )
        if let cache {
            do {
                if let cached = try cache.lookup(cacheKey, date: request.date) { return cached }
            } catch {
                throw TokenError("\(error)")
            }
        }
        let chain = CredentialChain(
            environment: environment, profile: request.profile, config: config, httpClient: httpClient,
            stsEndpoint: endpointFor, clock: { Date() }
        )
        var credentials: AWSCredentials
        do {
            credentials = try await chain.credentials()
        } catch {
            throw TokenError("\(error)")
        }
        if let roleARN = request.roleARN {
            let sts = STSClient(httpClient: httpClient, endpoint: endpoint)
            var sessionName = request.sessionName ?? Self.defaultSessionName
            if request.forwardSessionName {
                do {
                    let identity = try await sts.getCallerIdentity(credentials: credentials)
                    let parts = identity.userID.split(separator: ":", omittingEmptySubsequences: false)
                    if parts.count == 2 { sessionName = String(parts[1]) }
                } catch {
                    throw TokenError("could not read the caller's session name for --forward-session-name: \(error)")
                }
            }
            do {
                let assumed = try await sts.assumeRole(
                    credentials: credentials, roleARN: roleARN, sessionName: sessionName, externalID: request.externalID
                )
                credentials = assumed.credentials
            } catch {
                throw TokenError("could not assume role \(roleARN): \(error)")
            }
        }
        let assumedARole = request.roleARN != nil || config.profile(profileName)?["role_arn"] != nil
        if let cache, assumedARole, credentials.expiration != nil {
            do {
                try cache.store(credentials, for: cacheKey, date: request.date)
            } catch {
                throw TokenError("\(error)")
            }
        }
        return credentials
    }
}

/// Why no token could be made: one line a user can act on.
public struct TokenError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The message.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
