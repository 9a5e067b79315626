import Foundation
import Yams

/// How a list writes its entries — the `- ` column, the keys' indentation and order, block or flow
/// groups — learned from the entries already there, so a new entry looks like its neighbours.
struct AWSAuthEntryStyle {
    /// Spaces before `- `.
    var dashIndent = 0
    /// Spaces from `- ` to the entry's keys.
    var keyOffset = 2
    /// `groups: [a, b]` rather than a block list.
    var flowGroups = false
    /// Spaces from a key to the `- ` of a block group list.
    var groupOffset = 2
    /// The order of the keys, among the ARN key, `username` and `groups` (as the last entry with an ARN has them).
    var order: [String]

    /// The style of `list`'s entries; defaults (eksctl's layout) for an empty list.
    init(of list: AWSAuthListText, arnKey: String) {
        order = [arnKey, "username", "groups"]
        guard let first = list.entries.first else { return }
        dashIndent = list.dashIndent
        if let column = first.node.mapping?.first?.key.mark?.column { keyOffset = max(1, column - 1 - dashIndent) }
        for entry in list.entries.reversed() {
            guard let groups = entry.value("groups"), let sequence = groups.sequence, !sequence.isEmpty else { continue }
            flowGroups = list.isFlow(groups)
            if !flowGroups, let line = sequence.first?.mark?.line, line - 1 < list.lines.count {
                groupOffset = list.lines[line - 1].prefix { $0 == " " }.count - dashIndent - keyOffset
            }
            break
        }
        if let keys = list.entries.last(where: { $0.value(arnKey) != nil })?.node.mapping?.map({ ($0.key.string ?? "").lowercased() }) {
            let known = keys.filter { order.contains($0) }
            order = known + order.filter { !known.contains($0) }
        }
    }

    /// The lines of a new entry.
    func lines(arnKey: String, arn: String, username: String, groups: [String]) -> [String] {
        var body: [String] = []
        for key in order {
            switch key {
            case arnKey: body.append("\(arnKey): \(Self.scalar(arn))")
            case "username": body.append("username: \(Self.scalar(username))")
            case "groups" where !groups.isEmpty:
                if flowGroups {
                    body.append("groups: [" + groups.map { Self.scalar($0, inFlow: true) }.joined(separator: ", ") + "]")
                } else {
                    body.append("groups:")
                    body += groups.map { String(repeating: " ", count: max(0, groupOffset)) + "- " + Self.scalar($0) }
                }
            default: break
            }
        }
        let pad = String(repeating: " ", count: dashIndent)
        let keyPad = String(repeating: " ", count: keyOffset)
        return body.enumerated().map { index, line in
            index == 0 ? pad + "-" + String(repeating: " ", count: keyOffset - 1) + line : pad + keyPad + line
        }
    }

    /// The line of a new account.
    func accountLine(_ account: String) -> String {
        String(repeating: " ", count: dashIndent) + "- \"\(account)\""
    }

    /// `value` as a YAML scalar: plain when YAML reads it back as the same string, else double-quoted.
    static func scalar(_ value: String, inFlow: Bool = false) -> String {
        let document = inFlow ? "[\(value)]" : "k: \(value)"
        let root = (try? Yams.compose(yaml: document)) ?? nil
        let node = inFlow ? (root?.sequence?.count == 1 ? root?.sequence?.first : nil) : root?.mapping?["k"]
        if !value.isEmpty, !value.contains("\n"), let node, node.scalar?.style == .plain, (node.any as? String) == value { return value }
        let encoded = (try? JSONSerialization.data(withJSONObject: [value], options: [.withoutEscapingSlashes])).map { String(decoding: $0, as: UTF8.self) }
        return encoded.map { String($0.dropFirst().dropLast()) } ?? "\"\(value)\""
    }
}
