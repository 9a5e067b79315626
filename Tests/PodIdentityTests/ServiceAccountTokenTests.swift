import Foundation
import PodIdentity
import Testing

/// Projected-token claims, the discovery document and the issuer's argument checks.
@Suite("service-account tokens and the issuer's documents")
struct ServiceAccountTokenTests {
    static let key = try! ServiceAccountSigningKey.generateRSA()

    static func payload(_ token: String) throws -> [String: Any] {
        let segment = String(token.split(separator: ".")[1])
        let data = try #require(SigningKeyTests.base64URLDecode(segment))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("the claims kube-apiserver puts in a pod-bound projected token")
    func boundTokenClaims() throws {
        let issuer = try ServiceAccountIssuer(url: "https://oidc.example.com/id/demo", key: Self.key)
        let now = Date(timeIntervalSince1970: 1_700_000_000.7)
        let token = try issuer.token(
            namespace: "payments", serviceAccount: "api", serviceAccountUID: "9f1c7a52-0c1e-4d57-9d1f-2a4d1c0e6b11",
            audiences: ["sts.amazonaws.com", "vault"], expirationSeconds: 86_400,
            pod: .init(name: "api-7d9c", uid: "5e0b7c1f-3a9e-4f4c-8d0a-6f8e2b1c9d33"), now: now)
        let claims = try Self.payload(token)
        #expect(claims["iss"] as? String == "https://oidc.example.com/id/demo")
        #expect(claims["sub"] as? String == "system:serviceaccount:payments:api")
        #expect(claims["aud"] as? [String] == ["sts.amazonaws.com", "vault"])
        #expect(claims["iat"] as? Int == 1_700_000_000)
        #expect(claims["nbf"] as? Int == 1_700_000_000)
        #expect(claims["exp"] as? Int == 1_700_086_400)
        #expect((claims["jti"] as? String).map { UUID(uuidString: $0) != nil } == true)
        let kubernetes = try #require(claims["kubernetes.io"] as? [String: Any])
        #expect(kubernetes["namespace"] as? String == "payments")
        #expect(kubernetes["serviceaccount"] as? [String: String] == ["name": "api", "uid": "9f1c7a52-0c1e-4d57-9d1f-2a4d1c0e6b11"])
        #expect(kubernetes["pod"] as? [String: String] == ["name": "api-7d9c", "uid": "5e0b7c1f-3a9e-4f4c-8d0a-6f8e2b1c9d33"])
        #expect(Set(claims.keys) == ["iss", "sub", "aud", "iat", "nbf", "exp", "jti", "kubernetes.io"])
    }

    @Test("an unbound token has no pod; the service account uid is stable; each token has its own jti")
    func unboundToken() throws {
        let issuer = try ServiceAccountIssuer(url: "https://oidc.example.com", key: Self.key)
        let first = try Self.payload(try issuer.token(namespace: "default", serviceAccount: "my-app"))
        let second = try Self.payload(try issuer.token(namespace: "default", serviceAccount: "my-app"))
        let other = try Self.payload(try issuer.token(namespace: "default", serviceAccount: "other"))
        let kubernetes = try #require(first["kubernetes.io"] as? [String: Any])
        #expect(kubernetes["pod"] == nil)
        #expect(first["aud"] as? [String] == ["sts.amazonaws.com"])
        func uid(_ claims: [String: Any]) -> String? {
            ((claims["kubernetes.io"] as? [String: Any])?["serviceaccount"] as? [String: String])?["uid"]
        }
        #expect(uid(first) != nil && uid(first) == uid(second) && uid(first) != uid(other))
        #expect(UUID(uuidString: uid(first) ?? "") != nil)
        #expect(first["jti"] as? String != second["jti"] as? String)
        #expect((first["exp"] as? Int ?? 0) - (first["iat"] as? Int ?? 0) == 3600)
    }

    @Test("out-of-range arguments and issuers are refused with the rule")
    func refusals() throws {
        let issuer = try ServiceAccountIssuer(url: "https://oidc.example.com", key: Self.key)
        #expect(throws: IssuerError.self) { try issuer.token(namespace: "default", serviceAccount: "a", expirationSeconds: 599) }
        #expect(throws: IssuerError.self) { try issuer.token(namespace: "default", serviceAccount: "a", expirationSeconds: 172_801) }
        #expect(throws: IssuerError.self) { try issuer.token(namespace: "", serviceAccount: "a") }
        #expect(throws: IssuerError.self) { try issuer.token(namespace: "default", serviceAccount: "a", audiences: []) }
        for url in ["http://oidc.example.com", "https://oidc.example.com/?a=b", "https://oidc.example.com/#x", "oidc.example.com"] {
            #expect(throws: IssuerError.self, "\(url)") { try ServiceAccountIssuer(url: url, key: Self.key) }
        }
    }

    @Test("discovery document and JWKS as kube-apiserver serves them")
    func discovery() throws {
        let issuer = try ServiceAccountIssuer(url: "https://oidc.example.com/id/demo", key: Self.key)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(issuer.discoveryDocument.json().utf8)) as? [String: Any])
        #expect(document as NSDictionary == [
            "issuer": "https://oidc.example.com/id/demo",
            "jwks_uri": "https://oidc.example.com/id/demo/openid/v1/jwks",
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        ] as NSDictionary)
        #expect(issuer.path == "/id/demo")
        #expect(issuer.hostPath == "oidc.example.com/id/demo")
        let jwks = try #require(try JSONSerialization.jsonObject(with: Data(issuer.jwks.json().utf8)) as? [String: [[String: String]]])
        #expect(jwks["keys"]?.count == 1)
        #expect(jwks["keys"]?.first?["kid"] == Self.key.keyID)
        #expect(Set(jwks["keys"]?.first?.keys ?? [:].keys) == ["kty", "use", "alg", "kid", "n", "e"])
        let ec = try ServiceAccountIssuer(url: "https://oidc.example.com", key: .generateP256())
        #expect(ec.discoveryDocument.idTokenSigningAlgValuesSupported == ["ES256"])
    }
}
