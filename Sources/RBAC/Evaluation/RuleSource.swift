/// A binding, by kind, namespace and name.
public struct BindingReference: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The two kinds of binding.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A ClusterRoleBinding.
        case clusterRoleBinding = "ClusterRoleBinding"
        /// A RoleBinding.
        case roleBinding = "RoleBinding"
    }

    /// The binding's kind.
    public var kind: Kind
    /// The binding's name.
    public var name: String
    /// A RoleBinding's namespace; empty for a ClusterRoleBinding.
    public var namespace: String

    /// Creates a reference.
    public init(kind: Kind, name: String, namespace: String = "") {
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }

    /// `ClusterRoleBinding "name"` or `RoleBinding "name/namespace"`, as upstream writes them.
    public var description: String {
        kind == .clusterRoleBinding ? "ClusterRoleBinding \(GoQuote.quote(name))" : "RoleBinding \(GoQuote.quote(name + "/" + namespace))"
    }
}

/// Where an RBAC permission comes from: the binding, the role it references, and the subject of the
/// binding that matched the user (the first one that did, as upstream reports it).
public struct RuleSource: Sendable, Hashable {
    /// The binding.
    public var binding: BindingReference
    /// The role the binding grants.
    public var roleRef: RoleRef
    /// The binding's subject that matched, as written in the binding.
    public var subject: Subject

    /// Creates a source.
    public init(binding: BindingReference, roleRef: RoleRef, subject: Subject) {
        self.binding = binding
        self.roleRef = roleRef
        self.subject = subject
    }

    /// Upstream's describer: `ClusterRoleBinding "n" of ClusterRole "r" to Group "g"`,
    /// `RoleBinding "n/ns" of Role "r" to ServiceAccount "sa/ns"` (a service account without namespace
    /// shown with the binding's).
    public var description: String {
        "\(binding) of \(roleRef.kind) \(GoQuote.quote(roleRef.name)) to \(Self.describe(subject, bindingNamespace: binding.namespace))"
    }

    static func describe(_ subject: Subject, bindingNamespace: String) -> String {
        if subject.kind == .serviceAccount {
            let namespace = subject.namespace.isEmpty ? bindingNamespace : subject.namespace
            return "\(subject.kind.rawValue) \(GoQuote.quote(subject.name + "/" + namespace))"
        }
        return "\(subject.kind.rawValue) \(GoQuote.quote(subject.name))"
    }
}

/// One rule reachable by a user, with where it comes from.
public struct RuleGrant: Sendable, Hashable {
    /// The binding, role and subject.
    public var source: RuleSource
    /// The rule.
    public var rule: PolicyRule

    /// Creates a grant.
    public init(source: RuleSource, rule: PolicyRule) {
        self.source = source
        self.rule = rule
    }

    /// The RBAC allow reason when this rule decides: `RBAC: allowed by <source>`.
    public var reason: String { "RBAC: allowed by \(source.description)" }
}

/// A binding whose role cannot be read: evaluation goes on without it, and if nothing allows the
/// request the errors become RBAC's reason (`RBAC: clusterrole.rbac.authorization.k8s.io "x" not found`).
public struct RBACResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The binding that references the role.
    public var binding: BindingReference
    /// The role reference that failed.
    public var roleRef: RoleRef
    /// Upstream's error text: `clusterrole.rbac.authorization.k8s.io "x" not found`,
    /// `role.rbac.authorization.k8s.io "x" not found` or `unsupported role reference kind: "Foo"`.
    public var message: String

    /// Creates an error.
    public init(binding: BindingReference, roleRef: RoleRef, message: String) {
        self.binding = binding
        self.roleRef = roleRef
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// `utilerrors.NewAggregate(errors).Error()`: one message alone, several (duplicates dropped) as `[a, b]`.
    static func aggregate(_ errors: [RBACResolutionError]) -> String {
        var seen: [String] = []
        for error in errors where !seen.contains(error.message) { seen.append(error.message) }
        if seen.count <= 1 { return seen.first ?? "" }
        return "[" + seen.joined(separator: ", ") + "]"
    }
}
