public import AsyncHTTPClient
public import SigV4
internal import Foundation

/// Credentials from the container credentials endpoint: ECS task roles and EKS Pod Identity, as
/// botocore's `ContainerProvider` fetches them.
///
/// - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on `http://169.254.170.2`) wins over
///   `AWS_CONTAINER_CREDENTIALS_FULL_URI`. A full URI must be `https`, a loopback address, or one of
///   169.254.170.2, 169.254.170.23, fd00:ec2::23 and localhost.
/// - The `Authorization` header is the content of `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on each
///   call), else `AWS_CONTAINER_AUTHORIZATION_TOKEN`, sent verbatim (no `Bearer`); it may not contain a
///   line break.
/// - The answer is `{"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}`. Each attempt has 2 s;
///   three attempts, one second apart.
public struct ContainerCredentialProvider: CredentialProvider {
    /// The environment variables to read.
    public var environment: [String: String]
    /// The HTTP client.
    public var httpClient: HTTPClient
    /// Attempts before giving up (botocore: 3).
    var attempts = 3
    /// The pause between attempts (botocore: 1 s).
    var retryDelay: Duration = .seconds(1)
    /// The limit on one attempt (botocore: 2 s).
    var timeout: Duration = .seconds(2)

    static let relativeURIVariable = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
    static let fullURIVariable = "AWS_CONTAINER_CREDENTIALS_FULL_URI"
    static let allowedHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost"]

    /// Creates a provider over `environment`.
    public init(environment: [String: String], httpClient: HTTPClient) {
        self.environment = environment
        self.httpClient = httpClient
    }

    /// Whether the environment configures container credentials at all.
    public var isConfigured: Bool {
        environment[Self.relativeURIVariable] != nil || environment[Self.fullURIVariable] != nil
    }

    /// Fetches the credentials.
    ///
    /// - Throws: ``CredentialError`` `noCredentials` when neither URI variable is set,
    ///   `containerCredentialsFailed` when the endpoint fails.
    public func credentials() async throws -> AWSCredentials {
        guard let credentials = try await load() else {
            throw CredentialError.noCredentials(
                "container credentials are not configured: neither \(Self.relativeURIVariable) nor \(Self.fullURIVariable) is set"
            )
        }
        return credentials
    }

