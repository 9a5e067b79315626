public import AsyncHTTPClient
import Foundation

/// Sends an EKS token's presigned `GetCallerIdentity` to STS and reads who signed it, as
/// aws-iam-authenticator's server does: `GET` of the URL with `x-k8s-aws-id: <cluster id>` and
/// `accept: application/json`, one attempt with a deadline (10 s), redirects not followed (give an
/// `HTTPClient` configured with `redirectConfiguration: .disallow`).
///
/// With an endpoint override (for tests, or an STS reachable at another address) the request goes
/// to that scheme and authority instead, keeping the token's path, query and `Host` header so its
/// signature still verifies.
public struct PresignedIdentityClient: Sendable {
    let httpClient: HTTPClient
    /// The deadline of one exchange.
    public let timeout: Duration
    /// Where requests go instead of the token's host, such as `http://127.0.0.1:8080`.
    public let endpointOverride: String?

    /// Creates the client.
    public init(httpClient: HTTPClient, timeout: Duration = .seconds(10), endpointOverride: String? = nil) {
        self.httpClient = httpClient
        self.timeout = timeout
        self.endpointOverride = endpointOverride
    }

    /// The caller identity STS answers for `presignedURL` (whose host is `host`) and `clusterID`.
    ///
    /// - Throws: ``PresignedIdentityError``: `throttled` when STS answers with a throttling error,
    ///   `failed` otherwise, with aws-iam-authenticator's messages.
    public func callerIdentity(presignedURL: String, host: String, region: String, clusterID: String) async throws(PresignedIdentityError)
        -> CallerIdentity
    {
        var url = presignedURL
        if let endpointOverride, let pathStart = presignedURL.range(of: host)?.upperBound {
            url = endpointOverride.trimmingSuffix("/") + presignedURL[pathStart...]
        }
        let headers = [(name: "Host", value: host), (name: "x-k8s-aws-id", value: clusterID), (name: "accept", value: "application/json")]
        let response: HTTPFetch.Response
        do {
            response = try await HTTPFetch.send(httpClient, method: "GET", url: url, headers: headers, timeout: timeout)
        } catch {
            switch error {
            case .timeout: throw .failed("error during GET: timeout after \(timeout) on \(region) endpoint")
            case .transport(let reason): throw .failed("error during GET: \(reason) on \(region) endpoint")
            }
        }
        guard response.status == 200 else {
            if response.text.contains("Throttling") { throw .throttled(response.text) }
            throw .failed("error from AWS (expected 200, got \(response.status)) on \(region) endpoint. Body: \(response.text)")
        }
        struct Envelope: Decodable {
            struct Response: Decodable {
                struct Result: Decodable {
                    var Account: String
                    var Arn: String
                    var UserId: String
                }
                var GetCallerIdentityResult: Result
            }
            var GetCallerIdentityResponse: Response
        }
        do {
            let result = try JSONDecoder().decode(Envelope.self, from: Data(response.body)).GetCallerIdentityResponse.GetCallerIdentityResult
            return CallerIdentity(arn: result.Arn, userID: result.UserId, account: result.Account)
        } catch {
            throw .failed("the STS answer is not GetCallerIdentity JSON: \(error)")
        }
    }
}

/// Why a presigned GetCallerIdentity did not give an identity.
public enum PresignedIdentityError: Error, Hashable, Sendable, CustomStringConvertible {
    /// STS throttled the request; the body STS sent.
    case throttled(String)
    /// Any other failure, described.
    case failed(String)

    public var description: String {
        switch self {
        case .throttled(let body): "sts getCallerIdentity was throttled: \(body)"
        case .failed(let message): "sts getCallerIdentity failed: \(message)"
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
