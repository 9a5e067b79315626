public import Foundation

/// A service-account token issuer: the issuer URL (kube-apiserver's `--service-account-issuer`) and
/// its signing key. It mints projected-token-shaped JWTs and describes itself with the OIDC discovery
/// document and JWKS that AWS IAM (and any OIDC relying party) reads.
///
/// Paths are relative to the issuer URL, as kube-apiserver serves them:
/// `<issuer>/.well-known/openid-configuration` and `<issuer>/openid/v1/jwks`; eksauth also serves the
/// JWKS at `<issuer>/keys`, where EKS issuers publish it.
public struct ServiceAccountIssuer: Sendable {
    /// The discovery document's path below the issuer.
    public static let discoveryPath = "/.well-known/openid-configuration"
    /// The JWKS path below the issuer (kube-apiserver's `JWKSPath`).
    public static let jwksPath = "/openid/v1/jwks"
    /// Where EKS issuers publish the JWKS.
    public static let eksJWKSPath = "/keys"
    /// Token lifetimes kube-apiserver allows: at least 10 minutes; eksauth caps them at 48 hours.
    public static let expirationRange: ClosedRange<Int64> = 600...172_800

    /// The issuer URL, without a trailing `/`.
    public let url: String
    /// The signing key.
    public let key: ServiceAccountSigningKey

    /// Creates an issuer.
    ///
    /// - Throws: ``IssuerError`` when `url` is not `https://host[/path]` without query or fragment.
    public init(url: String, key: ServiceAccountSigningKey) throws(IssuerError) {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        guard let components = URLComponents(string: url), components.scheme == "https", let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil
        else { throw .invalidIssuer(url) }
        self.url = url
        self.key = key
    }

    /// The issuer's URL path (`/id/demo` for `https://oidc.example.com/id/demo`; empty for none).
    public var path: String { URLComponents(string: url)?.path ?? "" }

    /// The issuer without `https://`: the IAM provider ARN's suffix and the trust-policy condition-key prefix.
    public var hostPath: String { String(url.dropFirst("https://".count)) }

    /// The JWKS with this issuer's key.
    public var jwks: JSONWebKeySet { JSONWebKeySet(keys: [key.jwk]) }

    /// The discovery document.
    public var discoveryDocument: OIDCDiscoveryDocument {
        OIDCDiscoveryDocument(issuer: url, jwksURI: url + Self.jwksPath, algorithms: [key.algorithm])
    }

    /// A signed token for service account `namespace/serviceAccount`, as kube-apiserver's TokenRequest
    /// issues it for a projected volume: audiences (default `sts.amazonaws.com`), lifetime, optional pod
    /// binding. The header is `{"alg","kid","typ":"JWT"}`.
    ///
    /// - Throws: ``IssuerError`` for an empty namespace, name or audience list, or a lifetime outside
    ///   ``expirationRange``.
    public func token(
        namespace: String, serviceAccount: String, serviceAccountUID: String? = nil, audiences: [String] = ["sts.amazonaws.com"],
        expirationSeconds: Int64 = 3600, pod: ServiceAccountTokenClaims.Reference? = nil, now: Date = Date()
    ) throws(IssuerError) -> String {
        guard !namespace.isEmpty, !serviceAccount.isEmpty else {
            throw IssuerError(.invalidClaims, "a token needs a namespace and a service account name")
        }
        guard !audiences.isEmpty, audiences.allSatisfy({ !$0.isEmpty }) else {
            throw IssuerError(.invalidClaims, "a token needs at least one non-empty audience (STS expects sts.amazonaws.com)")
        }
        guard Self.expirationRange.contains(expirationSeconds) else {
            throw IssuerError(
                .invalidClaims,
                "the expiration must be between \(Self.expirationRange.lowerBound) seconds (kube-apiserver's minimum) and "
                    + "\(Self.expirationRange.upperBound) seconds, not \(expirationSeconds)")
        }
        let uid = serviceAccountUID ?? Self.stableUID(namespace: namespace, name: serviceAccount)
        let claims = ServiceAccountTokenClaims(
            issuer: url, namespace: namespace, serviceAccount: serviceAccount, serviceAccountUID: uid, audiences: audiences,
            expirationSeconds: expirationSeconds, pod: pod, now: now)
        return try sign(claims)
    }

    /// `claims` signed with the key: `base64url(header).base64url(claims).base64url(signature)`.
    public func sign(_ claims: ServiceAccountTokenClaims) throws(IssuerError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let header = #"{"alg":"\#(key.algorithm)","kid":"\#(key.keyID)","typ":"JWT"}"#
        let payload: Data
        do { payload = try encoder.encode(claims) } catch { throw IssuerError(.invalidClaims, "cannot encode the claims: \(error)") }
        let input = Base64URL.encode(Data(header.utf8)) + "." + Base64URL.encode(payload)
        return input + "." + Base64URL.encode(try key.sign(input))
    }

    /// A uid for a service account whose real uid is not known: a UUID derived from its namespace and
    /// name, so tokens for one account agree.
    public static func stableUID(namespace: String, name: String) -> String {
        var bytes = Array(ServiceAccountSigningKey.sha256(Data("\(namespace)/\(name)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}
