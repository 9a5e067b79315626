/// Why an incoming SigV4-signed request was rejected, with the AWS error code, HTTP status and a
/// message like the one AWS sends.
///
/// Messages never contain a secret access key, a signing key, a session token or the signature the
/// server computed. Equality compares the code only, so tests can match on the kind of failure.
public struct SigV4VerificationError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kinds of failure. The raw value is the error code AWS's query-protocol services (STS, IAM)
    /// return; ``jsonCode`` gives the one JSON-protocol services (EKS, …) return.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The request carries no signature at all: no `Authorization` header and no `X-Amz-*`
        /// query parameters. HTTP 403.
        case missingAuthenticationToken = "MissingAuthenticationToken"
        /// The signature is present but garbled or missing a part (credential, signed headers,
        /// signature, date, algorithm, `host` not signed, a parameter given twice). HTTP 400.
        case incompleteSignature = "IncompleteSignature"
        /// The signature does not match, or its time is outside the allowed window
        /// ("Signature expired: …", "Signature not yet current: …"), or the credential scope does
        /// not fit the request. HTTP 403.
        case signatureDoesNotMatch = "SignatureDoesNotMatch"
        /// The access key id is unknown, or the session token does not belong to it. HTTP 403.
        case invalidClientTokenId = "InvalidClientTokenId"
        /// The temporary credentials that signed the request have expired. HTTP 403.
        case expiredToken = "ExpiredToken"
        /// A presigned URL used after `X-Amz-Date` + `X-Amz-Expires` ("Request has expired",
        /// as Amazon S3 answers). HTTP 403.
        case accessDenied = "AccessDenied"
        /// The `x-amz-content-sha256` header is not the SHA-256 of the body. HTTP 400.
        case contentSHA256Mismatch = "XAmzContentSHA256Mismatch"

        /// The code as AWS's JSON-protocol services (EKS, Lambda, DynamoDB, …) spell it.
        public var jsonCode: String {
            switch self {
            case .missingAuthenticationToken: "MissingAuthenticationTokenException"
            case .incompleteSignature: "IncompleteSignatureException"
            case .signatureDoesNotMatch: "InvalidSignatureException"
            case .invalidClientTokenId: "UnrecognizedClientException"
            case .expiredToken: "ExpiredTokenException"
            case .accessDenied: "AccessDeniedException"
            case .contentSHA256Mismatch: "XAmzContentSHA256Mismatch"
            }
        }

        /// The HTTP status AWS answers with.
        public var httpStatus: Int {
            switch self {
            case .incompleteSignature, .contentSHA256Mismatch: 400
            case .missingAuthenticationToken, .signatureDoesNotMatch, .invalidClientTokenId, .expiredToken, .accessDenied: 403
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// A message that says what was wrong and what to do, in AWS's words where AWS has them.
    public let message: String

    /// Creates an error from its code and message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The AWS error code of a query-protocol service (STS, IAM): `SignatureDoesNotMatch`, ….
    public var awsCode: String { code.rawValue }
    /// The HTTP status AWS answers with (400 or 403).
    public var httpStatus: Int { code.httpStatus }
    /// `Sender`: every verification failure is the client's fault (the `<Type>` of an STS error).
    public var errorType: String { "Sender" }

    /// `Code: message`, for logs (never a secret or a session token).
    public var description: String { "\(code.rawValue): \(message)" }

    /// Errors are equal when their codes are.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, as `==` compares it only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    // MARK: - Factories

    /// No signature at all.
    public static func missingAuthenticationToken() -> Self {
        .init(code: .missingAuthenticationToken, message: "Request is missing Authentication Token")
    }

    /// A garbled or incomplete signature; `reason` says which part.
    public static func incompleteSignature(_ reason: String) -> Self {
        .init(code: .incompleteSignature, message: reason)
    }

    /// The signature does not match the request.
    public static func signatureDoesNotMatch() -> Self {
        .init(
            code: .signatureDoesNotMatch,
            message: "The request signature we calculated does not match the signature you provided. "
                + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
        )
    }

    /// A signature-related mismatch with a specific message (scope, time window, missing header).
    public static func signatureDoesNotMatch(_ message: String) -> Self {
        .init(code: .signatureDoesNotMatch, message: message)
    }

    /// The access key id is not known, or the session token is not the one issued with it. The
    /// verifier raises it for a session-token mismatch; callers raise it for an unknown key.
    public static func invalidClientTokenId() -> Self {
        .init(code: .invalidClientTokenId, message: "The security token included in the request is invalid.")
    }

    /// The temporary credentials expired.
    public static func expiredToken() -> Self {
        .init(code: .expiredToken, message: "The security token included in the request is expired")
    }

    /// A presigned URL past its `X-Amz-Expires`.
    public static func requestExpired(validUntil: String, now: String) -> Self {
        .init(
            code: .accessDenied,
            message: "Request has expired: the presigned URL was valid until \(validUntil) (X-Amz-Date + X-Amz-Expires) "
                + "and it is now \(now). Create a new presigned URL."
        )
    }

    /// The `x-amz-content-sha256` header does not describe the body.
    public static func contentSHA256Mismatch() -> Self {
        .init(
            code: .contentSHA256Mismatch,
            message: "The provided 'x-amz-content-sha256' header does not match what was computed."
        )
    }
}
