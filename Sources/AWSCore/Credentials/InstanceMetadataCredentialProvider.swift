public import AsyncHTTPClient
public import SigV4
internal import Foundation

/// Credentials of the EC2 instance profile from the instance metadata service, as botocore's
/// `InstanceMetadataFetcher` gets them:
///
/// 1. `PUT /latest/api/token` with `x-aws-ec2-metadata-token-ttl-seconds: 21600` (IMDSv2). A 403, 404 or
///    405, or a timeout, falls back to IMDSv1 (no token) unless `AWS_EC2_METADATA_V1_DISABLED` is true.
/// 2. `GET /latest/meta-data/iam/security-credentials/` for the role name, then `GET …/<role>`.
///
/// The endpoint is `AWS_EC2_METADATA_SERVICE_ENDPOINT` (or the profile's `ec2_metadata_service_endpoint`),
/// else `http://[fd00:ec2::254]/` in IPv6 mode, else `http://169.254.169.254/`. Every request has 1 s
/// (`AWS_METADATA_SERVICE_TIMEOUT`) and one attempt (`AWS_METADATA_SERVICE_NUM_ATTEMPTS`), so a machine
/// without IMDS gives up in about two seconds. `AWS_EC2_METADATA_DISABLED=true` switches it off.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    /// The environment variables to read.
    public var environment: [String: String]
    /// The profile's settings (`ec2_metadata_service_endpoint`, `metadata_service_timeout`, …), if any.
    public var profileSettings: [String: String]
    /// The HTTP client.
    public var httpClient: HTTPClient

    /// Creates a provider.
    public init(environment: [String: String], profileSettings: [String: String] = [:], httpClient: HTTPClient) {
        self.environment = environment
        self.profileSettings = profileSettings
        self.httpClient = httpClient
    }

    /// Whether `AWS_EC2_METADATA_DISABLED` switches the service off.
    public var isDisabled: Bool {
        environment["AWS_EC2_METADATA_DISABLED", default: "false"].lowercased() == "true"
    }

    /// The base URL, ending in `/`.
    public var endpoint: String {
        var base: String
        if let custom = setting("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint") {
            base = custom
        } else if setting("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode")?.lowercased() == "ipv6" {
            base = "http://[fd00:ec2::254]/"
        } else {
            base = "http://169.254.169.254/"
        }
        if !base.hasSuffix("/") { base += "/" }
        return base
    }

    /// The limit on each request.
    var timeout: Duration {
        .seconds(setting("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout").flatMap { Int($0) } ?? 1)
    }

    /// Attempts per request.
    var attempts: Int {
        max(1, setting("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts").flatMap { Int($0) } ?? 1)
    }

    var v1Disabled: Bool {
        setting("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")?.lowercased() == "true"
    }

    /// Fetches the instance role's credentials.
    ///
    /// - Throws: ``CredentialError`` `noCredentials` when the service is disabled, unreachable or has no
    ///   role; `metadataFailed` when it answers with an error or an unusable document.
    public func credentials() async throws -> AWSCredentials {
        switch try await load() {
        case .credentials(let credentials, _): return credentials
        case .unavailable(let reason): throw CredentialError.noCredentials("no credentials from EC2 instance metadata: \(reason)")
        }
    }

    /// What the service gave.
    enum Outcome: Sendable {
        /// The role's credentials and its name.
        case credentials(AWSCredentials, role: String)
        /// No credentials (disabled, unreachable, no role), and why.
        case unavailable(String)
    }

    func load() async throws(CredentialError) -> Outcome {
        if isDisabled { return .unavailable("disabled by AWS_EC2_METADATA_DISABLED") }
        let base = endpoint
        guard ContainerCredentialProvider.schemeAndHost(base) != nil else {
            throw .metadataFailed("the instance metadata endpoint '\(base)' is not a valid URL; fix AWS_EC2_METADATA_SERVICE_ENDPOINT")
        }
        let token: String?
        switch await fetchToken(base) {
        case .token(let value): token = value
        case .fallBack: token = nil
        case .badRequest: return .unavailable("\(base) rejected the token request (HTTP 400)")
        }
        if token == nil, v1Disabled {
            throw .metadataFailed(
                "unable to get an IMDSv2 token from \(base) and IMDSv1 is disabled (AWS_EC2_METADATA_V1_DISABLED)"
            )
        }
        let path = "latest/meta-data/iam/security-credentials/"
        guard let roleResponse = await get(base + path, token: token, needsJSON: false) else {
            return .unavailable("no answer from \(base) within \(timeout.components.seconds) s")
        }
        let role = roleResponse.text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !role.isEmpty else { return .unavailable("\(base) lists no instance role") }
        guard let credentialsResponse = await get(base + path + role, token: token, needsJSON: true),
              let object = try? JSONSerialization.jsonObject(with: Data(credentialsResponse.body)),
              let document = object as? [String: Any]
        else { return .unavailable("no usable answer from \(base) for instance role '\(role)'") }
        var values: [String: String] = [:]
        for key in ["AccessKeyId", "SecretAccessKey", "Token", "Expiration"] {
            values[key] = document[key] as? String
        }
        guard let keyID = values["AccessKeyId"], let secret = values["SecretAccessKey"], let sessionToken = values["Token"],
              let expirationText = values["Expiration"]
        else {
            if let code = document["Code"], let message = document["Message"] {
                throw .metadataFailed("instance metadata answered for role '\(role)' with \(code): \(message); check the instance profile")
            }
            throw .metadataFailed("instance metadata answered for role '\(role)' without AccessKeyId, SecretAccessKey, Token or Expiration")
        }
        guard let expiration = ISO8601Timestamp.parse(expirationText) else {
            throw .metadataFailed("instance metadata answered Expiration '\(expirationText)', which is not an ISO 8601 time")
        }
        return .credentials(
            AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: sessionToken, expiration: expiration),
            role: role
        )
    }

    private enum TokenOutcome { case token(String), fallBack, badRequest }

    private func fetchToken(_ base: String) async -> TokenOutcome {
        for _ in 0..<attempts {
            do {
                let response = try await HTTPFetch.send(
                    httpClient, method: "PUT", url: base + "latest/api/token",
                    headers: [(name: "x-aws-ec2-metadata-token-ttl-seconds", value: "21600")], timeout: timeout
                )
                switch response.status {
                case 200: return .token(response.text)
                case 403, 404, 405: return .fallBack
                case 400: return .badRequest
                default: continue
                }
            } catch {
                if case .timeout = error { return .fallBack }
            }
        }
        return .fallBack
    }

    /// A 200 answer with a body (valid JSON when `needsJSON`), or `nil` after all attempts.
    private func get(_ url: String, token: String?, needsJSON: Bool) async -> HTTPFetch.Response? {
        let headers = token.map { [(name: "x-aws-ec2-metadata-token", value: $0)] } ?? []
        for _ in 0..<attempts {
            guard let response = try? await HTTPFetch.send(httpClient, method: "GET", url: url, headers: headers, timeout: timeout),
                  response.status == 200, !response.body.isEmpty
            else { continue }
            if needsJSON, (try? JSONSerialization.jsonObject(with: Data(response.body))) == nil { continue }
            return response
        }
        return nil
    }

    private func setting(_ variable: String, _ key: String) -> String? {
        if let value = environment[variable] { return value }
        return profileSettings[key]
    }
}
