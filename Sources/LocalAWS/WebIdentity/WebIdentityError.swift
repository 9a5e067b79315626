/// Why STS refused a web identity token in `AssumeRoleWithWebIdentity`: the STS error code, the HTTP
/// status and a message. Messages never contain the token text. Equality compares the code only.
///
/// The codes and statuses are those of the STS service model for `AssumeRoleWithWebIdentity`
/// (`InvalidIdentityToken` 400, `ExpiredTokenException` 400, `IDPRejectedClaim` 403,
/// `IDPCommunicationError` 400), plus `ValidationError` 400 for a token whose length is out of range.
public struct WebIdentityError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kinds of failure; the raw value is the STS error code.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The token is malformed, unsigned or badly signed, from an unregistered issuer, for another
        /// audience, or lacks a required claim. HTTP 400.
        case invalidIdentityToken = "InvalidIdentityToken"
        /// The token's `exp` is not after the time of the request. HTTP 400.
        case expiredToken = "ExpiredTokenException"
        /// The identity provider rejected a claim. HTTP 403.
        case idpRejectedClaim = "IDPRejectedClaim"
        /// The identity provider could not be reached. HTTP 400.
        case idpCommunicationError = "IDPCommunicationError"
        /// The `WebIdentityToken` parameter is out of range. HTTP 400.
        case validationError = "ValidationError"

        /// The HTTP status STS answers with.
        public var httpStatus: Int {
            switch self {
            case .idpRejectedClaim: 403
            case .invalidIdentityToken, .expiredToken, .idpCommunicationError, .validationError: 400
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong and what to do.
    public let message: String

    /// Creates an error from its code and message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The STS error code (`InvalidIdentityToken`, …).
    public var awsCode: String { code.rawValue }
    /// The HTTP status STS answers with.
    public var httpStatus: Int { code.httpStatus }
    /// `Code: message`.
    public var description: String { "\(code.rawValue): \(message)" }

    /// The same failure as the embedded STS renders it (a `Sender` fault).
    public var stsServiceError: STSServiceError {
        STSServiceError(code: awsCode, httpStatus: httpStatus, message: message)
    }

    /// Compares the codes only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    // MARK: - Factories

    /// The text is not a JWT STS can read: `reason` says which part is wrong (never the token itself).
    public static func malformed(_ reason: String) -> Self {
        .init(code: .invalidIdentityToken, message: "The web identity token is not a valid JWT: \(reason).")
    }

    /// The header names an algorithm other than RS256 (or none).
    public static func unsupportedAlgorithm(_ algorithm: String?) -> Self {
        let shown = algorithm.map { "'\(clip($0, 32))'" } ?? "no algorithm"
        return .init(
            code: .invalidIdentityToken,
            message: "The web identity token is signed with \(shown); only tokens with RSA algorithms (RS256) are supported.")
    }

    /// A claim STS requires (`iss`, `sub`, `aud`, `exp`) is absent.
    public static func missingClaim(_ name: String) -> Self {
        .init(code: .invalidIdentityToken, message: "Missing a required claim: \(name)")
    }

    /// No IAM OIDC provider in the account has the token's issuer as its URL.
    public static func noProvider(issuer: String) -> Self {
        .init(code: .invalidIdentityToken, message: "No OpenIDConnect provider found in your account for \(clip(issuer, 256))")
    }

    /// No key to check the signature with: the provider has no JWKS registered, none of its keys is an
    /// RS256 key, or none has the token's `kid`.
    public static func verificationKeyUnavailable() -> Self {
        .init(
            code: .invalidIdentityToken,
            message:
                "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements"
        )
    }

    /// The signature does not verify with the provider's key(s).
    public static func invalidSignature(provider url: String) -> Self {
        .init(
            code: .invalidIdentityToken,
            message:
                "The web identity token's signature does not verify with the keys registered for the OpenID Connect provider \(clip(url, 256)); sign it with a key in the provider's JWKS."
        )
    }

    /// None of the token's audiences is a client ID of the provider.
    public static func incorrectAudience() -> Self {
        .init(code: .invalidIdentityToken, message: "Incorrect token audience")
    }

    /// `exp` is at or before `now`. Times are whole seconds since 1970, as STS prints them.
    public static func expired(now: Double, expiration: Double) -> Self {
        .init(
            code: .expiredToken,
            message: "Token expired: current date/time \(seconds(now)) must be before the expiration date/time \(seconds(expiration))")
    }

    /// `nbf` is later than `now` plus the allowed clock skew.
    public static func notYetValid(now: Double, notBefore: Double) -> Self {
        .init(
            code: .invalidIdentityToken,
            message:
                "Token not yet valid: current date/time \(seconds(now)) must not be before the not-before date/time \(seconds(notBefore))")
    }

    /// `iat` is later than `now` plus the allowed clock skew.
    public static func issuedInFuture(now: Double, issuedAt: Double) -> Self {
        .init(
            code: .invalidIdentityToken,
            message:
                "Token used before issued: current date/time \(seconds(now)) must not be before the issued-at date/time \(seconds(issuedAt))")
    }

    /// The token is shorter than 4 or longer than 20000 characters (the `clientTokenType` bounds).
    public static func tokenLength(_ constraint: String) -> Self {
        .init(
            code: .validationError,
            message: "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: \(constraint)")
    }

    // MARK: - Formatting

    /// Whole seconds since 1970 (rounded down).
    static func seconds(_ value: Double) -> String {
        guard value.isFinite, let whole = Int64(exactly: value.rounded(.down)) else { return String(value) }
        return String(whole)
    }

    /// Long input, shortened for a message.
    static func clip(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
