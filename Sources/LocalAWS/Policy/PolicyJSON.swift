/// A JSON value as a policy document holds it.
///
/// A small strict parser of its own (RFC 8259) rather than `JSONSerialization`, so that policies are read
/// the way IAM reads them: numbers keep their text (`NumericEquals` compares `"10"` and `10` the same),
/// booleans are never confused with numbers, object members keep their order, and a key repeated in one
/// object is an error ("Individual elements must not contain multiple instances of the same key").
enum PolicyJSON: Sendable {
    case string(String)
    /// A number, as written.
    case number(String)
    case bool(Bool)
    case null
    case array([PolicyJSON])
    /// Members in document order; keys are unique.
    case object([(key: String, value: PolicyJSON)])

    /// The JSON type name, for error messages.
    var typeName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Parses one JSON value that makes up the whole of `bytes` (UTF-8, an optional BOM, surrounding
    /// whitespace allowed).
    ///
    /// - Throws: ``PolicyError`` `MalformedPolicyDocument` with `Syntax errors in policy.`, what was
    ///   expected and the line and column.
    static func parse(_ bytes: [UInt8]) throws(PolicyError) -> PolicyJSON {
        var parser = Parser(bytes: bytes)
        return try parser.parseDocument()
    }
}

/// A recursive-descent JSON parser over UTF-8 bytes.
private struct Parser {
    let bytes: [UInt8]
    var offset = 0
    /// Nesting limit, so a hostile document cannot exhaust the stack.
    static let maxDepth = 64

    init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
    }

    mutating func parseDocument() throws(PolicyError) -> PolicyJSON {
        skipWhitespace()
        guard offset < bytes.count else { throw error("The document is empty") }
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard offset == bytes.count else { throw error("Unexpected \(describeCurrent()) after the end of the document") }
        return value
    }

    private mutating func parseValue(depth: Int) throws(PolicyError) -> PolicyJSON {
        guard depth < Self.maxDepth else { throw error("The document is nested too deeply") }
        guard offset < bytes.count else { throw error("Unexpected end of the document, expected a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("Unexpected \(describeCurrent()), expected a value")
        }
    }

    private mutating func parseObject(depth: Int) throws(PolicyError) -> PolicyJSON {
        offset += 1
        var members: [(key: String, value: PolicyJSON)] = []
        var keys: Set<String> = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            offset += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else { throw error("Unexpected \(describeCurrent()), expected a member name in quotes") }
            let keyOffset = offset
            let key = try parseString()
            guard keys.insert(key).inserted else {
                throw error("Duplicate key \"\(key)\": an element must not appear twice in the same object", at: keyOffset)
            }
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw error("Unexpected \(describeCurrent()), expected ':' after \"\(key)\"") }
            offset += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                offset += 1
                continue
            }
            if peek(UInt8(ascii: "}")) {
                offset += 1
                return .object(members)
            }
            throw error("Unexpected \(describeCurrent()), expected ',' or '}'")
        }
    }

    private mutating func parseArray(depth: Int) throws(PolicyError) -> PolicyJSON {
        offset += 1
        var elements: [PolicyJSON] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            offset += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                offset += 1
                continue
            }
            if peek(UInt8(ascii: "]")) {
                offset += 1
                return .array(elements)
            }
            throw error("Unexpected \(describeCurrent()), expected ',' or ']'")
        }
    }

    private mutating func parseString() throws(PolicyError) -> String {
        let start = offset
        offset += 1
        var utf8: [UInt8] = []
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                guard let string = String(validating: utf8, as: UTF8.self) else {
                    throw error("The string is not valid UTF-8", at: start)
                }
                return string
            case UInt8(ascii: "\\"):
                offset += 1
                guard offset < bytes.count else { break }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8 += try parseUnicodeEscape()
                default: throw error("Invalid escape sequence in a string", at: offset - 2)
                }
            case 0x00..<0x20:
                throw error("Unescaped control character in a string")
            default:
                utf8.append(byte)
                offset += 1
            }
        }
        throw error("Unterminated string", at: start)
    }

    /// Reads the hex digits of `\uXXXX` (the `\u` already consumed), joining a surrogate pair.
    private mutating func parseUnicodeEscape() throws(PolicyError) -> [UInt8] {
        let escapeStart = offset - 2
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                throw error("Unpaired surrogate in a \\u escape", at: escapeStart)
            }
            offset += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("Unpaired surrogate in a \\u escape", at: escapeStart) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw error("Unpaired surrogate in a \\u escape", at: escapeStart)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error("Invalid \\u escape", at: escapeStart) }
        return Array(String(Character(unicode)).utf8)
    }

    private mutating func hex4() throws(PolicyError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("Truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("Invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    private mutating func parseNumber() throws(PolicyError) -> String {
        let start = offset
        if peek(UInt8(ascii: "-")) { offset += 1 }
        if peek(UInt8(ascii: "0")) {
            offset += 1
        } else {
            guard digits() > 0 else { throw error("Invalid number", at: start) }
        }
        if peek(UInt8(ascii: ".")) {
            offset += 1
            guard digits() > 0 else { throw error("Invalid number: digits expected after '.'", at: start) }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            offset += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { offset += 1 }
            guard digits() > 0 else { throw error("Invalid number: digits expected in the exponent", at: start) }
        }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    private mutating func digits() -> Int {
        let start = offset
        while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
        return offset - start
    }

    private mutating func expectLiteral(_ literal: String) throws(PolicyError) {
        let expected = Array(literal.utf8)
        guard bytes[offset...].starts(with: expected) else { throw error("Unexpected \(describeCurrent()), expected a value") }
        offset += expected.count
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    private func peek(_ byte: UInt8) -> Bool {
        offset < bytes.count && bytes[offset] == byte
    }

    /// The current byte, quoted, or "end of the document".
    private func describeCurrent() -> String {
        guard offset < bytes.count else { return "end of the document" }
        let byte = bytes[offset]
        if (0x21..<0x7F).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    /// A syntax error at `position` (the current offset by default), with a 1-based line and column.
    private func error(_ detail: String, at position: Int? = nil) -> PolicyError {
        let position = min(position ?? offset, bytes.count)
        var line = 1
        var column = 1
        for byte in bytes[..<position] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return .syntax(detail, line: line, column: column)
    }
}
