import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
public import PodIdentity

/// The service-account issuer's public documents, below the issuer URL's path as kube-apiserver
/// serves them: `GET <path>/.well-known/openid-configuration` (discovery) and `GET <path>/openid/v1/jwks`
/// (also at `<path>/keys`, where EKS issuers publish it), with `Cache-Control: public, max-age=3600`
/// as kube-apiserver sends for static keys.
public struct OIDCIssuerRoute: Sendable {
    /// The issuer.
    public let issuer: ServiceAccountIssuer

    /// Creates the route.
    public init(issuer: ServiceAccountIssuer) { self.issuer = issuer }

    func register(on router: Router<EKSAuthRequestContext>) {
        let prefix = issuer.path
        let discovery = issuer.discoveryDocument.json()
        let jwks = issuer.jwks.json()
        router.get(RouterPath(prefix + ServiceAccountIssuer.discoveryPath)) { _, _ in Self.document(discovery) }
        for path in [ServiceAccountIssuer.jwksPath, ServiceAccountIssuer.eksJWKSPath] {
            router.get(RouterPath(prefix + path)) { _, _ in Self.document(jwks, contentType: "application/jwk-set+json") }
        }
    }

    static func document(_ json: String, contentType: String = "application/json") -> Response {
        Response(
            status: .ok,
            headers: [.contentType: contentType, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}
