import Foundation
import Yams

/// Parses the aws-auth ConfigMap's data — `mapRoles`, `mapUsers`, `mapAccounts`, each a YAML
/// document inside a string — as aws-iam-authenticator reads it (entry keys case-insensitive, empty
/// values such as `""` treated as absent), except that nothing is silently lost: a bad entry is
/// dropped and reported with its line, and a list with a YAML error is reported and returned as
/// `nil`, so the caller keeps the list it had (upstream empties it, which locks people out).
public enum AWSAuthParser {
    /// The result of parsing one ConfigMap.
    public struct Result: Sendable, Hashable {
        /// The role mappings; `nil` when `mapRoles` could not be read as YAML.
        public var roles: [RoleMapping]?
        /// The user mappings; `nil` when `mapUsers` could not be read as YAML.
        public var users: [UserMapping]?
        /// The accounts; `nil` when `mapAccounts` could not be read as YAML.
        public var accounts: [String]?
        /// Everything wrong, in order.
        public var problems: [MappingProblem]

        /// The mappings, with `previous` lists standing in for unreadable ones.
        public func mappings(keeping previous: AWSAuthMappings = AWSAuthMappings()) -> AWSAuthMappings {
            AWSAuthMappings(roles: roles ?? previous.roles, users: users ?? previous.users, accounts: accounts ?? previous.accounts)
        }
    }

    /// Parses ConfigMap `data` (top-level keys are case-sensitive, as in Kubernetes).
    public static func parse(data: [String: String]) -> Result {
        var problems: [MappingProblem] = []
        let roles = data["mapRoles"].map { parseEntries($0, list: "mapRoles", arnKey: "rolearn", problems: &problems) }
        let users = data["mapUsers"].map { parseEntries($0, list: "mapUsers", arnKey: "userarn", problems: &problems) }
        let accounts = data["mapAccounts"].map { parseAccounts($0, problems: &problems) }
        // As upstream, which keys its lists by ARN: of two entries for one ARN the later wins.
        return Result(
            roles: roles.map { $0.map { keepingLast($0).map { RoleMapping(roleARN: $0.arn, username: $0.username, groups: $0.groups, sso: $0.sso) } } } ?? [],
            users: users.map { $0.map { keepingLast($0).map { UserMapping(userARN: $0.arn, username: $0.username, groups: $0.groups) } } } ?? [],
            accounts: accounts ?? [],
            problems: problems)
    }

    private struct Entry {
        var arn: String
        var username: String
        var groups: [String]
        var sso: SSORoleMatcher? = nil
    }

    /// `entries` without those a later entry for the same ARN (compared without case) replaces.
    private static func keepingLast(_ entries: [Entry]) -> [Entry] {
        var seen: Set<String> = []
        var kept: [Entry] = []
        for entry in entries.reversed() where seen.insert(entry.arn.lowercased()).inserted { kept.append(entry) }
        return kept.reversed()
    }

    static func isEmptyValue(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty || trimmed == "\"\"" || trimmed == "''" || trimmed == "``"
    }

