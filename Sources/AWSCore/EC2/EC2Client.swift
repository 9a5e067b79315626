public import AsyncHTTPClient
public import Foundation
public import SigV4

/// The one EC2 call the authenticator makes: DescribeInstances for an instance's private DNS name,
/// which `{{EC2PrivateDNSName}}` in a node role's username stands for. EC2 query API (version
/// 2016-11-15), form-encoded POST signed with SigV4 for service `ec2`.
public struct EC2Client: Sendable {
    /// The EC2 API version.
    public static let apiVersion = "2016-11-15"
    /// The HTTP client (owned by the caller).
    public let httpClient: HTTPClient
    /// `https://ec2.<region>.amazonaws.com`, or an override; no trailing slash.
    public let endpoint: String
    /// The region that signs requests.
    public let region: String
    /// The limit on one request.
    public var timeout: Duration = .seconds(10)

    /// Creates a client for `region`, sending to `endpointOverride` when given.
    public init(httpClient: HTTPClient, region: String, endpointOverride: String? = nil) {
        var endpoint = endpointOverride ?? "https://ec2.\(region).\(Partition.forRegion(region).stsDomain)"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.httpClient = httpClient
        self.endpoint = endpoint
        self.region = region
    }

    /// The private DNS name of instance `instanceID` (`ip-10-0-0-1.ec2.internal`).
    ///
    /// - Throws: ``EC2Error`` with EC2's code (`InvalidInstanceID.NotFound`, …), or when the instance
    ///   has no private DNS name or EC2 cannot be reached.
    public func privateDNSName(instanceID: String, credentials: AWSCredentials, date: Date = Date()) async throws(EC2Error) -> String {
        let body = "Action=DescribeInstances&Version=\(Self.apiVersion)&InstanceId.1=\(PercentEncoding.encodeQueryComponent(instanceID))"
        let status: Int
        let root: XMLElement
        do {
            (status, root) = try await QueryAPICall.post(
                httpClient, endpoint: endpoint, region: region, service: "ec2", body: body, credentials: credentials, date: date, timeout: timeout)
        } catch {
            switch error {
            case .invalidEndpoint: throw EC2Error(code: "InvalidEndpoint", message: "EC2: \(error)")
            case .transport: throw EC2Error(code: "RequestFailed", message: "EC2 DescribeInstances failed: \(error)")
            case .malformed: throw EC2Error(code: "MalformedResponse", message: "EC2 answered \(error)")
            }
        }
        guard (200..<300).contains(status) else {
            let error = root.first(named: "Error")
            throw EC2Error(code: error?.text(at: "Code") ?? "HTTP\(status)", message: error?.text(at: "Message") ?? "EC2 answered HTTP \(status)")
        }
        guard let instance = root.first(named: "instancesSet")?.first(named: "item"), instance.text(at: "instanceId") == instanceID else {
            throw EC2Error(code: "InvalidInstanceID.NotFound", message: "EC2 returned no instance \(instanceID)")
        }
        guard let name = instance.text(at: "privateDnsName"), !name.isEmpty else {
            throw EC2Error(code: "NoPrivateDNSName", message: "instance \(instanceID) has no private DNS name")
        }
        return name
    }
}

/// An EC2 call failed.
public struct EC2Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// EC2's error code, or one of eksauth's (`RequestFailed`, `NoPrivateDNSName`, …).
    public let code: String
    /// What happened.
    public let message: String
    /// Creates an error.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "\(code): \(message)" }
}
