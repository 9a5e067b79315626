public import AsyncHTTPClient
public import Foundation
public import SigV4

/// The IAM calls eksauth's tooling makes — GetRole and GetUser, to learn a principal's real ARN
/// (with its path) and a role's trust policy; the OIDC providers, for the pod-identity checks. IAM query API (version 2010-05-08), form-encoded POST signed with
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
        try await call(action, [parameter: name], credentials: credentials)?.first(named: element)?.text(at: "Arn")
    }

    /// GetRole: the role's ARN and trust policy, or `nil` when there is no such role.
    public func role(named name: String, credentials: AWSCredentials) async throws(IAMClientError) -> IAMRoleDescription? {
        guard let role = try await call("GetRole", ["RoleName": name], credentials: credentials)?.first(named: "Role"),
            let arn = role.text(at: "Arn")
        else { return nil }
        let document = role.text(at: "AssumeRolePolicyDocument").map { $0.removingPercentEncoding ?? $0 } ?? ""
        return IAMRoleDescription(arn: arn, trustPolicy: document)
    }

    /// ListOpenIDConnectProviders, then GetOpenIDConnectProvider for each: the account's OIDC providers.
    public func openIDConnectProviders(credentials: AWSCredentials) async throws(IAMClientError) -> [IAMOIDCProviderDescription] {
        guard let list = try await call("ListOpenIDConnectProviders", [:], credentials: credentials)?.first(named: "OpenIDConnectProviderList")
        else { return [] }
        var providers: [IAMOIDCProviderDescription] = []
        for member in list.children {
            guard let arn = member.text(at: "Arn"),
                let provider = try await call("GetOpenIDConnectProvider", ["OpenIDConnectProviderArn": arn], credentials: credentials)
            else { continue }
            let clientIDs = provider.first(named: "ClientIDList")?.children.map(\.text) ?? []
            providers.append(IAMOIDCProviderDescription(arn: arn, url: provider.first(named: "Url")?.text ?? "", clientIDs: clientIDs))
        }
        return providers
    }

    /// One IAM query call; the parsed answer, or `nil` for `NoSuchEntity`.
    private func call(_ action: String, _ parameters: [String: String], credentials: AWSCredentials) async throws(IAMClientError) -> XMLElement? {
        let body = (["Action=\(action)", "Version=2010-05-08"]
            + parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\(PercentEncoding.encodeQueryComponent($0.value))" }).joined(separator: "&")
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
            let subject = parameters.values.sorted().first.map { " \($0)" } ?? ""
            throw IAMClientError("IAM \(action)\(subject): \(code): \(root.first(named: "Error")?.text(at: "Message") ?? "")")
        }
        return root
    }
}

/// A role as IAM GetRole describes it: what the pod-identity checks need.
public struct IAMRoleDescription: Sendable, Hashable {
    /// The role's ARN, with its path.
    public var arn: String
    /// The trust policy (JSON).
    public var trustPolicy: String
}

/// An IAM OIDC identity provider: its ARN, issuer URL (host and path) and client IDs (audiences).
public struct IAMOIDCProviderDescription: Sendable, Hashable {
    /// `arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH`.
    public var arn: String
    /// The issuer without `https://`, as IAM returns it.
    public var url: String
    /// The audiences tokens may carry.
    public var clientIDs: [String]
}

/// An IAM call failed.
public struct IAMClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What happened.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
