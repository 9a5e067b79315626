public import Foundation

/// The OpenID Connect discovery document of a service-account issuer, as kube-apiserver serves it at
/// `/.well-known/openid-configuration` (`pkg/serviceaccount/openidmetadata.go`): the issuer, the JWKS
/// URL, `response_types_supported: ["id_token"]`, `subject_types_supported: ["public"]` and the
/// signing algorithms of the published keys. `authorization_endpoint` is omitted, as kube-apiserver
/// omits it (no interactive authorization happens).
public struct OIDCDiscoveryDocument: Sendable, Hashable, Codable {
    /// The issuer URL; tokens' `iss`.
    public var issuer: String
    /// Where the JWKS is served.
    public var jwksURI: String
    /// `["id_token"]`.
    public var responseTypesSupported: [String] = ["id_token"]
    /// `["public"]`.
    public var subjectTypesSupported: [String] = ["public"]
    /// The algorithms of the keys, such as `["RS256"]`.
    public var idTokenSigningAlgValuesSupported: [String]

    enum CodingKeys: String, CodingKey {
        case issuer
        case jwksURI = "jwks_uri"
        case responseTypesSupported = "response_types_supported"
        case subjectTypesSupported = "subject_types_supported"
        case idTokenSigningAlgValuesSupported = "id_token_signing_alg_values_supported"
    }

    /// Creates a document.
    public init(issuer: String, jwksURI: String, algorithms: [String]) {
        self.issuer = issuer
        self.jwksURI = jwksURI
        self.idTokenSigningAlgValuesSupported = algorithms
    }

    /// Compact JSON with sorted keys and unescaped slashes.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
