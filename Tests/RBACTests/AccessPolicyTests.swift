import Foundation
import AccessModel
import RBAC
import Testing

/// EKS access policies: rules and scopes (reference §3.2, §3.3).
@Suite("EKS access policies")
struct AccessPolicyTests {
    static let entryArn = "arn:aws:eks:us-west-2:111122223333:access-entry/prod/role/111122223333/dev-role/5ec6d1a3-0000-0000-0000-000000000000"
    static let at = EpochTime(Date(timeIntervalSince1970: 0))
    let user = UserInfo.authenticated(name: "arn:aws:sts::111122223333:assumed-role/dev-role/alice")

    static func association(_ name: String, _ scope: AccessScope, partition: String = "aws") -> AssociatedAccessPolicy {
        AssociatedAccessPolicy(
            policyArn: "arn:\(partition):eks::aws:cluster-access-policy/\(name)", accessScope: scope, associatedAt: at, modifiedAt: at)
    }

    func decide(_ request: AuthorizationRequest, _ associations: [AssociatedAccessPolicy]) -> AccessPolicyDecision {
        AccessPolicyAuthorizer().authorize(request, accessEntryArn: Self.entryArn, associations: associations)
    }

    @Test func sixPoliciesAreKnownAndInTheCatalog() {
        let names = ["AmazonEKSClusterAdminPolicy", "AmazonEKSAdminPolicy", "AmazonEKSEditPolicy", "AmazonEKSViewPolicy", "AmazonEKSAdminViewPolicy", "AmazonEKSSecretReaderPolicy"]
        #expect(Set(AccessPolicy.known.keys) == Set(names))
        for name in names { #expect(AccessPolicyCatalog.names.contains(name)) }
        #expect(AccessPolicy.view.arn() == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy")
        #expect(AccessPolicy.name(fromARN: "arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSEditPolicy") == "AmazonEKSEditPolicy")
        #expect(AccessPolicy.name(fromARN: "arn:aws:eks:us-east-1:aws:cluster-access-policy/AmazonEKSEditPolicy") == nil)
        #expect(AccessPolicy.name(fromARN: "arn:aws:iam::aws:policy/AmazonEKSEditPolicy") == nil)
    }

    @Test func policiesNest() {
        let view = Set(AccessPolicy.view.rules), edit = Set(AccessPolicy.edit.rules), admin = Set(AccessPolicy.admin.rules)
        #expect(view.isSubset(of: edit) && edit.isSubset(of: admin))
        #expect(AccessPolicy.view.rules.count == 10)
        #expect(AccessPolicy.edit.rules.count == 20)
        #expect(AccessPolicy.admin.rules.count == 22)
        #expect(AccessPolicy.clusterAdmin.rules == [PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]), PolicyRule(verbs: ["*"], nonResourceURLs: ["*"])])
        #expect(AccessPolicy.adminView.rules == [PolicyRule(verbs: ["get", "list", "watch"], apiGroups: ["*"], resources: ["*"])])
        #expect(AccessPolicy.secretReader.rules == [PolicyRule(verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["secrets"])])
    }

    @Test(arguments: [
        // (policy, verb, resource, group, subresource, allowed in namespace "dev")
        ("AmazonEKSViewPolicy", "list", "pods", "", "", true),
        ("AmazonEKSViewPolicy", "get", "pods", "", "log", true),
        ("AmazonEKSViewPolicy", "get", "secrets", "", "", false),
        ("AmazonEKSViewPolicy", "list", "endpointslices", "discovery.k8s.io", "", true),
        ("AmazonEKSViewPolicy", "create", "pods", "", "", false),
        ("AmazonEKSViewPolicy", "get", "roles", "rbac.authorization.k8s.io", "", false),
        ("AmazonEKSEditPolicy", "get", "secrets", "", "", true),
        ("AmazonEKSEditPolicy", "create", "pods", "", "exec", true),
        ("AmazonEKSEditPolicy", "create", "events", "", "", true),
        ("AmazonEKSEditPolicy", "update", "endpoints", "", "", false),
        ("AmazonEKSEditPolicy", "impersonate", "serviceaccounts", "", "", true),
        ("AmazonEKSEditPolicy", "patch", "deployments", "apps", "scale", true),
        ("AmazonEKSEditPolicy", "create", "roles", "rbac.authorization.k8s.io", "", false),
        ("AmazonEKSAdminPolicy", "create", "rolebindings", "rbac.authorization.k8s.io", "", true),
        ("AmazonEKSAdminPolicy", "create", "localsubjectaccessreviews", "authorization.k8s.io", "", true),
        ("AmazonEKSAdminPolicy", "update", "resourcequotas", "", "", false),
        ("AmazonEKSAdminViewPolicy", "get", "secrets", "", "", true),
        ("AmazonEKSAdminViewPolicy", "list", "widgets", "example.com", "", true),
        ("AmazonEKSAdminViewPolicy", "delete", "pods", "", "", false),
        ("AmazonEKSSecretReaderPolicy", "watch", "secrets", "", "", true),
        ("AmazonEKSSecretReaderPolicy", "get", "configmaps", "", "", false),
        ("AmazonEKSClusterAdminPolicy", "escalate", "clusterroles", "rbac.authorization.k8s.io", "", true),
    ])
    func policyRules(_ policy: String, _ verb: String, _ resource: String, _ group: String, _ subresource: String, _ allowed: Bool) {
        let request = Fixture.request(user, verb, resource, group: group, subresource: subresource, namespace: "dev")
        let decision = decide(request, [Self.association(policy, AccessScope(type: .cluster))])
        #expect(decision.allowed == allowed)
        #expect(decision.decision == (allowed ? .allow : .noOpinion))
    }

    @Test func reasonNamesEntryPolicyAndScope() {
        let request = Fixture.request(user, "list", "pods", namespace: "default")
        let namespaced = decide(request, [Self.association("AmazonEKSViewPolicy", AccessScope(type: .namespace, namespaces: ["default"]))])
        #expect(namespaced.reason == "EKS access policy AmazonEKSViewPolicy (namespace scope: default) of access entry \(Self.entryArn)")
        let cluster = decide(request, [Self.association("AmazonEKSViewPolicy", AccessScope(type: .cluster))])
        #expect(cluster.reason == "EKS access policy AmazonEKSViewPolicy (cluster scope) of access entry \(Self.entryArn)")
        #expect(cluster.grant?.rule.resources.contains("pods") == true)
    }

    @Test func namespaceWildcard() {
        let scope = AccessScope(type: .namespace, namespaces: ["prod", "dev-*"])
        let edit = [Self.association("AmazonEKSEditPolicy", scope)]
        for namespace in ["dev-a", "dev-", "dev-team-1", "prod"] {
            #expect(decide(Fixture.request(user, "create", "deployments", group: "apps", namespace: namespace), edit).allowed, "\(namespace)")
        }
        for namespace in ["dev", "development", "prod-1", "xdev-a"] {
            #expect(!decide(Fixture.request(user, "create", "deployments", group: "apps", namespace: namespace), edit).allowed, "\(namespace)")
        }
        #expect(
            decide(Fixture.request(user, "create", "deployments", group: "apps", namespace: "dev-a"), edit).reason
                == "EKS access policy AmazonEKSEditPolicy (namespace scope: dev-*) of access entry \(Self.entryArn)")
    }

