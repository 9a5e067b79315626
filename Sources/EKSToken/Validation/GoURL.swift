/// A URL split as Go's `net/url.Parse` splits it, on bytes, with Go's error texts: what
/// aws-iam-authenticator sees of a token's URL.
///
/// Only what the validator needs is kept. Bracketed (IPv6) hosts are split as Go splits them but the
/// address inside is not checked: no such host is an STS endpoint, so the allow-list rejects them all.
struct GoURL: Equatable {
    /// The scheme, lower-cased (`HTTPS://…` has scheme `https`), empty when there is none.
    var scheme: [UInt8] = []
    /// The user info before `@` in the authority, as written, or `nil` when there is no `@`.
    var userInfo: [UInt8]?
    /// The host and port, percent escapes decoded (Go's `URL.Host`), empty when there is no authority.
    var host: [UInt8] = []
    /// The path as written.
    var rawPath: [UInt8] = []
    /// The text after the first `?` (before any `#`).
    var rawQuery: [UInt8] = []
    /// The text after the first `#`, as written, or `nil` when there is no `#`.
    var fragment: [UInt8]?

    /// A failure of `url.Parse`: the URL Go's `*url.Error` names and the reason it gives.
    struct ParseError: Error, Equatable {
        let url: [UInt8]
        let reason: String
    }

    /// Parses `raw` as `url.Parse(raw)` does.
    static func parse(_ raw: [UInt8]) throws(ParseError) -> GoURL {
        let hash = raw.firstIndex(of: UInt8(ascii: "#"))
        let withoutFragment = hash.map { Array(raw[..<$0]) } ?? raw
        var url: GoURL
        do throws(Reason) {
            url = try parseWithoutFragment(withoutFragment)
        } catch {
            throw ParseError(url: withoutFragment, reason: error.reason)
        }
        if let hash {
            let fragment = Array(raw[(hash + 1)...])
            do throws(Reason) {
                _ = try unescape(fragment, .fragment)
            } catch {
                throw ParseError(url: raw, reason: error.reason)
            }
            url.fragment = fragment
        }
        return url
    }

