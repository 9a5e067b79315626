import Foundation
public import Hummingbird
import HTTPTypes
public import LocalAWS
public import Logging
import NIOCore
import SigV4

/// The embedded AWS endpoint: the STS and IAM query APIs served over HTTP from the identity store
/// (a request goes to IAM when its credential scope names `iam`), so the AWS CLI and SDKs are its
/// clients with `--endpoint-url`. The store saves each change before the request is answered.
public struct EmbeddedAWSServer: Sendable {
    /// The largest request body accepted.
    public static let maximumBodySize = 1 << 20

    let store: IdentityStore
    let sts: STSService
    let iam: IAMService

    /// Creates the server over `store`; `profileRegion` is the region of the AWS CLI profile written
    /// for it, in which the CLI signs IAM calls.
    public init(store: IdentityStore, profileRegion: String = "us-east-1", regions: Set<String>? = nil) {
        let cache = SigningKeyCache()
        self.store = store
        self.sts = STSService(store: store, regions: regions, keyCache: cache)
        self.iam = IAMService(store: store, profileRegion: profileRegion, keyCache: cache)
    }

    /// The router: `GET /` and `POST /` take query-API requests.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            try await self.respond(to: request)
        }
        router.get("/", use: handler)
        router.post("/", use: handler)
        router.get("/healthz") { _, _ in "ok\n" }
        return router
    }

    /// A Hummingbird application serving the router on `host`:`port`.
    public func application(host: String, port: Int, logger: Logger, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "eksauth"),
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
        let isIAM = (try? SignedRequestParser.parse(signed))?.service == "iam"
        let answer = isIAM ? await iam.handle(signed, now: Date()) : await sts.handle(signed, now: Date())
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
