public import Foundation
import JWTKit

/// Verifies the `WebIdentityToken` of `AssumeRoleWithWebIdentity` as AWS STS does, against the IAM
/// OIDC providers of the role's account and at an injected time.
///
/// In order, a token is rejected when:
/// 1. it is not three base64url parts whose header and payload are JSON objects with claims of the
///    right types (`InvalidIdentityToken`);
/// 2. its `alg` is not `RS256` — STS supports "only tokens with RSA algorithms (RS256)", so `none`,
///    `HS256`, `ES256`, `RS384`, `PS256`, … are refused (`InvalidIdentityToken`);
/// 3. it has no `iss`, or no provider's URL equals `iss` once both lose `https://` and a trailing `/`
///    (host and path compare case-sensitively) (`InvalidIdentityToken`);
/// 4. the provider has no JWKS, or the JWKS has no RS256 key for the token: the key whose `kid` equals
///    the header's `kid`; without a `kid`, the keys published with no or an empty `kid`, else the only
///    RS256 key (`InvalidIdentityToken`);
/// 5. the signature does not verify with that key (`InvalidIdentityToken`);
/// 6. `sub`, `aud` or `exp` is missing, or no `aud` value (a string or an array) is a client ID of the
///    provider (`InvalidIdentityToken`);
/// 7. `exp` is at or before `now` (`ExpiredTokenException`), or `nbf` or `iat` is later than `now`
///    plus ``clockSkew`` (`InvalidIdentityToken`).
///
/// Signatures are checked with jwt-kit; the time checks use `now`, never the system clock. The length
/// bounds of the parameter (4…20000) are the caller's to check, with ``checkLength(_:)``.
public struct WebIdentityTokenVerifier: Sendable {
    /// The signing algorithms accepted: RS256 only, as STS documents.
    public static let supportedAlgorithms: [String] = ["RS256"]
    /// The length bounds of the `WebIdentityToken` parameter (`clientTokenType`).
    public static let tokenLengthRange: ClosedRange<Int> = 4...20_000
    /// The default tolerance for `nbf` and `iat` ahead of the verifier's clock: 60 seconds.
    public static let defaultClockSkew: TimeInterval = 60

    /// How far `nbf` and `iat` may be ahead of `now` (an issuer's clock running fast). `exp` gets no
    /// tolerance: a token is expired from its `exp` second on.
    public var clockSkew: TimeInterval

    /// Creates a verifier.
    ///
    /// - Parameter clockSkew: the tolerance for `nbf` and `iat` later than the time of the request.
    public init(clockSkew: TimeInterval = WebIdentityTokenVerifier.defaultClockSkew) {
        self.clockSkew = clockSkew
    }

    /// Checks the length of the `WebIdentityToken` parameter: 4 to 20000 characters.
    ///
    /// - Throws: `ValidationError` naming the bound that is not met (the token is never quoted).
    public static func checkLength(_ token: String) throws(WebIdentityError) {
        let length = token.count
        if length < tokenLengthRange.lowerBound {
            throw .tokenLength("Member must have length greater than or equal to \(tokenLengthRange.lowerBound)")
        }
        if length > tokenLengthRange.upperBound {
            throw .tokenLength("Member must have length less than or equal to \(tokenLengthRange.upperBound)")
        }
    }

    /// Verifies `token` against `providers` at time `now` and returns its claims.
    ///
    /// - Parameters:
    ///   - token: the compact JWT, as sent in `WebIdentityToken`.
    ///   - providers: the IAM OIDC providers of the role's account.
    ///   - now: the time of the request.
    /// - Returns: the verified claims, with the provider matched and the client ID accepted.
    /// - Throws: `InvalidIdentityToken` or `ExpiredTokenException`, as listed in the type's description.
    public func verify(_ token: String, providers: [OIDCProvider], now: Date) async throws(WebIdentityError) -> WebIdentityClaims {
        let (header, unverified) = try Self.parse(token)
        guard let algorithm = header.alg, Self.supportedAlgorithms.contains(algorithm) else {
            throw .unsupportedAlgorithm(header.alg)
        }
        guard let issuer = unverified.iss, !issuer.isEmpty else { throw .missingClaim("iss") }
        guard let provider = providers.first(where: { $0.matches(issuer: issuer) }) else {
            throw .noProvider(issuer: issuer)
        }
        let claims = try await Self.verifySignature(of: token, keyID: header.kid, provider: provider)
        return try check(claims, keyID: header.kid, provider: provider, now: now)
    }

