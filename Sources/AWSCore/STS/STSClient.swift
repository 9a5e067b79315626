public import AsyncHTTPClient
public import Foundation
public import SigV4

/// A client of the STS query API (version 2011-06-15) on AsyncHTTPClient.
///
/// Requests are `POST /` with a form-encoded body (`Action=…&Version=2011-06-15&…`), signed with SigV4
/// in the headers for service `sts` and the endpoint's signing region — except
/// `AssumeRoleWithWebIdentity`, which AWS takes unsigned. Responses are STS's XML documents; errors
/// become ``STSError`` with the AWS code. Each request has a 10 s limit (``timeout``).
public struct STSClient: Sendable {
    /// The HTTP client requests go through (owned by the caller).
    public let httpClient: HTTPClient
    /// Where requests go and which region signs them.
    public let endpoint: STSEndpoint
    /// The limit on one request, from sending to the last byte of the answer.
    public var timeout: Duration = .seconds(10)

    /// The API version every request names.
    public static let apiVersion = "2011-06-15"

    /// Creates a client for `endpoint`.
    public init(httpClient: HTTPClient, endpoint: STSEndpoint) {
        self.httpClient = httpClient
        self.endpoint = endpoint
    }

    /// Who `credentials` belong to.
    public func getCallerIdentity(credentials: AWSCredentials, date: Date = Date()) async throws(STSError) -> CallerIdentity {
        let action = "GetCallerIdentity"
        let (status, result) = try await call(action: action, parameters: [], credentials: credentials, date: date)
        guard let arn = result.text(at: "Arn"), let userID = result.text(at: "UserId"), let account = result.text(at: "Account")
        else { throw .malformedResponse(action: action, status: status, "Arn, UserId or Account is missing") }
        return CallerIdentity(arn: arn, userID: userID, account: account)
    }

