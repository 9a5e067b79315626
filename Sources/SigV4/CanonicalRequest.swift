internal import Crypto

/// The pieces of SigV4's canonical request, each a pure function so a signer and a verifier build
/// exactly the same text (AWS's "Create a canonical request" steps, as botocore implements them).
public enum CanonicalRequest {
    /// SHA-256 of the empty string: the payload hash of a request without a body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// The payload hash used when the body is not signed.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// Headers never signed because proxies may change them.
    public static let unsignableHeaders: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id", "authorization",
    ]

    /// The canonical URI: dot segments and empty segments removed, then every byte but the unreserved
    /// characters and `/` percent-encoded (a wire path's `%` becomes `%25`).
    public static func canonicalURI(_ path: String) -> String {
        PercentEncoding.encodePath(removeDotSegments(path.isEmpty ? "/" : path))
    }

    /// RFC 3986 §5.2.4 dot-segment removal, plus the collapse of `//` that AWS services expect; a
    /// trailing `/` is kept.
    public static func removeDotSegments(_ path: String) -> String {
        guard !path.isEmpty else { return "" }
        if path == "/" { return path }
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                if !output.isEmpty { output.removeLast() }
            } else {
                output.append(segment)
            }
        }
        let leading = path.hasPrefix("/") ? "/" : ""
        let trailing = path.hasSuffix("/") && !output.isEmpty ? "/" : ""
        return leading + output.joined(separator: "/") + trailing
    }

    /// The canonical query string: names and values encoded, sorted by encoded name then value.
    public static func canonicalQuery(_ items: [QueryItem]) -> String {
        // Encoded names and values are ASCII, so byte order is the order SigV4 asks for.
        var pairs = items.map { (name: PercentEncoding.encodeQueryComponent($0.name), value: PercentEncoding.encodeQueryComponent($0.value)) }
        pairs.sort { lhs, rhs in
            lhs.name != rhs.name ? lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8) : lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
        }
        var query = ""
        query.reserveCapacity(pairs.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 })
        for (index, pair) in pairs.enumerated() {
            if index > 0 { query += "&" }
            query += pair.name
            query += "="
            query += pair.value
        }
        return query
    }

    /// A header value trimmed and with every run of white space folded to one space.
    public static func canonicalHeaderValue(_ value: String) -> String {
        if isAlreadyCanonical(value) { return value }
        return value.split(whereSeparator: isFoldableSpace).joined(separator: " ")
    }

    /// Printable ASCII with single inner spaces: nothing to fold (the common case, checked cheaply).
    private static func isAlreadyCanonical(_ value: String) -> Bool {
        var previousWasSpace = true
        for byte in value.utf8 {
            switch byte {
            case 0x21...0x7E: previousWasSpace = false
            case 0x20 where !previousWasSpace: previousWasSpace = true
            default: return false
            }
        }
        return !previousWasSpace || value.isEmpty
    }

    /// The headers to sign, lower-cased and grouped: each name once, in sorted order, with its values
    /// joined by `,` in the order they appear. `host` is added from the URL when the request has none.
    public static func headersToSign(_ request: SigV4Request, only names: Set<String>? = nil) -> [(name: String, value: String)] {
        var grouped: [String: [String]] = [:]
        for field in request.headers {
            let name = field.name.lowercased()
            if let names {
                guard names.contains(name) else { continue }
            } else if unsignableHeaders.contains(name) {
                continue
            }
            grouped[name, default: []].append(canonicalHeaderValue(field.value))
        }
        if grouped["host"] == nil, names?.contains("host") ?? true {
            grouped["host"] = [request.hostHeaderValue]
        }
        return grouped.keys.sorted().map { ($0, grouped[$0]!.joined(separator: ",")) }
    }

    /// `a;b;c` from sorted header names.
    public static func signedHeaders(_ headers: [(name: String, value: String)]) -> String {
        headers.map(\.name).joined(separator: ";")
    }

    /// The canonical request text.
    public static func text(
        method: String,
        path: String,
        query: [QueryItem],
        headers: [(name: String, value: String)],
        payloadHash: String
    ) -> String {
        let uri = canonicalURI(path)
        let query = canonicalQuery(query)
        var text = ""
        text.reserveCapacity(
            method.utf8.count + uri.utf8.count + query.utf8.count + payloadHash.utf8.count + 8
                + headers.reduce(0) { $0 + 2 * $1.name.utf8.count + $1.value.utf8.count + 3 })
        text += method.utf8.contains(where: { (0x61...0x7A).contains($0) }) ? method.uppercased() : method
        text += "\n"
        text += uri
        text += "\n"
        text += query
        text += "\n"
        for header in headers {
            text += header.name
            text += ":"
            text += header.value
            text += "\n"
        }
        text += "\n"
        for (index, header) in headers.enumerated() {
            if index > 0 { text += ";" }
            text += header.name
        }
        text += "\n"
        text += payloadHash
        return text
    }

    /// The string to sign for a canonical request.
    public static func stringToSign(canonicalRequest: String, timestamp: String, scope: String) -> String {
        var canonicalRequest = canonicalRequest
        let digest = canonicalRequest.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        return "AWS4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + Hex.encode(digest)
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func hexSHA256(_ bytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: bytes))
    }

    /// White space as Python's `str.split()` sees it, which is what the AWS SDKs fold.
    private static func isFoldableSpace(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
        }
    }
}

/// Lower-case hexadecimal encoding.
public enum Hex {
    static let lowerHexDigits = Array("0123456789abcdef".utf8)

    /// Encodes bytes as lower-case hex.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(lowerHexDigits[Int(byte >> 4)])
            out.append(lowerHexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
