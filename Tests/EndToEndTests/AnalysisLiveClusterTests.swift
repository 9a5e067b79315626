import Foundation
import Testing

/// `can-i`, `who-can` and `explain` with `--kubeconfig`: RBAC objects and the aws-auth ConfigMap read
/// from a (stand-in) API server, whose lists carry no per-item kind, as the real one's do.
@Suite("analysis commands on a live cluster")
struct AnalysisLiveClusterTests {
    @Test("RBAC and aws-auth come from the API server")
    func liveCluster() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let api = try StandInAPIServer.configMaps(directory: home, token: "reader")
        defer { api.stop() }
        try api.setAWSAuth(mapRoles: "- rolearn: arn:aws:iam::111122223333:role/eks-developer\n  username: eks-developer\n  groups: [developers]\n")
        try api.control("PUT", "/control/rbac/clusterroles", """
            [{"metadata": {"name": "view"}, "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}]},
             {"metadata": {"name": "cluster-admin"}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}, {"nonResourceURLs": ["*"], "verbs": ["*"]}]}]
            """)
        try api.control("PUT", "/control/rbac/rolebindings", """
            [{"metadata": {"name": "developers-view", "namespace": "dev"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"},
              "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "developers"}]}]
            """)
        try api.control("PUT", "/control/rbac/clusterrolebindings", """
            [{"metadata": {"name": "cluster-admin"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
              "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "system:masters"}]}]
            """)
        let kubeconfig = home.appendingPathComponent("kubeconfig").path
        try """
            apiVersion: v1
            clusters: [{name: c, cluster: {server: "\(api.url)", certificate-authority: apiserver-ca.pem}}]
            users: [{name: u, user: {token: reader}}]
            contexts: [{name: c, context: {cluster: c, user: u}}]
            current-context: c
            """.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let environment = Harness.environment(home: home)
        let session = "arn:aws:sts::111122223333:assumed-role/eks-developer/alice"
        let allowed = try Harness.eksauth(["can-i", "list", "pods", "-n", "dev", "--arn", session, "--kubeconfig", kubeconfig], environment: environment)
        #expect(allowed.status == 0, "\(allowed.output)\(allowed.stderr)")
        #expect(allowed.output.hasPrefix("yes"))
        #expect(allowed.output.contains(#"RoleBinding "developers-view/dev" of ClusterRole "view" to Group "developers""#), "\(allowed.output)")
        let denied = try Harness.eksauth(["can-i", "list", "pods", "-n", "prod", "--arn", session, "--kubeconfig", kubeconfig], environment: environment)
        #expect(denied.status == 1)
        #expect(denied.output.hasPrefix("no"))
        let whoCan = try Harness.eksauth(["who-can", "list", "pods", "-n", "dev", "--kubeconfig", kubeconfig], environment: environment)
        #expect(whoCan.status == 0, "\(whoCan.stderr)")
        #expect(whoCan.output.contains("developers") && whoCan.output.contains("system:masters"), "\(whoCan.output)")
        #expect(whoCan.output.contains("arn:aws:iam::111122223333:role/eks-developer"), "the IAM role behind the group, through the live aws-auth: \(whoCan.output)")
    }
}
