public import Foundation
import AWSCore
import Yams

/// One thing `eksauth aws-auth lint` found, with its line in the ConfigMap file.
public struct LintFinding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How bad it is.
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        /// Works, but is risky or likely not what was meant.
        case warning
        /// An entry (or list) that does not do what it says: ignored, never matching, or emptied upstream.
        case error

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .warning && rhs == .error }
    }

    /// How bad it is.
    public var severity: Severity
    /// A stable name for the check (`yaml-error`, `role-path`, …).
    public var check: String
    /// `mapRoles`, `mapUsers`, `mapAccounts` or `ConfigMap`.
    public var list: String
    /// The line in the file, 1-based, when known.
    public var line: Int?
    /// What is wrong and what to do.
    public var message: String

    public var description: String {
        "\(line.map { "line \($0): " } ?? "")\(severity.rawValue): \(list): \(message) [\(check)]"
    }
}

/// Checks an aws-auth ConfigMap the way aws-iam-authenticator reads it and reports, with lines,
/// every way the seeds describe of breaking it: YAML errors inside the lists (upstream silently
/// empties the whole list), unknown or misspelled keys, role ARNs with a path (never match upstream),
/// session, instance-profile or other non-role/user ARNs, `userarn` under `mapRoles` and the
/// reverse, templates that cannot render, duplicate ARNs (the later silently replaces the earlier),
/// unquoted account ids, empty usernames, node roles without `system:bootstrappers`/`system:nodes`,
/// `system:masters` grants, and — given the groups RBAC bindings refer to — groups nothing binds.
public enum AWSAuthLinter {
    /// The keys an entry may have.
    static let knownKeys = ["rolearn", "userarn", "username", "groups", "userid", "sso"]
    /// The templates usernames and groups may use.
    static let templates = ["{{AccountID}}", "{{SessionName}}", "{{SessionNameRaw}}", "{{AccessKeyID}}", "{{EC2PrivateDNSName}}"]

    /// Lints the ConfigMap YAML `text`. `boundGroups`, when given, are the groups RBAC bindings name.
    public static func lint(configMap text: String, boundGroups: Set<String>? = nil) -> [LintFinding] {
        var findings: [LintFinding] = []
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            return [LintFinding(severity: .error, check: "yaml-error", list: "ConfigMap", line: nil, message: "the file is not valid YAML: \(error)")]
        }
        guard let data = root?.mapping?["data"]?.mapping else {
            return [LintFinding(severity: .error, check: "not-a-configmap", list: "ConfigMap", line: nil, message: "no data section: is this the aws-auth ConfigMap?")]
        }
        var offsets: [String: Int] = [:]
        var values: [String: String] = [:]
        for (key, value) in data {
            guard let name = key.string else { continue }
            values[name] = value.string ?? ""
            // A block scalar (`mapRoles: |`) starts on the line after its key; a quoted one on the key's line.
            let blockStyle = value.scalar.map { $0.style == .literal || $0.style == .folded } ?? false
            offsets[name] = (value.mark?.line ?? key.mark?.line ?? 1) - (blockStyle ? 0 : 1)
            if !["mapRoles", "mapUsers", "mapAccounts"].contains(name) {
                let close = ["mapRoles", "mapUsers", "mapAccounts"].first { editDistance($0.lowercased(), name.lowercased()) <= 2 }
                findings.append(LintFinding(
                    severity: close == nil ? .warning : .error, check: "unknown-data-key", list: "ConfigMap", line: key.mark?.line,
                    message: close.map { "data key \(name) is not read; did you mean \($0)?" } ?? "data key \(name) is not read by the authenticator"))
            }
        }
        func fileLine(_ list: String, _ inner: Int?) -> Int? { inner.map { $0 + (offsets[list] ?? 0) } }

