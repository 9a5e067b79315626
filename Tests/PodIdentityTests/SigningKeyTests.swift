import Foundation
import JWTKit
import LocalAWS
import PodIdentity
import Testing

/// Service-account signing keys in the PEM forms kube-apiserver reads, made by openssl at test time:
/// each loads, has kube-apiserver's key id (computed independently by openssl), publishes a JWK that
/// verifies its tokens, and RSA tokens pass the embedded STS's web-identity verifier.
@Suite("service-account signing keys (openssl-made PEM files)")
struct SigningKeyTests {
    static let forms: [(name: String, command: String, label: String, algorithm: String)] = [
        ("rsa-pkcs1", "openssl genrsa -traditional -out KEY 2048", "RSA PRIVATE KEY", "RS256"),
        ("rsa-pkcs8", "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out KEY", "PRIVATE KEY", "RS256"),
        ("ec-sec1", "openssl ecparam -name prime256v1 -genkey -noout -out KEY", "EC PRIVATE KEY", "ES256"),
        ("ec-pkcs8", "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out KEY", "PRIVATE KEY", "ES256"),
    ]

    @Test("loads, key id as kube-apiserver computes it, JWK verifies the token", arguments: 0..<4)
    func keyForm(_ index: Int) async throws {
        let form = Self.forms[index]
        let directory = try OpenSSL.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = "\(form.name).pem"
        try OpenSSL.shell(form.command.replacingOccurrences(of: "KEY", with: file), in: directory)
        let pem = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        #expect(pem.contains("-----BEGIN \(form.label)-----"), "openssl wrote the form under test")

        let key = try ServiceAccountSigningKey.load(path: directory.appendingPathComponent(file).path)
        #expect(key.algorithm == form.algorithm)
        #expect(key.keyID == (try OpenSSL.keyID(of: file, in: directory)))
        #expect(key.keyID.count == 43 && !key.keyID.contains("="))
        #expect(key.acceptedByAWSSTS == (form.algorithm == "RS256"))

        let jwk = key.jwk
        #expect(jwk.kid == key.keyID && jwk.alg == form.algorithm && jwk.use == "sig")
        if form.algorithm == "RS256" {
            #expect(jwk.kty == "RSA" && jwk.e == "AQAB" && jwk.crv == nil)
            let modulus = try OpenSSL.shell(
                "openssl pkey -in \(file) -noout -text | tr -d ' :\\n' | sed 's/.*modulus\\(.*\\)publicExponent.*/\\1/'", in: directory)
            let n = try #require(jwk.n)
            let decoded = try #require(Self.base64URLDecode(n))
            #expect(decoded.map { String(format: "%02x", $0) }.joined() == modulus.drop { $0 == "0" }.lowercased(), "n is the modulus, no leading zero")
        } else {
            #expect(jwk.kty == "EC" && jwk.crv == "P-256" && jwk.n == nil)
            #expect(Self.base64URLDecode(jwk.x ?? "")?.count == 32)
            #expect(Self.base64URLDecode(jwk.y ?? "")?.count == 32)
        }

        let issuer = try ServiceAccountIssuer(url: "https://oidc.example.com/id/demo/", key: key)
        #expect(issuer.url == "https://oidc.example.com/id/demo")
        let token = try issuer.token(namespace: "default", serviceAccount: "my-app", expirationSeconds: 3600)
        let header = try #require(Self.json(String(token.split(separator: ".")[0])))
        #expect(header as NSDictionary == ["alg": form.algorithm, "kid": key.keyID, "typ": "JWT"] as NSDictionary)

        // jwt-kit, an independent JOSE implementation, verifies the signature with the published JWK.
        let keys = JWTKeyCollection()
        let jwksData = Data(issuer.jwks.json().utf8)
        _ = try await keys.add(jwksJSON: String(decoding: jwksData, as: UTF8.self))
        let verified = try await keys.verify(token, as: SubjectOnly.self)
        #expect(verified.sub.value == "system:serviceaccount:default:my-app")

        // The embedded STS's verifier: RS256 accepted, ES256 refused with STS's words.
        let provider = OIDCProvider(
            url: issuer.url, accountID: "123456789012", clientIDs: ["sts.amazonaws.com"], jwks: issuer.jwks.json(), createDate: Date())
        do {
            let claims = try await WebIdentityTokenVerifier().verify(token, providers: [provider], now: Date())
            #expect(form.algorithm == "RS256")
            #expect(claims.subject == "system:serviceaccount:default:my-app" && claims.audience == "sts.amazonaws.com")
            #expect(claims.keyID == key.keyID)
        } catch {
            #expect(form.algorithm == "ES256", "\(error)")
            #expect(error.message.contains("only tokens with RSA algorithms (RS256) are supported"), "\(error)")
        }
    }

    struct SubjectOnly: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        func verify(using algorithm: some JWTAlgorithm) async throws { try exp.verifyNotExpired() }
    }

    @Test("unusable PEM files are refused with what to do")
    func refusals() throws {
        let directory = try OpenSSL.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try OpenSSL.shell("openssl ecparam -name secp384r1 -genkey -noout -out p384.pem", in: directory)
        try OpenSSL.shell("openssl genrsa -traditional -out small.pem 1024 2>/dev/null", in: directory)
        try OpenSSL.shell("openssl pkey -in p384.pem -pubout -out public.pem", in: directory)
        for (file, expected) in [
            ("p384.pem", "not on curve P-256"), ("small.pem", "2048 bits or more"),
            ("public.pem", "has no RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY block"), ("absent.pem", "cannot be read"),
        ] {
            #expect {
                try ServiceAccountSigningKey.load(path: directory.appendingPathComponent(file).path)
            } throws: { error in
                (error as? IssuerError)?.message.contains(expected) == true && (error as? IssuerError)?.message.contains(file) == true
            }
        }
    }

    static func base64URLDecode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    static func json(_ segment: String) -> [String: Any]? {
        base64URLDecode(segment).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }
}
