public import AsyncHTTPClient
public import Foundation
public import SigV4

/// The IAM calls the aws-auth tooling makes — GetRole and GetUser, to learn a principal's real ARN
/// (with its path) from its name. IAM query API (version 2010-05-08), form-encoded POST signed with
/// SigV4 for service `iam`.
public struct IAMClient: Sendable {
    /// The HTTP client (owned by the caller).
    public let httpClient: HTTPClient
    /// `https://iam.amazonaws.com` (or the partition's), or an override; no trailing slash.
    public let endpoint: String
    /// The region IAM requests are signed in (`us-east-1` in the aws partition).
    public let signingRegion: String
    /// The limit on one request.
    public var timeout: Duration = .seconds(10)

    /// A client for `partition`'s IAM, or `endpointOverride`.
    public init(httpClient: HTTPClient, partition: Partition = .aws, endpointOverride: String? = nil) {
        var endpoint = endpointOverride ?? (partition == .aws ? "https://iam.amazonaws.com" : "https://iam.\(partition.implicitGlobalRegion).\(partition.stsDomain)")
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.httpClient = httpClient
        self.endpoint = endpoint
        self.signingRegion = partition.implicitGlobalRegion
    }

    /// The IAM endpoint: `override` (`--endpoint-url`), `AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL`, the
    /// profile's `endpoint_url`, in that order; `nil` for IAM itself.
    public static func endpointOverride(_ override: String?, environment: [String: String], profile: [String: String]) -> String? {
        for candidate in [override, environment["AWS_ENDPOINT_URL_IAM"], environment["AWS_ENDPOINT_URL"], profile["endpoint_url"]] {
            if let candidate, !candidate.isEmpty { return candidate }
        }
        return nil
    }

    /// The ARN of role `name` (with its path), or `nil` when there is no such role.
    public func roleARN(named name: String, credentials: AWSCredentials) async throws(IAMClientError) -> String? {
        try await arn(action: "GetRole", parameter: "RoleName", name: name, element: "Role", credentials: credentials)
    }

    /// The ARN of user `name` (with its path), or `nil` when there is no such user.
    public func userARN(named name: String, credentials: AWSCredentials) async throws(IAMClientError) -> String? {
        try await arn(action: "GetUser", parameter: "UserName", name: name, element: "User", credentials: credentials)
    }

    private func arn(
        action: String, parameter: String, name: String, element: String, credentials: AWSCredentials
    ) async throws(IAMClientError) -> String? {
        let body = "Action=\(action)&Version=2010-05-08&\(parameter)=\(PercentEncoding.encodeQueryComponent(name))"
        let status: Int
        let root: XMLElement
        do {
            (status, root) = try await QueryAPICall.post(
                httpClient, endpoint: endpoint, region: signingRegion, service: "iam", body: body, credentials: credentials, date: Date(),
                timeout: timeout)
        } catch {
            throw IAMClientError("IAM \(action) failed: \(error)")
        }
        guard (200..<300).contains(status) else {
            let code = root.first(named: "Error")?.text(at: "Code") ?? "HTTP\(status)"
            if code == "NoSuchEntity" { return nil }
            throw IAMClientError("IAM \(action) \(name): \(code): \(root.first(named: "Error")?.text(at: "Message") ?? "")")
        }
        return root.first(named: element)?.text(at: "Arn")
    }
}

/// An IAM call failed.
public struct IAMClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What happened.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