    // MARK: - Claims

    private func check(
        _ claims: WebIdentityPayload, keyID: String?, provider: OIDCProvider, now: Date
    ) throws(WebIdentityError) -> WebIdentityClaims {
        guard let issuer = claims.iss, !issuer.isEmpty else { throw .missingClaim("iss") }
        guard let subject = claims.sub, !subject.isEmpty else { throw .missingClaim("sub") }
        guard let audiences = claims.aud, !audiences.isEmpty else { throw .missingClaim("aud") }
        guard let expiration = claims.exp else { throw .missingClaim("exp") }
        guard let audience = audiences.first(where: { provider.clientIDs.contains($0) }) else {
            throw .incorrectAudience()
        }
        let current = now.timeIntervalSince1970
        guard current < expiration else { throw .expired(now: current, expiration: expiration) }
        if let notBefore = claims.nbf, notBefore > current + clockSkew {
            throw .notYetValid(now: current, notBefore: notBefore)
        }
        if let issuedAt = claims.iat, issuedAt > current + clockSkew {
            throw .issuedInFuture(now: current, issuedAt: issuedAt)
        }
        return WebIdentityClaims(
            provider: provider, issuer: issuer, subject: subject, audience: audience, audiences: audiences,
            expiration: Date(timeIntervalSince1970: expiration),
            issuedAt: claims.iat.map { Date(timeIntervalSince1970: $0) },
            notBefore: claims.nbf.map { Date(timeIntervalSince1970: $0) },
            authorizedParty: claims.azp, authenticationMethods: claims.amr, keyID: keyID)
    }

    // MARK: - Signature

    /// Verifies the signature with the provider's key for `keyID` and returns the signed claims.
    private static func verifySignature(
        of token: String, keyID: String?, provider: OIDCProvider
    ) async throws(WebIdentityError) -> WebIdentityPayload {
        guard let document = provider.jwks else { throw .verificationKeyUnavailable() }
        var usable = false
        for key in signingKeys(in: document, keyID: keyID) {
            let keys = JWTKeyCollection()
            do {
                try await keys.add(jwk: key)
            } catch {
                continue  // not a valid RSA public key
            }
            usable = true
            do {
                return try await keys.verify(token, as: WebIdentityPayload.self)
            } catch {
                continue  // the signature does not verify with this key
            }
        }
        throw usable ? .invalidSignature(provider: provider.url) : .verificationKeyUnavailable()
    }

    /// The RS256 keys of a JWKS document that may have signed a token with header `kid` `keyID`, each
    /// prepared for jwt-kit (algorithm RS256, a key id). Keys of other types, algorithms or uses, and
    /// entries jwt-kit cannot read, are skipped; an unreadable document has no keys.
    static func signingKeys(in document: String, keyID: String?) -> [JWK] {
        guard let set = try? JSONDecoder().decode(KeySet.self, from: Data(document.utf8)) else { return [] }
        let rsa = set.keys.compactMap { entry -> JWK? in
            guard let key = entry.key, entry.use == nil || entry.use == "sig", key.keyType == .rsa,
                key.algorithm == nil || key.algorithm == .rs256, key.modulus != nil, key.exponent != nil
            else { return nil }
            return key
        }
        let selected: [JWK]
        if let keyID, !keyID.isEmpty {
            selected = rsa.filter { $0.keyIdentifier?.string == keyID }
        } else {
            let unnamed = rsa.filter { ($0.keyIdentifier?.string ?? "").isEmpty }
            selected = unnamed.isEmpty && rsa.count == 1 ? rsa : unnamed
        }
        return selected.map { key in
            var prepared = key
            prepared.algorithm = .rs256
            prepared.keyIdentifier = JWKIdentifier(string: key.keyIdentifier?.string ?? "")
            return prepared
        }
    }

    /// A JWKS read entry by entry, so that one key jwt-kit cannot read does not hide the others.
    private struct KeySet: Decodable {
        struct Entry: Decodable {
            let key: JWK?
            let use: String?

            private enum CodingKeys: String, CodingKey { case use }

            init(from decoder: any Decoder) throws {
                key = try? JWK(from: decoder)
                use = try? decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .use)
            }
        }

