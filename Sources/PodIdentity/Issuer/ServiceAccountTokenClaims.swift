public import Foundation

/// The claims kube-apiserver puts in a projected service-account token (`pkg/serviceaccount/claims.go`):
/// `iss`, `sub` (`system:serviceaccount:<namespace>:<name>`), `aud` (an array), `exp`, `iat`, `nbf`,
/// `jti` (newer API servers, KEP-4193), and the private claim `kubernetes.io` with the namespace, the
/// service account's name and uid, and the pod's name and uid when the token is bound to a pod.
public struct ServiceAccountTokenClaims: Sendable, Hashable, Codable {
    /// A name and uid (of the service account or the pod).
    public struct Reference: Sendable, Hashable, Codable {
        /// The object's name.
        public var name: String
        /// The object's uid.
        public var uid: String

        /// Creates a reference.
        public init(name: String, uid: String) {
            self.name = name
            self.uid = uid
        }
    }

    /// The `kubernetes.io` claim.
    public struct Kubernetes: Sendable, Hashable, Codable {
        /// The service account's namespace.
        public var namespace: String
        /// The service account.
        public var serviceaccount: Reference
        /// The pod the token is bound to, if any.
        public var pod: Reference?
    }

    /// The issuer URL.
    public var iss: String
    /// `system:serviceaccount:<namespace>:<name>`.
    public var sub: String
    /// The audiences.
    public var aud: [String]
    /// Expiry, seconds since 1970.
    public var exp: Int64
    /// Issued at, seconds since 1970.
    public var iat: Int64
    /// Not before, seconds since 1970.
    public var nbf: Int64
    /// A random token id.
    public var jti: String
    /// The Kubernetes claim.
    public var kubernetes: Kubernetes

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, iat, nbf, jti
        case kubernetes = "kubernetes.io"
    }

    /// The claims of a token for service account `namespace/name`, issued at `now` and valid for
    /// `expirationSeconds`, optionally bound to `pod`.
    public init(
        issuer: String, namespace: String, serviceAccount: String, serviceAccountUID: String, audiences: [String],
        expirationSeconds: Int64, pod: Reference? = nil, now: Date = Date(), jti: String = UUID().uuidString.lowercased()
    ) {
        let issuedAt = Int64(now.timeIntervalSince1970.rounded(.down))
        self.iss = issuer
        self.sub = Self.subject(namespace: namespace, serviceAccount: serviceAccount)
        self.aud = audiences
        self.iat = issuedAt
        self.nbf = issuedAt
        self.exp = issuedAt + expirationSeconds
        self.jti = jti
        self.kubernetes = Kubernetes(
            namespace: namespace, serviceaccount: Reference(name: serviceAccount, uid: serviceAccountUID), pod: pod)
    }

    /// `system:serviceaccount:<namespace>:<name>` (kube-apiserver's `MakeUsername`).
    public static func subject(namespace: String, serviceAccount: String) -> String {
        "system:serviceaccount:\(namespace):\(serviceAccount)"
    }
}
