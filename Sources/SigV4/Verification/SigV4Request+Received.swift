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
        guard let start, text.utf8[start...].contains(UInt8(ascii: "+")) else { return text }
        var bytes = Array(text.utf8[..<start])
        for byte in text.utf8[start...] {
            if byte == UInt8(ascii: "+") {
                bytes.append(contentsOf: [UInt8(ascii: "%"), UInt8(ascii: "2"), UInt8(ascii: "0")])
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
