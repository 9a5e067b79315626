/// Kubernetes' RBAC authorizer over a snapshot of RBAC objects, evaluating exactly as
/// kube-apiserver's `rbac.go` and `rule.go` do:
///
/// - every ClusterRoleBinding applies everywhere; the RoleBindings of the request's namespace apply
///   only when the request has a namespace (so a RoleBinding to a ClusterRole grants it in that
///   namespace only, and non-resource URLs are only ever granted by ClusterRoleBindings);
/// - a binding applies when one of its subjects matches the user (``UserInfo``'s groups are used as
///   given: see there for `system:authenticated`);
/// - the first rule that allows decides (`RBAC: allowed by …`); nothing allowing is "no opinion",
///   never a denial, with the reason empty or listing the roles that could not be found.
///
/// Building one indexes the bindings by user and group, so a check reads only the bindings that can
/// apply. Aggregated ClusterRoles are materialised first (``RBACSnapshot/aggregated()``) unless
/// `aggregate` is false. `system:masters` is not special here — see ``ClusterAuthorizer``.
public struct RBACAuthorizer: Sendable {
    /// The objects evaluated (after aggregation).
    public let snapshot: RBACSnapshot
    /// Aggregated roles that could not be aggregated.
    public let aggregationProblems: [String]

    let clusterRoleIndex: [String: Int]
    let roleIndex: [String: [String: Int]]
    let clusterBindingSubjects: SubjectIndex
    let roleBindingsByNamespace: [String: SubjectIndex]

    /// Indexes `snapshot`, materialising aggregated ClusterRoles when `aggregate` is true.
    public init(_ snapshot: RBACSnapshot, aggregate: Bool = true) {
        if aggregate {
            let result = snapshot.aggregated()
            self.snapshot = result.snapshot
            self.aggregationProblems = result.problems
        } else {
            self.snapshot = snapshot
            self.aggregationProblems = []
        }
        let snapshot = self.snapshot
        var clusterRoleIndex: [String: Int] = [:]
        for (index, role) in snapshot.clusterRoles.enumerated() { clusterRoleIndex[role.name] = index }
        var roleIndex: [String: [String: Int]] = [:]
        for (index, role) in snapshot.roles.enumerated() { roleIndex[role.namespace, default: [:]][role.name] = index }
        self.clusterRoleIndex = clusterRoleIndex
        self.roleIndex = roleIndex
        var clusterBindingSubjects = SubjectIndex()
        for (index, binding) in snapshot.clusterRoleBindings.enumerated() {
            clusterBindingSubjects.add(binding.subjects, bindingNamespace: "", position: index)
        }
        self.clusterBindingSubjects = clusterBindingSubjects
        var byNamespace: [String: SubjectIndex] = [:]
        for (index, binding) in snapshot.roleBindings.enumerated() {
            byNamespace[binding.namespace, default: SubjectIndex()].add(binding.subjects, bindingNamespace: binding.namespace, position: index)
        }
        self.roleBindingsByNamespace = byNamespace
    }

    /// RBAC's decision on `request`: allowed with the first granting rule and upstream's reason, or no
    /// opinion (reason empty, or `RBAC: ` and the roles that could not be resolved).
    public func authorize(_ request: AuthorizationRequest) -> RBACDecision {
        var errors: [RBACResolutionError] = []
        var grant: RuleGrant?
        visitBindings(for: request.user, namespace: request.namespace) { binding in
            switch binding.rules {
            case .failure(let error):
                errors.append(error)
                return true
            case .success(let rules):
                for rule in rules where rule.allows(request) {
                    grant = RuleGrant(source: binding.source, rule: rule)
                    return false
                }
                return true
            }
        }
        if let grant {
            return RBACDecision(decision: .allow, reason: grant.reason, grant: grant, errors: errors)
        }
        let reason = errors.isEmpty ? "" : "RBAC: " + RBACResolutionError.aggregate(errors)
        return RBACDecision(decision: .noOpinion, reason: reason, grant: nil, errors: errors)
    }

    /// Every rule `user` holds in `namespace` (empty: cluster-wide rules only), with its source, in
    /// upstream's visiting order: what a SelfSubjectRulesReview (`kubectl auth can-i --list`) returns.
    public func rules(for user: UserInfo, namespace: String) -> RulesReview {
        var grants: [RuleGrant] = []
        var errors: [RBACResolutionError] = []
        visitBindings(for: user, namespace: namespace) { binding in
            switch binding.rules {
            case .failure(let error): errors.append(error)
            case .success(let rules): grants += rules.map { RuleGrant(source: binding.source, rule: $0) }
            }
            return true
        }
        return RulesReview(namespace: namespace, grants: grants, errors: errors)
    }

