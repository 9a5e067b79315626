import Yams

/// The text of one aws-auth list (`mapRoles`, `mapUsers` or `mapAccounts`) as lines, with where
/// each entry is: edits are line insertions and removals on it, so every other byte stays as written.
struct AWSAuthListText {
    /// One entry of the list and the lines it spans.
    struct Entry {
        /// The entry's lines (0-based, half-open): from its `- ` line to its last line, without
        /// trailing blank lines and comments at the list's own indentation (those introduce the next entry).
        var lines: Range<Int>
        /// The parsed entry.
        var node: Node

        /// The value of `key`, compared without case as the authenticator does.
        func value(_ key: String) -> Node? {
            node.mapping?.first { ($0.key.string ?? "").lowercased() == key }?.value
        }
    }

    /// The list's name.
    let name: String
    /// The lines, without their line breaks.
    var lines: [String]
    /// Whether the text ends with a line break.
    var endsWithNewline: Bool
    /// The entries, in order.
    let entries: [Entry]
    /// The root node, when there is one.
    let root: Node?

    /// Splits and parses `text`.
    ///
    /// - Throws: ``AWSAuthEditError/unreadableList(_:_:)`` when the text is not YAML or not a list.
    init(name: String, text: String) throws(AWSAuthEditError) {
        self.name = name
        // YAML also breaks lines at these; entry positions would not match the `\n` lines.
        if text.unicodeScalars.contains(where: { ["\r", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) }) {
            throw .unreadableList(
                name, "it contains carriage returns or Unicode line separators; rewrite it with plain \\n line ends (kubectl edit, or save the file with LF endings) and try again")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { lines.removeLast() }
        self.lines = lines
        if AWSAuthParser.isEmptyValue(text) {
            root = nil
            entries = []
            return
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw .unreadableList(name, "not valid YAML: \(error)")
        }
        root = node
        guard let node else {
            entries = []
            return
        }
        guard let sequence = node.sequence else { throw .unreadableList(name, "not a YAML list") }
        var starts: [Int] = []
        for item in sequence {
            var index = max(0, (item.mark?.line ?? 1) - 1)
            while index > 0, !lines[index].drop(while: { $0 == " " }).hasPrefix("-") { index -= 1 }
            starts.append(index)
        }
        var entries: [Entry] = []
        for (position, item) in sequence.enumerated() {
            let start = starts[position]
            let dashIndent = lines[start].prefix { $0 == " " }.count
            var end = position + 1 < starts.count ? starts[position + 1] : lines.count
            while end > start + 1 {
                let line = lines[end - 1]
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                let indent = line.count - trimmed.count
                guard trimmed.isEmpty || (trimmed.hasPrefix("#") && indent <= dashIndent) else { break }
                end -= 1
            }
            entries.append(Entry(lines: start..<end, node: item))
        }
        self.entries = entries
    }

    /// Whether the list is written in flow style (`[ … ]`).
    var isFlow: Bool { root.map(isFlow) ?? false }

    /// Whether `node` (a sequence or mapping of this text) is written in flow style: its first
    /// character is `[` or `{`. (Yams reports the style of a sequence's end, not its start.)
    func isFlow(_ node: Node) -> Bool {
        guard let mark = node.mark, mark.line - 1 < lines.count else { return false }
        let line = Array(lines[mark.line - 1])
        guard mark.column - 1 < line.count else { return false }
        return line[mark.column - 1] == "[" || line[mark.column - 1] == "{"
    }

    /// The text of `lines`.
    static func join(_ lines: [String], endsWithNewline: Bool) -> String {
        lines.joined(separator: "\n") + (endsWithNewline && !lines.isEmpty ? "\n" : "")
    }

    /// The column (0-based) of the entries' `- `, as the first entry writes it; 0 for an empty list.
    var dashIndent: Int {
        entries.first.map { lines[$0.lines.lowerBound].prefix { $0 == " " }.count } ?? 0
    }
}
