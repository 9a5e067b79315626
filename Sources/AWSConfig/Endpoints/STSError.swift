/// A failed STS call: an error STS returned (its `ErrorResponse`), or a failure to get an answer.
///
/// `code` is the AWS error code exactly as STS sent it (`AccessDenied`, `InvalidClientTokenId`,
/// `ExpiredTokenException`, …), or one of ``transportFailureCode``, ``timeoutCode`` and
/// ``malformedResponseCode`` when no usable answer came back. When STS answered with a body that is not
/// an `ErrorResponse`, the code is the HTTP status as text (`"503"`), as botocore reports it. Equality
/// compares the code only.
public struct STSError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The code of a connection that failed or broke before a response arrived.
    public static let transportFailureCode = "TransportFailure"
    /// The code of a request that got no complete response within its time limit.
    public static let timeoutCode = "Timeout"
    /// The code of a successful status whose body is not the expected XML document.
    public static let malformedResponseCode = "MalformedResponse"

    /// The AWS error code, or one of the local codes above.
    public let code: String
    /// What STS said, or what went wrong; it never holds a secret or a session token.
    public let message: String
    /// The HTTP status of STS's answer, `nil` when none arrived.
    public let httpStatus: Int?
    /// `Sender` or `Receiver`, when STS said which side is at fault.
    public let faultType: String?
    /// STS's request id, when it sent one (quote it to AWS support).
    public let requestID: String?
    /// The action that failed (`AssumeRole`, …).
    public let action: String

    /// Creates an error from its parts.
    public init(code: String, message: String, httpStatus: Int? = nil, faultType: String? = nil, requestID: String? = nil, action: String) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.faultType = faultType
        self.requestID = requestID
        self.action = action
    }

    /// Whether STS itself answered with this error (rather than the call failing on the way).
    public var isServiceError: Bool {
        httpStatus != nil && code != Self.malformedResponseCode
    }

    /// `STS <action> failed: <code> (HTTP <status>): <message> [request id …]`.
    public var description: String {
        var text = "STS \(action) failed: \(code)"
        if let httpStatus { text += " (HTTP \(httpStatus))" }
        text += ": \(message)"
        if let requestID { text += " [request id \(requestID)]" }
        return text
    }

    /// Errors are equal when their codes are.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    package static func transport(action: String, endpoint: String, _ reason: String) -> Self {
        .init(
            code: transportFailureCode,
            message: "could not reach STS at \(endpoint): \(reason); check the network, a proxy, or AWS_ENDPOINT_URL_STS",
            action: action
        )
    }

    package static func timeout(action: String, endpoint: String, seconds: Int) -> Self {
        .init(
            code: timeoutCode,
            message: "STS at \(endpoint) did not answer within \(seconds) s; check the network or the endpoint",
            action: action
        )
    }

    package static func malformedResponse(action: String, status: Int, _ reason: String) -> Self {
        .init(
            code: malformedResponseCode,
            message: "STS answered HTTP \(status) with a body that is not a \(action) response (\(reason)); "
                + "check that the endpoint is really STS",
            httpStatus: status,
            action: action
        )
    }
}