    // MARK: - Visiting

    struct ApplicableBinding {
        var source: RuleSource
        var rules: Result<[PolicyRule], RBACResolutionError>
    }

    /// Upstream's `VisitRulesFor`: ClusterRoleBindings, then (with a namespace) that namespace's
    /// RoleBindings, each applying binding once, in snapshot order; stops when `body` returns false.
    func visitBindings(for user: UserInfo, namespace: String, _ body: (ApplicableBinding) -> Bool) {
        for position in clusterBindingSubjects.candidates(for: user) {
            let binding = snapshot.clusterRoleBindings[position]
            guard let subjectIndex = Self.appliesTo(user, binding.subjects, namespace: "") else { continue }
            let reference = BindingReference(kind: .clusterRoleBinding, name: binding.name)
            let applicable = ApplicableBinding(
                source: RuleSource(binding: reference, roleRef: binding.roleRef, subject: binding.subjects[subjectIndex]),
                rules: rules(of: binding.roleRef, bindingNamespace: "", binding: reference))
            if !body(applicable) { return }
        }
        guard !namespace.isEmpty, let index = roleBindingsByNamespace[namespace] else { return }
        for position in index.candidates(for: user) {
            let binding = snapshot.roleBindings[position]
            guard let subjectIndex = Self.appliesTo(user, binding.subjects, namespace: namespace) else { continue }
            let reference = BindingReference(kind: .roleBinding, name: binding.name, namespace: binding.namespace)
            let applicable = ApplicableBinding(
                source: RuleSource(binding: reference, roleRef: binding.roleRef, subject: binding.subjects[subjectIndex]),
                rules: rules(of: binding.roleRef, bindingNamespace: namespace, binding: reference))
            if !body(applicable) { return }
        }
    }

    /// Upstream's `GetRoleReferenceRules`.
    func rules(of roleRef: RoleRef, bindingNamespace: String, binding: BindingReference) -> Result<[PolicyRule], RBACResolutionError> {
        switch roleRef.kind {
        case RoleRef.roleKind:
            guard let index = roleIndex[bindingNamespace]?[roleRef.name] else {
                return .failure(
                    RBACResolutionError(
                        binding: binding, roleRef: roleRef, message: "role.rbac.authorization.k8s.io \(GoQuote.quote(roleRef.name)) not found"))
            }
            return .success(snapshot.roles[index].rules)
        case RoleRef.clusterRoleKind:
            guard let index = clusterRoleIndex[roleRef.name] else {
                return .failure(
                    RBACResolutionError(
                        binding: binding, roleRef: roleRef,
                        message: "clusterrole.rbac.authorization.k8s.io \(GoQuote.quote(roleRef.name)) not found"))
            }
            return .success(snapshot.clusterRoles[index].rules)
        default:
            return .failure(
                RBACResolutionError(binding: binding, roleRef: roleRef, message: "unsupported role reference kind: \(GoQuote.quote(roleRef.kind))"))
        }
    }

    /// Upstream's `appliesTo`: the index of the first subject matching `user`, or `nil`.
    /// `namespace` is the RoleBinding's namespace (empty for ClusterRoleBindings), which a service-account
    /// subject without namespace takes.
    static func appliesTo(_ user: UserInfo, _ subjects: [Subject], namespace: String) -> Int? {
        subjects.firstIndex { appliesTo(user, $0, namespace: namespace) }
    }

    /// Upstream's `appliesToUser`.
    static func appliesTo(_ user: UserInfo, _ subject: Subject, namespace: String) -> Bool {
        switch subject.kind {
        case .user:
            return PolicyRule.same(user.name, subject.name)
        case .group:
            return user.groups.contains { PolicyRule.same($0, subject.name) }
        case .serviceAccount:
            let accountNamespace = subject.namespace.isEmpty ? namespace : subject.namespace
            guard !accountNamespace.isEmpty else { return false }
            return PolicyRule.same(user.name, SystemNames.serviceAccountUsername(namespace: accountNamespace, name: subject.name))
        default:
            return false
        }
    }
}
