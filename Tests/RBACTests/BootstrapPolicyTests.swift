import RBAC
import Testing

/// The default roles and bindings (reference §2).
@Suite("Bootstrap policy")
struct BootstrapPolicyTests {
    static let authorizer = RBACAuthorizer(BootstrapPolicy.snapshot)

    /// A cluster with admin, edit and view bound in `dev` to three users.
    static let withBindings = RBACAuthorizer(
        BootstrapPolicy.adding(
            RBACSnapshot(roleBindings: [
                RoleBinding(name: "admins", namespace: "dev", roleRef: .clusterRole("admin"), subjects: [.user("ada")]),
                RoleBinding(name: "editors", namespace: "dev", roleRef: .clusterRole("edit"), subjects: [.user("ed")]),
                RoleBinding(name: "viewers", namespace: "dev", roleRef: .clusterRole("view"), subjects: [.user("vi")]),
            ])))

    @Test func fixtureIsVersionedAndComplete() {
        #expect(!BootstrapPolicy.kubernetesVersion.isEmpty)
        #expect(BootstrapPolicy.clusterRolesCommit.count == 40)
        let names = Set(BootstrapPolicy.snapshot.clusterRoles.map(\.name))
        for name in [
            "cluster-admin", "admin", "edit", "view", "system:aggregate-to-admin", "system:aggregate-to-edit", "system:aggregate-to-view",
            "system:basic-user", "system:discovery", "system:public-info-viewer", "system:monitoring", "system:node", "system:node-proxier",
            "system:kube-scheduler", "system:kube-controller-manager", "system:service-account-issuer-discovery", "system:auth-delegator",
        ] {
            #expect(names.contains(name), "missing ClusterRole \(name)")
        }
        #expect(BootstrapPolicy.snapshot.clusterRoles.count == 31)
        #expect(BootstrapPolicy.snapshot.clusterRoleBindings.count == 12)
        #expect(BootstrapPolicy.snapshot.clusterRoles.allSatisfy { $0.metadata.annotations["rbac.authorization.kubernetes.io/autoupdate"] == "true" })
        #expect(Self.authorizer.aggregationProblems.isEmpty)
    }

