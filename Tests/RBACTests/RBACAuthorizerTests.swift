import RBAC
import Testing

/// Bindings, subjects, namespaces and the reason strings (reference §1.2, §1.4, §1.7).
@Suite("RBAC authorizer")
struct RBACAuthorizerTests {
    static let yaml = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata: {name: pod-reader}
          rules:
          - {apiGroups: [""], resources: [pods], verbs: [get, list, watch]}
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata: {name: node-reader}
          rules:
          - {apiGroups: [""], resources: [nodes], verbs: [get, list]}
          - {nonResourceURLs: [/metrics], verbs: [get]}
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: Role
          metadata: {name: deployer, namespace: team-a}
          rules:
          - {apiGroups: [apps], resources: [deployments], verbs: [create, update]}
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: ops-nodes}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-reader}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: ops}
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: carol}
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: sa-without-namespace}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-reader}
          subjects:
          - {kind: ServiceAccount, name: orphan}
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: dev-read, namespace: team-a}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: ci, namespace: team-a}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}
          subjects:
          - {kind: ServiceAccount, name: builder}
          - {kind: ServiceAccount, name: other-ns-builder, namespace: tools}
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: missing, namespace: team-b}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: does-not-exist}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: missing-role, namespace: team-b}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: gone}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: odd, namespace: team-c}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Thing, name: x}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}
          - {apiGroup: rbac.authorization.k8s.io, kind: Robot, name: alice}
        """

    static let authorizer = RBACAuthorizer(try! RBACSnapshot(yaml: yaml))

    let alice = Fixture.user("alice", "system:authenticated")

    @Test func roleBindingToClusterRoleGrantsInItsNamespaceOnly() {
        let inNamespace = Self.authorizer.authorize(Fixture.request(alice, "list", "pods", namespace: "team-a"))
        #expect(inNamespace.allowed)
        #expect(inNamespace.reason == #"RBAC: allowed by RoleBinding "dev-read/team-a" of ClusterRole "pod-reader" to User "alice""#)
        #expect(inNamespace.grant?.source.binding == BindingReference(kind: .roleBinding, name: "dev-read", namespace: "team-a"))
        #expect(!Self.authorizer.authorize(Fixture.request(alice, "list", "pods", namespace: "other")).allowed)
        // Across all namespaces (no namespace): RoleBindings are not consulted.
        #expect(!Self.authorizer.authorize(Fixture.request(alice, "list", "pods")).allowed)
    }

    @Test func clusterRoleBindingGrantsEverywhere() {
        let ops = Fixture.user("bob", "ops", "system:authenticated")
        let cluster = Self.authorizer.authorize(Fixture.request(ops, "list", "nodes"))
        #expect(cluster.reason == #"RBAC: allowed by ClusterRoleBinding "ops-nodes" of ClusterRole "node-reader" to Group "ops""#)
        #expect(Self.authorizer.authorize(Fixture.request(ops, "get", "nodes", name: "n1", namespace: "any")).allowed)
        #expect(Self.authorizer.authorize(Fixture.path(ops, "get", "/metrics")).allowed)
        #expect(!Self.authorizer.authorize(Fixture.path(ops, "get", "/healthz")).allowed)
        let carol = Self.authorizer.authorize(Fixture.request(Fixture.user("carol"), "get", "nodes"))
        #expect(carol.reason == #"RBAC: allowed by ClusterRoleBinding "ops-nodes" of ClusterRole "node-reader" to User "carol""#)
    }

    @Test func firstMatchingSubjectIsNamed() {
        let both = Fixture.user("carol", "ops")
        #expect(Self.authorizer.authorize(Fixture.request(both, "get", "nodes")).grant?.source.subject == .group("ops"))
    }

    @Test func subjectsMatchExactly() {
        #expect(!Self.authorizer.authorize(Fixture.request(Fixture.user("Carol"), "get", "nodes")).allowed)
        #expect(!Self.authorizer.authorize(Fixture.request(Fixture.user("bob", "ops-team"), "get", "nodes")).allowed)
        #expect(!Self.authorizer.authorize(Fixture.request(Fixture.user("ops"), "get", "nodes")).allowed)
    }

    @Test func serviceAccountWithoutNamespaceTakesTheRoleBindingsNamespace() {
        let builder = UserInfo.serviceAccount(namespace: "team-a", name: "builder")
        let decision = Self.authorizer.authorize(Fixture.request(builder, "create", "deployments", group: "apps", namespace: "team-a"))
        #expect(decision.reason == #"RBAC: allowed by RoleBinding "ci/team-a" of Role "deployer" to ServiceAccount "builder/team-a""#)
        let elsewhere = UserInfo.serviceAccount(namespace: "team-b", name: "builder")
        #expect(!Self.authorizer.authorize(Fixture.request(elsewhere, "create", "deployments", group: "apps", namespace: "team-a")).allowed)
    }

    @Test func serviceAccountWithNamespaceInAnotherNamespace() {
        let tools = UserInfo.serviceAccount(namespace: "tools", name: "other-ns-builder")
        let decision = Self.authorizer.authorize(Fixture.request(tools, "update", "deployments", group: "apps", name: "web", namespace: "team-a"))
        #expect(decision.reason == #"RBAC: allowed by RoleBinding "ci/team-a" of Role "deployer" to ServiceAccount "other-ns-builder/tools""#)
        // The same username written as a User subject is not needed: the SA subject matches the username.
        #expect(tools.name == "system:serviceaccount:tools:other-ns-builder")
    }

    @Test func serviceAccountWithoutNamespaceInAClusterRoleBindingMatchesNoOne() {
        for namespace in ["default", "kube-system", ""] {
            let orphan = UserInfo(name: "system:serviceaccount:\(namespace):orphan", groups: ["system:serviceaccounts"])
            #expect(!Self.authorizer.authorize(Fixture.request(orphan, "get", "nodes")).allowed)
        }
    }

    @Test func missingRolesBecomeTheReason() {
        let decision = Self.authorizer.authorize(Fixture.request(alice, "get", "pods", namespace: "team-b"))
        #expect(!decision.allowed)
        #expect(decision.decision == .noOpinion)
        #expect(
            decision.reason
                == #"RBAC: [clusterrole.rbac.authorization.k8s.io "does-not-exist" not found, role.rbac.authorization.k8s.io "gone" not found]"#)
        let single = Self.authorizer.authorize(Fixture.request(alice, "get", "pods", namespace: "team-c"))
        #expect(single.reason == #"RBAC: unsupported role reference kind: "Thing""#)
    }

    @Test func bindingsThatDoNotApplyContributeNoErrors() {
        let decision = Self.authorizer.authorize(Fixture.request(Fixture.user("dave"), "get", "pods", namespace: "team-b"))
        #expect(decision.reason == "")
        #expect(decision.errors.isEmpty)
    }

    @Test func noMatchIsNoOpinionWithEmptyReason() {
        let decision = Self.authorizer.authorize(Fixture.request(alice, "delete", "pods", namespace: "team-a"))
        #expect(decision.decision == .noOpinion)
        #expect(decision.reason.isEmpty)
        #expect(decision.grant == nil)
    }

    @Test func authorizerAddsNoGroups() {
        // A binding to system:authenticated only applies when the group is in the request.
        let policy = RBACSnapshot(
            clusterRoles: [ClusterRole(name: "r", rules: [PolicyRule(verbs: ["get"], nonResourceURLs: ["/x"])])],
            clusterRoleBindings: [ClusterRoleBinding(name: "b", roleRef: .clusterRole("r"), subjects: [.group("system:authenticated")])])
        let authorizer = RBACAuthorizer(policy)
        #expect(!authorizer.authorize(Fixture.path(UserInfo(name: "eve"), "get", "/x")).allowed)
        #expect(authorizer.authorize(Fixture.path(.authenticated(name: "eve"), "get", "/x")).allowed)
    }

    @Test func rulesForUserInNamespace() {
        let review = Self.authorizer.rules(for: Fixture.user("carol", "ops"), namespace: "team-a")
        #expect(review.grants.count == 2)
        #expect(review.resourceRules == [PolicyRule(verbs: ["get", "list"], apiGroups: [""], resources: ["nodes"])])
        #expect(review.nonResourceRules == [PolicyRule(verbs: ["get"], nonResourceURLs: ["/metrics"])])
        #expect(!review.incomplete)
        let alices = Self.authorizer.rules(for: alice, namespace: "team-a")
        #expect(alices.grants.map(\.source.description) == [#"RoleBinding "dev-read/team-a" of ClusterRole "pod-reader" to User "alice""#])
        let broken = Self.authorizer.rules(for: alice, namespace: "team-b")
        #expect(broken.incomplete)
        #expect(broken.evaluationError.hasPrefix("[clusterrole.rbac.authorization.k8s.io"))
    }

    @Test func whoCanListsSubjectsWithBindings() {
        let result = Self.authorizer.whoCan(verb: "create", target: .resource(ResourceAttributes(namespace: "team-a", apiGroup: "apps", resource: "deployments")))
        #expect(result.grants.map(\.subject) == [.serviceAccount("builder", namespace: "team-a"), .serviceAccount("other-ns-builder", namespace: "tools")])
        #expect(result.grants.map(\.username) == ["system:serviceaccount:team-a:builder", "system:serviceaccount:tools:other-ns-builder"])
        #expect(result.grants.first?.grant.source.description == #"RoleBinding "ci/team-a" of Role "deployer" to ServiceAccount "builder/team-a""#)
        let nodes = Self.authorizer.whoCan(verb: "list", target: .resource(ResourceAttributes(resource: "nodes")))
        // The namespace-less service account of a ClusterRoleBinding is left out.
        #expect(nodes.grants.map(\.subject) == [.group("ops"), .user("carol")])
        #expect(nodes.grants.allSatisfy { $0.namespace.isEmpty })
    }

    @Test func whoCanAcrossNamespaces() {
        let target = AuthorizationRequest.Target.resource(ResourceAttributes(resource: "pods"))
        #expect(Self.authorizer.whoCan(verb: "get", target: target).grants.isEmpty)
        let all = Self.authorizer.whoCan(verb: "get", target: target, allNamespaces: true)
        #expect(all.grants.map(\.subject) == [.user("alice")])
        #expect(all.grants.first?.namespace == "team-a")
        #expect(all.errors.map(\.message).contains(#"clusterrole.rbac.authorization.k8s.io "does-not-exist" not found"#))
    }

    @Test func whoCanNonResourceURL() {
        let result = Self.authorizer.whoCan(verb: "get", target: .nonResource(path: "/metrics"))
        #expect(result.grants.map(\.subject) == [.group("ops"), .user("carol")])
    }

    @Test func bindingOrderDecidesTheReason() {
        let rule = PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["pods"])
        let snapshot = RBACSnapshot(
            clusterRoles: [ClusterRole(name: "a", rules: [rule]), ClusterRole(name: "b", rules: [rule])],
            roleBindings: [RoleBinding(name: "rb", namespace: "ns", roleRef: .clusterRole("a"), subjects: [.user("u")])],
            clusterRoleBindings: [
                ClusterRoleBinding(name: "z-second", roleRef: .clusterRole("b"), subjects: [.group("g")]),
                ClusterRoleBinding(name: "a-first", roleRef: .clusterRole("a"), subjects: [.user("u")]),
            ])
        let decision = RBACAuthorizer(snapshot).authorize(Fixture.request(Fixture.user("u", "g"), "get", "pods", namespace: "ns"))
        // ClusterRoleBindings before RoleBindings, in snapshot order.
        #expect(decision.reason == #"RBAC: allowed by ClusterRoleBinding "z-second" of ClusterRole "b" to Group "g""#)
    }

    @Test func clusterRoleBindingToRoleIsNotFound() {
        let snapshot = RBACSnapshot(
            roles: [Role(name: "r", namespace: "ns", rules: [PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"])])],
            clusterRoleBindings: [ClusterRoleBinding(name: "b", roleRef: .role("r"), subjects: [.user("u")])])
        let decision = RBACAuthorizer(snapshot).authorize(Fixture.request(Fixture.user("u"), "get", "pods", namespace: "ns"))
        #expect(decision.reason == #"RBAC: role.rbac.authorization.k8s.io "r" not found"#)
    }

    @Test func roleOfAnotherNamespaceIsNotUsed() {
        let snapshot = RBACSnapshot(
            roles: [Role(name: "r", namespace: "a", rules: [PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["pods"])])],
            roleBindings: [RoleBinding(name: "b", namespace: "b", roleRef: .role("r"), subjects: [.user("u")])])
        let decision = RBACAuthorizer(snapshot).authorize(Fixture.request(Fixture.user("u"), "get", "pods", namespace: "b"))
        #expect(decision.reason == #"RBAC: role.rbac.authorization.k8s.io "r" not found"#)
    }
}
