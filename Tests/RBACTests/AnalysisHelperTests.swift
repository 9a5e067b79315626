import AccessModel
import RBAC
import Testing

/// The pure helpers behind `eksauth can-i`, `who-can` and `explain`: kubectl's resource spelling,
/// the access-entries file, the identity trace and the suggested fixes.
@Suite("Analysis helpers")
struct AnalysisHelperTests {
    // MARK: Resource spelling

    @Test(
        "kubectl resource spellings",
        arguments: [
            ("pods", "pods", "", "", false, false),
            ("pods/log", "pods", "", "log", false, false),
            ("po", "pods", "", "", false, false),
            ("deployments.apps", "deployments", "apps", "", false, false),
            ("deployments.apps/scale", "deployments", "apps", "scale", false, false),
            ("deployments", "deployments", "apps", "", false, false),
            ("deploy/scale", "deployments", "apps", "scale", false, false),
            ("nodes", "nodes", "", "", false, true),
            ("widgets.example.com", "widgets", "example.com", "", false, false),
            ("/healthz", "/healthz", "", "", true, true),
            ("/api/*", "/api/*", "", "", true, true),
        ])
    func spelling(text: String, resource: String, group: String, subresource: String, nonResource: Bool, clusterScoped: Bool) throws {
        let spelling = try ResourceSpelling(text)
        #expect(spelling.resource == resource)
        #expect(spelling.group == group)
        #expect(spelling.subresource == subresource)
        #expect(spelling.isNonResourceURL == nonResource)
        #expect(spelling.isClusterScoped == clusterScoped)
    }