    /// The entries of one list, `nil` when it is not YAML or not a list.
    private static func parseEntries(_ text: String, list: String, arnKey: String, problems: inout [MappingProblem]) -> [Entry]? {
        if isEmptyValue(text) { return [] }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            problems.append(MappingProblem(list: list, line: yamlLine(error), message: "\(list) is not valid YAML (\(yamlReason(error))); the previous \(list) stay in force"))
            return nil
        }
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            problems.append(MappingProblem(list: list, line: node.mark.map { $0.line }, message: "\(list) must be a YAML list of entries; the previous \(list) stay in force"))
            return nil
        }
        let otherKey = arnKey == "rolearn" ? "userarn" : "rolearn"
        var entries: [Entry] = []
        for item in sequence {
            let line = item.mark.map { $0.line }
            guard let mapping = item.mapping else {
                problems.append(MappingProblem(list: list, line: line, message: "an entry of \(list) is not a mapping of rolearn/userarn, username and groups; it is ignored"))
                continue
            }
            var arn: String?
            var username = ""
            var groups: [String] = []
            var sso: SSORoleMatcher?
            var bad = false
            for (key, value) in mapping {
                let name = (key.string ?? "").lowercased()
                switch name {
                case arnKey:
                    arn = value.string
                case "username":
                    username = value.string ?? ""
                case "groups":
                    if let sequence = value.sequence {
                        groups = sequence.compactMap(\.string)
                    } else if value.string.map(isEmptyValue) ?? false {
                        groups = []
                    } else {
                        problems.append(MappingProblem(list: list, line: line, message: "groups must be a list of group names; the entry is ignored"))
                        bad = true
                    }
                case otherKey:
                    problems.append(MappingProblem(list: list, line: line, message: "\(key.string ?? name) belongs under \(list == "mapRoles" ? "mapUsers" : "mapRoles"), not \(list); the entry is ignored"))
                    bad = true
                case "sso" where list == "mapRoles":
                    let fields = Dictionary(
                        (value.mapping ?? [:]).map { (($0.key.string ?? "").lowercased(), $0.value.string ?? "") }, uniquingKeysWith: { $1 })
                    guard value.mapping != nil, let name = fields["permissionsetname"], let account = fields["accountid"] else {
                        problems.append(MappingProblem(
                            list: list, line: line, message: "sso must be a mapping with permissionSetName and accountID (and optionally partition); the entry is ignored"))
                        bad = true
                        continue
                    }
                    let matcher = SSORoleMatcher(permissionSetName: name, accountID: account, partition: fields["partition"])
                    if let problem = matcher.problem {
                        problems.append(MappingProblem(list: list, line: line, message: "\(problem); the entry is ignored"))
                        bad = true
                    }
                    sso = matcher
                case "userid", "sso":
                    break
                default:
                    problems.append(MappingProblem(list: list, line: key.mark.map { $0.line } ?? line, message: "unknown key \(key.string ?? name) in a \(list) entry (ignored)"))
                }
            }
            guard !bad else { continue }
            if let sso {
                guard arn.map(isEmptyValue) ?? true else {
                    problems.append(MappingProblem(list: list, line: line, message: "only one of rolearn or sso can be supplied; the entry is ignored"))
                    continue
                }
                entries.append(Entry(arn: sso.pattern, username: username, groups: groups, sso: sso))
                continue
            }
            guard let arn, !isEmptyValue(arn) else {
                let wanted = list == "mapRoles" ? "rolearn (or sso)" : arnKey
                problems.append(MappingProblem(list: list, line: line, message: "a \(list) entry has no \(wanted); it is ignored"))
                continue
            }
            entries.append(Entry(arn: arn, username: username, groups: groups))
        }
        return entries
    }

    private static func parseAccounts(_ text: String, problems: inout [MappingProblem]) -> [String]? {
        if isEmptyValue(text) { return [] }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            problems.append(MappingProblem(list: "mapAccounts", line: yamlLine(error), message: "mapAccounts is not valid YAML (\(yamlReason(error))); the previous mapAccounts stay in force"))
            return nil
        }
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            problems.append(MappingProblem(list: "mapAccounts", line: node.mark.map { $0.line }, message: "mapAccounts must be a YAML list of account ids; the previous mapAccounts stay in force"))
            return nil
        }
        return sequence.compactMap { item in
            guard let text = item.string, !text.isEmpty else { return nil }
            return text
        }
    }

    private static func yamlLine(_ error: any Error) -> Int? {
        if let error = error as? YamlError, case .scanner(_, _, let mark, _) = error { return mark.line }
        if let error = error as? YamlError, case .parser(_, _, let mark, _) = error { return mark.line }
        return nil
    }

    private static func yamlReason(_ error: any Error) -> String {
        if let error = error as? YamlError {
            switch error {
            case .scanner(_, let problem, _, _), .parser(_, let problem, _, _): return problem
            default: break
            }
        }
        return "\(error)"
    }
}

/// Something wrong in an aws-auth source, with the line (inside the list's YAML) when known.
public struct MappingProblem: Sendable, Hashable, CustomStringConvertible {
    /// `mapRoles`, `mapUsers` or `mapAccounts`.
    public var list: String
    /// The line within the list's text, 1-based, when known.
    public var line: Int?
    /// What is wrong and what happens to it.
    public var message: String

    public var description: String { line.map { "\(list) line \($0): \(message)" } ?? "\(list): \(message)" }
}