        let keys: [Entry]
    }

    // MARK: - Parsing

    /// The JOSE header fields the verifier reads.
    struct Header: Decodable {
        let alg: String?
        let kid: String?
    }

    /// Splits and decodes a compact JWT without checking its signature.
    static func parse(_ token: String) throws(WebIdentityError) -> (Header, WebIdentityPayload) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw .malformed("it must be three base64url-encoded parts separated by '.' (header.payload.signature)")
        }
        guard let headerData = base64URLDecoded(parts[0]) else { throw .malformed("its header is not base64url-encoded") }
        guard let payloadData = base64URLDecoded(parts[1]) else { throw .malformed("its payload is not base64url-encoded") }
        guard base64URLDecoded(parts[2]) != nil else { throw .malformed("its signature is not base64url-encoded") }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: headerData)
        } catch {
            throw .malformed(describe(error, part: "header", field: "header field", expected: { _ in "a string" }))
        }
        let payload: WebIdentityPayload
        do {
            payload = try JSONDecoder().decode(WebIdentityPayload.self, from: payloadData)
        } catch {
            throw .malformed(describe(error, part: "payload", field: "claim", expected: WebIdentityPayload.expectedType(of:)))
        }
        return (header, payload)
    }

    /// Why a header or payload did not decode, naming the field but never quoting the token.
    private static func describe(
        _ error: any Error, part: String, field: String, expected: (String) -> String
    ) -> String {
        if let error = error as? DecodingError {
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                if let name = context.codingPath.first?.stringValue {
                    return "the \(field) '\(name)' must be \(expected(name))"
                }
            default:
                break
            }
        }
        return "its \(part) is not a JSON object"
    }

    /// Decodes unpadded base64url (RFC 7515 §2); `nil` for any other character or an impossible length.
    static func base64URLDecoded(_ text: Substring) -> Data? {
        var base64 = ""
        base64.reserveCapacity(text.utf8.count + 3)
        for character in text.unicodeScalars {
            switch character {
            case "A"..."Z", "a"..."z", "0"..."9": base64.unicodeScalars.append(character)
            case "-": base64 += "+"
            case "_": base64 += "/"
            default: return nil
            }
        }
        switch base64.utf8.count % 4 {
        case 1: return nil
        case 2: base64 += "=="
        case 3: base64 += "="
        default: break
        }
        return Data(base64Encoded: base64)
    }
}

/// The registered claims STS reads from a web identity token. Times stay numbers (NumericDate, seconds
/// since 1970, possibly fractional) and are checked by ``WebIdentityTokenVerifier`` against the time
/// of the request; ``verify(using:)`` checks nothing, so jwt-kit never consults the system clock.
struct WebIdentityPayload: JWTPayload {
    var iss: String?
    var sub: String?
    /// `aud`: a string or an array of strings; a string becomes one element.
    var aud: [String]?
    var exp: Double?
    var nbf: Double?
    var iat: Double?
    var azp: String?
    /// `amr`: a string or an array of strings; a string becomes one element.
    var amr: [String]?

    private enum CodingKeys: String, CodingKey { case iss, sub, aud, exp, nbf, iat, azp, amr }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        iss = try container.decodeIfPresent(String.self, forKey: .iss)
        sub = try container.decodeIfPresent(String.self, forKey: .sub)
        aud = try Self.strings(in: container, forKey: .aud)
        exp = try container.decodeIfPresent(Double.self, forKey: .exp)
        nbf = try container.decodeIfPresent(Double.self, forKey: .nbf)
        iat = try container.decodeIfPresent(Double.self, forKey: .iat)
        azp = try container.decodeIfPresent(String.self, forKey: .azp)
        amr = try Self.strings(in: container, forKey: .amr)
    }

    /// A claim that is a string or an array of strings, as an array.
    private static func strings(in container: KeyedDecodingContainer<CodingKeys>, forKey key: CodingKeys) throws -> [String]? {
        guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
        if let single = try? container.decode(String.self, forKey: key) { return [single] }
        return try container.decode([String].self, forKey: key)
    }

    /// What a claim must be, for a message.
    static func expectedType(of claim: String) -> String {
        switch claim {
        case "aud", "amr": "a string or an array of strings"
        case "exp", "nbf", "iat": "a number of seconds since 1970"
        default: "a string"
        }
    }

    /// Checks nothing: the verifier checks the times against the injected `now`.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
