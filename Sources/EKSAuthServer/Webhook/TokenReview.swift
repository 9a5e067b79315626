import Foundation

/// A Kubernetes TokenReview as the API server's webhook token authenticator sends it
/// (`authentication.k8s.io/v1` or `v1beta1`); only the parts the authenticator reads.
struct TokenReviewRequest: Sendable, Decodable {
    struct Spec: Sendable, Decodable {
        var token: String?
        var audiences: [String]?
    }

    var apiVersion: String?
    var kind: String?
    var spec: Spec?

    /// The API versions answered.
    static let apiVersions: Set<String> = ["authentication.k8s.io/v1", "authentication.k8s.io/v1beta1"]
}

/// The TokenReview answer: the request's `apiVersion` and `kind` with a status.
struct TokenReviewResponse: Sendable, Encodable {
    struct User: Sendable, Encodable {
        var username: String
        var uid: String
        var groups: [String]
        var extra: [String: [String]]
    }

    struct Status: Sendable, Encodable {
        var authenticated: Bool
        var user: User?
        var error: String?
    }

    var apiVersion: String
    var kind = "TokenReview"
    var status: Status

    func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data(#"{"status":{"authenticated":false}}"#.utf8)
    }
}
