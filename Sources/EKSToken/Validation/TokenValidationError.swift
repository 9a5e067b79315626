/// Why a bearer token is not a well-formed EKS token, worded as aws-iam-authenticator words it.
///
/// ``message`` is the whole text upstream's verifier returns (its `FormatError`), wrapper included:
/// `input token was not properly formatted: token is missing expected "k8s-aws-v1." prefix`. Where
/// upstream prints a Go library error (base64, `net/url`, `time.Parse`) the text is Go's. ``code`` is
/// stable across releases: match on it, show the message.
///
/// One difference: where a message quotes part of the token (the URL, a host, a query key, a date),
/// the part is cut after the first `?`, `#`, `&` or `=` and after 64 bytes (32 for keys and values),
/// and `<redacted>` marks the cut. Upstream prints them whole, so a malformed URL's session token and
/// signature would end up in logs. Well-formed hosts, keys and dates are never cut.
///
/// Equality compares the code only, so tests can match on the kind of failure.
public struct TokenValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of failure, one per check of the validator, in the order they run.
    public enum Code: String, Sendable, CaseIterable {
        /// The token is longer than the validator's maximum size.
        case tooLarge
        /// The token does not start with `k8s-aws-v1.`.
        case missingPrefix
        /// The rest of the token is not unpadded base64url.
        case badBase64
        /// The decoded text is not a URL Go's `net/url` would parse, or the URL has a part an STS URL
        /// never has (user info, a fragment, bytes that are not UTF-8).
        case badURL
        /// The URL's scheme is not `https`.
        case badScheme
        /// The URL's host is not an STS endpoint of the validator's partition.
        case hostNotAllowed
        /// The URL's path is not `/`.
        case badPath
        /// The query string does not parse (a bad `%` escape, a `;`).
        case badQuery
        /// Two query parameters differ only in case (CVE-2022-2385).
        case duplicateParameter
        /// A query parameter is not one a presigned `GetCallerIdentity` URL carries.
        case parameterNotAllowed
        /// A query parameter appears more than once.
        case multipleValues
        /// `Action` is not `GetCallerIdentity`.
        case badAction
        /// `X-Amz-SignedHeaders` does not list `x-k8s-aws-id`.
        case unsignedClusterID
        /// `X-Amz-Expires` is missing, not an integer, or outside 0…900.
        case badExpires
        /// `X-Amz-Date` is missing.
        case missingDate
        /// `X-Amz-Date` is not of the form `20060102T150405Z`.
        case badDate
        /// `X-Amz-Date` is more than 15 minutes before now.
        case expired
        /// `X-Amz-Credential` is not `<access key ID>/<date>/<region>/sts/aws4_request`.
        case badCredentialScope
    }

    /// What upstream's `FormatError` puts before every message.
    public static let formatErrorPrefix = "input token was not properly formatted: "

    /// The kind of failure.
    public let code: Code
    /// The full text, `input token was not properly formatted: ` included.
    public let message: String

    /// The message.
    public var description: String { message }

    /// An error of kind `code` whose message is the format-error prefix followed by `reason`.
    init(_ code: Code, _ reason: String) {
        self.code = code
        self.message = Self.formatErrorPrefix + reason
    }

    /// Compares the codes only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension TokenValidationError {
    static func tooLarge() -> Self { .init(.tooLarge, "token is too large") }

    static func missingPrefix(_ prefix: String) -> Self {
        .init(.missingPrefix, "token is missing expected \"\(prefix)\" prefix")
    }

    /// Go's `base64.CorruptInputError`.
    static func badBase64(offset: Int) -> Self {
        .init(.badBase64, "illegal base64 data at input byte \(offset)")
    }

    /// Go's `*url.Error` for `url.Parse`: `parse "<url>": <reason>`. The URL is cut where a query may
    /// start (see ``GoText/redacted(_:limit:)``): the rest may hold a session token and a signature.
    static func unparsableURL(_ url: [UInt8], _ reason: String) -> Self {
        .init(.badURL, "parse \(GoText.quote(GoText.redacted(url, limit: GoText.longEcho))): \(reason)")
    }

    static func badScheme(_ scheme: [UInt8]) -> Self {
        .init(.badScheme, "unexpected scheme \(GoText.quote(GoText.redacted(scheme, limit: GoText.shortEcho))) in pre-signed URL")
    }

    /// `reason` is `host is empty` or `invalid host format: <host>`.
    static func unparsableRegion(_ host: [UInt8], invalidFormat: Bool) -> Self {
        let host = GoText.string(GoText.redacted(host, limit: GoText.longEcho))
        return .init(
            .hostNotAllowed,
            "could not parse region for pre-signed URL \(host), \(invalidFormat ? "invalid host format: \(host)" : "host is empty")"
        )
    }

    static func globalEndpointUnsupported(_ partition: String) -> Self {
        .init(.hostNotAllowed, "global endpoint unsupported in partition \(partition)")
    }

    static func invalidRegion(_ region: [UInt8]) -> Self {
        .init(.hostNotAllowed, "invalid region identifier format provided: \(GoText.string(GoText.redacted(region, limit: GoText.longEcho)))")
    }

    static func unexpectedHostname(_ host: [UInt8]) -> Self {
        .init(.hostNotAllowed, "unexpected hostname \(GoText.quote(GoText.redacted(host, limit: GoText.longEcho))) in pre-signed URL")
    }

    static func partitionMismatch(_ partition: String, _ host: [UInt8]) -> Self {
        .init(.hostNotAllowed, "partition {\(partition)} does not support hostname \(GoText.string(GoText.redacted(host, limit: GoText.longEcho)))")
    }

    static func badPath() -> Self { .init(.badPath, "unexpected path in pre-signed URL") }

    static func badQuery() -> Self { .init(.badQuery, "malformed query parameter") }

    static func duplicateParameter(_ key: [UInt8]) -> Self {
        .init(.duplicateParameter, "duplicate query parameter found: \(GoText.quote(GoText.redacted(key, limit: GoText.shortEcho)))")
    }

    static func parameterNotAllowed(_ key: [UInt8]) -> Self {
        .init(.parameterNotAllowed, "non-whitelisted query parameter \(GoText.quote(GoText.redacted(key, limit: GoText.shortEcho)))")
    }

    static func multipleValues() -> Self {
        .init(.multipleValues, "query parameter with multiple values not supported")
    }

    static func badAction() -> Self { .init(.badAction, "unexpected action parameter in pre-signed URL") }

    static func unsignedClusterID() -> Self {
        .init(.unsignedClusterID, "client did not sign the x-k8s-aws-id header in the pre-signed URL")
    }

    static func badExpires(_ printed: Int) -> Self {
        .init(.badExpires, "invalid X-Amz-Expires parameter in pre-signed URL: \(printed)")
    }

    static func missingDate() -> Self {
        .init(.missingDate, "X-Amz-Date parameter must be present in pre-signed URL")
    }

    /// The value is echoed cut as ``GoText/redacted(_:limit:)`` cuts it, in Go's `time.ParseError` too.
    static func badDate(_ value: [UInt8], _ error: AmzDate.ParseError) -> Self {
        let shown = GoText.redacted(value, limit: GoText.shortEcho)
        return .init(
            .badDate,
            "error parsing X-Amz-Date parameter \(GoText.string(shown)) into format \(AmzDate.layout): \(error.text(value: shown))"
        )
    }

    static func expired(_ printedDate: String) -> Self {
        .init(.expired, "X-Amz-Date parameter is expired (15 minute expiration) \(printedDate)")
    }

    // Checks aws-iam-authenticator does not make.

    static func userInfo() -> Self { .init(.badURL, "unexpected user info in pre-signed URL") }

    static func fragment() -> Self { .init(.badURL, "unexpected fragment in pre-signed URL") }

    static func notUTF8() -> Self { .init(.badURL, "pre-signed URL is not valid UTF-8") }

    static func malformedCredential() -> Self {
        .init(
            .badCredentialScope,
            "invalid X-Amz-Credential parameter in pre-signed URL: expected <access key ID>/<yyyymmdd>/<region>/sts/aws4_request"
        )
    }

    static func credentialService(_ service: [UInt8]) -> Self {
        .init(
            .badCredentialScope,
            "unexpected service \(GoText.quote(GoText.redacted(service, limit: GoText.shortEcho))) in X-Amz-Credential parameter of pre-signed URL"
        )
    }

    static func unbuildableRequest() -> Self {
        .init(.badURL, "could not build the request for the pre-signed URL")
    }
}
