extension SigV4Request {
    /// Creates the request a server received, from its absolute URL, with the query decoded the
    /// way AWS decodes it before verifying: `+` is a space (botocore sends `a b` as `a+b` in the
    /// query of header-signed requests, and signs it as `a%20b`); a literal `+` arrives as `%2B`.
    ///
    /// Use this, not ``init(method:url:headers:body:)``, for requests to verify.
    public init(method: String, receivedURL url: String, headers: [HeaderField] = [], body: [UInt8] = []) throws(SigV4Error) {
        try self.init(method: method, url: Self.plusAsSpace(url, from: url.utf8.firstIndex(of: UInt8(ascii: "?"))), headers: headers, body: body)
    }

    /// Splits a received raw query string into decoded items, `+` decoding to a space.
    public static func parseReceivedQuery(_ raw: Substring) -> [QueryItem] {
        let text = String(raw)
        return parseQuery(Substring(plusAsSpace(text, from: text.startIndex)))
    }

    /// `text` with every `+` from `start` on replaced by `%20`.
    private static func plusAsSpace(_ text: String, from start: String.Index?) -> String {
        guard let start else { return text }
        var text = text
        let offset = text.utf8.distance(from: text.utf8.startIndex, to: start)
        return text.withUTF8 { bytes -> String? in
            let pluses = bytes[offset...].count(where: { $0 == UInt8(ascii: "+") })
            guard pluses > 0 else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count + 2 * pluses) { out in
                var written = 0
                for (index, byte) in bytes.enumerated() {
                    if index >= offset, byte == UInt8(ascii: "+") {
                        out[written] = UInt8(ascii: "%")
                        out[written + 1] = UInt8(ascii: "2")
                        out[written + 2] = UInt8(ascii: "0")
                        written += 3
                    } else {
                        out[written] = byte
                        written += 1
                    }
                }
                return written
            }
        } ?? text
    }
}
