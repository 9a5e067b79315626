/// IAM policy evaluation: which statements apply to a request, and what they decide together.
///
/// A statement applies when its `Principal`/`NotPrincipal` (if any) matches the caller, its
/// `Action`/`NotAction` matches the action, its `Resource`/`NotResource` (if any) matches the resource and
/// every condition holds. Then: an applicable `Deny` anywhere is an explicit deny, which wins; otherwise an
/// applicable `Allow` allows; otherwise the request is implicitly denied.
public enum PolicyEvaluator {
    /// Evaluates `policies` together for `context`.
    ///
    /// Statements without a `Principal`/`NotPrincipal` apply to any principal, and statements without a
    /// `Resource`/`NotResource` to any resource, so the same call serves identity policies, trust
    /// policies and other resource policies. ``StatementReference/policyIndex`` indexes `policies`.
    public static func evaluate(policies: [PolicyDocument], context: RequestContext) -> PolicyDecision {
        Evaluation(policies: policies, firstIndex: 0, context: context, mode: .generic).decision
    }

    /// Evaluates a role trust policy (the role's resource policy) for a caller of `sts:AssumeRole…`.
    ///
    /// Only statements whose `Principal` matches the caller (or whose `NotPrincipal` does not exempt it)
    /// apply: a statement without a principal element grants nothing here. This is the trust side alone;
    /// see ``evaluateRoleAssumption(trustPolicy:identityPolicies:context:)`` for the caller's own
    /// permissions.
    public static func evaluateTrustPolicy(_ policy: PolicyDocument, context: RequestContext) -> PolicyDecision {
        Evaluation(policies: [policy], firstIndex: 0, context: context, mode: .trust).decision
    }

    /// Evaluates identity (permissions) policies, the principal being implicitly the identity they are
    /// attached to.
    ///
    /// A statement that names a `Principal`/`NotPrincipal` (invalid in identity policies) or has no
    /// `Resource`/`NotResource` (required there) never applies.
    public static func evaluateIdentityPolicies(_ policies: [PolicyDocument], context: RequestContext) -> PolicyDecision {
        Evaluation(policies: policies, firstIndex: 0, context: context, mode: .identity).decision
    }

    /// Decides whether the caller may assume a role: the role's trust policy together with the caller's
    /// identity policies, as IAM combines a resource policy with identity policies.
    ///
    /// - An explicit `Deny` in either side denies.
    /// - The trust policy must allow.
    /// - Web identities, services and anonymous callers need nothing more; neither does the root user.
    /// - An IAM identity in the role's account (from `context.resource`) needs nothing more when the trust
    ///   policy names it specifically (its ARN, its role, or `*`); when it only trusts the account
    ///   (`"AWS": "123456789012"` or `…:root`), the identity policies must allow too.
    /// - An IAM identity in another account always needs its identity policies to allow.
    ///
    /// ``StatementReference/policyIndex`` is 0 for the trust policy and 1… for `identityPolicies`.
    public static func evaluateRoleAssumption(
        trustPolicy: PolicyDocument, identityPolicies: [PolicyDocument], context: RequestContext
    ) -> PolicyDecision {
        let trust = Evaluation(policies: [trustPolicy], firstIndex: 0, context: context, mode: .trust)
        let identity = Evaluation(policies: identityPolicies, firstIndex: 1, context: context, mode: .identity)
        if let deny = trust.deny ?? identity.deny { return .explicitDeny(deny) }
        guard trust.allowMatch != .none else { return .implicitDeny }
        let principal = context.principal
        guard principal.isIAMIdentity, principal.kind != .root else { return .allow }
        let roleAccount = context.resource.flatMap { resource -> String? in
            let parts = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            return parts.count == 6 ? String(parts[4]) : nil
        }
        if roleAccount != nil, roleAccount == principal.accountID, trust.allowMatch == .specific { return .allow }
        return identity.allowMatch != .none ? .allow : .implicitDeny
    }
}

/// Evaluates `policies` together for `context`: an applicable `Deny` wins, else an applicable `Allow`
/// allows, else the request is implicitly denied. The same as
/// ``PolicyEvaluator/evaluate(policies:context:)``.
public func evaluate(policies: [PolicyDocument], context: RequestContext) -> PolicyDecision {
    PolicyEvaluator.evaluate(policies: policies, context: context)
}

