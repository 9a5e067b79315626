/// Why an aws-auth edit was refused or could not be made. Each has a stable ``code`` and a
/// message that says what to do next; errors are equal when their codes are.
public struct AWSAuthEditError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case invalidARN = "invalid-arn"
        case missingUsername = "missing-username"
        case invalidAccount = "invalid-account"
        case duplicateARN = "duplicate-arn"
        case notFound = "not-found"
        case unreadableList = "unreadable-list"
        case flowList = "flow-list"
        case notAConfigMap = "not-a-configmap"
        case lockout = "lockout"
        case removesNodeRole = "removes-node-role"
        case lintErrors = "lint-errors"
        case conflict = "conflict"
    }

    private let code: Code
    /// What went wrong and what to do next.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The stable name of the error (`lockout`, `removes-node-role`, …), for scripts and tests.
    public var codeName: String { code.rawValue }
    public var description: String { message }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// An ARN that cannot be mapped where it was given.
    public static func invalidARN(_ arn: String, _ reason: String) -> Self {
        Self(.invalidARN, "\(arn): \(reason)")
    }

    /// An entry without a username, which the API server refuses.
    public static func missingUsername(_ arn: String) -> Self {
        Self(.missingUsername, "give --username for \(arn): aws-iam-authenticator cannot map an identity to an empty username")
    }

    /// An account id that is not 12 digits.
    public static func invalidAccount(_ account: String) -> Self {
        Self(.invalidAccount, "\(account) is not a 12-digit AWS account id")
    }

    /// A second entry for an ARN, which would silently replace the first.
    public static func duplicateARN(_ arn: String, existing: String) -> Self {
        Self(
            .duplicateARN,
            "\(arn) is already mapped (\(existing)); a second entry would silently replace the first (aws-iam-authenticator keeps the later one). "
                + "Remove it first: eksauth aws-auth remove --arn \(arn)")
    }

    /// Nothing to remove.
    public static func notFound(_ what: String, hint: String? = nil) -> Self {
        Self(.notFound, "\(what) not found in the aws-auth ConfigMap\(hint.map { "; \($0)" } ?? ""); list the mappings with: eksauth aws-auth get")
    }

    /// A list the edit would change is not valid YAML (or not a list): editing it could lose entries.
    public static func unreadableList(_ list: String, _ problem: String) -> Self {
        Self(.unreadableList, "\(list) cannot be read (\(problem)); fix it first (eksauth aws-auth lint shows the line), then edit")
    }

    /// A list written in flow style (`[{…}, {…}]`), which eksauth does not edit in place.
    public static func flowList(_ list: String) -> Self {
        Self(.flowList, "\(list) is written as a flow list ([...]); eksauth edits block lists (one '- ' entry per item) only — rewrite it as a block list, then edit")
    }

    /// The text is not a ConfigMap with a `data` mapping eksauth can edit.
    public static func notAConfigMap(_ reason: String) -> Self {
        Self(.notAConfigMap, "not an aws-auth ConfigMap eksauth can edit: \(reason) (expected 'kubectl get configmap aws-auth -n kube-system -o yaml' output)")
    }

    /// The edit would leave no mapping with cluster-admin.
    public static func lockout(_ removed: [String]) -> Self {
        Self(
            .lockout,
            "refusing the edit: it removes the last mapping with cluster-admin (\(removed.joined(separator: ", "))), which can lock everyone out; "
                + "map another admin first, or pass --force if another way in exists (the cluster creator, an access entry)")
    }

    /// The edit would remove a node role.
    public static func removesNodeRole(_ arns: [String]) -> Self {
        Self(
            .removesNodeRole,
            "refusing the edit: it removes the node role mapping \(arns.joined(separator: ", ")); nodes using it can no longer join and go NotReady. "
                + "Pass --force if the node group is gone")
    }

    /// The edited ConfigMap has lint errors it did not have before.
    public static func lintErrors(_ findings: [String]) -> Self {
        Self(.lintErrors, "refusing the edit: the result has new lint errors:\n  " + findings.joined(separator: "\n  ") + "\nchange the arguments so the entry works")
    }

    /// Another writer kept changing the ConfigMap.
    public static func conflict(attempts: Int) -> Self {
        Self(.conflict, "the aws-auth ConfigMap changed under every one of \(attempts) attempts; nothing was written — try again")
    }
}
