import AccessModel
import AWSCore
import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore

/// `POST /authenticate`: the API server's webhook token authenticator, as aws-iam-authenticator
/// answers it — 200 with the user, 403 denied, 400 for a body that is not a TokenReview, 405 for
/// other methods — but in the request's own `apiVersion` and `kind`. One log line per decision.
struct AuthenticateRoute: Sendable {
    static let maximumBodySize = 1 << 20

    let authenticator: TokenAuthenticator
    let metrics: WebhookMetrics
    let logger: Logger

    func register(on router: Router<EKSAuthRequestContext>) {
        router.post("/authenticate") { request, context in try await self.respond(to: request, context: context) }
        for method in [HTTPRequest.Method.get, .put, .delete, .patch, .head] {
            router.on("/authenticate", method: method) { _, _ in Self.plain(.methodNotAllowed, "expected POST\n") }
        }
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func respond(to request: Request, context: EKSAuthRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await answer(request, context: context)
        if response.status == .badRequest { metrics.record(.malformedRequest, since: started) }
        return response
    }

    private func answer(_ request: Request, context: EKSAuthRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        var request = request
        let body = try await request.collectBody(upTo: Self.maximumBodySize)
        guard body.readableBytes > 0 else { return Self.plain(.badRequest, "expected a request body\n") }
        guard let review = TokenReviewReader.read(Array(body.readableBytesView)),
              review.kind == nil || review.kind == "TokenReview"
        else {
            return Self.plain(.badRequest, "expected a request body to be a TokenReview\n")
        }
        let apiVersion = review.apiVersion ?? "authentication.k8s.io/v1beta1"
        guard TokenReviewRequest.apiVersions.contains(apiVersion) else {
            return Self.plain(.badRequest, "expected a TokenReview of authentication.k8s.io/v1 or v1beta1, not \(apiVersion)\n")
        }
        let client = context.remoteAddress.map { "\($0)" } ?? "unknown"
        let decision = await authenticator.authenticate(review.spec?.token ?? "", now: Date())
        let answer: TokenReviewResponse
        let status: HTTPResponse.Status
        switch decision {
        case .granted(let identity, let user):
            var metadata: Logger.Metadata = [
                "arn": "\(identity.arn)", "canonicalArn": "\(identity.canonicalARN.arn)", "username": "\(user.username)",
                "groups": "\(user.groups)", "uid": "\(identity.uid)", "client": "\(client)", "stsHost": "\(identity.stsHost)",
                "mapping": "\(user.source)",
            ]
            if let entry = user.accessEntryArn { metadata["accessEntry"] = "\(entry)" }
            logger.info("access granted", metadata: metadata)
            answer = TokenReviewResponse(
                apiVersion: apiVersion,
                status: .init(
                    authenticated: true,
                    user: .init(username: user.username, uid: identity.uid, groups: user.groups, extra: identity.extra)))
            status = .ok
            metrics.record(.success, since: started)
        case .denied(let reason, let identity, let result):
            metrics.record(result, since: started)
            var metadata: Logger.Metadata = ["reason": "\(reason)", "client": "\(client)"]
            if let identity {
                metadata["arn"] = "\(identity.arn)"
                metadata["canonicalArn"] = "\(identity.canonicalARN.arn)"
                metadata["uid"] = "\(identity.uid)"
                metadata["stsHost"] = "\(identity.stsHost)"
            }
            logger.info("access denied", metadata: metadata)
            answer = TokenReviewResponse(apiVersion: apiVersion, status: .init(authenticated: false, error: reason))
            status = result == .stsThrottling ? .tooManyRequests : .forbidden
        }
        return Response(
            status: status, headers: [.contentType: "application/json; charset=UTF-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: answer.json())))
    }
}
