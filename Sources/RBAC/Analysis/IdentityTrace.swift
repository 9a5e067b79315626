public import AccessModel
import AWSCore
import Foundation

/// How an IAM principal becomes a Kubernetes user on an EKS cluster, step by step, as EKS's
/// authenticator decides it: the canonical ARN, the access entry (when the authentication mode reads
/// them; an entry wins over aws-auth), then the aws-auth ConfigMap (`mapRoles`, `mapUsers`,
/// `mapAccounts`, when the mode reads it), and the rendered username and groups — or why nothing
/// matched, with the near misses (a `rolearn` with a path, which EKS does not match; a role under
/// `mapUsers` or a user under `mapRoles`; a name or account that differs slightly; a source the mode
/// does not read).
///
/// Unlike ``IdentityMapper`` (which eksauth's own server uses, and which forgives a role path), this
/// follows EKS: a `rolearn` with a path does not match.
public struct IdentityTrace: Sendable, Hashable {
    /// The ARN given.
    public var inputARN: String
    /// The canonical ARN (the role of an assumed-role session), when the ARN parses.
    public var canonicalARN: String?
    /// The role session name used for templates.
    public var sessionName: String
    /// One line per step, for people.
    public var steps: [String]
    /// Why the principal is not mapped (empty when it is).
    public var problems: [String]
    /// The user, when mapped.
    public var user: MappedUser?
    /// The access entry that mapped it, if one did (its policies apply).
    public var accessEntry: AccessEntry?
    /// The principal to name in `aws eks create-access-entry` (the role without session or path kept as given).
    public var principalForEntry: String?

    /// Whether the principal authenticates (EKS answers `Unauthorized` otherwise).
    public var isMapped: Bool { user != nil }