    /// The credentials, or `nil` when the environment does not configure this source.
    func load() async throws(CredentialError) -> AWSCredentials? {
        let url: String
        if let relative = environment[Self.relativeURIVariable] {
            url = "http://169.254.170.2" + relative
        } else if let full = environment[Self.fullURIVariable] {
            url = full
            try Self.validate(fullURI: full)
        } else {
            return nil
        }
        var headers = [(name: "Accept", value: "application/json")]
        if let authorization = try authorizationHeader() { headers.append((name: "Authorization", value: authorization)) }

        var lastFailure = ""
        for attempt in 1...max(1, attempts) {
            if attempt > 1 { try? await Task.sleep(for: retryDelay) }
            let response: HTTPFetch.Response
            do {
                response = try await HTTPFetch.send(httpClient, method: "GET", url: url, headers: headers, timeout: timeout)
            } catch {
                switch error {
                case .timeout: lastFailure = "no answer within \(timeout.components.seconds) s"
                case .transport(let reason): lastFailure = reason
                }
                continue
            }
            guard response.status == 200 else {
                lastFailure = "HTTP \(response.status)" + Self.errorDetail(response.body)
                continue
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)), let document = object as? [String: Any] else {
                lastFailure = "the answer is not JSON"
                continue
            }
            return try Self.credentials(from: document, url: url)
        }
        throw .containerCredentialsFailed(
            "the container credentials endpoint \(url) failed after \(max(1, attempts)) attempts: \(lastFailure); "
                + "check the Pod Identity agent or ECS agent, or unset \(Self.relativeURIVariable)/\(Self.fullURIVariable)"
        )
    }

    /// The token from the file or the variable; `nil` when neither is set.
    func authorizationHeader() throws(CredentialError) -> String? {
        var token: String?
        if let path = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .containerCredentialsFailed(
                    "cannot read the container authorization token file '\(path)' (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE); "
                        + "check that the token volume is mounted"
                )
            }
            token = String(decoding: data, as: UTF8.self)
        } else if let value = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] {
            token = value
        }
        if let token, token.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) {
            throw .containerCredentialsFailed(
                "the container authorization token contains a line break, which is not a legal header value; remove it"
            )
        }
        return token
    }

    /// botocore's rule: `https`, a loopback address, or an allowed host.
    static func validate(fullURI: String) throws(CredentialError) {
        guard let (scheme, host) = schemeAndHost(fullURI) else {
            throw .containerCredentialsFailed("\(fullURIVariable) '\(fullURI)' is not an absolute http or https URL")
        }
        if scheme == "https" || isLoopback(host) || allowedHosts.contains(host) { return }
        throw .containerCredentialsFailed(
            "unsupported host '\(host)' in \(fullURIVariable): use https, a loopback address, or one of "
                + allowedHosts.sorted().joined(separator: ", ")
        )
    }

    /// The lower-cased scheme and the host (IPv6 without brackets) of an absolute URL.
    static func schemeAndHost(_ url: String) -> (String, String)? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        var authority = url[schemeEnd.upperBound...]
        if let end = authority.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { authority = authority[..<end] }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let host: Substring
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = authority[authority.index(after: authority.startIndex)..<close]
        } else {
            host = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        }
        guard !host.isEmpty else { return nil }
        return (scheme, host.lowercased())
    }

    /// Python's `ip_address(host).is_loopback`: 127.0.0.0/8 and ::1 (names are not loopback).
    static func isLoopback(_ host: String) -> Bool {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }) {
            return octets[0] == "127"
        }
        guard host.contains(":") else { return false }
        let groups = host.split(separator: ":", omittingEmptySubsequences: false)
        guard groups.allSatisfy({ $0.count <= 4 && $0.allSatisfy(\.isHexDigit) }) else { return false }
        let nonEmpty = groups.filter { !$0.isEmpty }
        guard let last = nonEmpty.last, UInt16(last, radix: 16) == 1 else { return false }
        let zeros = nonEmpty.dropLast().allSatisfy { UInt16($0, radix: 16) == 0 }
        return zeros && (host.contains("::") || groups.count == 8)
    }

    static func credentials(from document: [String: Any], url: String) throws(CredentialError) -> AWSCredentials {
        var values: [String: String] = [:]
        for key in ["AccessKeyId", "SecretAccessKey", "Token", "Expiration"] {
            guard let value = document[key] as? String else {
                throw .containerCredentialsFailed("the container credentials endpoint \(url) answered without \(key)")
            }
            values[key] = value
        }
        guard let expiration = ISO8601Timestamp.parse(values["Expiration"]!) else {
            throw .containerCredentialsFailed(
                "the container credentials endpoint \(url) answered Expiration '\(values["Expiration"]!)', which is not an ISO 8601 time"
            )
        }
        return AWSCredentials(
            accessKeyID: values["AccessKeyId"]!, secretAccessKey: values["SecretAccessKey"]!, sessionToken: values["Token"]!,
            expiration: expiration
        )
    }

    /// `: code: message` from a JSON error answer, or a short excerpt of the body.
    static func errorDetail(_ body: [UInt8]) -> String {
        if let object = try? JSONSerialization.jsonObject(with: Data(body)), let document = object as? [String: Any] {
            let code = (document["code"] ?? document["Code"]).map { "\($0)" }
            let message = (document["message"] ?? document["Message"]).map { "\($0)" }
            let parts = [code, message].compactMap { $0 }
            if !parts.isEmpty { return ": " + parts.joined(separator: ": ") }
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "" : ": \(text)"
    }
}
