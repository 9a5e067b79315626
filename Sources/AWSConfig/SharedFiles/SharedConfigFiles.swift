/// One value of a shared config file: a plain string, or a nested block such as
///
/// ```ini
/// s3 =
///     addressing_style = path
/// ```
package enum INIValue: Sendable, Hashable {
    /// A plain value (continuation lines joined with `\n`).
    case string(String)
    /// An indented `key = value` block under a key with an empty value.
    case nested([String: String])
}

/// One `[section]` of an INI file, keys in the order they first appear.
package struct INISection: Sendable, Hashable {
    /// The name between the brackets, exactly as written.
    package var name: String
    /// The keys in file order.
    package var keys: [String] = []
    /// The values by key.
    package var values: [String: INIValue] = [:]

    package mutating func set(_ key: String, _ value: INIValue) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
    }
}

/// The INI dialect of the AWS shared files, exactly as botocore reads it: Python's
/// `configparser.RawConfigParser` (defaults: `=` and `:` delimiters, full-line `#`/`;` comments only,
/// option names lower-cased, strict duplicates, `[DEFAULT]` inherited by every section, indented
/// continuation lines) followed by botocore's `raw_config_parse` (a value that starts with a line
/// break is a nested block of `key = value` lines).
package enum INIParser {
    /// Why a file is not valid INI.
    package struct ParseError: Error, Sendable {
        /// What went wrong, with the line number.
        package var reason: String
    }

    /// Parses `text` into its sections in file order (`[DEFAULT]` folded into every section).
    package static func parse(_ text: String) throws(ParseError) -> [INISection] {
        var sectionOrder: [String] = []
        var sections: [String: [(key: String, lines: [String])]] = [:]
        var defaults: [(key: String, lines: [String])] = []
        var seenOptions: Set<String> = []
        enum Cursor { case none, defaults, section(String) }
        var cursor = Cursor.none
        var currentSectionName: String?
        var option: String?
        var indentLevel = 0
        var badLines: [Int] = []

        func appendLine(_ value: String) {
            guard let option else { return }
            switch cursor {
            case .none:
                return
            case .defaults:
                if let index = defaults.lastIndex(where: { $0.key == option }) { defaults[index].lines.append(value) }
            case .section(let name):
                if let index = sections[name]?.lastIndex(where: { $0.key == option }) {
                    sections[name]![index].lines.append(value)
                }
            }
        }

        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        for (offset, rawLine) in splitLines(text).enumerated() {
            let lineNumber = offset + 1
            let stripped = pythonStrip(rawLine)
            let isComment = stripped.hasPrefix("#") || stripped.hasPrefix(";")
            let value = isComment ? "" : stripped
            if value.isEmpty {
                // A blank line inside a value is kept (trailing ones are trimmed at the end); a comment is skipped.
                if !isComment { appendLine("") }
                continue
            }
            let indent = rawLine.unicodeScalars.prefix { $0.properties.isWhitespace }.count
            if case .none = cursor {} else if option != nil, indent > indentLevel {
                appendLine(value)
                continue
            }
            indentLevel = indent
            if let header = sectionHeader(value) {
                if header == "DEFAULT" {
                    cursor = .defaults
                } else {
                    if sections[header] != nil {
                        throw ParseError(reason: "line \(lineNumber): section [\(header)] appears twice; merge the two sections")
                    }
                    sections[header] = []
                    sectionOrder.append(header)
                    cursor = .section(header)
                }
                currentSectionName = header
                option = nil
                continue
            }
            guard let sectionName = currentSectionName else {
                throw ParseError(
                    reason: "line \(lineNumber): a key appears before any [section] header; put it under [default] or [profile NAME]"
                )
            }
            guard let delimiter = value.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                badLines.append(lineNumber)
                option = nil
                continue
            }
            let name = pythonRightStrip(String(value[..<delimiter])).lowercased()
            let optionValue = pythonStrip(String(value[value.index(after: delimiter)...]))
            if name.isEmpty { badLines.append(lineNumber) }
            let optionKey = sectionName + "\u{0}" + name
            if seenOptions.contains(optionKey) {
                throw ParseError(reason: "line \(lineNumber): key '\(name)' appears twice in [\(sectionName)]; keep one")
            }
            seenOptions.insert(optionKey)
            switch cursor {
            case .none:
                break
            case .defaults:
                defaults.append((name, [optionValue]))
            case .section(let sectionName):
                sections[sectionName]!.append((name, [optionValue]))
            }
            option = name
        }
        if !badLines.isEmpty {
            let lines = badLines.map(String.init).joined(separator: ", ")
            throw ParseError(reason: "line \(lines): not 'key = value' or a [section] header; fix or remove the line")
        }

        func joined(_ lines: [String]) -> String { pythonRightStrip(lines.joined(separator: "\n")) }
        var result: [INISection] = []
        for name in sectionOrder {
            var section = INISection(name: name)
            var entries: [(key: String, value: String)] = sections[name]!.map { ($0.key, joined($0.lines)) }
            for entry in defaults where !entries.contains(where: { $0.key == entry.key }) {
                entries.append((entry.key, joined(entry.lines)))
            }
            for entry in entries {
                if entry.value.hasPrefix("\n") {
                    section.set(entry.key, .nested(try parseNested(entry.value, section: name, key: entry.key)))
                } else {
                    section.set(entry.key, .string(entry.value))
                }
            }
            result.append(section)
        }
        return result
    }

    /// botocore's `_parse_nested`: each non-blank line is `key = value`, split at the first `=`.
    package static func parseNested(_ value: String, section: String, key: String) throws(ParseError) -> [String: String] {
        var parsed: [String: String] = [:]
        for line in splitLines(value) {
            let stripped = pythonStrip(line)
            if stripped.isEmpty { continue }
            guard let equals = stripped.firstIndex(of: "=") else {
                throw ParseError(
                    reason: "the nested block '\(key)' in [\(section)] has the line '\(stripped)', which is not 'key = value'"
                )
            }
            parsed[pythonStrip(String(stripped[..<equals]))] = pythonStrip(String(stripped[stripped.index(after: equals)...]))
        }
        return parsed
    }

    /// `\[(.+)\]` matched at the start of a stripped line: everything up to the last `]`.
    package static func sectionHeader(_ line: String) -> String? {
        guard line.hasPrefix("["), let close = line.lastIndex(of: "]") else { return nil }
        let start = line.index(after: line.startIndex)
        guard close > start else { return nil }
        return String(line[start..<close])
    }

    /// Lines split as Python's universal newlines do (`\n`, `\r\n`, `\r`).
    package static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? scalars.next() {
            pending = nil
            if scalar == "\n" {
                lines.append(current)
                current = ""
            } else if scalar == "\r" {
                lines.append(current)
                current = ""
                if let next = scalars.next(), next != "\n" { pending = next }
            } else {
                current.unicodeScalars.append(scalar)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// `str.strip()`: leading and trailing white space removed.
    package static func pythonStrip(_ string: String) -> String {
        let scalars = string.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }

    /// `str.rstrip()`: trailing white space removed.
    package static func pythonRightStrip(_ string: String) -> String {
        let scalars = string.unicodeScalars
        guard let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[...last])
    }
}

