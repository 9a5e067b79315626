import Foundation
import Testing

/// IAM Roles for Service Accounts end to end on `eksauth server`: the service-account issuer (discovery
/// and JWKS checked by PyJWT), registered as an OIDC provider by the server, tokens from
/// `eksauth sa-token`, the pod webhook `POST /mutate-pods` reading ServiceAccounts from a stand-in
/// API server (list + watch + GET on a miss), and boto3's own web-identity provider running with the
/// environment the webhook gave the pod.
@Suite("IRSA: issuer, sa-token, pod webhook, boto3's web identity provider", .serialized)
struct IRSATests {
    static let issuer = "https://oidc.eksauth.test/id/demo"
    static let hostPath = "oidc.eksauth.test/id/demo"
    static let providerARN = "arn:aws:iam::123456789012:oidc-provider/" + hostPath
    static let roleARN = "arn:aws:iam::123456789012:role/s3-reader"

    /// An AdmissionReview for a pod of `serviceAccount` in `namespace`.
    static func review(
        namespace: String, serviceAccount: String, apiVersion: String = "admission.k8s.io/v1", uid: String = UUID().uuidString
    ) -> String {
        #"""
        {"apiVersion":"\#(apiVersion)","kind":"AdmissionReview","request":{"uid":"\#(uid)","kind":{"group":"","version":"v1","kind":"Pod"},
         "resource":{"group":"","version":"v1","resource":"pods"},"namespace":"\#(namespace)","operation":"CREATE",
         "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"app-1","namespace":"\#(namespace)","uid":"0b6f4b2e-2f9e-4a51-9a55-3a6c1d4e5f60"},
          "spec":{"serviceAccountName":"\#(serviceAccount)","containers":[{"name":"app","image":"python:3"}],"initContainers":[{"name":"setup","image":"python:3"}]}}}}
        """#
    }

    /// Posts `body` to `/mutate-pods`; returns the HTTP status and the parsed answer.
    static func post(_ server: EmbeddedSTSTests.Server, _ body: String, contentType: String = "application/json") throws -> (Int, [String: Any]) {
        let result = try Harness.run(
            "curl", ["-sS", "-w", "\n%{http_code}", "-X", "POST", "-H", "Content-Type: \(contentType)", "--data-binary", "@-", server.endpoint + "/mutate-pods"],
            environment: ProcessInfo.processInfo.environment, stdin: body)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(lines.last ?? "") ?? 0
        let json = (try? JSONSerialization.jsonObject(with: Data(lines.dropLast().joined(separator: "\n").utf8)) as? [String: Any]) ?? [:]
        return (status, json)
    }

    /// The decoded JSON patch of an answer, or `nil` when it has none.
    static func patch(_ answer: [String: Any]) -> [[String: Any]]? {
        guard let encoded = (answer["response"] as? [String: Any])?["patch"] as? String, let data = Data(base64Encoded: encoded) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
    }

    /// The env of the first container the patch writes, as name → value.
    static func containerEnvironment(_ patch: [[String: Any]], path: String = "/spec/containers") -> [String: String] {
        let containers = patch.first { $0["path"] as? String == path }?["value"] as? [[String: Any]]
        let env = containers?.first?["env"] as? [[String: String]] ?? []
        return Dictionary(env.compactMap { entry in entry["name"].map { ($0, entry["value"] ?? "") } }, uniquingKeysWith: { $1 })
    }

    static func openssl(_ arguments: [String], in directory: URL) throws {
        let result = try Harness.run("openssl", arguments, environment: ProcessInfo.processInfo.environment)
        try #require(result.status == 0, "openssl \(arguments.joined(separator: " ")): \(result.stderr)")
    }

    @Test("a pod mutated by the webhook gets role credentials through boto3; the wrong account, namespace or audience is refused")
    func podGetsCredentials() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let key = home.appendingPathComponent("sa.key").path
        let ecKey = home.appendingPathComponent("sa-ec.key").path
        try Self.openssl(["genrsa", "-traditional", "-out", key, "2048"], in: home)
        try Self.openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ecKey], in: home)

        let api = try StandInAPIServer.serviceAccounts(directory: home, token: "webhook-token")
        defer { api.stop() }
        try api.put("payments", "api", ["eks.amazonaws.com/role-arn": Self.roleARN])
        let server = try EmbeddedSTSTests.Server(
            state: home.appendingPathComponent("state"),
            ["--issuer", Self.issuer, "--service-account-signing-key-file", key, "--register-oidc-provider",
             "--oidc-client-id", "sts.amazonaws.com", "--oidc-client-id", "vault",
             "--pod-webhook-kubeconfig", try api.kubeconfig(in: home, token: "webhook-token"), "--pod-webhook-region", "us-west-2"])
        defer { server.stop() }
        let root = AccessAPITests.CLI(environment: server.environment(home: home))

        // The server registered its issuer with its client ids and key.
        let provider = try root.ok(["iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", Self.providerARN])
        #expect(provider["Url"] as? String == Self.hostPath)
        #expect(provider["ClientIDList"] as? [String] == ["sts.amazonaws.com", "vault"])

        let trust = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"\(Self.providerARN)"},
             "Action":"sts:AssumeRoleWithWebIdentity",
             "Condition":{"StringEquals":{"\(Self.hostPath):sub":"system:serviceaccount:payments:api","\(Self.hostPath):aud":"sts.amazonaws.com"}}}]}
            """
        try root.ok(["iam", "create-role", "--role-name", "s3-reader", "--assume-role-policy-document", trust])

