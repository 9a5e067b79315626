import Foundation
import Testing

/// `POST /authenticate` on `eksauth server --cluster-id`: tokens from the real `aws eks get-token` and
/// from `eksauth token`, verified in process against the embedded STS, mapped through the
/// configuration's and an aws-auth file's mappings — the seeds' story.
@Suite("webhook token authenticator", .serialized)
struct WebhookAuthenticateTests {
    static func review(_ url: String, _ token: String, _ version: String = "authentication.k8s.io/v1") throws -> (status: Int, body: [String: Any]) {
        let result = try Harness.run(
            "python3", [Harness.support.appendingPathComponent("token_review.py").path, url, token, version],
            environment: ProcessInfo.processInfo.environment)
        let lines = result.output.split(separator: "\n", maxSplits: 1).map(String.init)
        let body = lines.count > 1 ? (try? JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]) ?? [:] : [:]
        return (Int(lines.first ?? "") ?? 0, body)
    }

    static func raw(_ url: String, _ method: String, _ body: String) throws -> (status: Int, body: String) {
        let result = try Harness.run(
            "python3", [Harness.support.appendingPathComponent("token_review.py").path, url, "--raw", method, body],
            environment: ProcessInfo.processInfo.environment)
        let lines = result.output.split(separator: "\n", maxSplits: 1).map(String.init)
        return (Int(lines.first ?? "") ?? 0, lines.count > 1 ? lines[1].trimmingCharacters(in: .whitespacesAndNewlines) : "")
    }

    @Test("the seeds' story: unmapped role denied, mapped role and user granted, templates, aws-auth file reloads safely")
    func seedsStory() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let awsAuth = home.appendingPathComponent("aws-auth.yaml")
        try """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: aws-auth
              namespace: kube-system
            data:
              mapUsers: |
                - userarn: arn:aws:iam::123456789012:user/alice
                  username: alice
                  groups:
                    - viewers
            """.write(to: awsAuth, atomically: true, encoding: .utf8)
        let config = home.appendingPathComponent("server.yaml")
        try """
            clusterId: demo
            mapRoles:
              - rolearn: arn:aws:iam::123456789012:role/eks-developer
                username: eks-developer:{{SessionName}}
                groups: [developers]
              - rolearn: arn:aws:iam::123456789012:role/team/eks-admin
                username: "aws:{{AccountID}}:eks-admin:{{SessionName}}"
                groups: [admins]
            """.write(to: config, atomically: true, encoding: .utf8)
        let log = home.appendingPathComponent("server.log")
        let server = try EmbeddedSTSTests.Server(
            state: home.appendingPathComponent("state"), ["--config", config.path, "--aws-auth-file", awsAuth.path, "--log-format", "json"], log: log)
        defer { server.stop() }
        let url = server.endpoint + "/authenticate"
        let root = server.environment(home: home)
        func json(_ arguments: [String], _ environment: [String: String]) throws -> [String: Any] {
            let result = try Harness.aws(arguments + ["--output", "json"], environment: environment)
            try #require(result.status == 0, "\(arguments.prefix(2)): \(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        }
        _ = try json(["iam", "create-user", "--user-name", "alice"], root)
        let key = try #require(try json(["iam", "create-access-key", "--user-name", "alice"], root)["AccessKey"] as? [String: Any])
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"sts:AssumeRole"}]}"#
        for (name, path) in [("eks-developer", "/"), ("eks-admin", "/team/"), ("unmapped", "/")] {
            _ = try json(["iam", "create-role", "--role-name", name, "--path", path, "--assume-role-policy-document", trust], root)
        }
        // Tokens are presigned for the real STS host (the allow-list admits no other); the embedded
        // STS verifies them in process. Role sessions come from the embedded STS first.
        let aliceKeys = [
            "AWS_PROFILE": "", "AWS_ACCESS_KEY_ID": key["AccessKeyId"] as? String ?? "", "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"] as? String ?? "",
            "AWS_DEFAULT_REGION": "us-east-1",
        ]
        let alice = server.environment(home: home, aliceKeys)
        func session(_ role: String, _ name: String = "EKSGetTokenAuth") throws -> [String: String] {
            var environment = alice
            environment["AWS_ENDPOINT_URL_STS"] = server.endpoint
            let assumed = try json(["sts", "assume-role", "--role-arn", role, "--role-session-name", name], environment)
            let credentials = try #require(assumed["Credentials"] as? [String: Any])
            return server.environment(home: home, [
                "AWS_PROFILE": "", "AWS_ACCESS_KEY_ID": credentials["AccessKeyId"] as? String ?? "",
                "AWS_SECRET_ACCESS_KEY": credentials["SecretAccessKey"] as? String ?? "",
                "AWS_SESSION_TOKEN": credentials["SessionToken"] as? String ?? "", "AWS_DEFAULT_REGION": "us-east-1",
            ])
        }
        func awsToken(_ environment: [String: String], cluster: String = "demo") throws -> String {
            let result = try Harness.aws(["eks", "get-token", "--cluster-name", cluster, "--query", "status.token", "--output", "text"], environment: environment)
            try #require(result.status == 0, "\(result.stderr)")
            return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func ourToken(_ environment: [String: String]) throws -> String {
            let result = try Harness.eksauth(["token", "--cluster-name", "demo", "--token-only"], environment: environment)
            try #require(result.status == 0, "\(result.stderr)")
            return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        // An IAM user mapped by the aws-auth file.
        // Tokens whose identity verifies are cached; the same token twice (`eksauth token` makes the AWS
        // CLI's bytes, so two made in one second are one token) is verified once.
        var verified: [String] = [try awsToken(alice), try ourToken(alice)]
        for token in verified {
            let answer = try Self.review(url, token)
            #expect(answer.status == 200)
            let status = answer.body["status"] as? [String: Any]
            #expect(status?["authenticated"] as? Bool == true)
            let user = status?["user"] as? [String: Any]
            #expect(user?["username"] as? String == "alice")
            #expect(user?["groups"] as? [String] == ["viewers"])
            #expect((user?["uid"] as? String)?.hasPrefix("aws-iam-authenticator:123456789012:AIDA") == true)
            #expect(answer.body["apiVersion"] as? String == "authentication.k8s.io/v1")
            #expect(answer.body["kind"] as? String == "TokenReview")
        }

        // The seeds: an unmapped role is denied; a mapped one gets eks-developer:<session, @ as ->.
        verified.append(try awsToken(try session("arn:aws:iam::123456789012:role/unmapped")))
        let unmapped = try Self.review(url, verified[verified.count - 1])
        #expect(unmapped.status == 403)
        #expect((unmapped.body["status"] as? [String: Any])?["authenticated"] as? Bool == false)
        let developerToken = try ourToken(try session("arn:aws:iam::123456789012:role/eks-developer", "alice@example.com"))
        let developer = try Self.review(url, developerToken, "authentication.k8s.io/v1beta1")
        #expect(try Self.review(url, developerToken).status == 200, "the same token again, from the cache")
        #expect(developer.status == 200)
        #expect(developer.body["apiVersion"] as? String == "authentication.k8s.io/v1beta1")
        let developerUser = (developer.body["status"] as? [String: Any])?["user"] as? [String: Any]
        #expect(developerUser?["username"] as? String == "eks-developer:alice-example.com")
        #expect(developerUser?["groups"] as? [String] == ["developers"])
        let extra = developerUser?["extra"] as? [String: [String]]
        #expect(extra?["arn"] == ["arn:aws:sts::123456789012:assumed-role/eks-developer/alice@example.com"])
        #expect(extra?["canonicalArn"] == ["arn:aws:iam::123456789012:role/eks-developer"])
        #expect(extra?["sessionName"] == ["alice@example.com"])
        // A role with a path matches the path-less ARN STS reports (upstream issue #268).
        verified += [developerToken, developerToken, try awsToken(try session("arn:aws:iam::123456789012:role/team/eks-admin"))]
        let admin = try Self.review(url, verified[verified.count - 1])
        #expect(((admin.body["status"] as? [String: Any])?["user"] as? [String: Any])?["username"] as? String
            == "aws:123456789012:eks-admin:EKSGetTokenAuth", "\(admin.body)")

        // Tokens for another cluster, tampered or malformed tokens, and bad requests.
        let wrongCluster = try Self.review(url, try awsToken(alice, cluster: "other"))
        #expect(wrongCluster.status == 403)
        #expect(((wrongCluster.body["status"] as? [String: Any])?["error"] as? String)?.contains("SignatureDoesNotMatch") == true)
        let malformed = try Self.review(url, "k8s-aws-v1.not-base64!")
        #expect(malformed.status == 403)
        #expect(((malformed.body["status"] as? [String: Any])?["error"] as? String)?.hasPrefix("input token was not properly formatted") == true)
        #expect(try Self.raw(url, "GET", "") == (405, "expected POST"))
        #expect(try Self.raw(url, "POST", "") == (400, "expected a request body"))
        #expect(try Self.raw(url, "POST", "{not json") == (400, "expected a request body to be a TokenReview"))

        let metrics = try Harness.run(
            "python3", ["-c", "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())", server.endpoint + "/metrics"],
            environment: ProcessInfo.processInfo.environment).output
        for line in [
            #"eksauth_authenticate_total{result="success"} 5"#, #"eksauth_authenticate_total{result="uknown_user"} 1"#,
            #"eksauth_authenticate_total{result="sts_error"} 1"#, #"eksauth_authenticate_total{result="invalid_token"} 1"#,
            #"eksauth_authenticate_total{result="malformed_request"} 2"#,
            "eksauth_token_cache_hits_total \(verified.count - Set(verified).count)",
            #"aws_iam_authenticator_authenticate_latency_seconds_count{result="success"} 5"#,
        ] {
            #expect(metrics.contains(line + "\n"), "\(line) in\n\(metrics)")
        }

        // One JSON line per decision, with the audit fields and never a token or a secret.
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]
        }
        let granted = try #require(lines.first { $0["msg"] == "access granted" && $0["username"] == "eks-developer:alice-example.com" })
        #expect(granted["arn"] == "arn:aws:sts::123456789012:assumed-role/eks-developer/alice@example.com")
        #expect(granted["canonicalArn"] == "arn:aws:iam::123456789012:role/eks-developer")
        #expect(granted["groups"] == #"["developers"]"#)
        #expect(granted["uid"]?.hasPrefix("aws-iam-authenticator:123456789012:AROA") == true)
        #expect(granted["stsHost"] == "sts.us-east-1.amazonaws.com")
        #expect(granted["client"]?.contains("127.0.0.1") == true)
        let denied = try #require(lines.first { $0["msg"] == "access denied" && $0["reason"] == "identity is not mapped" })
        #expect(denied["canonicalArn"] == "arn:aws:iam::123456789012:role/unmapped")
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(!text.contains(String(developerToken.dropFirst(11).prefix(40))), "no token in the log")
        #expect(!text.contains(key["SecretAccessKey"] as? String ?? "-"), "no secret in the log")

        // A broken aws-auth edit keeps alice's mapping, and /healthz says what is wrong.
        try """
            apiVersion: v1
            kind: ConfigMap
            data:
              mapUsers: |
                - userarn: arn:aws:iam::123456789012:user/alice
                  username: alice
                   groups: [viewers]
            """.write(to: awsAuth, atomically: true, encoding: .utf8)
        var health = ""
        for _ in 0..<60 where !health.contains("warning") {
            health = (try? Harness.run("python3", ["-c", "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())", server.endpoint + "/healthz"], environment: ProcessInfo.processInfo.environment).output) ?? ""
            if !health.contains("warning") { Thread.sleep(forTimeInterval: 0.5) }
        }
        #expect(health.contains("warning:") && health.contains("mapUsers is not valid YAML"), "\(health)")
        let stillAlice = try Self.review(url, try ourToken(alice))
        #expect(((stillAlice.body["status"] as? [String: Any])?["user"] as? [String: Any])?["username"] as? String == "alice")
    }

    @Test("eksauth init: a certificate Go's TLS client (kubectl) trusts through the webhook kubeconfig; HTTPS and plain-HTTP health")
    func initAndTLS() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let state = home.appendingPathComponent("state")
        let port = try Harness.freePort()
        let healthPort = try Harness.freePort()
        let made = try Harness.eksauth(
            ["init", "--cluster-id", "demo", "--state-dir", state.path, "--port", String(port), "--health-port", String(healthPort),
             "--hostname", "eksauth.example.internal"],
            environment: Harness.environment(home: home))
        try #require(made.status == 0, "\(made.stderr)")
        let certificate = try String(contentsOf: state.appendingPathComponent("tls/cert.pem"), encoding: .utf8)
        let kubeconfig = try String(contentsOf: state.appendingPathComponent("webhook-kubeconfig.yaml"), encoding: .utf8)
        #expect(kubeconfig.contains("server: https://127.0.0.1:\(port)/authenticate"))
        #expect(kubeconfig.contains("certificate-authority-data: " + Data(certificate.utf8).base64EncodedString()))
        let keyMode = try FileManager.default.attributesOfItem(atPath: state.appendingPathComponent("tls/key.pem").path)[.posixPermissions] as? NSNumber
        #expect(keyMode?.intValue == 0o600)
        let names = try Harness.run(
            "openssl", ["x509", "-in", state.appendingPathComponent("tls/cert.pem").path, "-noout", "-ext", "subjectAltName"],
            environment: ProcessInfo.processInfo.environment)
        #expect(names.output.contains("DNS:eksauth.example.internal") && names.output.contains("IP Address:127.0.0.1"), "\(names.output)")

        let again = try Harness.eksauth(
            ["init", "--cluster-id", "demo", "--state-dir", state.path, "--port", String(port), "--health-port", String(healthPort)],
            environment: Harness.environment(home: home))
        #expect(again.status == 0)
        #expect(try String(contentsOf: state.appendingPathComponent("tls/cert.pem"), encoding: .utf8) == certificate, "init keeps the certificate")

        let server = try BackgroundProcess(
            [Harness.eksauth, "server", "--state-dir", state.path], port: port, readyURL: "http://127.0.0.1:\(healthPort)/healthz")
        defer { server.stop() }
        // The AWS CLI through the generated profile, now https with the certificate as its CA bundle.
        let root = Harness.environment(home: home, [
            "AWS_CONFIG_FILE": state.appendingPathComponent("aws-config").path,
            "AWS_SHARED_CREDENTIALS_FILE": state.appendingPathComponent("credentials").path, "AWS_PROFILE": "eksauth",
            "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
        ])
        let identity = try Harness.aws(["sts", "get-caller-identity", "--query", "Arn", "--output", "text"], environment: root)
        #expect(identity.output == "arn:aws:iam::123456789012:root\n", "\(identity.stderr)")

        // kubectl is Go's TLS client, as kube-apiserver's webhook client is: it must trust the server
        // through the webhook kubeconfig alone.
        let credentials = try String(contentsOf: state.appendingPathComponent("credentials"), encoding: .utf8)
        let value = { (name: String) in
            credentials.split(separator: "\n").first { $0.hasPrefix(name) }.map { String($0.split(separator: "=")[1]).trimmingCharacters(in: .whitespaces) } ?? ""
        }
        let rootKeys = Harness.environment(home: home, [
            "AWS_ACCESS_KEY_ID": value("aws_access_key_id"), "AWS_SECRET_ACCESS_KEY": value("aws_secret_access_key"), "AWS_DEFAULT_REGION": "us-east-1",
        ])
        let token = try Harness.eksauth(["token", "--cluster-name", "demo", "--token-only"], environment: rootKeys)
        try #require(token.status == 0, "\(token.stderr)")
        let reviewFile = home.appendingPathComponent("review.json")
        try #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"\#(token.output.trimmingCharacters(in: .whitespacesAndNewlines))"}}"#
            .write(to: reviewFile, atomically: true, encoding: .utf8)
        let kubectl = try Harness.run(
            "kubectl", ["--kubeconfig", state.appendingPathComponent("webhook-kubeconfig.yaml").path, "--token", "unused", "create", "--raw", "/authenticate", "-f", reviewFile.path],
            environment: Harness.environment(home: home))
        // The root is not mapped, so the answer is a 403 TokenReview: what matters is that TLS held.
        #expect(!kubectl.stderr.contains("certificate"), "\(kubectl.stderr)")
        #expect(kubectl.stderr.contains("Forbidden") || kubectl.output.contains("TokenReview"), "\(kubectl.stderr) \(kubectl.output)")
        let health = try Harness.run(
            "python3", ["-c", "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode(), end='')", "http://127.0.0.1:\(healthPort)/anything"],
            environment: ProcessInfo.processInfo.environment)
        #expect(health.output == "ok\n")
    }

    @Test("AWS mode: verification by STS over HTTP (through the endpoint override); throttling answers 429")
    func awsMode() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let sts = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("sts"))
        defer { sts.stop() }
        let config = home.appendingPathComponent("webhook.yaml")
        try """
            clusterId: demo
            verification: aws
            mapUsers:
              - userarn: arn:aws:iam::123456789012:user/alice
                username: alice
                groups: [viewers]
            """.write(to: config, atomically: true, encoding: .utf8)
        let webhook = try EmbeddedSTSTests.Server(
            state: home.appendingPathComponent("webhook"), ["--config", config.path, "--sts-endpoint-override", sts.endpoint])
        defer { webhook.stop() }
        let root = sts.environment(home: home)
        let created = try Harness.aws(["iam", "create-user", "--user-name", "alice"], environment: root)
        try #require(created.status == 0, "\(created.stderr)")
        let keyResult = try Harness.aws(["iam", "create-access-key", "--user-name", "alice", "--output", "json"], environment: root)
        let key = try #require((try JSONSerialization.jsonObject(with: keyResult.stdout) as? [String: Any])?["AccessKey"] as? [String: Any])
        let alice = Harness.environment(home: home, [
            "AWS_ACCESS_KEY_ID": key["AccessKeyId"] as? String ?? "", "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"] as? String ?? "",
            "AWS_DEFAULT_REGION": "us-east-1",
        ])
        let token = try Harness.eksauth(["token", "--cluster-name", "demo", "--token-only"], environment: alice).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // The webhook's own store has never seen alice's key: only the STS it calls knows it.
        let granted = try Self.review(webhook.endpoint + "/authenticate", token)
        #expect(granted.status == 200, "\(granted.body)")
        #expect(((granted.body["status"] as? [String: Any])?["user"] as? [String: Any])?["username"] as? String == "alice")
        let other = try Harness.eksauth(["token", "--cluster-name", "other", "--token-only"], environment: alice).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let wrongCluster = try Self.review(webhook.endpoint + "/authenticate", other)
        #expect(wrongCluster.status == 403)
        #expect(((wrongCluster.body["status"] as? [String: Any])?["error"] as? String)?.contains("error from AWS (expected 200, got 403) on us-east-1 endpoint") == true, "\(wrongCluster.body)")

        let throttlePort = try Harness.freePort()
        let throttling = try BackgroundProcess(
            ["python3", Harness.support.appendingPathComponent("throttling_sts.py").path, String(throttlePort)], port: throttlePort,
            readyURL: "http://127.0.0.1:\(throttlePort)/healthz")
        defer { throttling.stop() }
        let throttled = try EmbeddedSTSTests.Server(
            state: home.appendingPathComponent("throttled"), ["--config", config.path, "--sts-endpoint-override", "http://127.0.0.1:\(throttlePort)"])
        defer { throttled.stop() }
        let answer = try Self.review(throttled.endpoint + "/authenticate", token)
        #expect(answer.status == 429)
        #expect(((answer.body["status"] as? [String: Any])?["error"] as? String)?.hasPrefix("sts getCallerIdentity was throttled") == true, "\(answer.body)")
    }
}