    /// Assumes `roleARN` with `credentials`. `serialNumber` and `tokenCode` carry an MFA device and its
    /// current code when the role's trust policy asks for MFA.
    public func assumeRole(
        credentials: AWSCredentials,
        roleARN: String,
        sessionName: String,
        externalID: String? = nil,
        durationSeconds: Int? = nil,
        serialNumber: String? = nil,
        tokenCode: String? = nil,
        date: Date = Date()
    ) async throws(STSError) -> AssumedRole {
        // Parameter order as botocore serializes the AssumeRole input shape.
        var parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName)]
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        if let externalID { parameters.append(("ExternalId", externalID)) }
        if let serialNumber { parameters.append(("SerialNumber", serialNumber)) }
        if let tokenCode { parameters.append(("TokenCode", tokenCode)) }
        let action = "AssumeRole"
        let (status, result) = try await call(action: action, parameters: parameters, credentials: credentials, date: date)
        return try Self.assumedRole(from: result, action: action, status: status)
    }

    /// Exchanges an OIDC token for credentials of `roleARN`. The request is not signed, as AWS expects.
    public func assumeRoleWithWebIdentity(
        roleARN: String,
        sessionName: String,
        webIdentityToken: String,
        durationSeconds: Int? = nil
    ) async throws(STSError) -> AssumedRole {
        var parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", webIdentityToken)]
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        let action = "AssumeRoleWithWebIdentity"
        let (status, result) = try await call(action: action, parameters: parameters, credentials: nil, date: Date())
        return try Self.assumedRole(from: result, action: action, status: status)
    }

    /// The request as it is sent: `POST <endpoint>/`, form body, and — with credentials — SigV4 headers.
    /// The body is encoded as botocore encodes it (Python's `urlencode`: unreserved characters kept, a
    /// space as `+`, everything else `%XX`), so the payload hash and signature match the AWS CLI's.
    func request(action: String, parameters: [(String, String)], credentials: AWSCredentials?, date: Date) throws(STSError) -> SigV4Request {
        func formEncode(_ value: String) -> String {
            PercentEncoding.encodeQueryComponent(value).replacingOccurrences(of: "%20", with: "+")
        }
        let body = ([("Action", action), ("Version", Self.apiVersion)] + parameters)
            .map { formEncode($0.0) + "=" + formEncode($0.1) }
            .joined(separator: "&")
        let unsigned: SigV4Request
        do {
            unsigned = try SigV4Request(
                method: "POST",
                url: endpoint.url + "/",
                headers: [HeaderField("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                body: Array(body.utf8)
            )
        } catch {
            throw .transport(action: action, endpoint: endpoint.url, "the endpoint is not an absolute URL (\(error.message))")
        }
        guard let credentials else { return unsigned }
        return SigV4Signer(credentials: credentials, region: endpoint.signingRegion, service: "sts").signHeaders(unsigned, date: date)
    }

    /// Sends one action and returns the status and the `<ActionResult>` element.
    private func call(
        action: String,
        parameters: [(String, String)],
        credentials: AWSCredentials?,
        date: Date
    ) async throws(STSError) -> (Int, XMLElement) {
        let request = try request(action: action, parameters: parameters, credentials: credentials, date: date)
        var headers = [(name: "Host", value: request.hostHeaderValue), (name: "User-Agent", value: "eksauth")]
        headers += request.headers.map { (name: $0.name, value: $0.value) }
        let response: HTTPFetch.Response
        do {
            response = try await HTTPFetch.send(
                httpClient, method: "POST", url: request.url, headers: headers, body: request.body, timeout: timeout
            )
        } catch {
            switch error {
            case .timeout:
                throw .timeout(action: action, endpoint: endpoint.url, seconds: Int(timeout.components.seconds))
            case .transport(let reason):
                throw .transport(action: action, endpoint: endpoint.url, reason)
            }
        }
        guard (200..<300).contains(response.status) else {
            throw Self.serviceError(from: response, action: action)
        }
        let root: XMLElement
        do {
            root = try XMLReader.parse(response.body)
        } catch {
            throw .malformedResponse(action: action, status: response.status, error.reason)
        }
        guard root.name == action + "Response", let result = root.child(action + "Result") else {
            throw .malformedResponse(action: action, status: response.status, "the root element is <\(root.name)>")
        }
        return (response.status, result)
    }

    /// The `ErrorResponse` of a failed call, or the status as the code when the body is something else.
    static func serviceError(from response: HTTPFetch.Response, action: String) -> STSError {
        if let root = try? XMLReader.parse(response.body), let error = root.first(named: "Error"),
           let code = error.text(at: "Code"), !code.isEmpty {
            return STSError(
                code: code,
                message: error.text(at: "Message") ?? "",
                httpStatus: response.status,
                faultType: error.text(at: "Type"),
                requestID: root.text(at: "RequestId") ?? root.first(named: "RequestId")?.text,
                action: action
            )
        }
        let snippet = String(response.text.prefix(200)).trimmingCharacters(in: .whitespacesAndNewlines)
        return STSError(
            code: String(response.status),
            message: snippet.isEmpty ? "HTTP \(response.status) with an empty body" : snippet,
            httpStatus: response.status,
            action: action
        )
    }

    /// The credentials and assumed-role user of an `AssumeRole…Result`.
    static func assumedRole(from result: XMLElement, action: String, status: Int) throws(STSError) -> AssumedRole {
        guard let keyID = result.text(at: "Credentials", "AccessKeyId"),
              let secret = result.text(at: "Credentials", "SecretAccessKey"),
              let token = result.text(at: "Credentials", "SessionToken"),
              let expirationText = result.text(at: "Credentials", "Expiration")
        else { throw .malformedResponse(action: action, status: status, "Credentials is incomplete") }
        guard let expiration = ISO8601Timestamp.parse(expirationText) else {
            throw .malformedResponse(action: action, status: status, "Expiration '\(expirationText)' is not an ISO 8601 time")
        }
        guard let arn = result.text(at: "AssumedRoleUser", "Arn"), let roleID = result.text(at: "AssumedRoleUser", "AssumedRoleId")
        else { throw .malformedResponse(action: action, status: status, "AssumedRoleUser is incomplete") }
        return AssumedRole(
            credentials: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token, expiration: expiration),
            arn: arn,
            assumedRoleID: roleID,
            subjectFromWebIdentityToken: result.text(at: "SubjectFromWebIdentityToken"),
            audience: result.text(at: "Audience"),
            provider: result.text(at: "Provider"),
            packedPolicySize: result.text(at: "PackedPolicySize").flatMap { Int($0) },
            sourceIdentity: result.text(at: "SourceIdentity")
        )
    }
}
