import Foundation
import Hummingbird
import HTTPTypes
public import Logging
import NIOCore
public import PodIdentity

/// `POST /mutate-pods`: the pod mutating admission webhook (amazon-eks-pod-identity-webhook's
/// `/mutate`). Takes an AdmissionReview (`admission.k8s.io/v1` or `v1beta1`) and answers in the same
/// apiVersion and kind with the pod's JSON patch. Logs one line per decision.
public struct MutatePodsRoute: Sendable {
    static let maximumBodySize = 8 << 20

    let reviewer: PodAdmissionReviewer
    let logger: Logger

    /// Creates the route over `reviewer`.
    public init(reviewer: PodAdmissionReviewer, logger: Logger) {
        self.reviewer = reviewer
        self.logger = logger
    }

    func register(on router: Router<EKSAuthRequestContext>) {
        router.post("/mutate-pods") { request, _ in try await self.respond(to: request) }
        for method in [HTTPRequest.Method.get, .put, .delete, .patch, .head] {
            router.on("/mutate-pods", method: method) { _, _ in AuthenticateRoute.plain(.methodNotAllowed, "expected POST\n") }
        }
    }

    func respond(to request: Request) async throws -> Response {
        var request = request
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            return AuthenticateRoute.plain(.unsupportedMediaType, "Invalid Content-Type, expected `application/json`\n")
        }
        let body = try await request.collectBody(upTo: Self.maximumBodySize)
        let (answer, pod, serviceAccount, outcome) = await reviewer.review(Data(body.readableBytesView))
        var metadata: Logger.Metadata = ["pod": "\(pod)", "serviceAccount": "\(serviceAccount)"]
        switch outcome {
        case .mutated(.webIdentity(let role)):
            metadata["roleArn"] = "\(role.roleARN)"
            metadata["audience"] = "\(role.audience)"
            logger.info("pod mutated", metadata: metadata)
        case .mutated(.containerCredentials):
            metadata["credentials"] = "pod-identity"
            logger.info("pod mutated", metadata: metadata)
        case .unchanged:
            logger.info(
                "pod not mutated",
                metadata: metadata.merging(["reason": "the service account has no Pod Identity association and no role-arn annotation"]) { $1 })
        case .refused(let reason):
            logger.warning("pod refused", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
        case .malformed(let reason):
            logger.warning("admission review malformed", metadata: ["reason": "\(reason)"])
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: answer)))
    }
}