    /// Go's `parse(rawURL, viaRequest: false)`.
    private static func parseWithoutFragment(_ raw: [UInt8]) throws(Reason) -> GoURL {
        if raw.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw Reason("net/url: invalid control character in URL")
        }
        var url = GoURL()
        if raw == [UInt8(ascii: "*")] {
            url.rawPath = raw
            return url
        }
        let (scheme, schemeRest) = try splitScheme(raw)
        var rest = schemeRest
        url.scheme = scheme.map(lowercasedASCII)
        let questionMarks = rest.count(where: { $0 == UInt8(ascii: "?") })
        if rest.last == UInt8(ascii: "?") && questionMarks == 1 {
            rest.removeLast()
        } else if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
            url.rawQuery = Array(rest[(question + 1)...])
            rest = Array(rest[..<question])
        }
        if rest.first != UInt8(ascii: "/") {
            if !url.scheme.isEmpty {
                // A rootless path: Go keeps it as the opaque part; there is no host.
                return url
            }
            let segment = rest.prefix { $0 != UInt8(ascii: "/") }
            if segment.contains(UInt8(ascii: ":")) {
                throw Reason("first path segment in URL cannot contain colon")
            }
        }
        let startsWithTwoSlashes = rest.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")])
        let startsWithThreeSlashes = rest.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/"), UInt8(ascii: "/")])
        if (!url.scheme.isEmpty || !startsWithThreeSlashes) && startsWithTwoSlashes {
            var authority = Array(rest.dropFirst(2))
            rest = []
            if let slash = authority.firstIndex(of: UInt8(ascii: "/")) {
                rest = Array(authority[slash...])
                authority = Array(authority[..<slash])
            }
            (url.userInfo, url.host) = try parseAuthority(authority)
        }
        _ = try unescape(rest, .path)
        url.rawPath = rest
        return url
    }

    /// Go's `getScheme`: the scheme before the first `:` when everything before it may be a scheme.
    private static func splitScheme(_ raw: [UInt8]) throws(Reason) -> (scheme: [UInt8], rest: [UInt8]) {
        for (index, byte) in raw.enumerated() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if index == 0 { return ([], raw) }
            case UInt8(ascii: ":"):
                if index == 0 { throw Reason("missing protocol scheme") }
                return (Array(raw[..<index]), Array(raw[(index + 1)...]))
            default:
                return ([], raw)
            }
        }
        return ([], raw)
    }

    /// Go's `parseAuthority`: user info up to the last `@`, then the host.
    private static func parseAuthority(_ authority: [UInt8]) throws(Reason) -> (userInfo: [UInt8]?, host: [UInt8]) {
        let at = authority.lastIndex(of: UInt8(ascii: "@"))
        let host = try parseHost(at.map { Array(authority[($0 + 1)...]) } ?? authority)
        guard let at else { return (nil, host) }
        let userInfo = Array(authority[..<at])
        guard userInfo.allSatisfy(isUserInfoByte) else { throw Reason("net/url: invalid userinfo") }
        if let colon = userInfo.firstIndex(of: UInt8(ascii: ":")) {
            _ = try unescape(Array(userInfo[..<colon]), .userPassword)
            _ = try unescape(Array(userInfo[(colon + 1)...]), .userPassword)
        } else {
            _ = try unescape(userInfo, .userPassword)
        }
        return (userInfo, host)
    }

    /// Go's `parseHost`: a port after the last `:` (or after `]`) must be digits; escapes are decoded.
    private static func parseHost(_ host: [UInt8]) throws(Reason) -> [UInt8] {
        if host.first == UInt8(ascii: "[") {
            guard let close = host.lastIndex(of: UInt8(ascii: "]")) else { throw Reason("missing ']' in host") }
            let colonPort = Array(host[(close + 1)...])
            guard isValidOptionalPort(colonPort) else {
                throw Reason("invalid port \(GoText.quote(GoText.redacted(colonPort, limit: GoText.shortEcho))) after host")
            }
        } else if let colon = host.lastIndex(of: UInt8(ascii: ":")) {
            let colonPort = Array(host[colon...])
            guard isValidOptionalPort(colonPort) else {
                throw Reason("invalid port \(GoText.quote(GoText.redacted(colonPort, limit: GoText.shortEcho))) after host")
            }
        }
        return try unescape(host, .host)
    }

    /// Go's `validOptionalPort`: empty, or `:` followed by digits only.
    private static func isValidOptionalPort(_ port: [UInt8]) -> Bool {
        guard let first = port.first else { return true }
        return first == UInt8(ascii: ":") && port.dropFirst().allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Go's `validUserinfo`, which accepts only these ASCII bytes.
    private static func isUserInfoByte(_ byte: UInt8) -> Bool {
        isASCIIAlphanumeric(byte) || userInfoPunctuation.contains(byte)
    }

    private static let userInfoPunctuation = Set("-._:~!$&'()*+,;=%@".utf8)

    // MARK: - Escapes

    /// The parts of a URL Go unescapes, each with its own rules.
    enum Component {
        case host, path, userPassword, queryComponent, fragment
    }

    /// A reason Go gives, before it is wrapped in `parse "<url>": `.
    struct Reason: Error, Equatable {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Go's `unescape`: every `%` must start `%XX`; in a host only bytes from 0x80 may be escaped
    /// (and `%25`) and some ASCII characters are refused; in a query component `+` is a space.
    static func unescape(_ text: [UInt8], _ component: Component) throws(Reason) -> [UInt8] {
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < text.count, isHex(text[index + 1]), isHex(text[index + 2]) else {
                    throw Reason("invalid URL escape \(GoText.quote(text[index..<min(index + 3, text.count)]))")
                }
                if component == .host, hexValue(text[index + 1]) < 8,
                   text[index..<(index + 3)].elementsEqual("%25".utf8) == false {
                    throw Reason("invalid URL escape \(GoText.quote(text[index..<(index + 3)]))")
                }
                index += 3
            } else {
                if component == .host, byte < 0x80, !isHostByte(byte) {
                    throw Reason("invalid character \(GoText.quote([byte])) in host name")
                }
                index += 1
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        index = 0
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "%") {
                output.append(hexValue(text[index + 1]) << 4 | hexValue(text[index + 2]))
                index += 3
            } else {
                output.append(byte == UInt8(ascii: "+") && component == .queryComponent ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return output
    }

    /// The ASCII bytes Go leaves unescaped in a host (`shouldEscape(c, encodeHost) == false`).
    private static func isHostByte(_ byte: UInt8) -> Bool {
        isASCIIAlphanumeric(byte) || hostPunctuation.contains(byte)
    }

    private static let hostPunctuation = Set("!$&'()*+,;=:[]<>\"-_.~".utf8)

    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    private static func hexValue(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: byte - UInt8(ascii: "A") + 10
        }
    }
}
