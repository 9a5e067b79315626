public import Foundation

/// The parts of an `AdmissionReview` request (`admission.k8s.io/v1` or `v1beta1`) the pod webhook
/// reads, and the response it writes back in the request's `apiVersion` and `kind`.
public struct AdmissionReviewRequest: Sendable, Hashable {
    /// The API versions answered.
    public static let apiVersions: Set<String> = ["admission.k8s.io/v1", "admission.k8s.io/v1beta1"]

    /// The request's `apiVersion`.
    public var apiVersion: String
    /// The request's `kind` (`AdmissionReview`).
    public var kind: String
    /// `request.uid`, echoed in the response.
    public var uid: String
    /// `request.namespace`: the pod's namespace (a new pod's own `metadata.namespace` may be empty).
    public var namespace: String
    /// `request.operation` (`CREATE`, …).
    public var operation: String?
    /// `request.object`: the pod.
    public var object: JSONValue

    /// Reads an AdmissionReview.
    ///
    /// - Throws: ``AdmissionReviewError`` saying what is missing.
    public static func parse(_ body: Data) throws(AdmissionReviewError) -> AdmissionReviewRequest {
        let document: JSONValue
        do { document = try JSONValue.parse(body) } catch {
            throw AdmissionReviewError("couldn't get version/kind; json parse error: the body is not JSON")
        }
        guard let apiVersion = document["apiVersion"]?.string, let kind = document["kind"]?.string else {
            throw AdmissionReviewError("couldn't get version/kind: the AdmissionReview has no apiVersion or kind")
        }
        guard kind == "AdmissionReview", apiVersions.contains(apiVersion) else {
            throw AdmissionReviewError(
                "expected an AdmissionReview of admission.k8s.io/v1 or v1beta1, not \(kind) of \(apiVersion); "
                    + "set admissionReviewVersions [v1, v1beta1] in the MutatingWebhookConfiguration")
        }
        guard let request = document["request"], let uid = request["uid"]?.string else {
            throw AdmissionReviewError("the AdmissionReview has no request.uid")
        }
        guard let object = request["object"], object.object != nil else {
            throw AdmissionReviewError("the AdmissionReview's request has no object (the pod)")
        }
        return AdmissionReviewRequest(
            apiVersion: apiVersion, kind: kind, uid: uid,
            namespace: request["namespace"]?.string ?? object["metadata"]?["namespace"]?.string ?? "default",
            operation: request["operation"]?.string, object: object)
    }

    /// The response document: `response.uid`, `allowed`, and the base64 JSON patch with
    /// `patchType: JSONPatch` when there is one, or a `status` message when refused.
    public func response(allowed: Bool, patch: [JSONPatchOperation]?, message: String? = nil) -> Data {
        Self.response(apiVersion: apiVersion, kind: kind, uid: uid, allowed: allowed, patch: patch, message: message)
    }

    /// A response document for `uid`.
    public static func response(
        apiVersion: String, kind: String = "AdmissionReview", uid: String, allowed: Bool, patch: [JSONPatchOperation]?,
        message: String? = nil
    ) -> Data {
        var response: [String: JSONValue] = ["uid": .string(uid), "allowed": .bool(allowed)]
        if let patch {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let bytes = (try? encoder.encode(patch)) ?? Data("[]".utf8)
            response["patchType"] = .string("JSONPatch")
            response["patch"] = .string(bytes.base64EncodedString())
        }
        if let message { response["status"] = .object(["metadata": .object([:]), "message": .string(message)]) }
        return JSONValue.object(["apiVersion": .string(apiVersion), "kind": .string(kind), "response": .object(response)]).jsonData()
    }
}

/// An AdmissionReview could not be read.
public struct AdmissionReviewError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
