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
struct TokenReviewResponse: Sendable {
    struct User: Sendable {
        var username: String
        var uid: String
        var groups: [String]
        var extra: [String: [String]]
    }

    struct Status: Sendable {
        var authenticated: Bool
        var user: User?
        var error: String?
    }

    var apiVersion: String
    var kind = "TokenReview"
    var status: Status

    /// The JSON body, written directly (the encoder was a tenth of a TokenReview's cost), keys sorted.
    func json() -> [UInt8] {
        var out = #"{"apiVersion":"# + Self.quoted(apiVersion) + #","kind":"# + Self.quoted(kind) + #","status":{"authenticated":"#
        out += status.authenticated ? "true" : "false"
        if let error = status.error { out += #","error":"# + Self.quoted(error) }
        if let user = status.user {
            out += #","user":{"extra":{"#
            out += user.extra.sorted { $0.key < $1.key }.map { Self.quoted($0.key) + ":[" + $0.value.map(Self.quoted).joined(separator: ",") + "]" }
                .joined(separator: ",")
            out += #"},"groups":["# + user.groups.map(Self.quoted).joined(separator: ",") + "]"
            out += #","uid":"# + Self.quoted(user.uid) + #","username":"# + Self.quoted(user.username) + "}"
        }
        out += "}}"
        return Array(out.utf8)
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
