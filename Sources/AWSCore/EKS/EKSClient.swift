public import AsyncHTTPClient
public import Foundation
public import SigV4
import NIOCore
import NIOHTTP1

/// A client of the Amazon EKS API speaking the rest-json protocol with SigV4 header signing, so it
/// works against AWS or any EKS-compatible server named by an endpoint URL: DescribeCluster for
/// the token tooling, and ``send(method:path:query:body:credentials:date:)`` for every other call
/// (the typed access-management calls live in AccessModel's `EKSAccessClient`).
public struct EKSClient: Sendable {
    /// The HTTP client.
    public let httpClient: HTTPClient
    /// `https://eks.us-east-1.amazonaws.com`, or an override; no trailing slash.
    public let endpoint: String
    /// The region that signs requests.
    public let region: String
    /// How long one call may take, in seconds.
    public var timeoutSeconds: Int64 = 10
    /// The SigV4 signing name: `eks`, or `eks-auth` for the EKS Auth API.
    public var signingName = "eks"

    /// Creates a client.
    public init(httpClient: HTTPClient, endpoint: String, region: String) {
        var endpoint = endpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.httpClient = httpClient
        self.endpoint = endpoint
        self.region = region
    }

    /// The EKS endpoint for `region`, unless `override` (`--endpoint-url`), `AWS_ENDPOINT_URL_EKS`,
    /// `AWS_ENDPOINT_URL` or the profile's `endpoint_url` names one, in that order, as botocore reads
    /// them. The configured URLs (all but `override`) are ignored when
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (profile `ignore_configured_endpoint_urls`) is `true`.
    ///
    /// - Parameters:
    ///   - region: the signing region, which names the default endpoint.
    ///   - override: `--endpoint-url`, if given.
    ///   - environment: the process environment.
    ///   - profile: the plain keys of the selected shared-config profile.
    public static func endpoint(
        region: String, override: String?, environment: [String: String], profile: [String: String] = [:]
    ) -> String {
        if let override, !override.isEmpty { return override }
        let ignore = (environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] ?? profile["ignore_configured_endpoint_urls"])?.lowercased() == "true"
        if !ignore {
            for url in [environment["AWS_ENDPOINT_URL_EKS"], environment["AWS_ENDPOINT_URL"], profile["endpoint_url"]] {
                if let url, !url.isEmpty { return url }
            }
        }
        return "https://eks.\(region).\(Partition.forRegion(region).stsDomain)"
    }

    /// A URI label (`{name}`, `{principalArn}`, …) encoded as the AWS SDKs encode it for rest-json:
    /// every byte but the unreserved characters, so `:` is `%3A` and `/` is `%2F`.
    public static func label(_ value: String) -> String {
        PercentEncoding.encodeQueryComponent(value)
    }

    /// DescribeCluster: `GET /clusters/{name}`.
    public func describeCluster(name: String, credentials: AWSCredentials, date: Date = Date()) async throws(EKSError) -> EKSCluster {
        let body = try await send(method: "GET", path: "/clusters/\(Self.label(name))", credentials: credentials, date: date)
        struct Response: Decodable { var cluster: EKSCluster? }
        guard let cluster = (try? JSONDecoder().decode(Response.self, from: Data(body)))?.cluster else {
            throw EKSError(code: "ResourceNotFoundException", message: "Cluster not found: the EKS API returned no cluster named '\(name)'", httpStatus: 200)
        }
        return cluster
    }

    /// Sends one rest-json request and returns the body of a 2xx answer.
    ///
    /// The request is signed with SigV4 for service ``signingName`` in ``region``. A `body` is sent as
    /// `Content-Type: application/json`; without one no body and no content type are sent (GET and
    /// DELETE). Labels in `path` must already be encoded with ``label(_:)``; `query` items are
    /// encoded here.
    ///
    /// - Parameters:
    ///   - method: `GET`, `POST` or `DELETE`.
    ///   - path: the request path, such as `/clusters/demo/access-entries`.
    ///   - query: query parameters, in order.
    ///   - body: the JSON body, if any.
    ///   - credentials: the credentials that sign the request.
    ///   - date: the signing instant.
    /// - Throws: the service's error (code, message, HTTP status), or `RequestFailed` when no answer came.
    public func send(
        method: String, path: String, query: [QueryItem] = [], body: [UInt8]? = nil,
        credentials: AWSCredentials, date: Date = Date()
    ) async throws(EKSError) -> [UInt8] {
        let queryString = query.map { "\(PercentEncoding.encodeQueryComponent($0.name))=\(PercentEncoding.encodeQueryComponent($0.value))" }
            .joined(separator: "&")
        let url = endpoint + path + (queryString.isEmpty ? "" : "?" + queryString)
        let unsigned: SigV4Request
        do {
            let headers = body == nil ? [] : [HeaderField("Content-Type", "application/json")]
            unsigned = try SigV4Request(method: method, url: url, headers: headers, body: body ?? [])
        } catch {
            throw EKSError(code: "InvalidEndpoint", message: "'\(endpoint)' is not a usable EKS endpoint URL: \(error)", httpStatus: 0)
        }
        let signed = SigV4Signer(credentials: credentials, region: region, service: signingName).signHeaders(unsigned, date: date)
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for header in signed.headers { request.headers.add(name: header.name, value: header.value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: .seconds(timeoutSeconds))
            bytes = try await response.body.collect(upTo: 8 << 20)
        } catch {
            throw EKSError(code: "RequestFailed", message: "could not reach the EKS API at \(endpoint): \(TransportFailure.describe(error))", httpStatus: 0)
        }
        let responseBody = Array(buffer: bytes)
        guard (200..<300).contains(response.status.code) else {
            throw EKSError(response: responseBody, headers: response.headers, status: Int(response.status.code))
        }
        return responseBody
    }
}

