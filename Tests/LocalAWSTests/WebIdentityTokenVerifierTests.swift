import Foundation
import JWTKit
import LocalAWS
import Testing

/// Keys, providers and token builders for the web identity tests. The RSA keys are fixed test keys
/// made with `openssl genrsa 2048` for these tests only.
enum WebIdentityFixtures {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)
    static let nowSeconds = 1_750_000_000.0
    static let issuer = "https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    static let hostPath = "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    static let accountID = "111122223333"
    static let subject = "system:serviceaccount:default:my-service-account"
    static let audience = "sts.amazonaws.com"
    static let kid = "ccab4acb107920dc284c96c6205b313270672039"

    /// The provider's signing key.
    static let signingPEM = """
        -----BEGIN PRIVATE KEY-----
        MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCfImcfmdkxjgwr
        FRB7+dyGyc45H98kJb4yQpsTfW6D9Qeqy+S5G1dpZUqZx5HBEHtk5bfr8lKEKqfe
        eFi/8xYh/42HgepclLuKSeYiV3EeOUyTQ2cELiyB1mogNy2M1vFwJJ3/Cadd8KGP
        aJ4RiSWET/597JBU6TwL6mfduW6uPE2aRAlkjzZpvrPZ14y1RVagfYj2425cyTQJ
        4km/EIP5cvpH4uAaMzseR5KQxpzr22Z5xiXqZ+V0fk5/ltuK97ghdjcG+CYB64Bx
        68U5JEnF7WG3KYecCx01zZOppkN9yWqcRxeg9+0gs2VADGJ6eOvr6rydV3V58KjC
        qn2NsDVHAgMBAAECggEAFNfkufbkw+DfJyVzK0nm4KC+Ki1KhOmMp/ihZ0QenZoS
        jwR1yOkT4fIqe0nwhWErSGPuWzE6LaWIp1MMDNhCJeHbH8ycbdPtXIehZQ4e+t52
        cTN64slJexgifmW7yZ69sPqa1zTkfyFth+MkERftmg8APm4l2XlTLBxfzmLjZF68
        oqn68+reQo5jNK43vZKft6lyp10g+APbHuKMPO6UCQnEANn5VRJKomyq31e0i2EN
        QflfXgZWfYPJy0WmkdqKHZeFNu+IHGrBRKVWLz3TmHMuTL7KnyVT6bF3/o7zFJhw
        F/5b9R/V72xyiiV7EVB49Wn0LFkF773YQuBQrlCpgQKBgQDaKpPB1AfwLLrqc+Tt
        n7o4+6T2Mqv1ZR7a7FpPg7yvMUbssvL6ShJNgX07Mv8Xgfl86yITkJzdIy7N7kL/
        tVpYjPQ30xjtq8C0wxlL8P6g1YYvoHJlxsQg+BD0R3yhBY03OMbBkGSy2owcm0DI
        HcHahiDnQ3vA4yxBPzlFpB2CbwKBgQC6ux9KupWGQWjGNIS9v5U3lNN+dnHqYTbH
        vH9Lmq1FZ5yDmj8K0mgI6K5E4DUnUdtzm1OhCqbfKpeTNIkCBcaHqIABKEdFV0ZN
        QGZPobwfFtn911bDamS3ju7p0hb57I8Wgdj4rLvvJHEvomish8sKiq6WamdyeoBo
        cj8/loGGqQKBgGwWDhBIkQo/zvcbJf9IVEWo/uhu4Fz6lVfXI0MjvFZ7rmzUl6bD
        DeBSWA39TP6DiWyHPeG9ksnIhYbHFXCEk9ctNk12C3Ks1hN4WU8TfcOHJizwa9za
        pg7Dd/rec/N+waDrQyVg+VLXDfWaQXUjsQgnzaNl/qjoo+NLhH9pOKmHAoGABCJe
        d/4Xj2hlVHYXNkhGmntuD0+6B/FtEBEJVHgxO+cmXPeOS8QKz5+vNBEuvBcg37dh
        q6Abv7cmsfioy+Wq1pgRdXUZ1twuz0kMutie3KVZ4DfjUOJLJpFAkua24YOuS1ZG
        ooLYilvpMZ/L533+LdaSNPxYG/3AWA+nfNXtOjkCgYEArcmr7Msmyszf+y1Bsb4m
        VVWZUg9Oy5SASWCrICzmmfjyFb++WTyKZrHBYUP/4idHiNdZGdDIDvrDTLmv9SAp
        rudCX6zpd1puPBC8vt/9/7Rx0J2hhfnIO1wd5vLDjlLVcbVVVG9RybLIU3w1KVW2
        FraDNSprV/Du2wkQgv6tXIk=
        -----END PRIVATE KEY-----
        """

    /// A key the provider never published.
    static let otherPEM = """
        -----BEGIN PRIVATE KEY-----
        MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCtrzJWiWMYE4Ej
        q/8eLB5WzoBgkdZmlPAgOuO9oUo/8HSjuIX0YFuJGDfYatM+y8Zp1p7KAepg6mrY
        HRnNOxXXRj4Med5wGX8Jrv0P1HZs643g0wMWbpvJZjIcnTF/bBpC01VdKZPkkXFF
        udMvNY0c67IB86GJv/IkD9lpUX9pztFDWkRqPi0J2kHHmrDWK9Zy18zkiRRnwZFr
        eJrUnMTFuSz8HKAZbFM7HQsJrYWCPZD52yZdf90ehKkMGrpcwIlJVUbDpjIMrvdP
        mOfpUQm+IsmNiPDEQ40BBhjED8mFD+jz/Q6kxrJQwdgnVdWrObuJtnUaCVYSILrZ
        9q8BJ8jJAgMBAAECggEAB31z8AfuOlJTAiEPeDNiXo96uU9ovdVD8rvfaOTdARtj
        SFEzk6mZIPUmqWJX+FAM3zEWeXMyMppBX88HdxKKe1Vn5R1XUqHC2P3PI4Df14wj
        +vNWoX/FH58U36eGxC47BrE67/DUVCnShvV/zjwiuQHQFCX3zCs3K8d0MobFdiBX
        I/tn7tjTVt7DJuRNN5DTEyuhnllVxg4oCTz6yjQ1a2AkdcSUA1paBy5ykXKzMzk5
        WiYQXAXTK7TeOeo1lc2yp7syDSFx6FsF3/JfN3M1okaFWD5uO8Yo/LQdEWa3XZbl
        TIUTRhvd0870EB5u0JwZm3Yg7vyyeRybRd0xRrCPFQKBgQDmAAxssDaZr2g8ZqAV
        PZpVYTUsTpm80k/b26XFx/vZEY0MUsM180hNv/AEzVBCV2R32f5mgbplYJ6hkwuj
        yWHWBzKG690ohA1rhovMhL9htdl18d6Aw398YKOtgAqFsxXmeTZ6Cn+4Rghd8Y2E
        /K9K1T2k3+GEPTnbjwcSw/159QKBgQDBUW4kVXxWlFbMxn//rPHpx3Rn1ug+QQ2c
        WFHSbbUKcqe88RWuXIu+3xwb02dfBwfgI4+ez9Ihnt8g7Da9Q2Kk6G4tKlN7/7Q1
        CSLr/ZwK8kjFsQR/hNFPqNJlVNeztA/N3FGGem0GndhmNUjgPwuWOM9H6tdpUgHl
        4pGqsm9rBQKBgHwdrpbAiNZqh8+Aega8VZqZeH5OdDwnKh007MJMZyX+iKULzHhC
        rtP2LeoJebQzQO5EXzql6xZmC3SZy4A5XmiHPcb9ZT1F9Y/+7VYSlMx/u7ggK7hE
        x3kxFWK9Y/A+ciULaFB3dfDVKhK4FWych2PUqw1cG3CnMZ/AEUsZJKI5AoGAG//D
        SBfpjlCl0breRxWxY/6zaWbC9GFPq1lPYH7rPbwld0Qjs8FLrDV8SLtxuV23UktU
        PdgzwxLTll0gAIGGBAR2EKyUstzyKMxN9ogg1aUJzTg6Qo3mEveMoYiMRUbLEzHZ
        zPRmXhL2iLcm+vOmpfdMbkohMOvjwnvyRRra8FECgYAX6RWXdVLjptj1Xc1fz2TS
        VXuA/hMHZGajmwhb+BjtahOwDZojymOZKX+Vp5MicGMdN/eXemwmo8m4/vnRdpdE
        GmjZOkvtT3NJix8BSGkTROn8but81de7ML+hvRNQbqcXIbU+/E8TfXTFE2O4a455
        vacGflVdSzAMlX2I9Ugm/Q==
        -----END PRIVATE KEY-----
        """

    /// A JWK (JSON object text) for the public half of `pem`.
    static func jwk(_ pem: String, kid: String?, alg: String? = "RS256", use: String? = "sig") throws -> String {
        let (modulus, exponent) = try Insecure.RSA.PrivateKey(pem: pem).publicKey.getKeyPrimitives()
        var fields = [#""kty":"RSA""#, #""n":"\#(base64URL(modulus))""#, #""e":"\#(base64URL(exponent))""#]
        if let kid { fields.append(#""kid":"\#(kid)""#) }
        if let alg { fields.append(#""alg":"\#(alg)""#) }
        if let use { fields.append(#""use":"\#(use)""#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// `{"keys":[…]}`.
    static func jwks(_ keys: String...) -> String { #"{"keys":["# + keys.joined(separator: ",") + "]}" }

    /// The JWKS of the signing key under `kid`.
    static func signingJWKS() throws -> String { jwks(try jwk(signingPEM, kid: kid)) }

    static func provider(
        url: String = issuer, clientIDs: [String] = [audience], jwks: String?
    ) -> OIDCProvider {
        OIDCProvider(url: url, accountID: accountID, clientIDs: clientIDs, thumbprints: [], jwks: jwks, createDate: now)
    }

    static func provider() throws -> OIDCProvider { provider(jwks: try signingJWKS()) }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func base64URL(_ text: String) -> String { base64URL(Data(text.utf8)) }

    /// `claims` signed with the RSA key `pem` (RS256 unless `digest` says otherwise), `kid` in the header.
    static func sign(
        _ claims: TestClaims = TestClaims(), pem: String = signingPEM, kid: String? = kid,
        digest: DigestAlgorithm = .sha256, pss: Bool = false
    ) async throws -> String {
        let keys = JWTKeyCollection()
        let key = try Insecure.RSA.PrivateKey(pem: pem)
        let identifier = kid.map { JWKIdentifier(string: $0) }
        if pss {
            await keys.add(pss: key, digestAlgorithm: digest, kid: identifier)
        } else {
            await keys.add(rsa: key, digestAlgorithm: digest, kid: identifier)
        }
        return try await keys.sign(claims, kid: identifier)
    }

    /// A token from raw header and payload JSON and a signature that is not checked before parsing fails.
    static func raw(header: String, payload: String, signature: String = "c2ln") -> String {
        base64URL(header) + "." + base64URL(payload) + "." + signature
    }

    /// The payload of `claims` as base64url JSON.
    static func encodedPayload(_ claims: TestClaims) throws -> String {
        base64URL(try JSONEncoder().encode(claims))
    }
}

/// The claims of a projected service-account token; every field can be left out.
struct TestClaims: JWTPayload, Equatable {
    typealias F = WebIdentityFixtures

    enum Audience: Codable, Sendable, Equatable {
        case one(String)
        case many([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(String.self) {
                self = .one(one)
            } else {
                self = .many(try container.decode([String].self))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .one(let value): try container.encode(value)
            case .many(let values): try container.encode(values)
            }
        }
    }

    struct Kubernetes: Codable, Sendable, Equatable {
        var namespace = "default"
    }

    var iss: String? = F.issuer
    var sub: String? = F.subject
    var aud: Audience? = .many([F.audience])
    var exp: Double? = F.nowSeconds + 3600
    var nbf: Double? = F.nowSeconds - 60
    var iat: Double? = F.nowSeconds - 60
    var azp: String?
    var amr: [String]?
    var kubernetes: Kubernetes? = Kubernetes()

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, nbf, iat, azp, amr
        case kubernetes = "kubernetes.io"
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

@Suite("Web identity tokens (AssumeRoleWithWebIdentity)")
struct WebIdentityTokenVerifierTests {
    typealias F = WebIdentityFixtures

    static let invalidJWT = "The web identity token is not a valid JWT: "
    static let noKey =
        "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements"
    static let badSignature =
        "The web identity token's signature does not verify with the keys registered for the OpenID Connect provider \(F.issuer); sign it with a key in the provider's JWKS."

    let verifier = WebIdentityTokenVerifier()

    /// The error `token` is rejected with, checking that its message never quotes the token.
    func rejection(
        _ token: String, providers: [OIDCProvider]? = nil, now: Date = F.now, verifier: WebIdentityTokenVerifier? = nil
    ) async throws -> WebIdentityError? {
        let providers = try providers ?? [F.provider()]
        do {
            let claims = try await (verifier ?? self.verifier).verify(token, providers: providers, now: now)
            Issue.record("accepted: \(claims.subject)")
            return nil
        } catch {
            let parts = token.split(separator: ".", omittingEmptySubsequences: false)
            if token.count > 16 { #expect(!error.message.contains(token)) }
            for part in parts where part.count > 16 { #expect(!error.message.contains(part)) }
            return error
        }
    }

    // MARK: - Accepted tokens

    @Test("a valid token yields its claims, the provider matched and the trust-policy condition keys")
    func validToken() async throws {
        let provider = try F.provider()
        let unrelated = OIDCProvider(
            url: "https://token.actions.githubusercontent.com", accountID: F.accountID, clientIDs: [F.audience],
            jwks: try F.signingJWKS(), createDate: F.now)
        var claims = TestClaims()
        claims.azp = "my-client"
        claims.amr = ["pwd", "mfa"]
        let token = try await F.sign(claims)

        let verified = try await verifier.verify(token, providers: [unrelated, provider], now: F.now)

        #expect(verified.provider == provider)
        #expect(verified.provider.arn == "arn:aws:iam::111122223333:oidc-provider/\(F.hostPath)")
        #expect(verified.issuer == F.issuer)
        #expect(verified.subject == F.subject)
        #expect(verified.audience == F.audience)
        #expect(verified.audiences == [F.audience])
        #expect(verified.expiration == Date(timeIntervalSince1970: F.nowSeconds + 3600))
        #expect(verified.issuedAt == Date(timeIntervalSince1970: F.nowSeconds - 60))
        #expect(verified.notBefore == Date(timeIntervalSince1970: F.nowSeconds - 60))
        #expect(verified.authorizedParty == "my-client")
        #expect(verified.authenticationMethods == ["pwd", "mfa"])
        #expect(verified.keyID == F.kid)
        #expect(verified.conditionKeyPrefix == F.hostPath)
        #expect(
            verified.conditionKeys == [
                "\(F.hostPath):sub": [F.subject],
                "\(F.hostPath):aud": [F.audience],
                "\(F.hostPath):azp": ["my-client"],
                "\(F.hostPath):amr": ["pwd", "mfa"],
            ])
    }

    @Test("a token without optional claims (nbf, iat, azp, amr) is accepted and has only sub and aud keys")
    func minimalToken() async throws {
        let token = try await F.sign(TestClaims(nbf: nil, iat: nil, kubernetes: nil))
        let verified = try await verifier.verify(token, providers: [try F.provider()], now: F.now)
        #expect(verified.issuedAt == nil)
        #expect(verified.notBefore == nil)
        #expect(verified.authorizedParty == nil)
        #expect(verified.authenticationMethods == nil)
        #expect(verified.conditionKeys == ["\(F.hostPath):sub": [F.subject], "\(F.hostPath):aud": [F.audience]])
    }

    struct AudienceCase: Sendable, CustomTestStringConvertible {
        var name: String
        var aud: TestClaims.Audience
        var audiences: [String]
        var accepted: String
        var testDescription: String { name }
    }

    @Test(
        "aud may be a string or an array; the first value that is a client ID is the audience",
        arguments: [
            AudienceCase(name: "string", aud: .one("sts.amazonaws.com"), audiences: ["sts.amazonaws.com"], accepted: "sts.amazonaws.com"),
            AudienceCase(name: "one-element array", aud: .many(["sts.amazonaws.com"]), audiences: ["sts.amazonaws.com"], accepted: "sts.amazonaws.com"),
            AudienceCase(
                name: "array with an unregistered audience first", aud: .many(["https://kubernetes.default.svc", "sts.amazonaws.com"]),
                audiences: ["https://kubernetes.default.svc", "sts.amazonaws.com"], accepted: "sts.amazonaws.com"),
            AudienceCase(
                name: "array naming two client IDs", aud: .many(["my-app", "sts.amazonaws.com"]), audiences: ["my-app", "sts.amazonaws.com"],
                accepted: "my-app"),
            AudienceCase(name: "string naming the second client ID", aud: .one("my-app"), audiences: ["my-app"], accepted: "my-app"),
        ])
    func audienceForms(_ c: AudienceCase) async throws {
        let provider = F.provider(clientIDs: ["sts.amazonaws.com", "my-app"], jwks: try F.signingJWKS())
        let token = try await F.sign(TestClaims(aud: c.aud))
        let verified = try await verifier.verify(token, providers: [provider], now: F.now)
        #expect(verified.audiences == c.audiences)
        #expect(verified.audience == c.accepted)
        #expect(verified.conditionKeys["\(F.hostPath):aud"] == [c.accepted])
    }

    @Test(
        "iss matches the provider URL with or without https:// and a trailing slash",
        arguments: [
            (F.issuer, F.issuer),
            (F.hostPath, F.issuer),
            (F.issuer + "/", F.issuer),
            (F.issuer, F.issuer + "/"),
            (F.hostPath, F.issuer + "/"),
        ])
    func issuerForms(iss: String, url: String) async throws {
        let provider = F.provider(url: url, jwks: try F.signingJWKS())
        let token = try await F.sign(TestClaims(iss: iss))
        let verified = try await verifier.verify(token, providers: [provider], now: F.now)
        #expect(verified.issuer == iss)
        #expect(verified.provider == provider)
        #expect(verified.conditionKeyPrefix == F.hostPath)
    }

    @Test("nbf and iat up to the clock skew ahead are accepted; exp one second ahead is accepted")
    func clockSkewTolerance() async throws {
        let token = try await F.sign(TestClaims(exp: F.nowSeconds + 1, nbf: F.nowSeconds + 60, iat: F.nowSeconds + 60))
        let verified = try await verifier.verify(token, providers: [try F.provider()], now: F.now)
        #expect(verified.expiration == Date(timeIntervalSince1970: F.nowSeconds + 1))

        let strict = WebIdentityTokenVerifier(clockSkew: 0)
        let error = try await rejection(token, verifier: strict)
        #expect(error?.message == "Token not yet valid: current date/time 1750000000 must not be before the not-before date/time 1750000060")
    }

    @Test("the injected time decides expiry, not the system clock")
    func injectedTime() async throws {
        // Expired long ago by the real clock, valid at the injected time.
        let token = try await F.sign(TestClaims(exp: 1_000_003_600, nbf: 1_000_000_000, iat: 1_000_000_000))
        let verified = try await verifier.verify(token, providers: [try F.provider()], now: Date(timeIntervalSince1970: 1_000_000_100))
        #expect(verified.subject == F.subject)
        let error = try await rejection(token, now: Date(timeIntervalSince1970: 1_000_003_600))
        #expect(error?.code == .expiredToken)
    }

    // MARK: - Claims rejected

    struct ClaimsCase: Sendable, CustomTestStringConvertible {
        var name: String
        var claims: TestClaims
        var code: WebIdentityError.Code
        var message: String
        var testDescription: String { name }
    }

    @Test(
        "claims STS rejects: wrong or missing audience, missing claims, expiry, not yet valid, unknown issuer",
        arguments: [
            ClaimsCase(
                name: "wrong audience (string)", claims: TestClaims(aud: .one("https://kubernetes.default.svc")),
                code: .invalidIdentityToken, message: "Incorrect token audience"),
            ClaimsCase(
                name: "wrong audience (array)", claims: TestClaims(aud: .many(["a", "b"])), code: .invalidIdentityToken,
                message: "Incorrect token audience"),
            ClaimsCase(
                name: "audience differs in case", claims: TestClaims(aud: .one("STS.amazonaws.com")), code: .invalidIdentityToken,
                message: "Incorrect token audience"),
            ClaimsCase(name: "no aud", claims: TestClaims(aud: nil), code: .invalidIdentityToken, message: "Missing a required claim: aud"),
            ClaimsCase(name: "empty aud array", claims: TestClaims(aud: .many([])), code: .invalidIdentityToken, message: "Missing a required claim: aud"),
            ClaimsCase(name: "no sub", claims: TestClaims(sub: nil), code: .invalidIdentityToken, message: "Missing a required claim: sub"),
            ClaimsCase(name: "empty sub", claims: TestClaims(sub: ""), code: .invalidIdentityToken, message: "Missing a required claim: sub"),
            ClaimsCase(name: "no exp", claims: TestClaims(exp: nil), code: .invalidIdentityToken, message: "Missing a required claim: exp"),
            ClaimsCase(name: "no iss", claims: TestClaims(iss: nil), code: .invalidIdentityToken, message: "Missing a required claim: iss"),
            ClaimsCase(
                name: "expired a second ago", claims: TestClaims(exp: F.nowSeconds - 1), code: .expiredToken,
                message: "Token expired: current date/time 1750000000 must be before the expiration date/time 1749999999"),
            ClaimsCase(
                name: "expires this second", claims: TestClaims(exp: F.nowSeconds), code: .expiredToken,
                message: "Token expired: current date/time 1750000000 must be before the expiration date/time 1750000000"),
            ClaimsCase(
                name: "expired with a fractional exp", claims: TestClaims(exp: F.nowSeconds - 86400.5), code: .expiredToken,
                message: "Token expired: current date/time 1750000000 must be before the expiration date/time 1749913599"),
            ClaimsCase(
                name: "nbf beyond the skew", claims: TestClaims(nbf: F.nowSeconds + 61), code: .invalidIdentityToken,
                message: "Token not yet valid: current date/time 1750000000 must not be before the not-before date/time 1750000061"),
            ClaimsCase(
                name: "iat beyond the skew", claims: TestClaims(nbf: nil, iat: F.nowSeconds + 3600), code: .invalidIdentityToken,
                message: "Token used before issued: current date/time 1750000000 must not be before the issued-at date/time 1750003600"),
            ClaimsCase(
                name: "unregistered issuer", claims: TestClaims(iss: "https://oidc.eks.us-east-1.amazonaws.com/id/OTHER"),
                code: .invalidIdentityToken, message: "No OpenIDConnect provider found in your account for https://oidc.eks.us-east-1.amazonaws.com/id/OTHER"),
            ClaimsCase(
                name: "issuer host differs in case", claims: TestClaims(iss: "https://OIDC.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"),
                code: .invalidIdentityToken,
                message: "No OpenIDConnect provider found in your account for https://OIDC.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"),
            ClaimsCase(
                name: "issuer path differs in case", claims: TestClaims(iss: "https://oidc.eks.us-west-2.amazonaws.com/id/exampled539d4633e53de1b71example"),
                code: .invalidIdentityToken,
                message: "No OpenIDConnect provider found in your account for https://oidc.eks.us-west-2.amazonaws.com/id/exampled539d4633e53de1b71example"),
            ClaimsCase(
                name: "issuer over http", claims: TestClaims(iss: "http://\(F.hostPath)"), code: .invalidIdentityToken,
                message: "No OpenIDConnect provider found in your account for http://\(F.hostPath)"),
        ])
    func rejectedClaims(_ c: ClaimsCase) async throws {
        let token = try await F.sign(c.claims)
        let error = try #require(try await rejection(token))
        #expect(error.code == c.code)
        #expect(error.message == c.message)
        #expect(error.httpStatus == 400)
    }

    @Test("an unregistered issuer is reported even when the account has no providers")
    func noProviders() async throws {
        let token = try await F.sign()
        let error = try await rejection(token, providers: [])
        #expect(error?.code == .invalidIdentityToken)
        #expect(error?.message == "No OpenIDConnect provider found in your account for \(F.issuer)")
    }

    // MARK: - Keys and signatures

    @Test("a token signed by another key under the provider's kid fails signature verification")
    func wrongSignature() async throws {
        let token = try await F.sign(pem: F.otherPEM)
        let error = try await rejection(token)
        #expect(error?.code == .invalidIdentityToken)
        #expect(error?.message == Self.badSignature)
    }

    @Test("a payload changed after signing fails signature verification")
    func tamperedPayload() async throws {
        let token = try await F.sign()
        let parts = token.split(separator: ".").map(String.init)
        let forged = try F.encodedPayload(TestClaims(sub: "system:serviceaccount:kube-system:admin"))
        #expect(forged != parts[1])
        let error = try await rejection([parts[0], forged, parts[2]].joined(separator: "."))
        #expect(error?.code == .invalidIdentityToken)
        #expect(error?.message == Self.badSignature)

        var signature = Array(parts[2])
        signature[10] = signature[10] == "A" ? "B" : "A"
        let flipped = try await rejection([parts[0], parts[1], String(signature)].joined(separator: "."))
        #expect(flipped?.message == Self.badSignature)

        let stripped = try await rejection(parts[0] + "." + parts[1] + ".")
        #expect(stripped?.message == Self.badSignature)
    }

    struct KeyCase: Sendable, CustomTestStringConvertible {
        var name: String
        /// The token's `kid`, `nil` for none.
        var kid: String?
        /// The provider's JWKS (`nil`: none registered).
        var jwks: @Sendable () throws -> String?
        /// `nil` when the token must be accepted.
        var message: String?
        var testDescription: String { name }
    }

    @Test(
        "key selection: kid, tokens without kid, unusable keys, no JWKS",
        arguments: [
            KeyCase(name: "kid found", kid: F.kid, jwks: { try F.signingJWKS() }, message: nil),
            KeyCase(name: "unknown kid", kid: "0000000000000000000000000000000000000000", jwks: { try F.signingJWKS() }, message: WebIdentityTokenVerifierTests.noKey),
            KeyCase(
                name: "kid matches a rotated-out key and the current one", kid: F.kid,
                jwks: { F.jwks(try F.jwk(F.otherPEM, kid: F.kid), try F.jwk(F.signingPEM, kid: F.kid)) }, message: nil),
            KeyCase(
                name: "kid of another key in the set", kid: "other",
                jwks: { F.jwks(try F.jwk(F.otherPEM, kid: "other"), try F.jwk(F.signingPEM, kid: F.kid)) },
                message: WebIdentityTokenVerifierTests.badSignature),
            KeyCase(name: "no kid, the only key has a kid", kid: nil, jwks: { try F.signingJWKS() }, message: nil),
            KeyCase(name: "no kid, the only key has none", kid: nil, jwks: { F.jwks(try F.jwk(F.signingPEM, kid: nil, alg: nil, use: nil)) }, message: nil),
            KeyCase(
                name: "no kid, two keys with kids", kid: nil,
                jwks: { F.jwks(try F.jwk(F.otherPEM, kid: "other"), try F.jwk(F.signingPEM, kid: F.kid)) },
                message: WebIdentityTokenVerifierTests.noKey),
            KeyCase(
                name: "no kid, the key published again with an empty kid", kid: nil,
                jwks: { F.jwks(try F.jwk(F.signingPEM, kid: F.kid), try F.jwk(F.otherPEM, kid: "other"), try F.jwk(F.signingPEM, kid: "")) },
                message: nil),
            KeyCase(name: "provider without JWKS", kid: F.kid, jwks: { nil }, message: WebIdentityTokenVerifierTests.noKey),
            KeyCase(name: "JWKS that is not JSON", kid: F.kid, jwks: { "not a key set" }, message: WebIdentityTokenVerifierTests.noKey),
            KeyCase(name: "empty JWKS", kid: F.kid, jwks: { #"{"keys":[]}"# }, message: WebIdentityTokenVerifierTests.noKey),
            KeyCase(name: "the key is for RS512", kid: F.kid, jwks: { F.jwks(try F.jwk(F.signingPEM, kid: F.kid, alg: "RS512")) }, message: WebIdentityTokenVerifierTests.noKey),
            KeyCase(name: "the key is for encryption", kid: F.kid, jwks: { F.jwks(try F.jwk(F.signingPEM, kid: F.kid, use: "enc")) }, message: WebIdentityTokenVerifierTests.noKey),
            KeyCase(
                name: "an unreadable entry next to the key", kid: F.kid,
                jwks: { F.jwks(#"{"kty":"oct","k":"c2VjcmV0","kid":"hmac"}"#, #"{"kty":"RSA","kid":"broken"}"#, try F.jwk(F.signingPEM, kid: F.kid)) },
                message: nil),
            KeyCase(
                name: "the key under the kid is not a valid RSA key", kid: F.kid,
                jwks: { F.jwks(#"{"kty":"RSA","kid":"\#(F.kid)","n":"AQAB","e":"AQAB"}"#) }, message: WebIdentityTokenVerifierTests.noKey),
        ])
    func keySelection(_ c: KeyCase) async throws {
        let provider = F.provider(jwks: try c.jwks())
        let token = try await F.sign(kid: c.kid)
        if let message = c.message {
            let error = try await rejection(token, providers: [provider])
            #expect(error?.code == .invalidIdentityToken)
            #expect(error?.message == message)
        } else {
            let verified = try await verifier.verify(token, providers: [provider], now: F.now)
            #expect(verified.subject == F.subject)
            #expect(verified.keyID == c.kid)
        }
    }

    // MARK: - Algorithms

    @Test("only RS256 is accepted: none, HS256 (even keyed with the public key), ES256, RS384, RS512, PS256 are not")
    func algorithms() async throws {
        let claims = TestClaims()
        let payload = try F.encodedPayload(claims)
        func message(_ alg: String) -> String {
            "The web identity token is signed with '\(alg)'; only tokens with RSA algorithms (RS256) are supported."
        }

        let none = F.base64URL(#"{"alg":"none","typ":"JWT"}"#) + "." + payload + "."
        #expect(try await rejection(none)?.message == message("none"))

        let noAlgorithm = F.base64URL(#"{"typ":"JWT","kid":"\#(F.kid)"}"#) + "." + payload + ".c2ln"
        #expect(
            try await rejection(noAlgorithm)?.message
                == "The web identity token is signed with no algorithm; only tokens with RSA algorithms (RS256) are supported.")

        let lowercase = F.base64URL(#"{"alg":"rs256","kid":"\#(F.kid)"}"#) + "." + payload + ".c2ln"
        #expect(try await rejection(lowercase)?.message == message("rs256"))

        let publicPEM = try Insecure.RSA.PrivateKey(pem: F.signingPEM).publicKey.pemRepresentation
        let hmac = JWTKeyCollection()
        await hmac.add(hmac: HMACKey(from: publicPEM), digestAlgorithm: .sha256, kid: JWKIdentifier(string: F.kid))
        let hs256 = try await hmac.sign(claims, kid: JWKIdentifier(string: F.kid))
        let hs256Error = try await rejection(hs256)
        #expect(hs256Error?.code == .invalidIdentityToken)
        #expect(hs256Error?.message == message("HS256"))

        let ecdsa = JWTKeyCollection()
        await ecdsa.add(ecdsa: ES256PrivateKey(), kid: JWKIdentifier(string: F.kid))
        let es256 = try await ecdsa.sign(claims, kid: JWKIdentifier(string: F.kid))
        #expect(try await rejection(es256)?.message == message("ES256"))

        let rs384 = try await F.sign(claims, digest: .sha384)
        #expect(try await rejection(rs384)?.message == message("RS384"))
        let rs512 = try await F.sign(claims, digest: .sha512)
        #expect(try await rejection(rs512)?.message == message("RS512"))
        let ps256 = try await F.sign(claims, pss: true)
        #expect(try await rejection(ps256)?.message == message("PS256"))
    }

    // MARK: - Malformed text

    static let rs256Header = #"{"alg":"RS256","kid":"\#(WebIdentityFixtures.kid)"}"#

    @Test(
        "text that is not a JWT is InvalidIdentityToken, naming the part that is wrong",
        arguments: [
            ("", "it must be three base64url-encoded parts separated by '.' (header.payload.signature)"),
            ("abcd", "it must be three base64url-encoded parts separated by '.' (header.payload.signature)"),
            ("e30.e30", "it must be three base64url-encoded parts separated by '.' (header.payload.signature)"),
            ("e30.e30.c2ln.c2ln", "it must be three base64url-encoded parts separated by '.' (header.payload.signature)"),
            ("e3*.e30.c2ln", "its header is not base64url-encoded"),
            ("e30=.e30.c2ln", "its header is not base64url-encoded"),
            ("e30.e30+.c2ln", "its payload is not base64url-encoded"),
            ("e30.e30.c2ln/", "its signature is not base64url-encoded"),
            ("e30.e30.c", "its signature is not base64url-encoded"),
            (WebIdentityFixtures.raw(header: "not json", payload: "{}"), "its header is not a JSON object"),
            (WebIdentityFixtures.raw(header: "[1]", payload: "{}"), "its header is not a JSON object"),
            (WebIdentityFixtures.raw(header: #"{"alg":256}"#, payload: "{}"), "the header field 'alg' must be a string"),
            (WebIdentityFixtures.raw(header: #"{"alg":"RS256","kid":7}"#, payload: "{}"), "the header field 'kid' must be a string"),
            (WebIdentityFixtures.raw(header: rs256Header, payload: "not json"), "its payload is not a JSON object"),
            (WebIdentityFixtures.raw(header: rs256Header, payload: #""a string""#), "its payload is not a JSON object"),
            (WebIdentityFixtures.raw(header: rs256Header, payload: #"{"sub":5}"#), "the claim 'sub' must be a string"),
            (WebIdentityFixtures.raw(header: rs256Header, payload: #"{"iss":["a"]}"#), "the claim 'iss' must be a string"),
            (WebIdentityFixtures.raw(header: rs256Header, payload: #"{"aud":[1]}"#), "the claim 'aud' must be a string or an array of strings"),
            (WebIdentityFixtures.raw(header: rs256Header, payload: #"{"aud":{"a":1}}"#), "the claim 'aud' must be a string or an array of strings"),
            (WebIdentityFixtures.raw(header: rs256Header, payload: #"{"exp":"tomorrow"}"#), "the claim 'exp' must be a number of seconds since 1970"),
            (WebIdentityFixtures.raw(header: rs256Header, payload: #"{"amr":true}"#), "the claim 'amr' must be a string or an array of strings"),
        ])
    func malformed(token: String, reason: String) async throws {
        let error = try await rejection(token)
        #expect(error?.code == .invalidIdentityToken)
        #expect(error?.message == Self.invalidJWT + reason + ".")
    }

    // MARK: - Errors and limits

    @Test("error codes and HTTP statuses are those of the STS model; the STS rendering keeps them")
    func errorCodes() {
        let expected: [(WebIdentityError.Code, String, Int)] = [
            (.invalidIdentityToken, "InvalidIdentityToken", 400),
            (.expiredToken, "ExpiredTokenException", 400),
            (.idpRejectedClaim, "IDPRejectedClaim", 403),
            (.idpCommunicationError, "IDPCommunicationError", 400),
            (.validationError, "ValidationError", 400),
        ]
        #expect(expected.map(\.0) == WebIdentityError.Code.allCases)
        for (code, raw, status) in expected {
            #expect(code.rawValue == raw)
            #expect(code.httpStatus == status)
        }
        let error = WebIdentityError.incorrectAudience()
        #expect(error.awsCode == "InvalidIdentityToken")
        #expect(error.description == "InvalidIdentityToken: Incorrect token audience")
        let sts = error.stsServiceError
        #expect(sts.code == "InvalidIdentityToken")
        #expect(sts.httpStatus == 400)
        #expect(sts.message == "Incorrect token audience")
        #expect(sts.type == "Sender")
        #expect(WebIdentityError.expired(now: 2, expiration: 1) == WebIdentityError(code: .expiredToken, message: "other"))
        #expect(WebIdentityError.expired(now: 2, expiration: 1) != WebIdentityError.incorrectAudience())
    }

    @Test(
        "the token parameter must be 4 to 20000 characters",
        arguments: [
            (3, "Member must have length greater than or equal to 4"),
            (4, nil),
            (20_000, nil),
            (20_001, "Member must have length less than or equal to 20000"),
        ] as [(Int, String?)])
    func tokenLength(length: Int, constraint: String?) {
        let token = String(repeating: "a", count: length)
        do {
            try WebIdentityTokenVerifier.checkLength(token)
            #expect(constraint == nil)
        } catch {
            #expect(error.code == .validationError)
            #expect(error.message == "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: \(constraint ?? "")")
            #expect(!error.message.contains("aaa"))
        }
    }
}

@Suite("IAM OIDC providers")
struct OIDCProviderTests {
    typealias F = WebIdentityFixtures

    @Test(
        "the issuer host/path drops https:// and trailing slashes only",
        arguments: [
            ("https://oidc.example.com/id/ABC", "oidc.example.com/id/ABC"),
            ("https://oidc.example.com/id/ABC/", "oidc.example.com/id/ABC"),
            ("https://oidc.example.com/id/ABC//", "oidc.example.com/id/ABC"),
            ("oidc.example.com/id/ABC", "oidc.example.com/id/ABC"),
            ("HTTPS://oidc.example.com", "oidc.example.com"),
            ("https://OIDC.Example.com/ID", "OIDC.Example.com/ID"),
            ("http://oidc.example.com", "http://oidc.example.com"),
            ("https://", ""),
        ])
    func issuerHostPath(input: String, expected: String) {
        #expect(OIDCProvider.issuerHostPath(of: input) == expected)
    }

    @Test("the ARN and condition keys use the issuer without https://")
    func arnAndConditionKeys() {
        let provider = OIDCProvider(
            url: "https://oidc.example.com/id/ABC", accountID: "111122223333", clientIDs: ["sts.amazonaws.com"],
            thumbprints: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"], createDate: F.now)
        #expect(provider.arn == "arn:aws:iam::111122223333:oidc-provider/oidc.example.com/id/ABC")
        #expect(OIDCProvider.arn(accountID: "111122223333", url: "https://oidc.example.com/id/ABC/") == provider.arn)
        #expect(provider.issuerHostPath == "oidc.example.com/id/ABC")
        #expect(provider.conditionKey("sub") == "oidc.example.com/id/ABC:sub")
        #expect(provider.jwks == nil)
        #expect(provider.matches(issuer: "https://oidc.example.com/id/ABC"))
        #expect(provider.matches(issuer: "oidc.example.com/id/ABC/"))
        #expect(!provider.matches(issuer: "https://oidc.example.com/id/abc"))
        #expect(!provider.matches(issuer: "https://oidc.example.com/id/ABC/x"))
    }

    @Test("a provider round-trips through Codable")
    func codable() throws {
        let provider = F.provider(clientIDs: ["sts.amazonaws.com", "my-app"], jwks: #"{"keys":[]}"#)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let decoded = try decoder.decode(OIDCProvider.self, from: encoder.encode(provider))
        #expect(decoded == provider)
        #expect(decoded.arn == "arn:aws:iam::111122223333:oidc-provider/\(F.hostPath)")
    }
}
