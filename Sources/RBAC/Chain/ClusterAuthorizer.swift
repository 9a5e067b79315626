public import AccessModel

/// The authorization chain of an EKS cluster as far as users are concerned, in kube-apiserver's
/// order: the privileged-group authorizer (`system:masters` is allowed everything, with an empty
/// reason, before any mode), then RBAC, then the EKS access-policy webhook. The first `Allow` decides;
/// when all have no opinion the request is forbidden and the reasons that are not empty are joined
/// with a newline (`union.go`). EKS also runs the Node authorizer before RBAC; it only concerns kubelets
/// (`system:nodes`) and is not modelled.
///
/// Access policies apply only to a caller authenticated through an access entry, and not when the
/// request impersonates (`kubectl --as`): pass `accessEntry: nil` then.
public struct ClusterAuthorizer: Sendable {
    /// The RBAC authorizer.
    public var rbac: RBACAuthorizer
    /// The access-policy authorizer.
    public var accessPolicies: AccessPolicyAuthorizer
    /// The groups the privileged-group authorizer allows (`system:masters`).
    public var privilegedGroups: [String]

    /// Creates the chain.
    public init(rbac: RBACAuthorizer, accessPolicies: AccessPolicyAuthorizer = AccessPolicyAuthorizer(), privilegedGroups: [String] = [SystemNames.mastersGroup]) {
        self.rbac = rbac
        self.accessPolicies = accessPolicies
        self.privilegedGroups = privilegedGroups
    }

    /// The chain's decision on `request`; `accessEntry` is the caller's access entry, if any.
    public func authorize(_ request: AuthorizationRequest, accessEntry: AccessEntryContext? = nil) -> ChainDecision {
        if let group = request.user.groups.first(where: { privilegedGroups.contains($0) }) {
            return ChainDecision(request: request, decision: .allow, decidedBy: .privilegedGroup, reason: "", privilegedGroup: group, rbac: nil, accessPolicies: nil)
        }
        let rbacDecision = rbac.authorize(request)
        if rbacDecision.allowed {
            return ChainDecision(request: request, decision: .allow, decidedBy: .rbac, reason: rbacDecision.reason, privilegedGroup: nil, rbac: rbacDecision, accessPolicies: nil)
        }
        var policyDecision: AccessPolicyDecision?
        if let accessEntry {
            let decision = accessPolicies.authorize(request, accessEntryArn: accessEntry.accessEntryArn, associations: accessEntry.associations)
            policyDecision = decision
            if decision.allowed {
                return ChainDecision(request: request, decision: .allow, decidedBy: .accessPolicies, reason: decision.reason, privilegedGroup: nil, rbac: rbacDecision, accessPolicies: decision)
            }
        }
        let reasons = [rbacDecision.reason, policyDecision?.reason ?? ""].filter { !$0.isEmpty }
        return ChainDecision(
            request: request, decision: .noOpinion, decidedBy: nil, reason: reasons.joined(separator: "\n"), privilegedGroup: nil, rbac: rbacDecision,
            accessPolicies: policyDecision)
    }

    /// Everyone who may do `verb` on `target`: the privileged groups, every RBAC subject (see
    /// ``RBACAuthorizer/whoCan(verb:target:allNamespaces:)``) and every access entry whose associated
    /// policies allow it within their scope (with `allNamespaces`, a namespace-scoped association counts
    /// for its own namespaces).
    public func whoCan(
        verb: String, target: AuthorizationRequest.Target, accessEntries: [AccessEntry] = [], allNamespaces: Bool = false
    ) -> ClusterWhoCan {
        let rbacResult = rbac.whoCan(verb: verb, target: target, allNamespaces: allNamespaces)
        var entryGrants: [AccessEntryGrant] = []
        let anyone = UserInfo(name: "")
        for entry in accessEntries {
            for association in entry.accessPolicies {
                guard let name = AccessPolicy.name(fromARN: association.policyArn), let policy = accessPolicies.policies[name] else { continue }
                let request = AuthorizationRequest(user: anyone, verb: verb, target: target)
                let scope: String
                if allNamespaces, case .resource = target, association.accessScope.type == .namespace {
                    // Rules do not depend on the namespace: the association grants in each of its namespaces.
                    scope = "namespace scope: " + association.accessScope.namespaces.joined(separator: ", ")
                } else if let covering = AccessPolicyAuthorizer.coveringScope(association.accessScope, request: request) {
                    scope = covering
                } else {
                    continue
                }
                guard let rule = policy.rules.first(where: { $0.allows(request) }) else { continue }
                let matched = scope
                entryGrants.append(
                    AccessEntryGrant(
                        principalArn: entry.principalArn, username: entry.username, groups: entry.effectiveGroups,
                        grant: AccessPolicyGrant(
                            accessEntryArn: entry.accessEntryArn, policyName: name, policyArn: association.policyArn,
                            accessScope: association.accessScope, matchedScope: matched, rule: rule)))
                break
            }
        }
        return ClusterWhoCan(privilegedGroups: privilegedGroups, rbac: rbacResult, accessEntries: entryGrants)
    }
}

