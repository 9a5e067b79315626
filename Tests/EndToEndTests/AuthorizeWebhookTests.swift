import Foundation
import Testing

/// `POST /authorize`: the access-policy authorizer as kube-apiserver's authorization webhook, fed
/// the user a TokenReview answered — allowed with the entry and policy as the reason, or no opinion.
@Suite("access-policy authorization webhook", .serialized)
struct AuthorizeWebhookTests {
    static func review(_ url: String, _ body: [String: Any]) throws -> (status: Int, body: [String: Any]) {
        let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let answer = try WebhookAuthenticateTests.raw(url, "POST", text)
        return (answer.status, (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]) ?? [:])
    }

    @Test("SubjectAccessReviews v1 and v1beta1: policies within their scope allow, everything else has no opinion")
    func subjectAccessReviews() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("state"), ["--cluster-id", "demo"])
        defer { server.stop() }
        let root = AccessAPITests.CLI(environment: server.environment(home: home))
        try root.ok(["iam", "create-user", "--user-name", "ann"])
        let annKey = try #require(try root.ok(["iam", "create-access-key", "--user-name", "ann"])["AccessKey"] as? [String: Any])
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/ann"},"Action":"sts:AssumeRole"}]}"#
        try root.ok(["iam", "create-role", "--role-name", "dev", "--assume-role-policy-document", trust])
        let dev = "arn:aws:iam::123456789012:role/dev"
        try root.ok(["eks", "create-access-entry", "--cluster-name", "demo", "--principal-arn", dev, "--username", "dev:{{SessionName}}"])
        try root.ok(["eks", "associate-access-policy", "--cluster-name", "demo", "--principal-arn", dev,
                     "--policy-arn", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", "--access-scope", "type=namespace,namespaces=default,team-*"])
        try root.ok(["eks", "create-access-entry", "--cluster-name", "demo", "--principal-arn", "arn:aws:iam::123456789012:user/ann"])
        try root.ok(["eks", "associate-access-policy", "--cluster-name", "demo", "--principal-arn", "arn:aws:iam::123456789012:user/ann",
                     "--policy-arn", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", "--access-scope", "type=cluster"])

        // The user as the token authenticator answers it, passed on by kube-apiserver.
        let assumed = try CLI(environment: AccessAPITests.keys(annKey, server, home: home)).ok(
            ["sts", "assume-role", "--role-arn", dev, "--role-session-name", "alice"])
        let session = AccessAPITests.keys(try #require(assumed["Credentials"] as? [String: Any]), server, home: home)
        let tokenReview = try WebhookAuthenticateTests.review(server.endpoint + "/authenticate", try AccessAPITests.token(session, cluster: "demo"))
        let user = try #require((tokenReview.body["status"] as? [String: Any])?["user"] as? [String: Any])
        #expect(user["username"] as? String == "dev:alice")
        let extra = try #require(user["extra"] as? [String: [String]])
        let url = server.endpoint + "/authorize"
        func sar(_ attributes: [String: Any], version: String = "v1", extra: [String: [String]]? = extra, nonResource: Bool = false) throws
            -> (status: Int, body: [String: Any])
        {
            var spec: [String: Any] = ["user": user["username"] ?? "", "uid": user["uid"] ?? ""]
            spec[version == "v1" ? "groups" : "group"] = user["groups"] ?? []
            if let extra { spec["extra"] = extra }
            spec[nonResource ? "nonResourceAttributes" : "resourceAttributes"] = attributes
            return try Self.review(url, ["apiVersion": "authorization.k8s.io/\(version)", "kind": "SubjectAccessReview", "spec": spec])
        }
        func status(_ answer: (status: Int, body: [String: Any])) -> [String: Any] { answer.body["status"] as? [String: Any] ?? [:] }

        let pods = try sar(["namespace": "default", "verb": "list", "version": "v1", "resource": "pods"])
        #expect(pods.status == 200)
        #expect(pods.body["apiVersion"] as? String == "authorization.k8s.io/v1")
        #expect(pods.body["kind"] as? String == "SubjectAccessReview")
        #expect(status(pods)["allowed"] as? Bool == true)
        let reason = status(pods)["reason"] as? String ?? ""
        #expect(reason.contains("AmazonEKSViewPolicy") && reason.contains("access-entry/demo/role/123456789012/dev/"), "\(reason)")
        #expect(status(pods)["denied"] == nil, "the access-policy authorizer never denies")

        #expect(status(try sar(["namespace": "team-a", "verb": "get", "group": "apps", "resource": "deployments"]))["allowed"] as? Bool == true)
        let secrets = try sar(["namespace": "default", "verb": "get", "resource": "secrets", "name": "db"])
        #expect(status(secrets)["allowed"] as? Bool == false)
        #expect(status(secrets)["denied"] == nil)
        let prod = try sar(["namespace": "prod", "verb": "list", "resource": "pods"])
        #expect(status(prod)["allowed"] as? Bool == false)
        #expect((status(prod)["reason"] as? String)?.contains("AmazonEKSViewPolicy") == true, "out of scope is explained: \(prod.body)")
        #expect(status(try sar(["verb": "list", "resource": "nodes"]))["allowed"] as? Bool == false, "namespace scope grants nothing cluster-wide")
        let beta = try sar(["namespace": "default", "verb": "watch", "resource": "configmaps"], version: "v1beta1")
        #expect(beta.body["apiVersion"] as? String == "authorization.k8s.io/v1beta1")
        #expect(status(beta)["allowed"] as? Bool == true)
        let impersonated = try sar(["namespace": "default", "verb": "list", "resource": "pods"], extra: nil)
        #expect(status(impersonated)["allowed"] as? Bool == false, "an impersonated user carries no IAM identity")

        // ann's own entry has cluster-admin at cluster scope: non-resource URLs too.
        var annExtra = extra
        annExtra["canonicalArn"] = ["arn:aws:iam::123456789012:user/ann"]
        annExtra["principalId"] = [try #require(try root.ok(["iam", "get-user", "--user-name", "ann"])["User"] as? [String: Any])["UserId"] as? String ?? ""]
        let healthz = try sar(["verb": "get", "path": "/healthz"], extra: annExtra, nonResource: true)
        #expect(status(healthz)["allowed"] as? Bool == true)
        #expect((status(healthz)["reason"] as? String)?.contains("AmazonEKSClusterAdminPolicy") == true)
        annExtra["principalId"] = ["AIDAOTHERPRINCIPAL"]
        #expect(status(try sar(["verb": "get", "path": "/healthz"], extra: annExtra, nonResource: true))["allowed"] as? Bool == false,
            "another principal under the same ARN (deleted and re-created) does not inherit the entry")

        #expect(try WebhookAuthenticateTests.raw(url, "POST", "{").status == 400)
        #expect(try WebhookAuthenticateTests.raw(url, "POST", #"{"apiVersion":"authorization.k8s.io/v2","kind":"SubjectAccessReview","spec":{}}"#).status == 400)
        #expect(try WebhookAuthenticateTests.raw(url, "GET", "").status == 405)
    }

    @Test("eksauth init writes the authorization webhook's kubeconfig")
    func initWritesTheKubeconfig() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let state = home.appendingPathComponent("state")
        let result = try Harness.eksauth(["init", "--cluster-id", "demo", "--state-dir", state.path, "--port", "21362"], environment: Harness.environment(home: home))
        try #require(result.status == 0, "\(result.stderr)")
        let kubeconfig = try String(contentsOf: state.appendingPathComponent("authorization-webhook-kubeconfig.yaml"), encoding: .utf8)
        #expect(kubeconfig.contains("server: https://127.0.0.1:21362/authorize"))
        #expect(kubeconfig.contains("--authorization-webhook-config-file"))
        #expect(result.output.contains("--authorization-mode=Node,RBAC,Webhook"))
    }
}

private typealias CLI = AccessAPITests.CLI