        for problem in AWSAuthParser.parse(data: values).problems {
            let check: String
            let severity: LintFinding.Severity
            if problem.message.contains("is not valid YAML") || problem.message.contains("must be a YAML list") {
                (check, severity) = ("yaml-error", .error)
            } else if problem.message.contains("belongs under") {
                (check, severity) = ("wrong-list", .error)
            } else if problem.message.hasPrefix("unknown key") {
                // A misspelled key loses its value; an extra key (a comment) is harmless.
                let key = problem.message.split(separator: " ").dropFirst(2).first.map { $0.lowercased() } ?? ""
                (check, severity) = ("unknown-key", knownKeys.contains { editDistance($0, key) <= 2 } ? .error : .warning)
            } else {
                (check, severity) = ("ignored-entry", .error)
            }
            var message = problem.message
            if check == "yaml-error" { message += " — aws-iam-authenticator would empty this whole list" }
            if check == "unknown-key", let key = problem.message.split(separator: " ").dropFirst(2).first,
                let close = knownKeys.first(where: { editDistance($0, key.lowercased()) <= 2 })
            {
                message += "; did you mean \(close)?"
            }
            findings.append(LintFinding(severity: severity, check: check, list: problem.list, line: fileLine(problem.list, problem.line), message: message))
        }

        for (list, arnKey) in [("mapRoles", "rolearn"), ("mapUsers", "userarn")] {
            guard let text = values[list], let sequence = (try? Yams.compose(yaml: text))??.sequence else { continue }
            var seen: [String: Int?] = [:]
            for item in sequence {
                guard let entry = item.mapping else { continue }
                let line = fileLine(list, item.mark?.line)
                func value(_ key: String) -> Node? { entry.first { ($0.key.string ?? "").lowercased() == key }?.value }
                var arn = value(arnKey)?.string ?? ""
                if AWSAuthParser.isEmptyValue(arn), list == "mapRoles", let sso = ssoMatcher(value("sso")), sso.problem == nil {
                    arn = sso.pattern
                    let explicit = !(sso.partition ?? "").isEmpty
                    findings.append(LintFinding(
                        severity: .warning, check: "sso-entry", list: list, line: line,
                        message: "an sso entry matches the roles of permission set \(sso.permissionSetName) (\(sso.pattern)) in eksauth; aws-iam-authenticator matches it only with --feature-gates=SSORoleMatch=true"
                            + (explicit ? ", and with an explicit partition never (an upstream bug) — leave partition out for aws" : "")))
                    let numeric = value("sso")?.mapping?.first { ($0.key.string ?? "").lowercased() == "accountid" }?.value.scalar
                    if let numeric, numeric.style == .plain {
                        findings.append(LintFinding(
                            severity: .error, check: "unquoted-account", list: list, line: line,
                            message: "sso accountID \(numeric.string) is not quoted; aws-iam-authenticator reads it as a number and drops the whole mapRoles list: write \"\(numeric.string)\""))
                    }
                } else if AWSAuthParser.isEmptyValue(arn) {
                    continue
                } else {
                    findings += checkARN(arn, list: list, line: line)
                }
                let username = value("username")?.string ?? ""
                let groups = value("groups")?.sequence?.compactMap(\.string) ?? []
                if let earlier = seen[arn.lowercased()] {
                    findings.append(LintFinding(
                        severity: .error, check: "duplicate-arn", list: list, line: line,
                        message: "\(arn) is mapped again\(earlier.map { " (first at line \($0))" } ?? ""); the later entry silently replaces the earlier one"))
                }
                seen[arn.lowercased()] = line
                findings += checkMapping(list: list, line: line, username: username, groups: groups, boundGroups: boundGroups)
            }
        }

