import Foundation
import AccessModel
import RBAC
import Testing

/// system:masters → RBAC → access policies (reference §1.6, §3.4), and the seeds' story.
@Suite("Authorization chain")
struct ClusterAuthorizerTests {
    static let entryArn = "arn:aws:eks:us-east-1:123456789012:access-entry/demo/role/123456789012/eks-developer/aaaa"
    static let at = EpochTime(Date(timeIntervalSince1970: 0))

    static func chain(_ extra: RBACSnapshot = RBACSnapshot()) -> ClusterAuthorizer {
        ClusterAuthorizer(rbac: RBACAuthorizer(BootstrapPolicy.adding(extra)))
    }

    static func viewIn(_ namespaces: [String]) -> AccessEntryContext {
        AccessEntryContext(
            accessEntryArn: entryArn,
            associations: [
                AssociatedAccessPolicy(
                    policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                    accessScope: AccessScope(type: .namespace, namespaces: namespaces), associatedAt: at, modifiedAt: at)
            ])
    }

    @Test func systemMastersBypassesRBACWithEmptyReason() {
        // Even with no cluster-admin binding at all.
        let chain = ClusterAuthorizer(rbac: RBACAuthorizer(RBACSnapshot()))
        let root = UserInfo.authenticated(name: "kubernetes-admin", groups: ["system:masters"])
        let decision = chain.authorize(Fixture.request(root, "delete", "nodes", name: "n"))
        #expect(decision.allowed)
        #expect(decision.decidedBy == .privilegedGroup)
        #expect(decision.reason == "")
        #expect(decision.rbac == nil)
        #expect(decision.forbiddenMessage == nil)
    }

    @Test func seedsStoryMappedWithoutBindingThenBound() {
        let developer = UserInfo.authenticated(name: "eks-developer", groups: ["developers"])
        let request = Fixture.request(developer, "list", "pods", namespace: "default")
        let before = Self.chain().authorize(request)
        #expect(!before.allowed)
        #expect(before.decidedBy == nil)
        #expect(before.forbiddenMessage == #"pods is forbidden: User "eks-developer" cannot list resource "pods" in API group "" in the namespace "default""#)
        let userBinding = Self.chain(
            RBACSnapshot(clusterRoleBindings: [ClusterRoleBinding(name: "eks-developer-view", roleRef: .clusterRole("view"), subjects: [.user("eks-developer")])]))
        let after = userBinding.authorize(request)
        #expect(after.decidedBy == .rbac)
        #expect(after.reason == #"RBAC: allowed by ClusterRoleBinding "eks-developer-view" of ClusterRole "view" to User "eks-developer""#)
        let groupBinding = Self.chain(
            RBACSnapshot(roleBindings: [RoleBinding(name: "developers", namespace: "default", roleRef: .clusterRole("edit"), subjects: [.group("developers")])]))
        #expect(groupBinding.authorize(request).reason == #"RBAC: allowed by RoleBinding "developers/default" of ClusterRole "edit" to Group "developers""#)
    }

    @Test func accessPolicyDecidesAfterRBAC() {
        let developer = UserInfo.authenticated(name: "eks-developer")
        let request = Fixture.request(developer, "list", "pods", namespace: "dev-1")
        let decision = Self.chain().authorize(request, accessEntry: Self.viewIn(["dev-*"]))
        #expect(decision.decidedBy == .accessPolicies)
        #expect(decision.reason == "EKS access policy AmazonEKSViewPolicy (namespace scope: dev-*) of access entry \(Self.entryArn)")
        #expect(decision.rbac?.decision == .noOpinion)
        // RBAC first: when it allows, the access policies are not consulted.
        let discovery = Self.chain().authorize(Fixture.path(developer, "get", "/api"), accessEntry: Self.viewIn(["dev-*"]))
        #expect(discovery.decidedBy == .rbac)
        #expect(discovery.accessPolicies == nil)
    }

    @Test func outsideTheScopeIsForbidden() {
        let developer = UserInfo.authenticated(name: "eks-developer")
        let decision = Self.chain().authorize(Fixture.request(developer, "list", "pods", namespace: "prod"), accessEntry: Self.viewIn(["dev-*"]))
        #expect(!decision.allowed)
        #expect(decision.accessPolicies?.decision == .noOpinion)
        #expect(decision.forbiddenMessage == #"pods is forbidden: User "eks-developer" cannot list resource "pods" in API group "" in the namespace "prod""#)
        // Impersonation: no access entry, RBAC only.
        #expect(!Self.chain().authorize(Fixture.request(developer, "list", "pods", namespace: "dev-1")).allowed)
    }

    @Test func noOpinionReasonsAreJoined() {
        let snapshot = RBACSnapshot(clusterRoleBindings: [ClusterRoleBinding(name: "b", roleRef: .clusterRole("gone"), subjects: [.user("u")])])
        let decision = ClusterAuthorizer(rbac: RBACAuthorizer(snapshot)).authorize(Fixture.request(UserInfo(name: "u"), "get", "pods", namespace: "d"))
        #expect(decision.reason == #"RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found"#)
        #expect(
            decision.forbiddenMessage
                == #"pods is forbidden: User "u" cannot get resource "pods" in API group "" in the namespace "d": RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found"#
        )
    }

    @Test func whoCanIncludesMastersRBACAndAccessEntries() throws {
        var entry = AccessEntry(
            clusterName: "demo", principalArn: "arn:aws:iam::123456789012:role/eks-developer", principalID: nil, type: .standard,
            username: "arn:aws:sts::123456789012:assumed-role/eks-developer/{{SessionName}}", kubernetesGroups: [], accessEntryArn: Self.entryArn,
            createdAt: Self.at, tags: [:])
        entry.accessPolicies = Self.viewIn(["dev-*"]).associations
        let chain = Self.chain(
            RBACSnapshot(roleBindings: [RoleBinding(name: "devs", namespace: "dev-1", roleRef: .clusterRole("view"), subjects: [.group("developers")])]))
        let inDev = chain.whoCan(verb: "list", target: .resource(ResourceAttributes(namespace: "dev-1", resource: "pods")), accessEntries: [entry])
        #expect(inDev.privilegedGroups == ["system:masters"])
        // cluster-admin, the controller manager and the scheduler (list/watch everything, list pods) and the RoleBinding.
        let system: [Subject] = [.group("system:masters"), .user("system:kube-controller-manager"), .user("system:kube-scheduler")]
        #expect(inDev.rbac.grants.map(\.subject) == system + [.group("developers")])
        #expect(inDev.accessEntries.map(\.principalArn) == ["arn:aws:iam::123456789012:role/eks-developer"])
        #expect(inDev.accessEntries.first?.grant.matchedScope == "namespace scope: dev-*")
        let inProd = chain.whoCan(verb: "list", target: .resource(ResourceAttributes(namespace: "prod", resource: "pods")), accessEntries: [entry])
        #expect(inProd.accessEntries.isEmpty)
        #expect(inProd.rbac.grants.map(\.subject) == system)
        let everywhere = chain.whoCan(verb: "list", target: .resource(ResourceAttributes(resource: "pods")), accessEntries: [entry], allNamespaces: true)
        #expect(everywhere.accessEntries.count == 1)
        #expect(everywhere.rbac.grants.map(\.namespace) == ["", "", "", "dev-1"])
    }
}
