public import Foundation

/// A public JSON Web Key (RFC 7517) as an OIDC issuer publishes it: RSA (`n`, `e`) or EC (`crv`, `x`,
/// `y`), with `use: sig`, the algorithm and the key id.
public struct JSONWebKey: Sendable, Hashable, Codable {
    /// `RSA` or `EC`.
    public var kty: String
    /// `sig`.
    public var use: String = "sig"
    /// `RS256` or `ES256`.
    public var alg: String
    /// The key id tokens name in their header.
    public var kid: String
    /// RSA modulus (base64url).
    public var n: String?
    /// RSA public exponent (base64url).
    public var e: String?
    /// EC curve (`P-256`).
    public var crv: String?
    /// EC x coordinate (base64url).
    public var x: String?
    /// EC y coordinate (base64url).
    public var y: String?

    /// Creates a key.
    public init(
        kty: String, alg: String, kid: String, n: String? = nil, e: String? = nil, crv: String? = nil, x: String? = nil, y: String? = nil
    ) {
        self.kty = kty
        self.alg = alg
        self.kid = kid
        self.n = n
        self.e = e
        self.crv = crv
        self.x = x
        self.y = y
    }
}

/// A JSON Web Key Set: `{"keys":[…]}`, as served at the issuer's `jwks_uri`.
public struct JSONWebKeySet: Sendable, Hashable, Codable {
    /// The keys.
    public var keys: [JSONWebKey]

    /// Creates a set.
    public init(keys: [JSONWebKey]) { self.keys = keys }

    /// The set as compact JSON with sorted keys (what the issuer serves and IAM stores).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{\"keys\":[]}".utf8), as: UTF8.self)
    }
}