/// The parts of an EKS cluster description that kubeconfig tooling uses.
public struct EKSCluster: Sendable, Hashable, Decodable {
    /// The cluster's name.
    public var name: String?
    /// `arn:aws:eks:REGION:ACCOUNT:cluster/NAME`.
    public var arn: String?
    /// The API server URL.
    public var endpoint: String?
    /// `CREATING`, `ACTIVE`, `UPDATING`, …
    public var status: String?
    /// The cluster's unique id (used as the token's cluster id on Outposts).
    public var id: String?
    /// The base64 PEM of the API server's CA.
    public var certificateAuthority: CertificateAuthority?
    /// Present on local clusters on AWS Outposts.
    public var outpostConfig: OutpostConfig?

    /// `certificateAuthority` of DescribeCluster.
    public struct CertificateAuthority: Sendable, Hashable, Decodable {
        /// Base64 of the CA's PEM.
        public var data: String?
    }

    /// `outpostConfig` of DescribeCluster (only its presence matters here).
    public struct OutpostConfig: Sendable, Hashable, Decodable {
        /// The control plane's instance type.
        public var controlPlaneInstanceType: String?
    }
}

/// An error answered by the EKS API, or a failure to reach it.
public struct EKSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The AWS error code (`ResourceNotFoundException`, …) or `RequestFailed`.
    public let code: String
    /// The service's message.
    public let message: String
    /// The HTTP status, 0 when no response came.
    public let httpStatus: Int
    /// The service's `x-amzn-RequestId`, when an answer came.
    public var requestID: String?

    /// Creates an error.
    public init(code: String, message: String, httpStatus: Int) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    init(response body: [UInt8], headers: HTTPHeaders, status: Int) {
        let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        var code = headers.first(name: "x-amzn-ErrorType") ?? (json?["__type"] as? String) ?? "HTTP\(status)"
        if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        let message = (json?["message"] as? String) ?? (json?["Message"] as? String) ?? String(decoding: body.prefix(200), as: UTF8.self)
        self.init(code: code, message: message, httpStatus: status)
        self.requestID = headers.first(name: "x-amzn-RequestId")
    }

    public var description: String { "\(code): \(message)" }
}
