import RBAC
import Testing

/// The groups kube-apiserver adds before authorizing (reference §1.4).
@Suite("Users and groups")
struct UserInfoTests {
    @Test func authenticatedAddsTheGroupOnce() {
        #expect(UserInfo.authenticated(name: "alice", groups: ["dev"]).groups == ["dev", "system:authenticated"])
        #expect(UserInfo.authenticated(name: "alice", groups: ["system:authenticated", "dev"]).groups == ["system:authenticated", "dev"])
        #expect(UserInfo.authenticated(name: "system:anonymous").groups == [])
        #expect(UserInfo.authenticated(name: "x", groups: ["system:unauthenticated"]).groups == ["system:unauthenticated"])
        #expect(UserInfo(name: "raw", groups: ["a"]).groups == ["a"])
    }

    @Test func serviceAccounts() {
        let account = UserInfo.serviceAccount(namespace: "ci", name: "builder")
        #expect(account.name == "system:serviceaccount:ci:builder")
        #expect(account.groups == ["system:serviceaccounts", "system:serviceaccounts:ci", "system:authenticated"])
        #expect(account.serviceAccount?.namespace == "ci")
        #expect(account.serviceAccount?.name == "builder")
        #expect(SystemNames.serviceAccount(fromUsername: "system:serviceaccount:a:b:c") == nil)
        #expect(SystemNames.serviceAccount(fromUsername: "system:serviceaccount::b") == nil)
    }

    @Test func impersonation() {
        #expect(UserInfo.impersonated(name: "system:serviceaccount:dev:foo").groups == ["system:serviceaccounts", "system:serviceaccounts:dev", "system:authenticated"])
        #expect(UserInfo.impersonated(name: "system:serviceaccount:dev:foo", groups: ["g"]).groups == ["g", "system:authenticated"])
        #expect(UserInfo.impersonated(name: "alice", groups: ["system:masters"]).groups == ["system:masters", "system:authenticated"])
        #expect(UserInfo.impersonated(name: "system:anonymous").groups == ["system:unauthenticated"])
    }

    @Test func serviceAccountGroupsGrant() {
        let snapshot = RBACSnapshot(
            clusterRoles: [ClusterRole(name: "r", rules: [PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["configmaps"])])],
            roleBindings: [
                RoleBinding(name: "all-sa", namespace: "ci", roleRef: .clusterRole("r"), subjects: [.group("system:serviceaccounts:ci")])
            ])
        let authorizer = RBACAuthorizer(snapshot)
        let inCI = UserInfo.serviceAccount(namespace: "ci", name: "any")
        #expect(
            authorizer.authorize(Fixture.request(inCI, "get", "configmaps", namespace: "ci")).reason
                == #"RBAC: allowed by RoleBinding "all-sa/ci" of ClusterRole "r" to Group "system:serviceaccounts:ci""#)
        #expect(!authorizer.authorize(Fixture.request(UserInfo.serviceAccount(namespace: "web", name: "any"), "get", "configmaps", namespace: "ci")).allowed)
    }
}
