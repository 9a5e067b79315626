public import Foundation
import JWTKit

/// The claims of a Kubernetes projected service-account token, as kube-apiserver issues them:
/// `iss`, `sub` (`system:serviceaccount:NS:NAME`), `aud`, the times, and the `kubernetes.io`
/// object naming the namespace, the service account and the pod the token is bound to.
public struct VerifiedServiceAccountToken: Sendable, Hashable {
    /// The issuer URL.
    public var issuer: String
    /// `system:serviceaccount:<namespace>:<name>`.
    public var subject: String
    /// The audiences.
    public var audiences: [String]
    /// When the token expires.
    public var expiration: Date
    /// When it was issued, if stated.
    public var issuedAt: Date?
    /// The service account's namespace.
    public var namespace: String
    /// The service account's name.
    public var serviceAccount: String
    /// The service account's uid, if stated.
    public var serviceAccountUID: String?
    /// The pod the token is bound to, if any.
    public var podName: String?
    /// That pod's uid.
    public var podUID: String?

    /// Creates claims.
    public init(
        issuer: String, subject: String, audiences: [String], expiration: Date, issuedAt: Date? = nil, namespace: String,
        serviceAccount: String, serviceAccountUID: String? = nil, podName: String? = nil, podUID: String? = nil
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audiences = audiences
        self.expiration = expiration
        self.issuedAt = issuedAt
        self.namespace = namespace
        self.serviceAccount = serviceAccount
        self.serviceAccountUID = serviceAccountUID
        self.podName = podName
        self.podUID = podUID
    }
}

/// The JSON payload of a projected token, leniently typed so that the verifier, not the decoder,
/// says what is missing.
struct ServiceAccountTokenPayload: JWTPayload {
    struct Kubernetes: Codable, Sendable {
        struct Reference: Codable, Sendable {
            let name: String?
            let uid: String?
        }

        let namespace: String?
        let serviceaccount: Reference?
        let pod: Reference?
    }

    let iss: String?
    let sub: String?
    let aud: [String]?
    let exp: Double?
    let iat: Double?
    let nbf: Double?
    let kubernetes: Kubernetes?

    private enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, iat, nbf
        case kubernetes = "kubernetes.io"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        iss = try? container.decodeIfPresent(String.self, forKey: .iss)
        sub = try? container.decodeIfPresent(String.self, forKey: .sub)
        if let many = try? container.decodeIfPresent([String].self, forKey: .aud) {
            aud = many
        } else {
            aud = (try? container.decodeIfPresent(String.self, forKey: .aud)).flatMap { $0.map { [$0] } }
        }
        exp = try? container.decodeIfPresent(Double.self, forKey: .exp)
        iat = try? container.decodeIfPresent(Double.self, forKey: .iat)
        nbf = try? container.decodeIfPresent(Double.self, forKey: .nbf)
        kubernetes = try? container.decodeIfPresent(Kubernetes.self, forKey: .kubernetes)
    }

    // The verifier checks the claims at its injected time.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
