import Foundation
import Yams

/// Puts an ``AWSAuthChange`` into the ConfigMap YAML it came from, touching only the lines of the
/// changed list: in a literal block (`|`, `|-`, `|+`) the change's line insertions and removals are
/// made on the block's own lines, with its indentation; a list written another way (quoted, plain,
/// folded) is rewritten as a literal block; a missing key is added under `data:`. The result is read
/// back and must hold exactly the new text, or nothing is returned.
public enum ConfigMapYAMLSplice {
    /// The ConfigMap's `data`, read from `text`.
    ///
    /// - Throws: ``AWSAuthEditError/notAConfigMap(_:)`` when `text` is not YAML or has no `data` mapping.
    public static func data(of text: String) throws(AWSAuthEditError) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in try dataMapping(text).mapping { if let name = key.string { result[name] = value.string ?? "" } }
        return result
    }

    static func dataMapping(_ text: String) throws(AWSAuthEditError) -> (mapping: Node.Mapping, key: Node?) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw .notAConfigMap("not valid YAML: \(error)")
        }
        guard let top = root?.mapping else { throw .notAConfigMap("not a YAML mapping") }
        guard let entry = top.first(where: { $0.key.string == "data" }) else { return (Node.Mapping([]), nil) }
        if case .scalar(let scalar) = entry.value, scalar.string.isEmpty || scalar.string == "null" || scalar.string == "~" {
            return (Node.Mapping([]), entry.key)
        }
        guard let mapping = entry.value.mapping else { throw .notAConfigMap("data is not a mapping") }
        if mapping.style == .flow { throw .notAConfigMap("data is written in flow style ({...}); write it as a block mapping") }
        return (mapping, entry.key)
    }

    /// `text` with `change` made.
    ///
    /// - Throws: ``AWSAuthEditError/notAConfigMap(_:)`` when the text cannot be edited in place.
    public static func apply(_ change: AWSAuthChange, to text: String) throws(AWSAuthEditError) -> String {
        var expected = try data(of: text)
        expected[change.key] = change.removesKey ? nil : change.newValue
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let (mapping, dataKey) = try dataMapping(text)
        let pair = mapping.first { $0.key.string == change.key }
        if change.removesKey, let keyMark = pair?.key.mark {
            lines.removeSubrange((keyMark.line - 1)..<valueEnd(lines, keyLine: keyMark.line - 1, keyColumn: keyMark.column - 1))
            let result = lines.joined(separator: "\n")
            guard (try? data(of: result)) == expected else { throw .notAConfigMap("\(change.key) could not be removed in place") }
            return result
        }
        if let pair, let scalar = pair.value.scalar, scalar.style == .literal, let header = pair.value.mark?.line, let keyMark = pair.key.mark {
            // Content line i of the block is file line header + i (0-based: header is the key's line index + 1).
            let indent = contentIndent(lines, after: header, keyColumn: keyMark.column - 1)
            switch change.patch {
            case .append(let new):
                let oldCount = AWSAuthListText.lineCount(change.oldValue ?? "")
                lines.insert(contentsOf: new.map { $0.isEmpty ? "" : indent + $0 }, at: header + oldCount)
            case .remove(let ranges):
                for range in ranges.reversed() { lines.removeSubrange((header + range.lowerBound)..<(header + range.upperBound)) }
            case .replace:
                break
            }
            if change.patch != .replace {
                let result = lines.joined(separator: "\n")
                if (try? data(of: result)) == expected { return result }
                lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
        }
        // Rewrite the value as a literal block (or add the key).
        let keyColumn: Int
        var replaced: Range<Int>
        var prefix: String
        if let pair, let keyMark = pair.key.mark {
            keyColumn = keyMark.column - 1
            let keyLine = keyMark.line - 1
            replaced = keyLine..<valueEnd(lines, keyLine: keyLine, keyColumn: keyColumn)
            prefix = String(repeating: " ", count: keyColumn) + change.key
        } else {
            keyColumn = mapping.first?.key.mark.map { $0.column - 1 } ?? 2
            if let dataLine = dataKey?.mark?.line {
                var end = dataLine
                if let last = mapping.reversed().first, let lastLine = last.key.mark?.line {
                    end = valueEnd(lines, keyLine: lastLine - 1, keyColumn: keyColumn)
                }
                lines[dataLine - 1] = lines[dataLine - 1].replacingOccurrences(of: "data: null", with: "data:").replacingOccurrences(of: "data: ~", with: "data:")
                replaced = end..<end
            } else {
                if lines.last == "" { lines.removeLast() }
                lines.append("data:")
                replaced = lines.count..<lines.count
                lines.append("")
            }
            prefix = String(repeating: " ", count: keyColumn) + change.key
        }
        let block = literalBlock(change.newValue, indent: String(repeating: " ", count: keyColumn + 2))
        lines.replaceSubrange(replaced, with: [prefix + ": " + block[0]] + block.dropFirst())
        let result = lines.joined(separator: "\n")
        guard (try? data(of: result)) == expected else {
            throw .notAConfigMap("the \(change.key) value could not be rewritten in place; write it as a literal block (\(change.key): |)")
        }
        return result
    }

    /// The indentation of the block's content lines (the first non-blank one's), or the key's + 2.
    static func contentIndent(_ lines: [String], after header: Int, keyColumn: Int) -> String {
        var index = header
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " }
            if !trimmed.isEmpty {
                let count = line.count - trimmed.count
                return String(repeating: " ", count: count > keyColumn ? count : keyColumn + 2)
            }
            index += 1
        }
        return String(repeating: " ", count: keyColumn + 2)
    }

    /// The line index after the value of the key at `keyLine`: the next non-blank, non-comment
    /// line indented no deeper than the key (trailing blank lines stay outside).
    static func valueEnd(_ lines: [String], keyLine: Int, keyColumn: Int) -> Int {
        var index = keyLine + 1
        var lastContent = keyLine
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " }
            if !trimmed.isEmpty {
                if line.count - trimmed.count <= keyColumn { break }
                lastContent = index
            }
            index += 1
        }
        return lastContent + 1
    }

    /// `value` as a literal block: the header (`|`, `|-`, `|+`, with an indentation indicator when
    /// the first line starts with a space) and the indented lines.
    static func literalBlock(_ value: String, indent: String) -> [String] {
        var lines = value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let chomp: String
        if value.hasSuffix("\n\n") || value == "\n" {
            chomp = "+"
            lines.removeLast()
        } else if value.hasSuffix("\n") {
            chomp = ""
            lines.removeLast()
        } else {
            chomp = "-"
        }
        let indicator = lines.first?.hasPrefix(" ") == true ? "2" : ""
        return ["|" + indicator + chomp] + lines.map { $0.isEmpty ? "" : indent + $0 }
    }
}

extension AWSAuthListText {
    /// The number of lines of `text` as ``AWSAuthListText`` counts them.
    static func lineCount(_ text: String) -> Int {
        var count = text.split(separator: "\n", omittingEmptySubsequences: false).count
        if text.hasSuffix("\n") { count -= 1 }
        return count
    }
}