/// POSIX shell-word splitting as Python's `shlex.split` does it (no comments): white space separates
/// words, `'…'` is literal, `"…"` keeps a backslash unless it escapes `"` or `\`, and outside quotes a
/// backslash escapes any character.
package enum ShellWords {
    /// Why a string could not be split.
    package struct SplitError: Error, Sendable {
        /// What went wrong.
        package var reason: String
    }

    /// Splits `string` into words.
    package static func split(_ string: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var iterator = string.unicodeScalars.makeIterator()
        let whitespace: Set<Unicode.Scalar> = [" ", "\t", "\r", "\n"]
        while let scalar = iterator.next() {
            switch scalar {
            case _ where whitespace.contains(scalar):
                if inWord {
                    words.append(word)
                    word = ""
                    inWord = false
                }
            case "'":
                inWord = true
                while true {
                    guard let next = iterator.next() else { throw SplitError(reason: "no closing quotation") }
                    if next == "'" { break }
                    word.unicodeScalars.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard let next = iterator.next() else { throw SplitError(reason: "no closing quotation") }
                    if next == "\"" { break }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { throw SplitError(reason: "no closing quotation") }
                        if escaped != "\"" && escaped != "\\" { word.unicodeScalars.append("\\") }
                        word.unicodeScalars.append(escaped)
                    } else {
                        word.unicodeScalars.append(next)
                    }
                }
            case "\\":
                inWord = true
                guard let escaped = iterator.next() else { throw SplitError(reason: "no escaped character") }
                word.unicodeScalars.append(escaped)
            default:
                inWord = true
                word.unicodeScalars.append(scalar)
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
