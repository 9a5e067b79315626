public import AccessModel

/// The EKS access-policy authorizer: the webhook EKS runs after RBAC. It allows a request when one
/// of the access policies associated with the caller's access entry has a rule that allows it and
/// the association's scope covers it; otherwise it has no opinion. It never denies.
///
/// Scope: a `cluster` association covers every namespace, cluster-scoped resources and
/// non-resource URLs; a `namespace` association covers only requests in a listed namespace (a
/// trailing `*` matches by prefix), so never cluster-scoped resources, all-namespace lists or
/// non-resource URLs. Policies whose rules are not documented (``AccessPolicy/named(_:)`` is `nil`)
/// grant nothing here and are reported in ``AccessPolicyDecision/unknownPolicies``.
public struct AccessPolicyAuthorizer: Sendable {
    /// The policies whose rules are known, by name (``AccessPolicy/known`` by default).
    public var policies: [String: AccessPolicy]

    /// Creates an authorizer over `policies`.
    public init(policies: [String: AccessPolicy] = AccessPolicy.known) {
        self.policies = policies
    }

    /// The decision for `request` made by the principal of the access entry `accessEntryArn`, whose
    /// associated policies are `associations` (checked in order; the first that allows decides).
    public func authorize(
        _ request: AuthorizationRequest, accessEntryArn: String, associations: [AssociatedAccessPolicy]
    ) -> AccessPolicyDecision {
        var unknown: [String] = []
        var outOfScope: [String] = []
        for association in associations {
            guard let name = AccessPolicy.name(fromARN: association.policyArn), let policy = policies[name] else {
                unknown.append(association.policyArn)
                continue
            }
            guard let scope = Self.coveringScope(association.accessScope, request: request) else {
                if policy.rules.contains(where: { $0.allows(request) }) { outOfScope.append(name) }
                continue
            }
            if let rule = policy.rules.first(where: { $0.allows(request) }) {
                let grant = AccessPolicyGrant(
                    accessEntryArn: accessEntryArn, policyName: name, policyArn: association.policyArn, accessScope: association.accessScope,
                    matchedScope: scope, rule: rule)
                return AccessPolicyDecision(decision: .allow, grant: grant, unknownPolicies: unknown, outOfScope: outOfScope)
            }
        }
        return AccessPolicyDecision(decision: .noOpinion, grant: nil, unknownPolicies: unknown, outOfScope: outOfScope)
    }

    /// How `scope` covers `request`: `cluster scope`, `namespace scope: <the listed namespace or
    /// pattern that matched>`, or `nil` when it does not.
    static func coveringScope(_ scope: AccessScope, request: AuthorizationRequest) -> String? {
        switch scope.type {
        case .cluster:
            return "cluster scope"
        case .namespace:
            let namespace = request.namespace
            guard !namespace.isEmpty, scope.covers(namespace: namespace) else { return nil }
            let pattern = scope.namespaces.first { AccessScope(type: .namespace, namespaces: [$0]).covers(namespace: namespace) } ?? namespace
            return "namespace scope: \(pattern)"
        }
    }
}

/// The access-policy authorizer's answer.
public struct AccessPolicyDecision: Sendable, Hashable {
    /// `allow` or `noOpinion`.
    public var decision: Decision
    /// The policy, association and rule that allowed.
    public var grant: AccessPolicyGrant?
    /// Associated policy ARNs whose rules are unknown (they were not evaluated).
    public var unknownPolicies: [String]
    /// Known associated policies whose rules allow the request but whose scope does not cover it.
    public var outOfScope: [String]

    /// Whether a policy allowed.
    public var allowed: Bool { decision == .allow }
    /// `EKS access policy <name> (<scope>) of access entry <arn>` when allowed; empty otherwise.
    public var reason: String { grant?.reason ?? "" }
}

/// One access policy association that grants a request.
public struct AccessPolicyGrant: Sendable, Hashable {
    /// The access entry's ARN (`arn:aws:eks:REGION:ACCOUNT:access-entry/…`).
    public var accessEntryArn: String
    /// The policy's name.
    public var policyName: String
    /// The policy's ARN as associated.
    public var policyArn: String
    /// The association's scope.
    public var accessScope: AccessScope
    /// `cluster scope` or `namespace scope: <namespace or pattern>`.
    public var matchedScope: String
    /// The policy rule that allows.
    public var rule: PolicyRule

    /// `EKS access policy AmazonEKSViewPolicy (namespace scope: default) of access entry arn:…`.
    public var reason: String { "EKS access policy \(policyName) (\(matchedScope)) of access entry \(accessEntryArn)" }
}