        if let text = values["mapAccounts"], let sequence = (try? Yams.compose(yaml: text))??.sequence {
            for item in sequence {
                guard let scalar = item.scalar else { continue }
                let line = fileLine("mapAccounts", item.mark?.line)
                let digits = scalar.string.count == 12 && scalar.string.allSatisfy(\.isASCIIDigit)
                if !digits {
                    findings.append(LintFinding(
                        severity: .error, check: "bad-account", list: "mapAccounts", line: line, message: "\(scalar.string) is not a 12-digit account id"))
                } else if scalar.style == .plain {
                    findings.append(LintFinding(
                        severity: scalar.string.hasPrefix("0") ? .error : .warning, check: "unquoted-account", list: "mapAccounts", line: line,
                        message: "account \(scalar.string) is not quoted; YAML may read it as a number\(scalar.string.hasPrefix("0") ? " and drop its leading zero" : ""): write \"\(scalar.string)\""))
                }
            }
        }
        return findings.sorted { ($0.line ?? 0, $0.list) < ($1.line ?? 0, $1.list) }
    }

    /// The `sso` of an entry, when it is a mapping with a permission set and an account.
    static func ssoMatcher(_ node: Node?) -> SSORoleMatcher? {
        guard let mapping = node?.mapping else { return nil }
        let fields = Dictionary(mapping.map { (($0.key.string ?? "").lowercased(), $0.value.string ?? "") }, uniquingKeysWith: { $1 })
        guard let name = fields["permissionsetname"], let account = fields["accountid"] else { return nil }
        return SSORoleMatcher(permissionSetName: name, accountID: account, partition: fields["partition"])
    }

    static func checkARN(_ arn: String, list: String, line: Int?) -> [LintFinding] {
        guard let parsed = try? ARN(parsing: arn) else {
            return [LintFinding(severity: .error, check: "bad-arn", list: list, line: line, message: "\(arn) is not an ARN; the entry never matches")]
        }
        let parts = parsed.resourceParts
        let wanted = list == "mapRoles" ? "role" : "user"
        if parsed.service == "sts", parts.first == "assumed-role", parts.count >= 3 {
            return [LintFinding(
                severity: .error, check: "session-arn", list: list, line: line,
                message: "\(arn) is an assumed-role session; map the role instead: arn:\(parsed.partition):iam::\(parsed.accountID):role/\(parts[1..<(parts.count - 1)].joined(separator: "/"))")]
        }
        guard parsed.service == "iam", parts.first == wanted else {
            let what = parts.first == "instance-profile" ? "an instance profile, not a role (use the role the profile contains)" : "not an IAM \(wanted) ARN"
            return [LintFinding(severity: .error, check: "wrong-arn-type", list: list, line: line, message: "\(arn) is \(what); the entry never matches")]
        }
        if wanted == "role", parts.count > 2 {
            return [LintFinding(
                severity: .warning, check: "role-path", list: list, line: line,
                message: "\(arn) has a path; aws-iam-authenticator never matches it (issue #268; eksauth does) — map arn:\(parsed.partition):iam::\(parsed.accountID):role/\(parts.last ?? "") for both")]
        }
        return []
    }

    static func checkMapping(list: String, line: Int?, username: String, groups: [String], boundGroups: Set<String>?) -> [LintFinding] {
        var findings: [LintFinding] = []
        if AWSAuthParser.isEmptyValue(username) {
            findings.append(LintFinding(severity: .error, check: "empty-username", list: list, line: line, message: "the username is empty; the API server refuses an empty user"))
        }
        let isNode = username.hasPrefix("system:node:")
        for text in [username] + groups {
            var rest = text[...]
            while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
                let template = String(rest[open.lowerBound..<close.upperBound])
                if !templates.contains(template) {
                    findings.append(LintFinding(severity: .error, check: "unknown-template", list: list, line: line, message: "\(template) is not a template the authenticator knows; it stays as written"))
                } else if list == "mapUsers", template.hasPrefix("{{SessionName") {
                    findings.append(LintFinding(severity: .error, check: "template", list: list, line: line, message: "\(template) cannot render for an IAM user, which has no session"))
                } else if template == "{{EC2PrivateDNSName}}", list == "mapUsers" || !isNode {
                    findings.append(LintFinding(
                        severity: list == "mapUsers" ? .error : .warning, check: "template", list: list, line: line,
                        message: "{{EC2PrivateDNSName}} only renders for EC2 instance sessions of a node role (username system:node:{{EC2PrivateDNSName}})"))
                }
                rest = rest[close.upperBound...]
            }
        }
        if isNode {
            let missing = ["system:bootstrappers", "system:nodes"].filter { !groups.contains($0) }
            if !missing.isEmpty {
                findings.append(LintFinding(
                    severity: .error, check: "node-groups", list: list, line: line,
                    message: "a node mapping without \(missing.joined(separator: " and ")); nodes using it cannot join or be authorized"))
            }
        }
        if groups.contains("system:masters") {
            findings.append(LintFinding(severity: .warning, check: "system-masters", list: list, line: line, message: "grants system:masters: cluster-admin that no RBAC change can take away"))
        }
        if let boundGroups {
            for group in groups where !group.hasPrefix("system:") && !group.contains("{{") && !boundGroups.contains(group) {
                findings.append(LintFinding(severity: .warning, check: "unbound-group", list: list, line: line, message: "no RoleBinding or ClusterRoleBinding names group \(group); it grants nothing"))
            }
        }
        return findings
    }

    /// Levenshtein distance, for "did you mean".
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
