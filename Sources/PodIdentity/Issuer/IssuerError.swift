/// Why a service-account signing key or token could not be used. Equality compares the code only.
public struct IssuerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Code: String, Sendable, Hashable {
        /// The key file cannot be read or holds no usable private key.
        case unreadableKey
        /// The key is of a kind the issuer does not sign with.
        case unsupportedKey
        /// The issuer URL is not an https URL without query or fragment.
        case invalidIssuer
        /// A token parameter is out of range.
        case invalidClaims
        /// The signature could not be made.
        case signingFailed
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong and what to do.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// Compares the codes only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    static func unreadable(_ source: String, _ reason: String) -> Self {
        .init(
            .unreadableKey,
            "cannot use \(source) as the service-account signing key: \(reason); give the PEM private key kube-apiserver's "
                + "--service-account-signing-key-file uses (RSA as PKCS#1 or PKCS#8, or EC P-256 as SEC1 or PKCS#8)")
    }

    static func invalidIssuer(_ issuer: String) -> Self {
        .init(
            .invalidIssuer,
            "the issuer \(issuer) must be an https:// URL with a host, an optional path, and no query or fragment "
                + "(as kube-apiserver's --service-account-issuer), such as https://oidc.example.com/id/demo")
    }
}