    @Test func namespaceScopeNeverGrantsClusterScopedResourcesOrPaths() {
        let admin = [Self.association("AmazonEKSClusterAdminPolicy", AccessScope(type: .namespace, namespaces: ["*"]))]
        #expect(decide(Fixture.request(user, "delete", "pods", namespace: "anything"), admin).allowed)
        let nodes = decide(Fixture.request(user, "list", "nodes"), admin)
        #expect(!nodes.allowed)
        #expect(nodes.outOfScope == ["AmazonEKSClusterAdminPolicy"])
        #expect(!decide(Fixture.request(user, "list", "pods"), admin).allowed)  // all namespaces
        #expect(!decide(Fixture.request(user, "create", "namespaces"), admin).allowed)
        #expect(!decide(Fixture.path(user, "get", "/healthz"), admin).allowed)
        let cluster = [Self.association("AmazonEKSClusterAdminPolicy", AccessScope(type: .cluster))]
        #expect(decide(Fixture.request(user, "list", "nodes"), cluster).allowed)
        #expect(decide(Fixture.path(user, "get", "/metrics"), cluster).allowed)
        #expect(!decide(Fixture.path(user, "get", "/metrics"), [Self.association("AmazonEKSAdminViewPolicy", AccessScope(type: .cluster))]).allowed)
    }

    @Test func unionOfAssociationsEachWithItsScope() {
        let associations = [
            Self.association("AmazonEKSViewPolicy", AccessScope(type: .cluster)),
            Self.association("AmazonEKSEditPolicy", AccessScope(type: .namespace, namespaces: ["team-a"])),
        ]
        #expect(decide(Fixture.request(user, "list", "pods", namespace: "team-b"), associations).allowed)
        #expect(!decide(Fixture.request(user, "delete", "pods", namespace: "team-b"), associations).allowed)
        let edit = decide(Fixture.request(user, "delete", "pods", namespace: "team-a"), associations)
        #expect(edit.grant?.policyName == "AmazonEKSEditPolicy")
    }

    @Test func unknownPoliciesAndNoPoliciesHaveNoOpinion() {
        let request = Fixture.request(user, "list", "nodes")
        let auto = decide(request, [Self.association("AmazonEKSAutoNodePolicy", AccessScope(type: .cluster))])
        #expect(auto.decision == .noOpinion)
        #expect(auto.unknownPolicies == ["arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy"])
        #expect(auto.reason.isEmpty)
        #expect(decide(request, []).decision == .noOpinion)
    }

    @Test func otherPartitions() {
        let request = Fixture.request(user, "get", "secrets", namespace: "x")
        #expect(decide(request, [Self.association("AmazonEKSSecretReaderPolicy", AccessScope(type: .cluster), partition: "aws-us-gov")]).allowed)
    }
}