/// The statements of some policies evaluated against one request: the first applicable `Deny`, the
/// first applicable `Allow`, and how strongly the best applicable `Allow` matched the principal.
/// ``StatementReference/policyIndex`` counts from `firstIndex`.
private struct Evaluation {
    /// How statements without a principal or resource element are treated.
    enum Mode {
        /// Missing principal: any principal; missing resource: any resource.
        case generic
        /// A principal element is required; a missing resource element means the role.
        case trust
        /// A principal element makes the statement inapplicable; a resource element is required.
        case identity
    }

    /// The first applicable `Deny`.
    private(set) var deny: StatementReference?
    /// The first applicable `Allow`.
    private(set) var allow: StatementReference?
    /// How the strongest applicable `Allow` matched the principal; `.none` when none applies.
    private(set) var allowMatch = PolicyPrincipal.Match.none

    init(policies: [PolicyDocument], firstIndex: Int, context: RequestContext, mode: Mode) {
        for (offset, policy) in policies.enumerated() {
            for (statementIndex, statement) in policy.statements.enumerated() {
                guard let match = Self.applies(statement, of: policy, to: context, mode: mode) else { continue }
                let reference = StatementReference(policyIndex: firstIndex + offset, statementIndex: statementIndex, sid: statement.sid)
                switch statement.effect {
                case .deny:
                    if deny == nil { deny = reference }
                case .allow:
                    if allow == nil { allow = reference }
                    allowMatch = max(allowMatch, match)
                }
            }
        }
    }

    /// The decision: explicit deny, else allow, else implicit deny.
    var decision: PolicyDecision {
        if let deny { return .explicitDeny(deny) }
        return allow != nil ? .allow : .implicitDeny
    }

    /// How the statement matched the principal when it applies to the request; `nil` when it does not.
    private static func applies(
        _ statement: PolicyStatement, of policy: PolicyDocument, to context: RequestContext, mode: Mode
    ) -> PolicyPrincipal.Match? {
        let principalMatch: PolicyPrincipal.Match
        switch (statement.principal, mode) {
        case (nil, .trust):
            return nil
        case (nil, _):
            principalMatch = .specific
        case (.some, .identity):
            return nil
        case (.principal(let principal), _):
            principalMatch = principal.match(context.principal)
            guard principalMatch != .none else { return nil }
        case (.notPrincipal(let principal), _):
            guard !principal.exempts(context.principal) else { return nil }
            principalMatch = .specific
        }
        guard actionMatches(statement.action, context.action) else { return nil }
        let variablesEnabled = policy.supportsPolicyVariables
        switch statement.resource {
        case nil:
            if mode == .identity { return nil }
        case .resource(let patterns):
            guard patterns.contains(where: { resourceMatches($0, context, variablesEnabled: variablesEnabled) == true }) else {
                return nil
            }
        case .notResource(let patterns):
            for pattern in patterns {
                // An unresolvable variable makes the statement invalid rather than exempting nothing.
                guard let matched = resourceMatches(pattern, context, variablesEnabled: variablesEnabled), !matched else {
                    return nil
                }
            }
        }
        guard statement.conditions.allSatisfy({ $0.isSatisfied(by: context, variablesEnabled: variablesEnabled) }) else {
            return nil
        }
        return principalMatch
    }

    private static func actionMatches(_ element: PolicyStatement.ActionElement, _ action: String) -> Bool {
        switch element {
        case .action(let patterns):
            patterns.contains { WildcardPattern($0).matches(action, ignoringCase: true) }
        case .notAction(let patterns):
            !patterns.contains { WildcardPattern($0).matches(action, ignoringCase: true) }
        }
    }

    /// Whether `pattern` matches the request's resource; `nil` when a policy variable in it cannot be
    /// resolved. `*` matches even a request without a resource.
    private static func resourceMatches(_ pattern: String, _ context: RequestContext, variablesEnabled: Bool) -> Bool? {
        guard let resolved = PolicyTemplate(pattern, variablesEnabled: variablesEnabled).resolvedPattern(in: context) else {
            return nil
        }
        if resolved.isMatchAll { return true }
        guard let resource = context.resource else { return false }
        return resolved.matchesARN(resource)
    }
}
