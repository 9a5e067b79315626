import Foundation
import Testing

/// `eksauth aws-auth lint` as a user runs it: lines, exit codes, JSON, RBAC manifests, a live cluster.
@Suite("eksauth aws-auth lint")
struct AWSAuthLintCLITests {
    @Test("exit 0 clean, 1 warnings, 2 errors, 3 unreadable; text and JSON output")
    func exitCodesAndOutput() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = Harness.environment(home: home)
        func write(_ name: String, _ body: String) throws -> String {
            let path = home.appendingPathComponent(name).path
            try ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let clean = try write("clean.yaml", "  mapUsers: |\n    - userarn: arn:aws:iam::111122223333:user/alice\n      username: alice\n      groups: [viewers]\n")
        let warning = try write("warning.yaml", "  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/team/dev\n      username: dev\n")
        let broken = try write("broken.yaml", "  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/dev\n     username: [dev\n")

        let ok = try Harness.eksauth(["aws-auth", "lint", clean], environment: environment)
        #expect(ok.status == 0)
        #expect(ok.output == "aws-auth: no problems found\n")
        let warned = try Harness.eksauth(["aws-auth", "lint", warning], environment: environment)
        #expect(warned.status == 1)
        #expect(warned.output.hasPrefix("line 8: warning: mapRoles: arn:aws:iam::111122223333:role/team/dev has a path"), "\(warned.output)")
        let failed = try Harness.eksauth(["aws-auth", "lint", broken, "--output", "json"], environment: environment)
        #expect(failed.status == 2)
        let json = try #require(try JSONSerialization.jsonObject(with: failed.stdout) as? [String: Any])
        let finding = try #require((json["findings"] as? [[String: Any]])?.first)
        #expect(finding["check"] as? String == "yaml-error")
        #expect(finding["line"] as? Int == 9)
        #expect((finding["message"] as? String)?.contains("would empty this whole list") == true)
        let missing = try Harness.eksauth(["aws-auth", "lint", home.appendingPathComponent("nope.yaml").path], environment: environment)
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("cannot read"))

        let rbac = home.appendingPathComponent("rbac.yaml").path
        try """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: rbac.authorization.k8s.io/v1
              kind: ClusterRoleBinding
              metadata: {name: readers}
              roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
              subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: readers}]
            """.write(toFile: rbac, atomically: true, encoding: .utf8)
        let unbound = try Harness.eksauth(["aws-auth", "lint", clean, "--rbac", rbac], environment: environment)
        #expect(unbound.status == 1)
        #expect(unbound.output.contains("no RoleBinding or ClusterRoleBinding names group viewers"), "\(unbound.output)")
    }

    @Test("--kubeconfig reads the ConfigMap from the cluster")
    func liveCluster() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let api = try StandInAPIServer.configMaps(directory: home, token: "reader")
        defer { api.stop() }
        try api.setAWSAuth(mapRoles: "- rolearn: arn:aws:sts::111122223333:assumed-role/dev/jane\n  username: dev\n")
        let kubeconfig = home.appendingPathComponent("kubeconfig").path
        try """
            apiVersion: v1
            clusters: [{name: c, cluster: {server: "\(api.url)", certificate-authority: apiserver-ca.pem}}]
            users: [{name: u, user: {token: reader}}]
            contexts: [{name: c, context: {cluster: c, user: u}}]
            current-context: c
            """.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let result = try Harness.eksauth(["aws-auth", "lint", "--kubeconfig", kubeconfig], environment: Harness.environment(home: home))
        #expect(result.status == 2)
        #expect(result.output.contains("is an assumed-role session; map the role instead: arn:aws:iam::111122223333:role/dev"), "\(result.output) \(result.stderr)")
    }
}
