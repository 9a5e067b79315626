/// Why a request could not be signed or a signature could not be read.
///
/// Equality compares the code only, so tests can match on the kind of failure.
public struct SigV4Error: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kinds of failure.
    public enum Code: String, Sendable, Hashable {
        /// The URL has no scheme or host.
        case invalidURL
        /// An Authorization header is not of the form `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
        case malformedAuthorization
        /// The credential scope is not `AKID/yyyyMMdd/region/service/aws4_request`.
        case malformedCredentialScope
        /// The request date is missing or not `yyyyMMddTHHmmssZ`.
        case malformedDate
    }

    /// The kind of failure.
    public let code: Code
    /// A message that says what was wrong and what to do.
    public let message: String

    public var description: String { message }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    static func invalidURL(_ url: String) -> Self {
        .init(code: .invalidURL, message: "'\(url)' is not an absolute URL: expected scheme://host/path")
    }

    static func malformedAuthorization(_ reason: String) -> Self {
        .init(code: .malformedAuthorization, message: "the Authorization header is malformed: \(reason)")
    }

    static func malformedCredentialScope(_ scope: String) -> Self {
        .init(code: .malformedCredentialScope, message: "credential '\(scope)' is not of the form AKID/yyyyMMdd/region/service/aws4_request")
    }

    static func malformedDate(_ value: String) -> Self {
        .init(code: .malformedDate, message: "request date '\(value)' is not of the form yyyyMMddTHHmmssZ")
    }
}
