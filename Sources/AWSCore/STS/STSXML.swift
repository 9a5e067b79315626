/// A small XML reader for STS query-protocol responses: elements, text, CDATA and the five predefined
/// entities plus numeric character references. Attributes are skipped (namespaces included), and
/// element names lose any `prefix:`. It rejects what it does not understand rather than guessing.
struct XMLElement: Sendable, Hashable {
    /// The local name (`GetCallerIdentityResponse`).
    var name: String
    /// Child elements in order.
    var children: [XMLElement] = []
    /// The character data directly inside this element, entities decoded.
    var text: String = ""

    /// The first child named `name`.
    func child(_ name: String) -> XMLElement? {
        children.first { $0.name == name }
    }

    /// The text of the element at `path` below this one (`["AssumedRoleUser", "Arn"]`).
    func text(at path: String...) -> String? {
        var element = self
        for name in path {
            guard let next = element.child(name) else { return nil }
            element = next
        }
        return element.text
    }

    /// The first element named `name` at any depth, this one included (depth first).
    func first(named name: String) -> XMLElement? {
        if self.name == name { return self }
        for child in children {
            if let found = child.first(named: name) { return found }
        }
        return nil
    }
}

/// Parses XML documents into ``XMLElement`` trees.
enum XMLReader {
    /// Why a document could not be read.
    struct ParseError: Error, Sendable, CustomStringConvertible {
        /// What was wrong.
        var reason: String
        var description: String { reason }
    }

    /// Parses a whole document and returns its root element.
    static func parse(_ bytes: [UInt8]) throws(ParseError) -> XMLElement {
        var parser = Parser(bytes: bytes)
        return try parser.document()
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        }

        mutating func document() throws(ParseError) -> XMLElement {
            try skipMisc()
            guard peek(UInt8(ascii: "<")) else { throw ParseError(reason: "no root element") }
            let root = try element()
            try skipMisc()
            guard index == bytes.count else { throw ParseError(reason: "content after the root element") }
            return root
        }

        /// Skips white space, comments, processing instructions and a DOCTYPE.
        mutating func skipMisc() throws(ParseError) {
            while true {
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                if starts("<?") {
                    try skip(past: "?>")
                } else if starts("<!--") {
                    try skip(past: "-->")
                } else if starts("<!DOCTYPE") {
                    guard !bytes[index...].prefix(while: { $0 != UInt8(ascii: ">") }).contains(UInt8(ascii: "[")) else {
                        throw ParseError(reason: "DOCTYPE with an internal subset is not supported")
                    }
                    try skip(past: ">")
                } else {
                    return
                }
            }
        }

        mutating func element() throws(ParseError) -> XMLElement {
            index += 1  // <
            let name = readName()
            guard !name.isEmpty else { throw ParseError(reason: "an element without a name at byte \(index)") }
            var element = XMLElement(name: localName(name))
            // Attributes: skipped, but their quoted values must be well formed.
            while true {
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count else { throw ParseError(reason: "unterminated start tag <\(name)>") }
                if starts("/>") {
                    index += 2
                    return element
                }
                if bytes[index] == UInt8(ascii: ">") {
                    index += 1
                    break
                }
                let attribute = readName()
                guard !attribute.isEmpty else { throw ParseError(reason: "malformed attribute in <\(name)>") }
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                    throw ParseError(reason: "attribute \(attribute) in <\(name)> has no value")
                }
                index += 1
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                    throw ParseError(reason: "attribute \(attribute) in <\(name)> is not quoted")
                }
                let quote = bytes[index]
                index += 1
                guard let close = bytes[index...].firstIndex(of: quote) else {
                    throw ParseError(reason: "unterminated attribute value in <\(name)>")
                }
                index = close + 1
            }
            var text: [UInt8] = []
            while true {
                guard index < bytes.count else { throw ParseError(reason: "<\(name)> is not closed") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "<") {
                    if starts("</") {
                        index += 2
                        let closing = readName()
                        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                        guard closing == name, index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
                            throw ParseError(reason: "<\(name)> is closed by </\(closing)>")
                        }
                        index += 1
                        element.text = String(decoding: text, as: UTF8.self)
                        return element
                    } else if starts("<![CDATA[") {
                        index += 9
                        guard let end = find("]]>") else { throw ParseError(reason: "unterminated CDATA section") }
                        text.append(contentsOf: bytes[index..<end])
                        index = end + 3
                    } else if starts("<!--") {
                        try skip(past: "-->")
                    } else if starts("<?") {
                        try skip(past: "?>")
                    } else {
                        element.children.append(try self.element())
                    }
                } else if byte == UInt8(ascii: "&") {
                    text.append(contentsOf: try entity())
                } else {
                    text.append(byte)
                    index += 1
                }
            }
        }

        /// Decodes `&name;` or `&#…;` at `index`.
        mutating func entity() throws(ParseError) -> [UInt8] {
            guard let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw ParseError(reason: "a bare '&' in text (write &amp;)")
            }
            let name = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
            index = semicolon + 1
            switch name {
            case "amp": return Array("&".utf8)
            case "lt": return Array("<".utf8)
            case "gt": return Array(">".utf8)
            case "quot": return Array("\"".utf8)
            case "apos": return Array("'".utf8)
            default:
                var value: UInt32?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    value = UInt32(name.dropFirst(2), radix: 16)
                } else if name.hasPrefix("#") {
                    value = UInt32(name.dropFirst(), radix: 10)
                }
                guard let value, let scalar = Unicode.Scalar(value), value != 0 else {
                    throw ParseError(reason: "unknown entity &\(name);")
                }
                return Array(String(Character(scalar)).utf8)
            }
        }

        mutating func readName() -> String {
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=") { break }
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        func localName(_ name: String) -> String {
            if let colon = name.lastIndex(of: ":") { return String(name[name.index(after: colon)...]) }
            return name
        }

        func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

        func starts(_ literal: String) -> Bool {
            bytes[index...].starts(with: literal.utf8)
        }

        func find(_ literal: String) -> Int? {
            let needle = Array(literal.utf8)
            guard bytes.count >= needle.count else { return nil }
            var position = index
            while position + needle.count <= bytes.count {
                if bytes[position..<position + needle.count].elementsEqual(needle) { return position }
                position += 1
            }
            return nil
        }

        mutating func skip(past literal: String) throws(ParseError) {
            guard let end = find(literal) else { throw ParseError(reason: "unterminated markup (expected \(literal))") }
            index = end + literal.utf8.count
        }

        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }
    }
}