        // The webhook mutates the pod of payments/api.
        let (status, answer) = try Self.post(server, Self.review(namespace: "payments", serviceAccount: "api"))
        #expect(status == 200)
        let patch = try #require(Self.patch(answer), "\(answer)")
        let volume = try #require((patch.first?["value"] as? [[String: Any]])?.first)
        let projection = try #require(
            ((volume["projected"] as? [String: Any])?["sources"] as? [[String: Any]])?.first?["serviceAccountToken"] as? [String: Any])
        #expect(volume["name"] as? String == "aws-iam-token")
        #expect(projection["audience"] as? String == "sts.amazonaws.com" && projection["expirationSeconds"] as? Int == 86400)
        let podEnvironment = Self.containerEnvironment(patch)
        #expect(podEnvironment == [
            "AWS_ROLE_ARN": Self.roleARN, "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
            "AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "us-west-2",
        ])
        #expect(Self.containerEnvironment(patch, path: "/spec/initContainers") == podEnvironment, "init containers too")

        // The kubelet's part: a token for the projected volume (its audience and lifetime), bound to the pod.
        func saToken(_ namespace: String, _ account: String, audience: String = "sts.amazonaws.com", key: String = key) throws -> ProcessResult {
            try Harness.eksauth(
                ["sa-token", "--issuer", Self.issuer, "--key-file", key, "--namespace", namespace, "--service-account", account,
                 "--audience", audience, "--expiration", "\(projection["expirationSeconds"] as? Int ?? 0)", "--pod", "app-1",
                 "--pod-uid", "0b6f4b2e-2f9e-4a51-9a55-3a6c1d4e5f60"],
                environment: Harness.environment(home: home))
        }
        let minted = try saToken("payments", "api", audience: projection["audience"] as? String ?? "")
        try #require(minted.status == 0, "\(minted.stderr)")
        let token = minted.output.trimmingCharacters(in: .whitespacesAndNewlines)

        // A real relying party checks the issuer: discovery document, JWKS, signature, iss and aud.
        let verified = try Harness.run(
            "python3", [Harness.support.appendingPathComponent("verify_sa_token.py").path, server.endpoint, Self.issuer, token, "sts.amazonaws.com"],
            environment: ProcessInfo.processInfo.environment)
        try #require(verified.status == 0, "\(verified.stderr)")
        let claims = try #require(try JSONSerialization.jsonObject(with: verified.stdout) as? [String: Any])
        #expect(claims["sub"] as? String == "system:serviceaccount:payments:api")
        #expect(((claims["kubernetes.io"] as? [String: Any])?["pod"] as? [String: String])?["name"] == "app-1")

        // boto3's own provider, with the pod's environment (the token file stands in for the mount).
        let tokenFile = home.appendingPathComponent("token")
        try token.write(to: tokenFile, atomically: true, encoding: .utf8)
        var pod = podEnvironment
        pod["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile.path
        pod["AWS_ENDPOINT_URL_STS"] = server.endpoint
        pod["AWS_ACCESS_KEY_ID"] = ""
        pod["AWS_SECRET_ACCESS_KEY"] = ""
        let identity = "import boto3; print(boto3.client('sts').get_caller_identity()['Arn'])"
        let boto3 = try Harness.run("python3", ["-c", identity], environment: Harness.environment(home: home, pod))
        #expect(boto3.status == 0, "\(boto3.stderr)")
        #expect(boto3.output.hasPrefix("arn:aws:sts::123456789012:assumed-role/s3-reader/"), "\(boto3.output) \(boto3.stderr)")

        // The trust policy refuses another service account and another namespace; STS refuses another audience.
        let anonymous = AccessAPITests.CLI(environment: Harness.environment(home: home, ["AWS_ENDPOINT_URL_STS": server.endpoint, "AWS_DEFAULT_REGION": "us-west-2"]))
        func assume(_ token: ProcessResult) -> [String] {
            ["sts", "assume-role-with-web-identity", "--role-arn", Self.roleARN, "--role-session-name", "pod",
             "--web-identity-token", token.output.trimmingCharacters(in: .whitespacesAndNewlines)]
        }
        for (namespace, account) in [("payments", "intruder"), ("other", "api")] {
            let message = try anonymous.fails(assume(try saToken(namespace, account)), "AccessDenied")
            #expect(message == "Not authorized to perform sts:AssumeRoleWithWebIdentity", "\(namespace)/\(account)")
        }
        // "vault" is a client id of the provider but not the audience the trust policy allows; "other" is neither.
        #expect(
            try anonymous.fails(assume(try saToken("payments", "api", audience: "vault")), "AccessDenied")
                == "Not authorized to perform sts:AssumeRoleWithWebIdentity")
        #expect(try anonymous.fails(assume(try saToken("payments", "api", audience: "other")), "InvalidIdentityToken") == "Incorrect token audience")
        let intruder = try saToken("payments", "intruder").output.trimmingCharacters(in: .whitespacesAndNewlines)
        try intruder.write(to: tokenFile, atomically: true, encoding: .utf8)
        let refused = try Harness.run("python3", ["-c", identity], environment: Harness.environment(home: home, pod))
        #expect(refused.status != 0 && refused.stderr.contains("AccessDenied"), "boto3 sees STS's refusal: \(refused.stderr)")

        // An EC key signs ES256, which STS refuses; sa-token says so.
        let ecToken = try saToken("payments", "api", key: ecKey)
        #expect(ecToken.status == 0 && ecToken.stderr.contains("AWS STS accepts only RS256"), "\(ecToken.stderr)")
        let ecMessage = try anonymous.fails(assume(ecToken), "InvalidIdentityToken")
        #expect(ecMessage.contains("only tokens with RSA algorithms (RS256) are supported"), "\(ecMessage)")
    }

    @Test("the webhook's ServiceAccount cache: watched changes apply, a miss is read with GET, v1beta1 and bad requests")
    func serviceAccountCache() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let api = try StandInAPIServer.serviceAccounts(directory: home, token: "webhook-token")
        defer { api.stop() }
        try api.put("payments", "api", ["eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/v1"])
        try api.put("payments", "plain", ["team": "payments"])
        try api.put("payments", "global-sts", ["eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/g", "eks.amazonaws.com/sts-regional-endpoints": "false"])
        let key = home.appendingPathComponent("sa.key").path
        try Self.openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key], in: home)
        let config = home.appendingPathComponent("server.yaml")
        try """
            podWebhookKubeconfig: \(try api.kubeconfig(in: home, token: "webhook-token"))
            podWebhookRegionalSTS: true
            podWebhookTokenExpiration: 7200
            serviceAccountIssuer: \(Self.issuer)
            serviceAccountSigningKeyFile: \(key)
            """.write(to: config, atomically: true, encoding: .utf8)
        let server = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("state"), ["--config", config.path])
        defer { server.stop() }
        try api.waitForWatch()

        // The configuration file's settings: regional STS by default (a ServiceAccount may say otherwise), the token lifetime.
        let (_, configured) = try Self.post(server, Self.review(namespace: "payments", serviceAccount: "api"))
        let configuredPatch = try #require(Self.patch(configured))
        #expect(Self.containerEnvironment(configuredPatch)["AWS_STS_REGIONAL_ENDPOINTS"] == "regional")
        let projection = ((configuredPatch.first?["value"] as? [[String: Any]])?.first?["projected"] as? [String: Any])?["sources"] as? [[String: Any]]
        #expect((projection?.first?["serviceAccountToken"] as? [String: Any])?["expirationSeconds"] as? Int == 7200)
        let (_, global) = try Self.post(server, Self.review(namespace: "payments", serviceAccount: "global-sts"))
        #expect(Self.patch(global).map { Self.containerEnvironment($0)["AWS_STS_REGIONAL_ENDPOINTS"] } == .some(nil))

        // sa-token reads the issuer and key from the same file.
        let minted = try Harness.eksauth(
            ["sa-token", "--config", config.path, "--namespace", "payments", "--service-account", "api"], environment: Harness.environment(home: home))
        try #require(minted.status == 0, "\(minted.stderr)")
        let verified = try Harness.run(
            "python3", [Harness.support.appendingPathComponent("verify_sa_token.py").path, server.endpoint, Self.issuer,
                        minted.output.trimmingCharacters(in: .whitespacesAndNewlines), "sts.amazonaws.com"],
            environment: ProcessInfo.processInfo.environment)
        #expect(verified.status == 0, "\(verified.stderr)")

        func role(_ namespace: String, _ account: String) throws -> String? {
            let (status, answer) = try Self.post(server, Self.review(namespace: namespace, serviceAccount: account))
            #expect(status == 200)
            #expect((answer["response"] as? [String: Any])?["allowed"] as? Bool == true, "\(answer)")
            return Self.patch(answer).map { Self.containerEnvironment($0)["AWS_ROLE_ARN"] ?? "" }
        }
        func eventually(_ namespace: String, _ account: String, _ expected: String?, _ comment: Comment) throws {
            var seen: String??
            for _ in 0..<150 {
                seen = .some(try role(namespace, account))
                if seen == .some(expected) { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            #expect(seen == .some(expected), comment)
        }

        #expect(try role("payments", "api") == "arn:aws:iam::111122223333:role/v1")
        #expect(try role("payments", "plain") == nil, "no role-arn: admitted with no patch")
        #expect(try api.gets("payments/api") == 0 && api.gets("payments/plain") == 0, "listed accounts come from the cache")

        // An account the watch has not delivered yet: read with GET, not admitted without credentials.
        try api.put("payments", "late", ["eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/late"], unlisted: true)
        #expect(try role("payments", "late") == "arn:aws:iam::111122223333:role/late")
        #expect(try api.gets("payments/late") == 1)
        #expect(try role("payments", "late") == "arn:aws:iam::111122223333:role/late")
        #expect(try api.gets("payments/late") == 1, "the answer of the GET is cached")
        #expect(try role("payments", "nobody") == nil, "an account the API server does not have: no patch")

        try api.put("payments", "api", ["eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/v2"])
        try eventually("payments", "api", "arn:aws:iam::111122223333:role/v2", "a MODIFIED event updates the cache")
        try api.put("payments", "api", [:])
        try eventually("payments", "api", nil, "removing the annotation stops the mutation")
        try api.put("payments", "api", ["eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/v3"])
        try eventually("payments", "api", "arn:aws:iam::111122223333:role/v3", "annotated again")
        try api.control("DELETE", "/control/serviceaccounts/payments/api")
        try eventually("payments", "api", nil, "a deleted account gets no mutation")

        let uid = "b4d7f0a2-8c2e-4f8e-9d0b-6a1c2e3f4a5b"
        let (_, beta) = try Self.post(server, Self.review(namespace: "payments", serviceAccount: "late", apiVersion: "admission.k8s.io/v1beta1", uid: uid))
        #expect(beta["apiVersion"] as? String == "admission.k8s.io/v1beta1" && beta["kind"] as? String == "AdmissionReview")
        #expect((beta["response"] as? [String: Any])?["uid"] as? String == uid)
        #expect((beta["response"] as? [String: Any])?["patchType"] as? String == "JSONPatch")

        let (unsupported, _) = try Self.post(server, Self.review(namespace: "payments", serviceAccount: "late"), contentType: "text/plain")
        #expect(unsupported == 415)
        let (_, malformed) = try Self.post(server, "{}")
        #expect((malformed["response"] as? [String: Any])?["allowed"] as? Bool == false)
    }

    @Test("eksauth init writes the MutatingWebhookConfiguration for the server's certificate")
    func initWritesWebhookConfiguration() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let state = home.appendingPathComponent("state")
        let result = try Harness.eksauth(
            ["init", "--cluster-id", "demo", "--state-dir", state.path, "--address", "10.0.0.5", "--webhook-failure-policy", "Fail"],
            environment: Harness.environment(home: home))
        try #require(result.status == 0, "\(result.stderr)")
        let file = state.appendingPathComponent("mutating-webhook-configuration.yaml")
        let script = """
            import json, sys, yaml
            print(json.dumps(yaml.safe_load(open(sys.argv[1]))))
            """
        let parsed = try Harness.run("python3", ["-c", script, file.path], environment: ProcessInfo.processInfo.environment)
        try #require(parsed.status == 0, "\(parsed.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: parsed.stdout) as? [String: Any])
        #expect(document["apiVersion"] as? String == "admissionregistration.k8s.io/v1")
        #expect(document["kind"] as? String == "MutatingWebhookConfiguration")
        let webhook = try #require((document["webhooks"] as? [[String: Any]])?.first)
        #expect(webhook["sideEffects"] as? String == "None")
        #expect(webhook["failurePolicy"] as? String == "Fail")
        #expect(webhook["admissionReviewVersions"] as? [String] == ["v1", "v1beta1"])
        let clientConfig = try #require(webhook["clientConfig"] as? [String: Any])
        #expect(clientConfig["url"] as? String == "https://10.0.0.5:21362/mutate-pods")
        let certificate = try String(contentsOf: state.appendingPathComponent("tls/cert.pem"), encoding: .utf8)
        #expect(clientConfig["caBundle"] as? String == Data(certificate.utf8).base64EncodedString())
        let rule = try #require((webhook["rules"] as? [[String: Any]])?.first)
        #expect(rule["operations"] as? [String] == ["CREATE"] && rule["resources"] as? [String] == ["pods"])
        let selector = (webhook["objectSelector"] as? [String: Any])?["matchExpressions"] as? [[String: Any]]
        #expect(selector?.first?["key"] as? String == "eks.amazonaws.com/skip-pod-identity-webhook")

        // A server whose issuer settings do not add up stops with what to do.
        let port = String(try Harness.freePort())
        for (arguments, expected) in [
            (["--issuer", "https://oidc.example.com/id/demo"], "needs --service-account-signing-key-file"),
            (["--register-oidc-provider"], "needs --issuer URL too"),
            (["--issuer", "http://oidc.example.com", "--service-account-signing-key-file", state.appendingPathComponent("tls/key.pem").path],
             "must be an https:// URL"),
        ] {
            let failed = try Harness.eksauth(
                ["server", "--state-dir", home.appendingPathComponent("server-state").path, "--port", port] + arguments,
                environment: Harness.environment(home: home))
            #expect(failed.status == 1 && failed.stderr.contains(expected), "\(arguments): \(failed.stderr)")
        }
    }
}

extension StandInAPIServer {
    /// Creates or changes ServiceAccount `namespace/name` on the ServiceAccount stand-in (`unlisted`:
    /// readable with GET but in no list or watch event yet, an informer that is behind).
    func put(_ namespace: String, _ name: String, _ annotations: [String: String], unlisted: Bool = false) throws {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: annotations), as: UTF8.self)
        try control("PUT", "/control/\(unlisted ? "unlisted" : "serviceaccounts")/\(namespace)/\(name)", body)
    }

    /// How many GETs of ServiceAccount `key` (`NS/NAME`) the stand-in answered.
    func gets(_ key: String) throws -> Int { (try control("GET", "/control/stats")["gets"] as? [String: Int])?[key] ?? 0 }

    /// Waits until the server has listed and is watching (its cache is filled).
    func waitForWatch() throws {
        for _ in 0..<300 {
            if (try control("GET", "/control/stats")["watches"] as? Int ?? 0) >= 1 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("the server never watched the ServiceAccounts")
    }
}
