extension RBACAuthorizer {
    /// Every binding subject that RBAC allows `verb` on `target` (who-can), with the binding and
    /// the first rule of its role that allows it.
    ///
    /// ClusterRoleBindings always count. RoleBindings count in the target's namespace; with
    /// `allNamespaces` (and a resource target), every RoleBinding counts, each for its own namespace
    /// (``SubjectGrant/namespace``). Service-account subjects are reported with their namespace resolved;
    /// subjects that can never match (a service account without namespace in a ClusterRoleBinding, unknown
    /// kinds) are left out. `system:masters` is not included here: see ``ClusterAuthorizer/whoCan(verb:target:accessEntries:allNamespaces:)``.
    public func whoCan(verb: String, target: AuthorizationRequest.Target, allNamespaces: Bool = false) -> WhoCanResult {
        var grants: [SubjectGrant] = []
        var errors: [RBACResolutionError] = []
        func consider(subjects: [Subject], roleRef: RoleRef, binding: BindingReference, target: AuthorizationRequest.Target) {
            switch rules(of: roleRef, bindingNamespace: binding.namespace, binding: binding) {
            case .failure(let error):
                errors.append(error)
            case .success(let rules):
                guard let rule = rules.first(where: { $0.allows(verb: verb, target: target) }) else { return }
                for subject in subjects {
                    guard [Subject.Kind.user, .group, .serviceAccount].contains(subject.kind) else { continue }
                    var resolved = subject
                    if subject.kind == .serviceAccount && subject.namespace.isEmpty {
                        guard !binding.namespace.isEmpty else { continue }
                        resolved.namespace = binding.namespace
                    }
                    grants.append(
                        SubjectGrant(
                            subject: resolved, namespace: binding.namespace,
                            grant: RuleGrant(source: RuleSource(binding: binding, roleRef: roleRef, subject: subject), rule: rule)))
                }
            }
        }
        for binding in snapshot.clusterRoleBindings {
            consider(
                subjects: binding.subjects, roleRef: binding.roleRef, binding: BindingReference(kind: .clusterRoleBinding, name: binding.name),
                target: target)
        }
        if case .resource(let attributes) = target {
            for binding in snapshot.roleBindings {
                if allNamespaces {
                    var scoped = attributes
                    scoped.namespace = binding.namespace
                    consider(
                        subjects: binding.subjects, roleRef: binding.roleRef,
                        binding: BindingReference(kind: .roleBinding, name: binding.name, namespace: binding.namespace), target: .resource(scoped))
                } else if !attributes.namespace.isEmpty, binding.namespace == attributes.namespace {
                    consider(
                        subjects: binding.subjects, roleRef: binding.roleRef,
                        binding: BindingReference(kind: .roleBinding, name: binding.name, namespace: binding.namespace), target: target)
                }
            }
        }
        return WhoCanResult(grants: grants, errors: errors)
    }
}

/// A subject RBAC allows to do something, and why.
public struct SubjectGrant: Sendable, Hashable {
    /// The subject (a service account's namespace filled in from its RoleBinding).
    public var subject: Subject
    /// Where the grant holds: a RoleBinding's namespace, or empty for a ClusterRoleBinding (everywhere).
    public var namespace: String
    /// The binding, role and rule (``RuleSource/subject`` is the subject as written).
    public var grant: RuleGrant

    /// Creates a subject grant.
    public init(subject: Subject, namespace: String, grant: RuleGrant) {
        self.subject = subject
        self.namespace = namespace
        self.grant = grant
    }

    /// The username a `User` or `ServiceAccount` subject matches (`system:serviceaccount:NS:NAME`), or
    /// `nil` for a group.
    public var username: String? {
        switch subject.kind {
        case .user: return subject.name
        case .serviceAccount: return SystemNames.serviceAccountUsername(namespace: subject.namespace, name: subject.name)
        default: return nil
        }
    }
}

/// The answer to who-can from RBAC.
public struct WhoCanResult: Sendable, Hashable {
    /// Each subject of each granting binding, in snapshot order (ClusterRoleBindings first).
    public var grants: [SubjectGrant]
    /// Roles that could not be read (their bindings may grant more).
    public var errors: [RBACResolutionError]
}
