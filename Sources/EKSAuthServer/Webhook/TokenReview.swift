import Foundation

/// A Kubernetes TokenReview as the API server's webhook token authenticator sends it
/// (`authentication.k8s.io/v1` or `v1beta1`); only the parts the authenticator reads.
struct TokenReviewRequest: Sendable, Decodable, Equatable {
    struct Spec: Sendable, Decodable, Equatable {
        var token: String?
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

    /// The JSON body, written byte by byte (the encoder, then string building, were a tenth of a
    /// TokenReview's cost), keys sorted.
    func json() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        out += #"{"apiVersion":"#.utf8
        JSONText.appendQuoted(apiVersion, to: &out)
        out += #","kind":"#.utf8
        JSONText.appendQuoted(kind, to: &out)
        out += #","status":{"authenticated":"#.utf8
        out += (status.authenticated ? "true" : "false").utf8
        if let error = status.error {
            out += #","error":"#.utf8
            JSONText.appendQuoted(error, to: &out)
        }
        if let user = status.user {
            out += #","user":{"extra":{"#.utf8
            for (index, item) in user.extra.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.appendQuoted(item.key, to: &out)
                out += ":[".utf8
                JSONText.appendList(item.value, to: &out)
                out.append(UInt8(ascii: "]"))
            }
            out += #"},"groups":["#.utf8
            JSONText.appendList(user.groups, to: &out)
            out += #"],"uid":"#.utf8
            JSONText.appendQuoted(user.uid, to: &out)
            out += #","username":"#.utf8
            JSONText.appendQuoted(user.username, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out += "}}".utf8
        return out
    }
}

/// JSON text written byte by byte, for the answers and log lines written on the hot path.
enum JSONText {
    /// Appends `values` as JSON string literals separated by commas (no brackets).
    static func appendList(_ values: [String], to out: inout [UInt8]) {
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendQuoted(value, to: &out)
        }
    }

    /// Appends `text` as a JSON string literal: `"` and `\` escaped, control characters as `\n`,
    /// `\r`, `\t` or `\u00XX`; everything else as its UTF-8 bytes.
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case UInt8(ascii: "\n"): out += #"\n"#.utf8
            case UInt8(ascii: "\r"): out += #"\r"#.utf8
            case UInt8(ascii: "\t"): out += #"\t"#.utf8
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += #"\u00"#.utf8
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
