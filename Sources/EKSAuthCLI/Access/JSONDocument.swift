import Foundation
import Yams

/// A JSON value that keeps its members in the order they came and its numbers as written, so an
/// API answer can be printed again exactly as the AWS CLI prints it (indented by four spaces, the
/// members in the service's order, non-ASCII characters as they are).
indirect enum JSONDocument: Equatable, Sendable {
    case object([(key: String, value: JSONDocument)])
    case array([JSONDocument])
    case string(String)
    /// A number, `true`, `false` or `null`, as written.
    case literal(String)

    static func == (lhs: JSONDocument, rhs: JSONDocument) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)), (.literal(let a), .literal(let b)): a == b
        default: false
        }
    }

    /// The member `key` of an object.
    subscript(key: String) -> JSONDocument? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Whether this is an object without members (the answer of a delete).
    var isEmptyObject: Bool {
        if case .object(let members) = self { return members.isEmpty }
        return false
    }

    /// This object with `key` set to `value` (appended when absent), or removed when `value` is `nil`.
    func setting(_ key: String, _ value: JSONDocument?) -> JSONDocument {
        guard case .object(var members) = self else { return self }
        if let index = members.firstIndex(where: { $0.key == key }) {
            if let value { members[index].value = value } else { members.remove(at: index) }
        } else if let value {
            members.append((key, value))
        }
        return .object(members)
    }

    // MARK: - Parsing

    /// Parses `bytes` (an empty body is `{}`).
    init(parsing bytes: [UInt8]) throws(JSONDocumentError) {
        var parser = Parser(bytes: bytes)
        parser.skipSpace()
        if parser.index == bytes.count {
            self = .object([])
            return
        }
        self = try parser.value()
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.error("unexpected text after the JSON value") }
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        func error(_ what: String) -> JSONDocumentError { JSONDocumentError(message: "\(what) at byte \(index)") }

        mutating func expect(_ byte: UInt8) throws(JSONDocumentError) {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
            index += 1
        }

        mutating func value() throws(JSONDocumentError) -> JSONDocument {
            skipSpace()
            guard index < bytes.count else { throw error("unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [(key: String, value: JSONDocument)] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(members)
                }
                while true {
                    skipSpace()
                    let key = try string()
                    try expect(UInt8(ascii: ":"))
                    members.append((key, try value()))
                    skipSpace()
                    guard index < bytes.count else { throw error("unexpected end in an object") }
                    index += 1
                    if bytes[index - 1] == UInt8(ascii: "}") { return .object(members) }
                    guard bytes[index - 1] == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
                }
            case UInt8(ascii: "["):
                index += 1
                var items: [JSONDocument] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(items)
                }
                while true {
                    items.append(try value())
                    skipSpace()
                    guard index < bytes.count else { throw error("unexpected end in an array") }
                    index += 1
                    if bytes[index - 1] == UInt8(ascii: "]") { return .array(items) }
                    guard bytes[index - 1] == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            default:
                let start = index
                while index < bytes.count, !",}] \t\r\n".utf8.contains(bytes[index]) { index += 1 }
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                guard ["true", "false", "null"].contains(text) || Double(text) != nil else { throw error("'\(text)' is not a JSON value") }
                return .literal(text)
            }
        }

        mutating func string() throws(JSONDocumentError) -> String {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string") }
            let start = index
            index += 1
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    // JSONDecoder handles every escape (\uD83D\uDE00 pairs included).
                    guard let text = try? JSONDecoder().decode(String.self, from: Data(bytes[start..<index])) else {
                        throw error("malformed string")
                    }
                    return text
                }
            }
            throw error("unterminated string")
        }
    }

    // MARK: - Rendering

    /// The value as Python's `json.dumps(value, indent=4, ensure_ascii=False)` writes it, which is
    /// how the AWS CLI prints answers.
    var awsCLIJSON: String {
        var text = ""
        write(to: &text, indent: 0)
        return text
    }

    private func write(to text: inout String, indent: Int) {
        let inner = String(repeating: " ", count: indent + 4)
        switch self {
        case .object(let members):
            guard !members.isEmpty else { return text += "{}" }
            text += "{\n"
            for (offset, member) in members.enumerated() {
                text += inner + Self.quoted(member.key) + ": "
                member.value.write(to: &text, indent: indent + 4)
                text += offset == members.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: " ", count: indent) + "}"
        case .array(let items):
            guard !items.isEmpty else { return text += "[]" }
            text += "[\n"
            for (offset, item) in items.enumerated() {
                text += inner
                item.write(to: &text, indent: indent + 4)
                text += offset == items.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: " ", count: indent) + "]"
        case .string(let string):
            text += Self.quoted(string)
        case .literal(let literal):
            text += literal
        }
    }

    private static func quoted(_ string: String) -> String {
        var text = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case _ where scalar.value < 0x20: text += String(format: "\\u%04x", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    /// The value as a YAML node: strings that would read back as another type are quoted.
    var yamlNode: Node {
        switch self {
        case .object(let members): .mapping(Node.Mapping(members.map { (Node($0.key), $0.value.yamlNode) }))
        case .array(let items): .sequence(Node.Sequence(items.map(\.yamlNode)))
        case .string(let string): .scalar(string.represented())
        case .literal(let literal): .scalar(Node.Scalar(literal))
        }
    }

    /// The value as a YAML document.
    func yaml() throws -> String {
        try Yams.serialize(node: yamlNode, sortKeys: false)
    }
}

/// A body that is not JSON.
struct JSONDocumentError: Error, CustomStringConvertible {
    let message: String
    var description: String { "the answer is not JSON: \(message)" }
}
