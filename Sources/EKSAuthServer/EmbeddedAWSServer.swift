import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import ServiceLifecycle
import NIOSSL
import HTTPTypes
public import AccessModel
public import AWSCore
public import EKSToken
public import LocalAWS
public import Logging
public import Storage
import NIOCore
import PodIdentity
import SigV4

/// The embedded AWS endpoint: the STS and IAM query APIs served over HTTP from the identity store
/// (a request goes to IAM when its credential scope names `iam`) and the EKS access management API
/// (paths under `/clusters` and `/access-policies`), so the AWS CLI and SDKs are its clients with
/// `--endpoint-url`. The store saves each change before the request is answered.
public struct EmbeddedAWSServer: Sendable {
    /// The largest request body accepted.
    public static let maximumBodySize = 1 << 20

    let store: IdentityStore
    let sts: STSService
    let iam: IAMService
    let webhook: AuthenticateRoute?
    let eks: EKSService?
    let authorize: AuthorizeRoute?
    let mappingSource: MappingSource?
    let issuer: OIDCIssuerRoute?
    let mutatePods: MutatePodsRoute?
    /// The Prometheus metrics served at `/metrics`.
    public let metrics: WebhookMetrics

    /// Creates the server over `store`; `profileRegion` is the region of the AWS CLI profile written
    /// for it, in which the CLI signs IAM calls.
    ///
    /// With `clusterID`, it also serves the webhook token authenticator at `POST /authenticate` (and,
    /// with an access store, the access-policy authorizer at `POST /authorize`),
    /// mapping identities through `mappings`; tokens are verified in process against `store`, or by
    /// STS over HTTP when `awsVerification` is given.
    ///
    /// With `issuer`, it serves the service-account issuer's discovery document and JWKS; with
    /// `clusterID` too, that cluster reports it as `identity.oidc.issuer` and EKS Auth checks that
    /// cluster's Pod Identity tokens against its keys; with
    /// `mutatePods`, the pod mutating admission webhook at `POST /mutate-pods`.
    public init(
        store: IdentityStore, profileRegion: String = "us-east-1", regions: Set<String>? = nil, clusterID: String? = nil,
        mappings: MappingSource? = nil, access: AccessStore? = nil, clusterEndpoints: ClusterEndpointDefaults = ClusterEndpointDefaults(),
        tokenValidator: TokenValidator = TokenValidator(), awsVerification: PresignedIdentityClient? = nil,
        privateDNSNames: PrivateDNSNameResolver? = nil, cacheCapacity: Int = 100_000,
        metrics: WebhookMetrics = WebhookMetrics(), issuer: OIDCIssuerRoute? = nil, mutatePods: MutatePodsRoute? = nil,
        logger: Logger = Logger(label: "eksauth")
    ) {
        self.metrics = metrics
        self.issuer = issuer
        self.mutatePods = mutatePods
        let cache = SigningKeyCache()
        self.store = store
        self.sts = STSService(store: store, regions: regions, keyCache: cache)
        self.iam = IAMService(store: store, profileRegion: profileRegion, keyCache: cache)
        // The issuer is the server's cluster's: that cluster reports it, and EKS Auth checks that
        // cluster's Pod Identity tokens against its keys.
        var endpoints = clusterEndpoints
        if endpoints.oidcIssuer == nil, let clusterID {
            endpoints.oidcIssuer = issuer?.issuer.url
            endpoints.oidcIssuerCluster = clusterID
        }
        let podIdentityTokens = issuer.map { ServiceAccountTokenVerifier(jwks: $0.issuer.jwks.json(), issuer: $0.issuer.url) }
        self.mappingSource = mappings
        self.eks = access.map {
            EKSService(
                identities: store, access: $0, regions: [profileRegion], endpoints: endpoints, checksPrincipals: awsVerification == nil,
                podIdentityTokens: podIdentityTokens, podIdentityCluster: clusterID, keyCache: cache, logger: logger)
        }
        if let clusterID {
            let authenticator = TokenAuthenticator(
                clusterID: clusterID, validator: tokenValidator, verification: awsVerification.map { .aws($0) } ?? .embedded(sts),
                mappings: mappings ?? MappingSource(configured: AWSAuthMappings(), file: nil, logger: logger), access: access,
                privateDNSNames: privateDNSNames, cache: VerifiedIdentityCache(capacity: cacheCapacity), metrics: metrics)
            self.webhook = AuthenticateRoute(authenticator: authenticator, metrics: metrics, logger: logger)
            self.authorize = access.map { AuthorizeRoute(clusterID: clusterID, access: $0, logger: logger) }
        } else {
            self.webhook = nil
            self.authorize = nil
        }
    }

    /// The router: `GET /` and `POST /` take query-API requests; `/clusters…` and
    /// `/access-policies` the EKS API when an access store is given.
    public func router() -> Router<EKSAuthRequestContext> {
        let router = Router(context: EKSAuthRequestContext.self)
        let handler: @Sendable (Request, EKSAuthRequestContext) async throws -> Response = { request, _ in
            try await self.respond(to: request)
        }
        router.get("/", use: handler)
        router.post("/", use: handler)
        if eks != nil {
            for path in ["/clusters", "/clusters/**", "/access-policies"] {
                router.get(RouterPath(path), use: handler)
                router.post(RouterPath(path), use: handler)
                router.delete(RouterPath(path), use: handler)
            }
        }
        router.get("/healthz") { _, _ in
            let problems = await self.mappingSource?.problems ?? []
            return "ok\n" + problems.map { "warning: \($0)\n" }.joined()
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: self.metrics.exposition())))
        }
        webhook?.register(on: router)
        authorize?.register(on: router)
        issuer?.register(on: router)
        mutatePods?.register(on: router)
        return router
    }

    /// A Hummingbird application serving the router on `host`:`port` — over TLS (1.2 or newer) when
    /// `tls` is given, with then a plain-HTTP health server on `healthPort` answering `ok` on any path.
    public func application(
        host: String, port: Int, tls: ServerTLS? = nil, logger: Logger,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        var services: [any Service] = []
        var server = HTTPServerBuilder.http1()
        if let tls {
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(tls.certificateFile).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.keyFile, format: .pem)))
            configuration.minimumTLSVersion = .tlsv12
            server = try .tls(.http1(), tlsConfiguration: configuration)
            let health = Router(context: EKSAuthRequestContext.self)
            health.get("/**") { _, _ in "ok\n" }
            health.get("/") { _, _ in "ok\n" }
            services.append(
                Application(
                    router: health, configuration: .init(address: .hostname(host, port: tls.healthPort), serverName: "eksauth-health"),
                    logger: logger))
        }
        return Application(
            router: router(),
            server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: "eksauth"),
            services: services,
            onServerRunning: onServerRunning,
            logger: logger
        )
    }

    func respond(to request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: Self.maximumBodySize)
        let signed: SigV4Request
        do {
            signed = try SigV4Request.received(request, body: body)
        } catch {
            return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "malformed request: \(error)\n")))
        }
        let answer: STSResponse
        if let eks, EKSOperation.isEKSPath(signed.path) {
            answer = await eks.handle(signed, now: Date())
        } else if (try? SignedRequestParser.parse(signed))?.service == "iam" {
            answer = await iam.handle(signed, now: Date())
        } else {
            answer = await sts.handle(signed, now: Date())
        }
        var headers = HTTPFields()
        for header in answer.headers {
            if let name = HTTPField.Name(header.name) { headers.append(HTTPField(name: name, value: header.value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: answer.body))
        )
    }
}
