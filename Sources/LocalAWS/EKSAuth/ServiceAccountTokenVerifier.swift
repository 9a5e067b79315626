public import Foundation
import JWTKit

/// Verifies Kubernetes projected service-account tokens as EKS Auth does for
/// `AssumeRoleForPodIdentity`: signed by one of the cluster's service-account keys (a JWKS, RSA or
/// EC), issued by the cluster's issuer, for the audience `pods.eks.amazonaws.com`, within its
/// lifetime, and naming a namespace and a service account.
public struct ServiceAccountTokenVerifier: Sendable {
    /// The audience EKS Pod Identity tokens carry.
    public static let podIdentityAudience = "pods.eks.amazonaws.com"

    /// The public keys of the cluster's service-account issuer, as a JWKS document.
    public var jwks: String
    /// The issuer URL tokens must carry in `iss`, or `nil` to accept any issuer signed by the keys.
    public var issuer: String?
    /// The audience a token must include.
    public var audience: String
    /// How far `nbf`/`iat` may be ahead of the verifier's clock.
    public var clockSkew: TimeInterval

    /// Creates a verifier.
    public init(jwks: String, issuer: String?, audience: String = ServiceAccountTokenVerifier.podIdentityAudience, clockSkew: TimeInterval = 60) {
        self.jwks = jwks
        self.issuer = issuer
        self.audience = audience
        self.clockSkew = clockSkew
    }

    /// Verifies `token` at time `now` and returns its claims.
    ///
    /// - Throws: `InvalidTokenException` for a malformed token, a bad signature, another issuer or
    ///   audience, a token not yet valid or without namespace and service account;
    ///   `ExpiredTokenException` for an expired one.
    public func verify(_ token: String, now: Date) async throws(ServiceAccountTokenError) -> VerifiedServiceAccountToken {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw .invalid("it must be a JWT of three base64url parts separated by '.'")
        }
        let keys = JWTKeyCollection()
        var usable = 0
        for key in Self.keys(in: jwks) {
            if (try? await keys.add(jwk: key)) != nil { usable += 1 }
        }
        guard usable > 0 else { throw .invalid("the cluster has no service-account signing key to check it with") }
        let payload: ServiceAccountTokenPayload
        do {
            payload = try await keys.verify(token, as: ServiceAccountTokenPayload.self, iteratingKeys: true)
        } catch {
            throw .invalid("its signature does not verify with the cluster's service-account keys; use a token the cluster issued")
        }
        guard let tokenIssuer = payload.iss, !tokenIssuer.isEmpty else { throw .invalid("it has no iss claim") }
        if let issuer, Self.trimmed(issuer) != Self.trimmed(tokenIssuer) {
            throw .invalid("it was issued by \(clip(tokenIssuer)), not by this cluster's issuer \(issuer)")
        }
        guard let expiration = payload.exp else { throw .invalid("it has no exp claim") }
        let current = now.timeIntervalSince1970
        guard current < expiration else { throw .expired }
        if let notBefore = payload.nbf, notBefore > current + clockSkew { throw .invalid("it is not valid yet (nbf is in the future)") }
        if let issuedAt = payload.iat, issuedAt > current + clockSkew { throw .invalid("it was issued in the future (iat)") }
        let audiences = payload.aud ?? []
        guard audiences.contains(audience) else {
            throw .invalid(
                "its audience is \(audiences.isEmpty ? "missing" : audiences.map(clip).joined(separator: ", ")), not \(audience); mount a projected token with audience \(audience)")
        }
        guard let namespace = payload.kubernetes?.namespace, !namespace.isEmpty,
            let serviceAccount = payload.kubernetes?.serviceaccount?.name, !serviceAccount.isEmpty
        else {
            throw .invalid("it does not name a namespace and service account in its kubernetes.io claim; use a projected service-account token")
        }
        let subject = payload.sub ?? ""
        guard subject == "system:serviceaccount:\(namespace):\(serviceAccount)" else {
            throw .invalid("its sub claim does not name the service account of its kubernetes.io claim")
        }
        return VerifiedServiceAccountToken(
            issuer: tokenIssuer, subject: subject, audiences: audiences, expiration: Date(timeIntervalSince1970: expiration),
            issuedAt: payload.iat.map { Date(timeIntervalSince1970: $0) }, namespace: namespace, serviceAccount: serviceAccount,
            serviceAccountUID: payload.kubernetes?.serviceaccount?.uid, podName: payload.kubernetes?.pod?.name,
            podUID: payload.kubernetes?.pod?.uid)
    }

    /// The signing keys of a JWKS, each with the algorithm its type implies when it names none
    /// (RSA: RS256; EC P-256: ES256, P-384: ES384).
    static func keys(in document: String) -> [JWK] {
        struct Entry: Decodable {
            let key: JWK?
            init(from decoder: any Decoder) throws { key = try? JWK(from: decoder) }
        }
        struct KeySet: Decodable { let keys: [Entry] }
        guard let set = try? JSONDecoder().decode(KeySet.self, from: Data(document.utf8)) else { return [] }
        var keys: [JWK] = []
        for case let key? in set.keys.map(\.key) {
            var prepared = key
            if prepared.algorithm == nil {
                switch (key.keyType, key.curve) {
                case (.rsa, _): prepared.algorithm = .rs256
                case (.ecdsa, .ecdsa(.p256)): prepared.algorithm = .es256
                case (.ecdsa, .ecdsa(.p384)): prepared.algorithm = .es384
                default: continue
                }
            }
            keys.append(prepared)
        }
        return keys
    }

    private static func trimmed(_ url: String) -> String {
        var value = url
        while value.hasSuffix("/") { value.removeLast() }
        return value
    }

    private func clip(_ value: String) -> String { value.count > 128 ? String(value.prefix(128)) + "…" : value }
}
