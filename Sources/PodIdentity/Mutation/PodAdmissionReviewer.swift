public import Foundation

/// Answers a pod's AdmissionReview: finds the pod's service account, asks the ``PodMutationSource``
/// what the pod gets, and returns the ``PodPatcher``'s patch — or no patch when the service account
/// asks for nothing. A source that cannot decide (the account cannot be looked up) refuses the pod
/// with the reason, so it is created again later rather than running without credentials.
public struct PodAdmissionReviewer: Sendable {
    /// What became of one review, for the log line.
    public enum Outcome: Sendable, Hashable {
        /// The pod got a patch for `mutation`.
        case mutated(PodCredentialMutation)
        /// The pod was admitted as it is.
        case unchanged
        /// The pod was refused.
        case refused(String)
        /// The body was not a usable AdmissionReview.
        case malformed(String)
    }

    /// The patcher.
    public let patcher: PodPatcher
    /// Decides each pod's mutation.
    public let source: any PodMutationSource

    /// Creates a reviewer.
    public init(patcher: PodPatcher, source: any PodMutationSource) {
        self.patcher = patcher
        self.source = source
    }

    /// The response body for the AdmissionReview `body`, the pod's `namespace/name` and what was decided.
    public func review(_ body: Data) async -> (response: Data, pod: String, serviceAccount: String, outcome: Outcome) {
        let request: AdmissionReviewRequest
        do {
            request = try AdmissionReviewRequest.parse(body)
        } catch {
            let document = try? JSONValue.parse(body)
            let apiVersion = document?["apiVersion"]?.string.flatMap { AdmissionReviewRequest.apiVersions.contains($0) ? $0 : nil }
            let response = AdmissionReviewRequest.response(
                apiVersion: apiVersion ?? "admission.k8s.io/v1", uid: document?["request"]?["uid"]?.string ?? "", allowed: false, patch: nil,
                message: error.message)
            return (response, "", "", .malformed(error.message))
        }
        let metadata = request.object["metadata"]
        let podName = metadata?["name"]?.string ?? metadata?["generateName"]?.string ?? ""
        let pod = "\(request.namespace)/\(podName)"
        var serviceAccount = request.object["spec"]?["serviceAccountName"]?.string ?? ""
        if serviceAccount.isEmpty { serviceAccount = request.object["spec"]?["serviceAccount"]?.string ?? "default" }
        let mutation: PodCredentialMutation?
        do {
            mutation = try await source.mutation(namespace: request.namespace, serviceAccount: serviceAccount)
        } catch {
            let message =
                "eksauth could not look up service account \(request.namespace)/\(serviceAccount) to give the pod its AWS credentials: "
                + "\(error); the pod is refused so that it is not started without them — its controller creates it again"
            return (request.response(allowed: false, patch: nil, message: message), pod, serviceAccount, .refused(message))
        }
        guard let mutation else {
            return (request.response(allowed: true, patch: nil), pod, serviceAccount, .unchanged)
        }
        let patch = patcher.patch(pod: request.object, mutation: mutation)
        return (request.response(allowed: true, patch: patch), pod, serviceAccount, .mutated(mutation))
    }
}
