/// One query parameter, decoded (no percent escapes).
public struct QueryItem: Sendable, Hashable {
    /// The parameter's name.
    public var name: String
    /// The parameter's value (empty for `?flag` and `?flag=`).
    public var value: String

    /// Creates a query parameter.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One HTTP header line. Names keep the case they were given; SigV4 lower-cases them itself.
public struct HeaderField: Sendable, Hashable {
    /// The header's name.
    public var name: String
    /// The header's value, as sent.
    public var value: String

    /// Creates a header line.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP request as SigV4 sees it: the parts that are signed, in the form they travel.
public struct SigV4Request: Sendable, Hashable {
    /// The HTTP method (`GET`, `POST`, …).
    public var method: String
    /// `https` or `http`.
    public var scheme: String
    /// The authority: host name, and `:port` when the URL has one.
    public var authority: String
    /// The path as it is sent on the wire (percent escapes included), `/` when empty.
    public var path: String
    /// The query parameters in the order they appear, decoded.
    public var query: [QueryItem]
    /// The header lines.
    public var headers: [HeaderField]
    /// The body.
    public var body: [UInt8]

    /// Creates a request from its parts.
    public init(
        method: String,
        scheme: String = "https",
        authority: String,
        path: String = "/",
        query: [QueryItem] = [],
        headers: [HeaderField] = [],
        body: [UInt8] = []
    ) {
        self.method = method
        self.scheme = scheme
        self.authority = authority
        self.path = path.isEmpty ? "/" : path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Creates a request from a URL such as `https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity`.
    /// The query string is split on `&` and `=` and percent-decoded. Throws for a URL without a scheme
    /// or host.
    public init(method: String, url: String, headers: [HeaderField] = [], body: [UInt8] = []) throws(SigV4Error) {
        // Works on UTF-8 code units: every delimiter is ASCII, so its index is a valid String index.
        let utf8 = url.utf8
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")), utf8[colon...].starts(with: "://".utf8) else {
            throw .invalidURL(url)
        }
        let scheme = url[..<colon].lowercased()
        var rest = url[utf8.index(colon, offsetBy: 3)...]
        if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) { rest = rest[..<hash] }
        let authorityEnd = rest.utf8.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.utf8.lastIndex(of: UInt8(ascii: "@")) { authority = authority[authority.utf8.index(after: at)...] }
        guard !authority.isEmpty, !scheme.isEmpty else { throw .invalidURL(url) }
        let afterAuthority = rest[authorityEnd...]
        let queryStart = afterAuthority.utf8.firstIndex(of: UInt8(ascii: "?"))
        let path = String(afterAuthority[..<(queryStart ?? afterAuthority.endIndex)])
        let query = queryStart.map { Self.parseQuery(afterAuthority[afterAuthority.utf8.index(after: $0)...]) } ?? []
        self.init(method: method, scheme: scheme, authority: String(authority), path: path, query: query, headers: headers, body: body)
    }

    /// Splits a raw query string into decoded items; empty pieces (`a&&b`) are dropped.
    public static func parseQuery(_ raw: Substring) -> [QueryItem] {
        var raw = raw
        return raw.withUTF8 { bytes in
            var items: [QueryItem] = []
            items.reserveCapacity(8)
            func add(_ range: Range<Int>) {
                guard !range.isEmpty else { return }
                let piece = UnsafeBufferPointer(rebasing: bytes[range])
                if let equals = piece.firstIndex(of: UInt8(ascii: "=")) {
                    items.append(QueryItem(
                        PercentEncoding.decode(UnsafeBufferPointer(rebasing: piece[..<equals])),
                        PercentEncoding.decode(UnsafeBufferPointer(rebasing: piece[(equals + 1)...]))))
                } else {
                    items.append(QueryItem(PercentEncoding.decode(piece), ""))
                }
            }
            var pieceStart = 0
            for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "&") {
                add(pieceStart..<index)
                pieceStart = index + 1
            }
            add(pieceStart..<bytes.count)
            return items
        }
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// The value the `host` header has, or would have: the authority in lower case without a
    /// default port (443 for https, 80 for http).
    public var hostHeaderValue: String {
        if let explicit = header("host") { return explicit }
        let lowered = authority.lowercased()
        if scheme == "https", lowered.hasSuffix(":443") { return String(lowered.dropLast(4)) }
        if scheme == "http", lowered.hasSuffix(":80") { return String(lowered.dropLast(3)) }
        return lowered
    }

    /// Removes every header named `name` (case-insensitively).
    public mutating func removeHeaders(named name: String) {
        let lowered = name.lowercased()
        headers.removeAll { $0.name.lowercased() == lowered }
    }

    /// Replaces every header named `name` with one line.
    public mutating func setHeader(_ name: String, _ value: String) {
        removeHeaders(named: name)
        headers.append(HeaderField(name, value))
    }

    /// The URL: scheme, authority, wire path and the query re-encoded in its order.
    public var url: String {
        let queryString = query.map { "\(PercentEncoding.encodeQueryComponent($0.name))=\(PercentEncoding.encodeQueryComponent($0.value))" }
            .joined(separator: "&")
        return "\(scheme)://\(authority)\(path)" + (queryString.isEmpty ? "" : "?\(queryString)")
    }
}
