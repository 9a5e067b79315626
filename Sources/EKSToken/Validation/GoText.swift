/// How Go prints bytes in the error texts aws-iam-authenticator passes on, so ours read the same.
enum GoText {
    /// `%s` of a Go string: the bytes as UTF-8 (bytes that are not UTF-8 become U+FFFD, which a Swift
    /// string cannot avoid).
    static func string(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// `strconv.Quote` (what `%q` prints): printable characters as they are; `"` and `\` escaped;
    /// `\a \b \f \n \r \t \v`; other control and non-printable characters as `\xNN`, `\uNNNN` or
    /// `\UNNNNNNNN`; each byte that is not part of valid UTF-8 as `\xNN`.
    static func quote(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var out = "\""
        var index = 0
        while index < bytes.count {
            guard let (scalar, width) = decodeScalar(bytes, at: index) else {
                out += "\\x" + hex(UInt32(bytes[index]), digits: 2)
                index += 1
                continue
            }
            index += width
            let value = scalar.value
            switch value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x0B: out += "\\v"
            default:
                if isPrint(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if value < 0x20 || value == 0x7F {
                    out += "\\x" + hex(value, digits: 2)
                } else if value < 0x10000 {
                    out += "\\u" + hex(value, digits: 4)
                } else {
                    out += "\\U" + hex(value, digits: 8)
                }
            }
        }
        return out + "\""
    }

    /// The `time` package's own `quote` (in `time.ParseError` texts): `"` and `\` escaped, every byte
    /// below 0x20 or above 0x7F as `\xNN`.
    static func timeQuote(_ bytes: some Collection<UInt8>) -> String {
        var out = "\""
        for byte in bytes {
            if byte < 0x20 || byte >= 0x80 {
                out += "\\x" + hex(UInt32(byte), digits: 2)
            } else {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out += "\\" }
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out + "\""
    }

    /// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    static func isPrint(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value >= 0x20 && scalar.value < 0x7F }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// The scalar whose UTF-8 form starts at `index` and its length, or `nil` where the bytes are not
    /// well-formed UTF-8 (as Go's `utf8.DecodeRune` answers `RuneError, 1`).
    static func decodeScalar(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        let first = bytes[index]
        if first < 0x80 { return (Unicode.Scalar(first), 1) }
        // The length of the sequence and the range its second byte must be in (no overlong forms,
        // no surrogates, nothing above U+10FFFF).
        let (length, secondRange): (Int, ClosedRange<UInt8>)
        switch first {
        case 0xC2...0xDF: (length, secondRange) = (2, 0x80...0xBF)
        case 0xE0: (length, secondRange) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, secondRange) = (3, 0x80...0xBF)
        case 0xED: (length, secondRange) = (3, 0x80...0x9F)
        case 0xF0: (length, secondRange) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, secondRange) = (4, 0x80...0xBF)
        case 0xF4: (length, secondRange) = (4, 0x80...0x8F)
        default: return nil
        }
        guard index + length <= bytes.count, secondRange.contains(bytes[index + 1]) else { return nil }
        var value = UInt32(first) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard offset == 1 || (0x80...0xBF).contains(byte) else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// `bytes` as an error message may echo it: cut after the first `?`, `#`, `&` or `=` (where a
    /// query, and the session token and signature in it, begins) and to at most `limit` bytes, with
    /// `<redacted>` in place of what was cut. Text without those characters and within the limit, as
    /// every well-formed host, key and date is, is unchanged.
    static func redacted(_ bytes: some Collection<UInt8>, limit: Int) -> [UInt8] {
        let bytes = Array(bytes)
        var keep = min(bytes.count, limit)
        if let delimiter = bytes.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "=") }) {
            keep = min(keep, delimiter + 1)
        }
        guard keep < bytes.count else { return bytes }
        return Array(bytes[..<keep]) + Array("<redacted>".utf8)
    }

    /// The limit of ``redacted(_:limit:)`` for a URL or a host.
    static let longEcho = 64
    /// The limit of ``redacted(_:limit:)`` for a query key or value, a scheme or a port.
    static let shortEcho = 32

    /// Whether all of `bytes` is well-formed UTF-8.
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            guard let (_, width) = decodeScalar(bytes, at: index) else { return false }
            index += width
        }
        return true
    }

    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)

    private static func hex(_ value: UInt32, digits: Int) -> String {
        var out = ""
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            out.unicodeScalars.append(hexDigits[Int(value >> UInt32(shift) & 0xF)])
        }
        return out
    }
}