    @Test("cluster-scoped resources drop the namespace; non-resource URLs become paths")
    func targets() throws {
        #expect(try ResourceSpelling("nodes").target(namespace: "dev") == .resource(ResourceAttributes(resource: "nodes")))
        #expect(
            try ResourceSpelling("pods/log").target(name: "web-0", namespace: "dev")
                == .resource(ResourceAttributes(namespace: "dev", resource: "pods", subresource: "log", name: "web-0")))
        #expect(try ResourceSpelling("/healthz").target(namespace: "dev") == .nonResource(path: "/healthz"))
        #expect(try ResourceSpelling("deployments.apps/scale").canonical == "deployments.apps/scale")
    }

    @Test("bad spellings are refused", arguments: ["", "/pods", "pods/", "pods/log/x", ".apps"])
    func badSpellings(text: String) {
        if text == "/pods" {
            // A leading slash is a non-resource URL, not an error.
            #expect((try? ResourceSpelling(text))?.isNonResourceURL == true)
            return
        }
        #expect(throws: ResourceSpellingError.self) { try ResourceSpelling(text) }
    }

    // MARK: Access entries file

    static let entriesJSON = """
        [
          {"accessEntry": {"clusterName": "demo", "principalArn": "arn:aws:iam::111122223333:role/viewer",
            "kubernetesGroups": ["viewers"], "accessEntryArn": "arn:aws:eks:us-east-1:111122223333:access-entry/demo/role/111122223333/viewer/1",
            "username": "viewer", "type": "STANDARD"},
           "associatedAccessPolicies": [{"policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
             "accessScope": {"type": "namespace", "namespaces": ["dev"]}, "associatedAt": "2024-01-02T03:04:05+00:00"}]},
          {"clusterName": "demo", "principalArn": "arn:aws:iam::111122223333:user/alice",
           "associatedAccessPolicies": [{"policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
             "accessScope": {"type": "cluster"}}]},
          "arn:aws:iam::111122223333:user/alice",
          "arn:aws:iam::111122223333:role/team/builder"
        ]
        """

    @Test("describe-access-entry, list-associated-access-policies and bare ARNs")
    func entriesFile() throws {
        let entries = try AccessEntriesFile.parse(Array(Self.entriesJSON.utf8), cluster: "demo")
        #expect(entries.count == 3)
        #expect(entries[0].username == "viewer")
        #expect(entries[0].kubernetesGroups == ["viewers"])
        #expect(entries[0].accessPolicies.map(\.accessScope) == [AccessScope(type: .namespace, namespaces: ["dev"])])
        #expect(entries[1].principalArn == "arn:aws:iam::111122223333:user/alice")
        #expect(entries[1].username == "arn:aws:iam::111122223333:user/alice")
        #expect(entries[1].accessPolicies.map(\.policyArn) == ["arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"])
        #expect(entries[2].username == "arn:aws:sts::111122223333:assumed-role/builder/{{SessionName}}")
        let wrapped = try AccessEntriesFile.parse(Array("{\"accessEntries\": [\"arn:aws:iam::111122223333:role/x\"]}".utf8), cluster: "demo")
        #expect(wrapped.count == 1)
    }

    @Test("a wrong shape names the item", arguments: ["{", "[42]", "[{\"username\": \"x\"}]", "[{\"principalArn\": \"nope\"}]"])
    func entriesFileErrors(text: String) {
        #expect(throws: AccessEntriesFileError.self) { try AccessEntriesFile.parse(Array(text.utf8), cluster: "demo") }
    }

    // MARK: Identity trace

    static let developer = "arn:aws:sts::111122223333:assumed-role/eks-developer/alice"

    @Test("unmapped: no entry, no aws-auth mapping")
    func unmapped() {
        let trace = IdentityTrace(arn: Self.developer, cluster: "demo", mode: .apiAndConfigMap, awsAuth: AWSAuthMappings(), accessEntries: [])
        #expect(!trace.isMapped)
        #expect(trace.canonicalARN == "arn:aws:iam::111122223333:role/eks-developer")
        #expect(trace.principalForEntry == "arn:aws:iam::111122223333:role/eks-developer")
        #expect(trace.problems.contains { $0.contains("no access entry or aws-auth mapping") })
    }

    @Test("aws-auth mapRoles, with templates")
    func mappedByConfigMap() {
        let mappings = AWSAuthMappings(roles: [
            RoleMapping(roleARN: "arn:aws:iam::111122223333:role/EKS-Developer", username: "dev:{{SessionName}}", groups: ["developers"])
        ])
        let trace = IdentityTrace(arn: Self.developer, cluster: "demo", mode: .configMap, awsAuth: mappings, accessEntries: [])
        #expect(trace.user?.username == "dev:alice")
        #expect(trace.user?.groups == ["developers"])
        #expect(trace.user?.source == "mapRoles")
        #expect(trace.accessEntry == nil)
    }

    @Test("a rolearn with a path does not match on EKS, and says so")
    func rolePath() {
        let mappings = AWSAuthMappings(roles: [
            RoleMapping(roleARN: "arn:aws:iam::111122223333:role/teams/eks-developer", username: "eks-developer", groups: [])
        ])
        let trace = IdentityTrace(arn: Self.developer, cluster: "demo", mode: .configMap, awsAuth: mappings, accessEntries: [])
        #expect(!trace.isMapped)
        #expect(trace.problems.contains { $0.contains("has a path") && $0.contains("rolearn: arn:aws:iam::111122223333:role/eks-developer") })
    }

    @Test("near misses: role under mapUsers, a typo, another account")
    func nearMisses() {
        let mappings = AWSAuthMappings(
            roles: [
                RoleMapping(roleARN: "arn:aws:iam::111122223333:role/eks-develper", username: "x", groups: []),
                RoleMapping(roleARN: "arn:aws:iam::999999999999:role/eks-developer", username: "y", groups: []),
            ],
            users: [UserMapping(userARN: "arn:aws:iam::111122223333:role/eks-developer", username: "z", groups: [])])
        let trace = IdentityTrace(arn: Self.developer, cluster: "demo", mode: .configMap, awsAuth: mappings, accessEntries: [])
        #expect(!trace.isMapped)
        #expect(trace.problems.contains { $0.contains("under mapUsers") })
        #expect(trace.problems.contains { $0.contains("eks-develper") })
        #expect(trace.problems.contains { $0.contains("999999999999") })
    }

    @Test("the mode decides which source is read; an access entry wins")
    func modes() throws {
        let entries = try AccessEntriesFile.parse(
            Array(#"[{"principalArn": "arn:aws:iam::111122223333:role/eks-developer", "username": "from-entry", "kubernetesGroups": ["g"]}]"#.utf8),
            cluster: "demo")
        let mappings = AWSAuthMappings(roles: [RoleMapping(roleARN: "arn:aws:iam::111122223333:role/eks-developer", username: "from-cm", groups: [])])
        let both = IdentityTrace(arn: Self.developer, cluster: "demo", mode: .apiAndConfigMap, awsAuth: mappings, accessEntries: entries)
        #expect(both.user?.username == "from-entry")
        #expect(both.accessEntry != nil)
        let configMap = IdentityTrace(arn: Self.developer, cluster: "demo", mode: .configMap, awsAuth: mappings, accessEntries: entries)
        #expect(configMap.user?.username == "from-cm")
        #expect(configMap.accessEntry == nil)
        let api = IdentityTrace(arn: Self.developer, cluster: "demo", mode: .api, awsAuth: mappings, accessEntries: [])
        #expect(!api.isMapped)
        #expect(api.problems.contains { $0.contains("mode is API") })
    }

    @Test("edit distance")
    func editDistance() {
        #expect(IdentityTrace.editDistance("kitten", "sitting") == 3)
        #expect(IdentityTrace.editDistance("", "abc") == 3)
        #expect(IdentityTrace.editDistance("same", "same") == 0)
    }

    // MARK: Fixes

    @Test("the narrowest default role and access policy")
    func narrowest() {
        let rbac = RBACAuthorizer(BootstrapPolicy.snapshot)
        let listPods = AuthorizationRequest.Target.resource(ResourceAttributes(namespace: "dev", resource: "pods"))
        let createDeployments = AuthorizationRequest.Target.resource(ResourceAttributes(namespace: "dev", apiGroup: "apps", resource: "deployments"))
        let createRoleBindings = AuthorizationRequest.Target.resource(
            ResourceAttributes(namespace: "dev", apiGroup: "rbac.authorization.k8s.io", resource: "rolebindings"))
        #expect(AccessFix.clusterRole(allowing: "list", listPods, in: rbac) == "view")
        #expect(AccessFix.clusterRole(allowing: "create", createDeployments, in: rbac) == "edit")
        #expect(AccessFix.clusterRole(allowing: "create", createRoleBindings, in: rbac) == "admin")
        #expect(AccessFix.accessPolicy(allowing: "list", listPods)?.name == "AmazonEKSViewPolicy")
        #expect(AccessFix.accessPolicy(allowing: "create", createDeployments)?.name == "AmazonEKSEditPolicy")
    }

    @Test("kubectl commands for a RoleBinding or a new Role")
    func commands() {
        let listPods = AuthorizationRequest.Target.resource(ResourceAttributes(namespace: "default", resource: "pods"))
        #expect(
            AccessFix.kubectlCommands(subjectFlag: "--user=eks-developer", verb: "list", target: listPods, role: "view")
                == ["kubectl create rolebinding eks-developer-view --clusterrole=view --user=eks-developer -n default"])
        let nodes = AuthorizationRequest.Target.resource(ResourceAttributes(resource: "nodes"))
        let created = AccessFix.kubectlCommands(subjectFlag: "--group=ops", verb: "list", target: nodes, role: nil)
        #expect(created == [
            "kubectl create clusterrole ops-list-nodes --verb=list --resource=nodes",
            "kubectl create clusterrolebinding ops-list-nodes --clusterrole=ops-list-nodes --group=ops",
        ])
        #expect(AccessFix.shellQuote("dev:{{SessionName}}") == "'dev:{{SessionName}}'")
    }
}
