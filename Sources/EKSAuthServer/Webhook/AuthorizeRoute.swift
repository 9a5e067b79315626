import AccessModel
import AWSCore
import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import RBAC
import Storage

/// `POST /authorize`: the EKS access-policy authorizer as kube-apiserver's authorization webhook
/// (`--authorization-mode=Node,RBAC,Webhook`, after RBAC). A request is allowed when an access
/// policy associated with the caller's access entry allows it within its scope; otherwise the
/// answer is no opinion, never a denial. The caller's entry is found from the identity the token
/// authenticator put in the user's `extra` (`canonicalArn`, `principalId`), so an impersonated user
/// (`kubectl --as`), who carries no such extra, gets no opinion, as on EKS.
struct AuthorizeRoute: Sendable {
    static let maximumBodySize = 1 << 20

    let clusterID: String
    let access: AccessStore
    let authorizer = AccessPolicyAuthorizer()
    let logger: Logger

    func register(on router: Router<EKSAuthRequestContext>) {
        router.post("/authorize") { request, _ in try await self.respond(to: request) }
        for method in [HTTPRequest.Method.get, .put, .delete, .patch, .head] {
            router.on("/authorize", method: method) { _, _ in AuthenticateRoute.plain(.methodNotAllowed, "expected POST\n") }
        }
    }

    func respond(to request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: Self.maximumBodySize)
        guard let review = try? JSONDecoder().decode(SubjectAccessReviewRequest.self, from: Data(body.readableBytesView)),
            review.kind == nil || review.kind == "SubjectAccessReview", let spec = review.spec
        else {
            return AuthenticateRoute.plain(.badRequest, "expected a request body to be a SubjectAccessReview\n")
        }
        let apiVersion = review.apiVersion ?? "authorization.k8s.io/v1beta1"
        guard SubjectAccessReviewRequest.apiVersions.contains(apiVersion) else {
            return AuthenticateRoute.plain(.badRequest, "expected a SubjectAccessReview of authorization.k8s.io/v1 or v1beta1, not \(apiVersion)\n")
        }
        guard let target = Self.request(from: spec) else {
            return AuthenticateRoute.plain(.badRequest, "expected resourceAttributes or nonResourceAttributes with a verb\n")
        }
        let (allowed, reason) = await decide(target, extra: spec.extra ?? [:])
        logger.info(allowed ? "authorization allowed" : "authorization no opinion", metadata: [
            "user": "\(target.user.name)", "verb": "\(target.verb)", "target": "\(Self.describe(target))", "reason": "\(reason)",
        ])
        let answer = SubjectAccessReviewResponse(apiVersion: apiVersion, allowed: allowed, reason: reason)
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=UTF-8"], body: .init(byteBuffer: ByteBuffer(bytes: answer.json())))
    }

    /// Whether the caller's access entry allows `request`, and why (or why there is no opinion).
    func decide(_ request: AuthorizationRequest, extra: [String: [String]]) async -> (Bool, String) {
        guard let arn = extra["canonicalArn"]?.first, let canonical = try? CanonicalARN(canonicalizing: arn),
            let principalID = extra["principalId"]?.first ?? extra["sigs.k8s.io/aws-iam-authenticator/principalId"]?.first
        else {
            return (false, "no IAM identity in the user's extra (impersonated, or not authenticated by eksauth): access policies do not apply")
        }
        guard let view = await access.view(cluster: clusterID), let entry = view.entry(canonical: canonical, principalID: principalID) else {
            return (false, "no access entry for \(canonical.arn) on cluster \(clusterID)")
        }
        let decision = authorizer.authorize(request, accessEntryArn: entry.accessEntryArn, associations: entry.accessPolicies)
        if decision.allowed { return (true, decision.reason) }
        var reason = "no access policy of access entry \(entry.accessEntryArn) allows this"
        if !decision.outOfScope.isEmpty { reason += " within its scope (\(decision.outOfScope.joined(separator: ", ")) would, in another scope)" }
        return (false, reason)
    }

    static func request(from spec: SubjectAccessReviewRequest.Spec) -> AuthorizationRequest? {
        let user = UserInfo(name: spec.user ?? "", uid: spec.uid ?? "", groups: spec.groups ?? spec.group ?? [], extra: spec.extra ?? [:])
        if let attributes = spec.resourceAttributes, let verb = attributes.verb, !verb.isEmpty {
            return .resource(
                user: user, verb: verb, group: attributes.group ?? "", version: attributes.version ?? "", resource: attributes.resource ?? "",
                subresource: attributes.subresource ?? "", name: attributes.name ?? "", namespace: attributes.namespace ?? "")
        }
        if let attributes = spec.nonResourceAttributes, let verb = attributes.verb, !verb.isEmpty, let path = attributes.path {
            return .nonResource(user: user, verb: verb, path: path)
        }
        return nil
    }

    static func describe(_ request: AuthorizationRequest) -> String {
        switch request.target {
        case .resource(let attributes):
            let resource = attributes.subresource.isEmpty ? attributes.resource : "\(attributes.resource)/\(attributes.subresource)"
            let group = attributes.apiGroup.isEmpty ? "" : ".\(attributes.apiGroup)"
            return attributes.namespace.isEmpty ? resource + group : "\(resource)\(group) in \(attributes.namespace)"
        case .nonResource(let path): return path
        }
    }
}