    @Test func referenceRulesExactly() {
        let roles = Dictionary(uniqueKeysWithValues: BootstrapPolicy.snapshot.clusterRoles.map { ($0.name, $0) })
        #expect(
            roles["cluster-admin"]?.rules == [
                PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]), PolicyRule(verbs: ["*"], nonResourceURLs: ["*"]),
            ])
        #expect(
            roles["system:public-info-viewer"]?.rules == [PolicyRule(verbs: ["get"], nonResourceURLs: ["/healthz", "/livez", "/readyz", "/version", "/version/"])])
        #expect(
            roles["system:discovery"]?.rules.first?.nonResourceURLs.sorted()
                == ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])
        #expect(
            roles["system:aggregate-to-admin"]?.rules == [
                PolicyRule(verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["localsubjectaccessreviews"]),
                PolicyRule(
                    verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], apiGroups: ["rbac.authorization.k8s.io"],
                    resources: ["rolebindings", "roles"]),
            ])
        #expect(roles["edit"]?.metadata.labels["rbac.authorization.k8s.io/aggregate-to-admin"] == "true")
        #expect(roles["view"]?.metadata.labels["rbac.authorization.k8s.io/aggregate-to-edit"] == "true")
        #expect(roles["admin"]?.rules == [])
    }

    @Test func defaultBindings() {
        let bindings = Dictionary(uniqueKeysWithValues: BootstrapPolicy.snapshot.clusterRoleBindings.map { ($0.name, $0) })
        #expect(bindings["cluster-admin"]?.subjects == [.group("system:masters")])
        #expect(bindings["system:basic-user"]?.subjects == [.group("system:authenticated")])
        #expect(bindings["system:discovery"]?.subjects == [.group("system:authenticated")])
        #expect(bindings["system:public-info-viewer"]?.subjects == [.group("system:authenticated"), .group("system:unauthenticated")])
        #expect(bindings["system:kube-dns"]?.subjects == [.serviceAccount("kube-dns", namespace: "kube-system")])
        #expect(bindings["system:node"]?.subjects == [])
        #expect(bindings["system:node-proxier"]?.subjects == [.user("system:kube-proxy")])
        #expect(bindings["admin"] == nil && bindings["edit"] == nil && bindings["view"] == nil)
    }

    @Test func clusterAdminBoundToSystemMasters() {
        let root = UserInfo.authenticated(name: "root", groups: ["system:masters"])
        let decision = Self.authorizer.authorize(Fixture.request(root, "delete", "nodes", name: "n1"))
        #expect(decision.reason == #"RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters""#)
        #expect(Self.authorizer.authorize(Fixture.path(root, "post", "/anything")).allowed)
    }

    @Test(arguments: ["/healthz", "/livez", "/readyz", "/version", "/version/", "/api", "/api/v1", "/apis", "/apis/apps/v1", "/openapi/v3"])
    func discoveryForAuthenticatedUsers(_ path: String) {
        let user = UserInfo.authenticated(name: "someone")
        let decision = Self.authorizer.authorize(Fixture.path(user, "get", path))
        #expect(decision.allowed)
        #expect(decision.grant?.source.subject == .group("system:authenticated"))
        #expect(!Self.authorizer.authorize(Fixture.path(UserInfo(name: "someone"), "get", path)).allowed)
    }

    @Test func discoveryReason() {
        let decision = Self.authorizer.authorize(Fixture.path(.authenticated(name: "someone"), "get", "/api/v1"))
        #expect(decision.reason == #"RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated""#)
        #expect(!Self.authorizer.authorize(Fixture.path(.authenticated(name: "someone"), "get", "/metrics")).allowed)
        #expect(!Self.authorizer.authorize(Fixture.path(.authenticated(name: "someone"), "post", "/api/v1")).allowed)
    }

    @Test func anonymousGetsPublicInfoOnly() {
        let anonymous = UserInfo.impersonated(name: "system:anonymous")
        #expect(anonymous.groups == ["system:unauthenticated"])
        let healthz = Self.authorizer.authorize(Fixture.path(anonymous, "get", "/healthz"))
        #expect(healthz.reason == #"RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated""#)
        #expect(!Self.authorizer.authorize(Fixture.path(anonymous, "get", "/api")).allowed)
    }

    @Test func basicUserCanReviewItself() {
        let user = UserInfo.authenticated(name: "someone")
        #expect(Self.authorizer.authorize(Fixture.request(user, "create", "selfsubjectaccessreviews", group: "authorization.k8s.io")).allowed)
        #expect(Self.authorizer.authorize(Fixture.request(user, "create", "selfsubjectreviews", group: "authentication.k8s.io")).allowed)
        #expect(!Self.authorizer.authorize(Fixture.request(user, "create", "subjectaccessreviews", group: "authorization.k8s.io")).allowed)
        #expect(!Self.authorizer.authorize(Fixture.request(user, "list", "pods", namespace: "default")).allowed)
    }

    @Test func serviceAccountsGetIssuerDiscovery() {
        let account = UserInfo.serviceAccount(namespace: "default", name: "app")
        let decision = Self.authorizer.authorize(Fixture.path(account, "get", "/.well-known/openid-configuration"))
        #expect(
            decision.reason
                == #"RBAC: allowed by ClusterRoleBinding "system:service-account-issuer-discovery" of ClusterRole "system:service-account-issuer-discovery" to Group "system:serviceaccounts""#
        )
    }

    @Test func viewCannotReadSecretsEditCan() {
        let viewer = Fixture.request(.authenticated(name: "vi"), "get", "secrets", name: "db", namespace: "dev")
        #expect(!Self.withBindings.authorize(viewer).allowed)
        #expect(Self.withBindings.authorize(viewer.with(user: .authenticated(name: "ed"))).reason == #"RBAC: allowed by RoleBinding "editors/dev" of ClusterRole "edit" to User "ed""#)
        #expect(Self.withBindings.authorize(viewer.with(user: .authenticated(name: "ada"))).allowed)
        // Outside the RoleBinding's namespace nothing is granted.
        #expect(!Self.withBindings.authorize(Fixture.request(.authenticated(name: "ed"), "get", "secrets", name: "db", namespace: "prod")).allowed)
    }

    @Test(arguments: [
        // (verb, resource, group, subresource, view, edit, admin)
        ("list", "pods", "", "", true, true, true),
        ("get", "pods", "", "log", true, true, true),
        ("create", "pods", "", "exec", false, true, true),
        ("delete", "pods", "", "", false, true, true),
        ("update", "deployments", "apps", "scale", false, true, true),
        ("get", "deployments", "apps", "scale", true, true, true),
        ("list", "endpointslices", "discovery.k8s.io", "", true, true, true),
        ("create", "leases", "coordination.k8s.io", "", false, true, true),
        ("create", "serviceaccounts", "", "token", false, true, true),
        ("impersonate", "serviceaccounts", "", "", false, true, true),
        ("list", "roles", "rbac.authorization.k8s.io", "", false, false, true),
        ("create", "rolebindings", "rbac.authorization.k8s.io", "", false, false, true),
        ("create", "localsubjectaccessreviews", "authorization.k8s.io", "", false, false, true),
        ("update", "resourcequotas", "", "", false, false, false),
        ("delete", "namespaces", "", "", false, false, false),
    ])
    func userFacingRoles(_ verb: String, _ resource: String, _ group: String, _ subresource: String, _ view: Bool, _ edit: Bool, _ admin: Bool) {
        for (user, expected) in [("vi", view), ("ed", edit), ("ada", admin)] {
            let request = Fixture.request(.authenticated(name: user), verb, resource, group: group, subresource: subresource, name: "x", namespace: "dev")
            #expect(Self.withBindings.authorize(request).allowed == expected, "\(user) \(verb) \(resource)/\(subresource)")
        }
    }

    @Test func aggregationChainViewInsideEditInsideAdmin() {
        let roles = Dictionary(uniqueKeysWithValues: Self.authorizer.snapshot.clusterRoles.map { ($0.name, $0.rules) })
        let view = Set(roles["view"] ?? []), edit = Set(roles["edit"] ?? []), admin = Set(roles["admin"] ?? [])
        #expect(!view.isEmpty)
        #expect(view.isSubset(of: edit) && edit.isSubset(of: admin))
        #expect(view == Set(roles["system:aggregate-to-view"] ?? []))
        #expect(!view.contains { $0.resources.contains("secrets") })
    }
}