    /// Traces `arn` (an IAM role or user ARN, or an STS assumed-role session ARN) on cluster `cluster`.
    /// `sessionName` stands for the session of an IAM role ARN (an assumed-role ARN carries its own).
    public init(
        arn: String, cluster: String, mode: AuthenticationMode, awsAuth: AWSAuthMappings?, accessEntries: [AccessEntry],
        sessionName: String = "session"
    ) {
        self.inputARN = arn
        self.steps = []
        self.problems = []
        self.sessionName = sessionName
        let canonical: CanonicalARN
        do {
            canonical = try CanonicalARN(canonicalizing: arn)
        } catch {
            canonicalARN = nil
            self.sessionName = ""
            steps.append("caller ARN \(arn) is not an IAM identity ARN: \(error)")
            problems.append("\(arn) is not an ARN STS returns for a caller (arn:aws:iam::ACCOUNT:role/NAME, …:user/NAME or arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION)")
            return
        }
        canonicalARN = canonical.arn
        if let session = canonical.sessionName { self.sessionName = session }
        let session = self.sessionName
        switch canonical.type {
        case .assumedRole:
            steps.append("caller \(arn): session \(GoQuote.quote(session)) of role \(canonical.arn)")
        case .role:
            steps.append("caller: role \(arn) (session name \(GoQuote.quote(session)) assumed for templates; pass --session-name to change it)")
        default:
            steps.append("caller: \(arn)")
        }
        steps.append("canonical ARN (what mappings are matched against): \(canonical.arn)")
        principalForEntry = canonical.type == .root || canonical.type == .federatedUser ? nil : canonical.arn
        let userID = canonical.type == .assumedRole || canonical.type == .role ? "AROAEXAMPLEEXAMPLE:\(session)" : "AIDAEXAMPLEEXAMPLE"
        let identity = try? AWSIdentity(
            arn: canonical.type == .role ? "arn:\(canonical.partition):sts::\(canonical.accountID):assumed-role/\(Self.lastName(canonical.arn))/\(session)" : arn,
            accountID: canonical.accountID, userIDWithSession: userID, accessKeyID: "ASIAEXAMPLE", stsHost: "sts.amazonaws.com")
        steps.append(
            "authentication mode \(mode.rawValue): access entries \(mode.usesAccessEntries ? "read" : "not read"), aws-auth ConfigMap \(mode.usesConfigMap ? "read" : "not read")"
        )

        // Access entries.
        let key = AccessRegistry.entryKey(cluster: cluster, canonical: canonical)
        let entry = key.flatMap { key in
            accessEntries.first { AccessRegistry.entryKey(cluster: cluster, canonicalARN: Self.stripPath($0.principalArn)) == key }
        }
        if let entry {
            let summary =
                "access entry for \(entry.principalArn) (username \(GoQuote.quote(entry.username)), groups \(GoQuote.quote(entry.effectiveGroups)), \(entry.accessPolicies.count) access \(entry.accessPolicies.count == 1 ? "policy" : "policies"))"
            if mode.usesAccessEntries {
                steps.append("matched: \(summary)")
            } else {
                steps.append("ignored: \(summary) — mode CONFIG_MAP does not read access entries")
                problems.append(
                    "the access entry for \(entry.principalArn) is not used: the cluster's authentication mode is CONFIG_MAP (switch it with aws eks update-cluster-config --name \(cluster) --access-config authenticationMode=API_AND_CONFIG_MAP)"
                )
            }
        } else if mode.usesAccessEntries {
            steps.append("access entries: none for \(canonical.arn) (\(accessEntries.count) read)")
            for near in Self.nearMisses(canonical.arn, accessEntries.map(\.principalArn)) {
                steps.append("  near miss: access entry for \(near)")
                problems.append("the access entry for \(near) does not match \(canonical.arn)")
            }
        }
        if let entry, mode.usesAccessEntries {
            accessEntry = entry
            if let awsAuth, mode.usesConfigMap, Self.configMapMatch(canonical, awsAuth) != nil {
                steps.append("aws-auth also maps it; access entries take precedence (the whole mapping is the entry's)")
            }
            user = Self.render(entry.username, entry.effectiveGroups, identity, source: "accessEntry", steps: &steps, problems: &problems)
            user?.accessEntryArn = entry.accessEntryArn
            return
        }

        // aws-auth.
        guard let awsAuth else {
            if mode.usesConfigMap { steps.append("aws-auth ConfigMap: not given (--aws-auth)") }
            if problems.isEmpty { problems.append("no access entry or aws-auth mapping for \(canonical.arn)") }
            return
        }
        if let match = Self.configMapMatch(canonical, awsAuth) {
            if mode.usesConfigMap {
                steps.append("matched: aws-auth \(match.description)")
                user = Self.render(match.username, match.groups, identity, source: match.list, steps: &steps, problems: &problems)
                if match.list == "mapAccounts" { user = MappedUser(username: canonical.arn, groups: [], source: "mapAccounts") }
            } else {
                steps.append("ignored: aws-auth \(match.description) — mode API does not read the aws-auth ConfigMap")
                problems.append(
                    "the aws-auth mapping for \(canonical.arn) is not used: the cluster's authentication mode is API; create an access entry instead")
            }
            return
        }
        steps.append("aws-auth: no mapping for \(canonical.arn) (\(awsAuth.roles.count) mapRoles, \(awsAuth.users.count) mapUsers, \(awsAuth.accounts.count) mapAccounts)")
        let isRole = canonical.type == .role || canonical.type == .assumedRole
        for mapping in awsAuth.roles where isRole && mapping.roleARN.lowercased() != canonical.arn.lowercased()
            && Self.stripPath(mapping.roleARN).lowercased() == Self.stripPath(canonical.arn).lowercased()
        {
            let line =
                "mapRoles rolearn \(mapping.roleARN) has a path: EKS matches the ARN STS reports, which has no path, so it never matches; write rolearn: \(Self.stripPath(mapping.roleARN))"
            steps.append("  near miss: " + line)
            problems.append(line)
        }
        if isRole, let wrong = awsAuth.users.first(where: { Self.stripPath($0.userARN).lowercased() == Self.stripPath(canonical.arn).lowercased() }) {
            let line = "\(wrong.userARN) is under mapUsers (userarn), but it is a role: move it to mapRoles as rolearn"
            steps.append("  near miss: " + line)
            problems.append(line)
        }
        if canonical.type == .user, let wrong = awsAuth.roles.first(where: { $0.roleARN.lowercased() == canonical.arn.lowercased() }) {
            let line = "\(wrong.roleARN) is under mapRoles (rolearn), but it is a user: move it to mapUsers as userarn"
            steps.append("  near miss: " + line)
            problems.append(line)
        }
        let candidates = (isRole ? awsAuth.roles.map(\.roleARN) : awsAuth.users.map(\.userARN)).filter {
            Self.stripPath($0).lowercased() != Self.stripPath(canonical.arn).lowercased()
        }
        for near in Self.nearMisses(canonical.arn, candidates) {
            let line = "aws-auth maps \(near), not \(canonical.arn) (a typo or another account?)"
            steps.append("  near miss: " + line)
            problems.append(line)
        }
        if !mode.usesConfigMap {
            problems.append("the cluster's authentication mode is API: only access entries are read")
        }
        if problems.isEmpty { problems.append("no access entry or aws-auth mapping for \(canonical.arn)") }
    }