/// The caller's access entry, for the access-policy authorizer.
public struct AccessEntryContext: Sendable, Hashable {
    /// The access entry's ARN.
    public var accessEntryArn: String
    /// Its associated access policies.
    public var associations: [AssociatedAccessPolicy]

    /// Creates a context.
    public init(accessEntryArn: String, associations: [AssociatedAccessPolicy]) {
        self.accessEntryArn = accessEntryArn
        self.associations = associations
    }

    /// The context of `entry`.
    public init(_ entry: AccessEntry) {
        self.init(accessEntryArn: entry.accessEntryArn, associations: entry.accessPolicies)
    }
}

/// The chain's answer, with which authorizer decided and each one's own answer.
public struct ChainDecision: Sendable, Hashable {
    /// The authorizers of the chain.
    public enum Authorizer: String, Sendable, Hashable, Codable {
        /// The privileged-group authorizer (`system:masters`).
        case privilegedGroup = "system-privileged-group"
        /// Kubernetes RBAC.
        case rbac = "RBAC"
        /// The EKS access-policy webhook.
        case accessPolicies = "EKS access policies"
    }

    /// The request decided.
    public var request: AuthorizationRequest
    /// `allow`, or `noOpinion` (the request is forbidden).
    public var decision: Decision
    /// Which authorizer allowed, if one did.
    public var decidedBy: Authorizer?
    /// The reason as kube-apiserver records it (`authorization.k8s.io/reason`, SubjectAccessReview
    /// `status.reason`): empty for `system:masters`, RBAC's or the access policy's allow reason, or the
    /// joined no-opinion reasons.
    public var reason: String
    /// The privileged group that allowed.
    public var privilegedGroup: String?
    /// RBAC's own answer (absent when `system:masters` decided first).
    public var rbac: RBACDecision?
    /// The access-policy authorizer's answer (absent when it was not consulted).
    public var accessPolicies: AccessPolicyDecision?

    /// Whether the request is allowed.
    public var allowed: Bool { decision == .allow }

    /// The Forbidden message kube-apiserver answers with when not allowed, or `nil`.
    public var forbiddenMessage: String? { allowed ? nil : request.forbiddenMessage(reason: reason) }

    /// One line for people: who allowed and why, or the Forbidden message.
    public var summary: String {
        switch decidedBy {
        case .privilegedGroup: return "allowed: group \(privilegedGroup ?? SystemNames.mastersGroup) is allowed everything (privileged-group authorizer, before RBAC)"
        case .rbac, .accessPolicies: return "allowed: \(reason)"
        case nil: return forbiddenMessage ?? ""
        }
    }
}

/// The answer to who-can over the whole chain.
public struct ClusterWhoCan: Sendable, Hashable {
    /// Groups allowed everything before RBAC (`system:masters`).
    public var privilegedGroups: [String]
    /// RBAC's subjects.
    public var rbac: WhoCanResult
    /// Access entries allowed by their access policies.
    public var accessEntries: [AccessEntryGrant]
}

/// An access entry whose associated policy allows a request.
public struct AccessEntryGrant: Sendable, Hashable {
    /// The IAM principal.
    public var principalArn: String
    /// The entry's Kubernetes username (possibly a template).
    public var username: String
    /// The entry's groups.
    public var groups: [String]
    /// The policy, scope and rule.
    public var grant: AccessPolicyGrant
}
