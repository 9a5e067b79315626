import Foundation

/// A Kubernetes SubjectAccessReview as kube-apiserver's authorization webhook sends it
/// (`authorization.k8s.io/v1`, or `v1beta1`, which names the groups `group`); only what the
/// access-policy authorizer reads.
struct SubjectAccessReviewRequest: Sendable, Decodable {
    struct ResourceAttributes: Sendable, Decodable {
        var namespace: String?
        var verb: String?
        var group: String?
        var version: String?
        var resource: String?
        var subresource: String?
        var name: String?
    }

    struct NonResourceAttributes: Sendable, Decodable {
        var path: String?
        var verb: String?
    }

    struct Spec: Sendable, Decodable {
        var resourceAttributes: ResourceAttributes?
        var nonResourceAttributes: NonResourceAttributes?
        var user: String?
        var groups: [String]?
        var group: [String]?
        var extra: [String: [String]]?
        var uid: String?
    }

    var apiVersion: String?
    var kind: String?
    var spec: Spec?

    /// The API versions answered.
    static let apiVersions: Set<String> = ["authorization.k8s.io/v1", "authorization.k8s.io/v1beta1"]
}

/// The SubjectAccessReview answer: allowed with a reason, or not allowed — no opinion, since the
/// access-policy authorizer never denies (`denied` is never set).
struct SubjectAccessReviewResponse: Sendable {
    var apiVersion: String
    var allowed: Bool
    var reason: String

    /// The JSON body, keys sorted.
    func json() -> [UInt8] {
        var out: [UInt8] = Array(#"{"apiVersion":"#.utf8)
        JSONText.appendQuoted(apiVersion, to: &out)
        out += #","kind":"SubjectAccessReview","status":{"allowed":"#.utf8
        out += (allowed ? "true" : "false").utf8
        if !reason.isEmpty {
            out += #","reason":"#.utf8
            JSONText.appendQuoted(reason, to: &out)
        }
        out += "}}".utf8
        return out
    }
}