    // MARK: - Helpers

    struct ConfigMapMatch {
        var list: String
        var index: Int
        var arn: String
        var username: String
        var groups: [String]
        var description: String {
            list == "mapAccounts"
                ? "mapAccounts[\(index)] \(arn) (username: the caller's canonical ARN, no groups)"
                : "\(list)[\(index)] \(arn) (username \(GoQuote.quote(username)), groups \(GoQuote.quote(groups)))"
        }
    }

    /// The aws-auth mapping EKS would use for `canonical`: exact, case-insensitive ARN match (no path stripping).
    static func configMapMatch(_ canonical: CanonicalARN, _ mappings: AWSAuthMappings) -> ConfigMapMatch? {
        let arn = canonical.arn.lowercased()
        switch canonical.type {
        case .assumedRole, .role:
            if let index = mappings.roles.firstIndex(where: { $0.roleARN.lowercased() == arn }) {
                let mapping = mappings.roles[index]
                return ConfigMapMatch(list: "mapRoles", index: index, arn: mapping.roleARN, username: mapping.username, groups: mapping.groups)
            }
        case .user, .root, .federatedUser:
            if let index = mappings.users.firstIndex(where: { $0.userARN.lowercased() == arn }) {
                let mapping = mappings.users[index]
                return ConfigMapMatch(list: "mapUsers", index: index, arn: mapping.userARN, username: mapping.username, groups: mapping.groups)
            }
        }
        if let index = mappings.accounts.firstIndex(of: canonical.accountID) {
            return ConfigMapMatch(list: "mapAccounts", index: index, arn: canonical.accountID, username: "", groups: [])
        }
        return nil
    }

    static func render(
        _ username: String, _ groups: [String], _ identity: AWSIdentity?, source: String, steps: inout [String], problems: inout [String]
    ) -> MappedUser? {
        guard let identity else { return MappedUser(username: username, groups: groups, source: source) }
        do throws(MappingError) {
            let name = try Template.render(username, identity)
            var rendered: [String] = []
            for group in groups { rendered.append(try Template.render(group, identity)) }
            if name != username || rendered != groups {
                steps.append("templates rendered: username \(GoQuote.quote(name)), groups \(GoQuote.quote(rendered))")
            }
            return MappedUser(username: name, groups: rendered, source: source)
        } catch {
            steps.append("templates: \(error); shown unrendered")
            return MappedUser(username: username, groups: groups, source: source)
        }
    }

    /// `arn:aws:iam::1:role/a/b/name` → `arn:aws:iam::1:role/name` (users too).
    public static func stripPath(_ arn: String) -> String {
        for marker in [":role/", ":user/"] {
            guard let range = arn.range(of: marker) else { continue }
            let name = arn[range.upperBound...].split(separator: "/").last.map(String.init) ?? ""
            return String(arn[..<range.upperBound]) + name
        }
        return arn
    }

    /// The last `/`-separated part of an ARN (a role or user name).
    public static func lastName(_ arn: String) -> String { arn.split(separator: "/").last.map(String.init) ?? arn }

    /// Candidates naming the same kind of principal whose name is within two edits, or the same
    /// name in another account.
    static func nearMisses(_ arn: String, _ candidates: [String]) -> [String] {
        let target = stripPath(arn).lowercased()
        let targetName = lastName(target)
        let targetKind = target.contains(":role/") ? ":role/" : ":user/"
        return candidates.filter { candidate in
            let other = stripPath(candidate).lowercased()
            guard other != target, other.contains(targetKind) else { return false }
            let otherName = lastName(other)
            return otherName == targetName || editDistance(otherName, targetName) <= 2
        }
    }

    /// Levenshtein distance.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
