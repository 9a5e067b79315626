import AWSCore
import Yams

/// Applies an ``AWSAuthEdit`` to the lists of an aws-auth ConfigMap's `data` by editing their text:
/// a new entry is appended in the style of the entries already there, a removed entry's lines are
/// cut out, and nothing else — other entries, comments, other keys — is touched.
public enum AWSAuthEditor {
    /// The result of an edit: a change, or nothing to do and why.
    public enum Outcome: Sendable, Hashable {
        /// The list changes.
        case changed(AWSAuthChange)
        /// The ConfigMap already says what the edit asks for.
        case unchanged(String)
    }

    /// Applies `edit` to `data`.
    ///
    /// - Throws: ``AWSAuthEditError`` for invalid arguments, a duplicate ARN, nothing to remove, or a
    ///   list that cannot be edited safely (not YAML, flow style).
    public static func apply(_ edit: AWSAuthEdit, to data: [String: String]) throws(AWSAuthEditError) -> Outcome {
        switch edit {
        case .addRole(let mapping):
            try validate(mapping.roleARN, kind: "role", username: mapping.username)
            return try add(key: "mapRoles", arnKey: "rolearn", arn: mapping.roleARN, username: mapping.username, groups: mapping.groups, data: data)
        case .addUser(let mapping):
            try validate(mapping.userARN, kind: "user", username: mapping.username)
            return try add(key: "mapUsers", arnKey: "userarn", arn: mapping.userARN, username: mapping.username, groups: mapping.groups, data: data)
        case .addAccount(let account):
            guard account.count == 12, account.allSatisfy(\.isASCIIDigit) else { throw .invalidAccount(account) }
            let list = try editableList("mapAccounts", data)
            if list.entries.contains(where: { $0.node.string == account }) { return .unchanged("account \(account) is already in mapAccounts") }
            let line = AWSAuthEntryStyle(of: list, arnKey: "").accountLine(account)
            return .changed(appending([line], to: list, old: data["mapAccounts"]))
        case .removeAccount(let account):
            let list = try editableList("mapAccounts", data)
            let matches = list.entries.filter { $0.node.string == account }
            guard !matches.isEmpty else { throw .notFound("account \(account)") }
            return .changed(removing(matches, from: list, data: data))
        case .remove(let arn, let all):
            return try remove(arn: arn, all: all, data: data)
        }
    }

    /// eksctl's checks: the ARN parses and names a role (`add-role`) or a user (`add-user`).
    static func validate(_ arn: String, kind: String, username: String) throws(AWSAuthEditError) {
        guard let parsed = try? ARN(parsing: arn) else { throw .invalidARN(arn, "not an ARN (arn:aws:iam::111122223333:\(kind)/NAME)") }
        let parts = parsed.resourceParts
        if parsed.service == "sts", parts.first == "assumed-role", parts.count >= 3 {
            throw .invalidARN(
                arn, "an assumed-role session; map the role: arn:\(parsed.partition):iam::\(parsed.accountID):role/\(parts[1..<(parts.count - 1)].joined(separator: "/"))")
        }
        guard parsed.service == "iam", parts.first == kind, parts.count >= 2 else {
            let what = parts.first == "instance-profile" ? "an instance profile; map the role it contains" : "not an IAM \(kind) ARN"
            throw .invalidARN(arn, kind == "role" && parts.first == "user" ? "a user; use add-user" : kind == "user" && parts.first == "role" ? "a role; use add-role" : what)
        }
        guard !AWSAuthParser.isEmptyValue(username) else { throw .missingUsername(arn) }
    }

    static func editableList(_ key: String, _ data: [String: String]) throws(AWSAuthEditError) -> AWSAuthListText {
        let list = try AWSAuthListText(name: key, text: data[key] ?? "")
        if list.isFlow { throw .flowList(key) }
        return list
    }

    static func add(key: String, arnKey: String, arn: String, username: String, groups: [String], data: [String: String]) throws(AWSAuthEditError) -> Outcome {
        let list = try editableList(key, data)
        for entry in list.entries {
            guard let existing = entry.value(arnKey)?.string, existing.lowercased() == arn.lowercased() else { continue }
            let existingUsername = entry.value("username")?.string ?? ""
            let existingGroups = entry.value("groups")?.sequence?.compactMap(\.string) ?? []
            if existing == arn, existingUsername == username, existingGroups == groups {
                return .unchanged("\(arn) is already mapped to \(username) with these groups; nothing to change")
            }
            throw .duplicateARN(arn, existing: "username \(existingUsername)\(existingGroups.isEmpty ? "" : ", groups \(existingGroups.joined(separator: ","))")")
        }
        let lines = AWSAuthEntryStyle(of: list, arnKey: arnKey).lines(arnKey: arnKey, arn: arn, username: username, groups: groups)
        return .changed(appending(lines, to: list, old: data[key]))
    }

    static func appending(_ new: [String], to list: AWSAuthListText, old: String?) -> AWSAuthChange {
        guard let old, !AWSAuthParser.isEmptyValue(old) else {
            return AWSAuthChange(key: list.name, oldValue: old, newValue: AWSAuthListText.join(new, endsWithNewline: true), patch: .replace)
        }
        return AWSAuthChange(
            key: list.name, oldValue: old, newValue: AWSAuthListText.join(list.lines + new, endsWithNewline: list.endsWithNewline), patch: .append(new))
    }

    static func removing(_ entries: [AWSAuthListText.Entry], from list: AWSAuthListText, data: [String: String]) -> AWSAuthChange {
        var lines = list.lines
        for entry in entries.reversed() { lines.removeSubrange(entry.lines) }
        var change = AWSAuthChange(
            key: list.name, oldValue: data[list.name], newValue: AWSAuthListText.join(lines, endsWithNewline: list.endsWithNewline),
            patch: .remove(entries.map(\.lines)))
        change.removesKey = lines.isEmpty && data.keys.contains { $0 != list.name }
        return change
    }

    static func remove(arn: String, all: Bool, data: [String: String]) throws(AWSAuthEditError) -> Outcome {
        let kind = (try? ARN(parsing: arn))?.resourceParts.first
        let lists = kind == "user" ? [("mapUsers", "userarn")] : kind == "role" ? [("mapRoles", "rolearn")] : [("mapRoles", "rolearn"), ("mapUsers", "userarn")]
        var nearMisses: [String] = []
        for (key, arnKey) in lists where data[key] != nil {
            let list = try editableList(key, data)
            let matching = list.entries.filter { $0.value(arnKey)?.string == arn }
            nearMisses += list.entries.compactMap { $0.value(arnKey)?.string }.filter { $0 != arn && $0.lowercased() == arn.lowercased() }
            guard let first = matching.first else { continue }
            let removed = all ? matching : [first]
            var change = removing(removed, from: list, data: data)
            for entry in removed {
                let username = entry.value("username")?.string ?? ""
                let groups = entry.value("groups")?.sequence?.compactMap(\.string) ?? []
                if key == "mapRoles" {
                    change.removedRoles.append(RoleMapping(roleARN: arn, username: username, groups: groups))
                } else {
                    change.removedUsers.append(UserMapping(userARN: arn, username: username, groups: groups))
                }
            }
            if matching.count > removed.count {
                change.notes.append("there are \(matching.count - removed.count) mappings left with the same arn \(arn) (use --all to delete them at once)")
            }
            return .changed(change)
        }
        throw .notFound("arn \(arn)", hint: nearMisses.first.map { "ARNs are matched exactly; did you mean \($0)?" })
    }
}
