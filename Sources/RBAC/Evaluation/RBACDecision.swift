/// An authorizer's answer, with kube-apiserver's names.
public enum Decision: String, Sendable, Hashable, Codable {
    /// `DecisionAllow`.
    case allow = "Allow"
    /// `DecisionDeny` (RBAC and EKS access policies never deny).
    case deny = "Deny"
    /// `DecisionNoOpinion`: the next authorizer decides; when none does, the request is forbidden.
    case noOpinion = "NoOpinion"
}

/// RBAC's answer for one request.
public struct RBACDecision: Sendable, Hashable {
    /// `allow` or `noOpinion`.
    public var decision: Decision
    /// Upstream's reason: `RBAC: allowed by ClusterRoleBinding "…" of ClusterRole "…" to Group "…"` when
    /// allowed; when not, empty, or `RBAC: ` followed by the role lookups that failed.
    public var reason: String
    /// The rule that allowed, with its binding, role and subject.
    public var grant: RuleGrant?
    /// Roles referenced by applying bindings that could not be read.
    public var errors: [RBACResolutionError]

    /// Whether RBAC allowed the request.
    public var allowed: Bool { decision == .allow }
}

/// The rules a user holds in one namespace (SelfSubjectRulesReview), with their sources.
public struct RulesReview: Sendable, Hashable {
    /// The namespace asked about (empty: cluster-wide bindings only).
    public var namespace: String
    /// Each rule with its binding, in visiting order (not deduplicated, as upstream).
    public var grants: [RuleGrant]
    /// Roles that could not be read; when any, the list is incomplete.
    public var errors: [RBACResolutionError]

    /// The rules with resources (a SelfSubjectRulesReview's `resourceRules`).
    public var resourceRules: [PolicyRule] {
        grants.compactMap { $0.rule.resources.isEmpty ? nil : PolicyRule(verbs: $0.rule.verbs, apiGroups: $0.rule.apiGroups, resources: $0.rule.resources, resourceNames: $0.rule.resourceNames) }
    }

    /// The rules with non-resource URLs (`nonResourceRules`).
    public var nonResourceRules: [PolicyRule] {
        grants.compactMap { $0.rule.nonResourceURLs.isEmpty ? nil : PolicyRule(verbs: $0.rule.verbs, nonResourceURLs: $0.rule.nonResourceURLs) }
    }

    /// Whether some role could not be read (`status.incomplete`).
    public var incomplete: Bool { !errors.isEmpty }

    /// `status.evaluationError`: the failed lookups, aggregated as upstream prints them, or empty.
    public var evaluationError: String { RBACResolutionError.aggregate(errors) }
}
