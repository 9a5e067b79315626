import Foundation
import Testing

/// EKS Pod Identity end to end: associations through the unmodified AWS CLI (with `iam:PassRole`
/// and EKS's errors), AssumeRoleForPodIdentity through `aws eks-auth`, and a pod's boto3 getting
/// credentials through `eksauth pod-identity-agent` from its container-credential provider —
/// with the `kubernetes-namespace` session tag allowing one namespace and denying another.
@Suite("EKS Pod Identity end to end", .serialized)
struct PodIdentityEndToEndTests {
    typealias CLI = AccessAPITests.CLI
    static let issuer = "https://oidc.eksauth.example/id/DEMO"
    static let account = "123456789012"
    static let podTrust =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}"#
    static let byNamespace =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:DescribeCluster","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/kubernetes-namespace":"payments"}}}]}"#

    /// A user of the embedded IAM with an inline policy and an access key; the environment that signs as it.
    static func user(_ name: String, policy: String, aws: CLI, base: [String: String]) throws -> [String: String] {
        try aws.ok(["iam", "create-user", "--user-name", name])
        try aws.ok(["iam", "put-user-policy", "--user-name", name, "--policy-name", "p", "--policy-document", policy])
        let key = try #require(try aws.ok(["iam", "create-access-key", "--user-name", name])["AccessKey"] as? [String: Any])
        var environment = base
        environment["AWS_ACCESS_KEY_ID"] = key["AccessKeyId"] as? String
        environment["AWS_SECRET_ACCESS_KEY"] = key["SecretAccessKey"] as? String
        return environment  // the profile still gives the region and endpoint; these keys win over its credentials
    }

    /// A projected token for the service account, minted with the cluster's key.
    static func token(
        _ namespace: String, _ serviceAccount: String, audience: String = "pods.eks.amazonaws.com", pod: String? = nil, key: URL, home: URL
    ) throws -> String {
        let result = try Harness.eksauth(
            [
                "sa-token", "--key-file", key.path, "--issuer", issuer, "--namespace", namespace, "--service-account", serviceAccount,
                "--audience", audience, "--pod", pod ?? "\(serviceAccount)-7d9f", "--pod-uid", UUID().uuidString.lowercased(),
            ],
            environment: Harness.environment(home: home))
        try #require(result.status == 0, "sa-token: \(result.stderr)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("associations with the AWS CLI; credentials through the agent for boto3; the namespace tag decides")
    func podIdentity() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let key = home.appendingPathComponent("sa.key")
        try #require(try Harness.run("openssl", ["genrsa", "-out", key.path, "2048"], environment: Harness.environment(home: home)).status == 0)
        let server = try EmbeddedSTSTests.Server(
            state: home.appendingPathComponent("state"), ["--issuer", Self.issuer, "--service-account-signing-key-file", key.path, "--cluster-id", "demo"])
        defer { server.stop() }
        let rootEnvironment = server.environment(home: home)
        let aws = CLI(environment: rootEnvironment)

        try aws.ok(["iam", "create-role", "--role-name", "payments-app", "--assume-role-policy-document", Self.podTrust])
        try aws.ok(["iam", "put-role-policy", "--role-name", "payments-app", "--policy-name", "by-namespace", "--policy-document", Self.byNamespace])
        try aws.ok(["iam", "create-role", "--role-name", "untrusting", "--assume-role-policy-document", AccessAPITests.trust])
        // The server's cluster (--cluster-id) has the issuer; another cluster of the account does not.
        try aws.ok(["eks", "create-cluster", "--name", "other", "--role-arn", "arn:aws:iam::123456789012:role/eks", "--resources-vpc-config", "subnetIds=s"])
        let role = "arn:aws:iam::123456789012:role/payments-app"
        try aws.ok(["eks", "create-pod-identity-association", "--cluster-name", "other", "--namespace", "payments", "--service-account", "api", "--role-arn", role])

        // A deployer may manage associations but must also be allowed iam:PassRole on the role.
        let manage = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*PodIdentityAssociation*","Resource":"*"}]}"#
        let deployer = CLI(environment: try Self.user("deployer", policy: manage, aws: aws, base: rootEnvironment))
        let create = ["eks", "create-pod-identity-association", "--cluster-name", "demo", "--namespace", "payments", "--service-account", "api", "--role-arn", role]
        let denied = try deployer.fails(create, "AccessDeniedException")
        #expect(denied.contains("is not authorized to perform: iam:PassRole on resource: \(role)"), "\(denied)")
        try aws.ok(["iam", "put-user-policy", "--user-name", "deployer", "--policy-name", "pass", "--policy-document",
                    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/*"}]}"#])
        let association = try #require(try deployer.ok(create + ["--tags", "team=payments"])["association"] as? [String: Any])
        let id = try #require(association["associationId"] as? String)
        #expect(id.hasPrefix("a-") && id.count == 19)
        #expect(association["associationArn"] as? String == "arn:aws:eks:us-east-1:123456789012:podidentityassociation/demo/\(id)")
        #expect(association["roleArn"] as? String == role)
        #expect(association["namespace"] as? String == "payments" && association["serviceAccount"] as? String == "api")
        #expect(association["tags"] as? [String: String] == ["team": "payments"])
        #expect((association["createdAt"] as? Double).map { abs($0 - Date().timeIntervalSince1970) < 600 } == true)
        #expect(try deployer.fails(create, "ResourceInUseException") == "Association already exists: \(id)")
        let missingRole = try deployer.fails(
            ["eks", "create-pod-identity-association", "--cluster-name", "demo", "--namespace", "payments", "--service-account", "web",
             "--role-arn", "arn:aws:iam::123456789012:role/missing"], "InvalidParameterException")
        #expect(missingRole.contains("does not exist"))
        try deployer.ok(["eks", "create-pod-identity-association", "--cluster-name", "demo", "--namespace", "billing", "--service-account", "api", "--role-arn", role])
        let untrusting = try #require(try deployer.ok(
            ["eks", "create-pod-identity-association", "--cluster-name", "demo", "--namespace", "payments", "--service-account", "legacy",
             "--role-arn", "arn:aws:iam::123456789012:role/untrusting"])["association"] as? [String: Any])

        let listed = try aws.ok(["eks", "list-pod-identity-associations", "--cluster-name", "demo", "--namespace", "payments"])["associations"] as? [[String: Any]]
        #expect(Set(listed?.compactMap { $0["serviceAccount"] as? String } ?? []) == ["api", "legacy"])
        let paged = try aws.ok(["eks", "list-pod-identity-associations", "--cluster-name", "demo", "--page-size", "1"])["associations"] as? [[String: Any]]
        #expect(paged?.count == 3)
        #expect((try aws.ok(["eks", "describe-pod-identity-association", "--cluster-name", "demo", "--association-id", id])["association"]
            as? [String: Any])?["roleArn"] as? String == role)
        try aws.fails(["eks", "describe-pod-identity-association", "--cluster-name", "demo", "--association-id", "a-00000000000000000"], "ResourceNotFoundException")
        let updated = try aws.ok(["eks", "update-pod-identity-association", "--cluster-name", "demo", "--association-id", id, "--role-arn", role])
        #expect((updated["association"] as? [String: Any])?["associationId"] as? String == id)

        // The node: allowed eks-auth:AssumeRoleForPodIdentity, nothing else.
        let nodePolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks-auth:AssumeRoleForPodIdentity","Resource":"*"}]}"#
        var nodeEnvironment = try Self.user("node", policy: nodePolicy, aws: aws, base: rootEnvironment)
        let node = CLI(environment: nodeEnvironment)
        let paymentsToken = try Self.token("payments", "api", key: key, home: home)
        let direct = try node.ok([
            "eks-auth", "assume-role-for-pod-identity", "--cluster-name", "demo", "--token", paymentsToken, "--endpoint-url", server.endpoint,
        ])
        #expect(direct["subject"] as? [String: String] == ["namespace": "payments", "serviceAccount": "api"])
        #expect(direct["audience"] as? String == "pods.eks.amazonaws.com")
        #expect((direct["podIdentityAssociation"] as? [String: String])?["associationId"] == id)
        let assumed = try #require(direct["assumedRoleUser"] as? [String: String])
        #expect(assumed["arn"]?.hasPrefix("arn:aws:sts::123456789012:assumed-role/payments-app/eks-demo-api-7d9f-") == true, "\(assumed)")
        let credentials = try #require(direct["credentials"] as? [String: Any])
        #expect((credentials["accessKeyId"] as? String)?.hasPrefix("ASIA") == true)
        let endpoint = ["--endpoint-url", server.endpoint]
        #expect(try node.fails(["eks-auth", "assume-role-for-pod-identity", "--cluster-name", "demo", "--token",
                                try Self.token("payments", "api", audience: "sts.amazonaws.com", key: key, home: home)] + endpoint, "InvalidTokenException")
            .contains("not pods.eks.amazonaws.com"))
        #expect(try node.fails(["eks-auth", "assume-role-for-pod-identity", "--cluster-name", "demo", "--token",
                                try Self.token("payments", "nobody", key: key, home: home)] + endpoint, "ResourceNotFoundException")
            .contains("No Pod Identity Association exists for service account nobody in namespace payments"))
        #expect(try node.fails(["eks-auth", "assume-role-for-pod-identity", "--cluster-name", "demo", "--token",
                                try Self.token("payments", "legacy", key: key, home: home)] + endpoint, "AccessDeniedException")
            .contains("must allow the service principal pods.eks.amazonaws.com"))
        #expect(try node.fails(["eks-auth", "assume-role-for-pod-identity", "--cluster-name", "other", "--token", paymentsToken] + endpoint,
                               "InvalidTokenException").contains("issuer is cluster demo's"), "a token of one cluster is no good for another")
        #expect(try deployer.fails(["eks-auth", "assume-role-for-pod-identity", "--cluster-name", "demo", "--token", paymentsToken] + endpoint,
                                   "AccessDeniedException").contains("eks-auth:AssumeRoleForPodIdentity"))
        _ = untrusting

        // The agent, with the node's credentials, for boto3 in two pods.
        let agentPort = try Harness.freePort()
        nodeEnvironment["AWS_DEFAULT_REGION"] = "us-east-1"
        let agent = try BackgroundProcess(
            [Harness.eksauth, "pod-identity-agent", "--cluster-name", "demo", "--bind", "127.0.0.1", "--port", String(agentPort),
             "--endpoint", server.endpoint],
            port: agentPort, readyURL: "http://127.0.0.1:\(agentPort)/healthz", environment: nodeEnvironment)
        defer { agent.stop() }
        func pod(_ token: String) throws -> [String: Any] {
            let file = home.appendingPathComponent("token-\(UUID().uuidString)")
            try token.write(to: file, atomically: true, encoding: .utf8)
            let environment = Harness.environment(home: home, [
                "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": server.endpoint,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(agentPort)/v1/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": file.path,
            ])
            let result = try Harness.run("python3", [Harness.support.appendingPathComponent("pod_identity_client.py").path, "demo"], environment: environment)
            return (try? JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]) ?? ["raw": result.output + result.stderr]
        }
        let payments = try pod(paymentsToken)
        #expect(payments["method"] as? String == "container-role", "\(payments)")
        #expect((payments["arn"] as? String)?.hasPrefix("arn:aws:sts::123456789012:assumed-role/payments-app/eks-demo-api-7d9f-") == true, "\(payments)")
        #expect(payments["describe"] as? String == "ok", "\(payments)")
        let billing = try pod(try Self.token("billing", "api", key: key, home: home))
        #expect((billing["arn"] as? String)?.contains("assumed-role/payments-app/") == true, "\(billing)")
        #expect(billing["describe"] as? String == "AccessDeniedException", "the kubernetes-namespace tag is billing: \(billing)")
        let stranger = try pod(try Self.token("payments", "nobody", key: key, home: home))
        #expect(stranger["error"] != nil, "no association, no credentials: \(stranger)")

        // After the association is deleted, the agent's cached credentials stay valid until they are renewed, as on EKS;
        // a new token (a new pod) is refused.
        try aws.ok(["eks", "delete-pod-identity-association", "--cluster-name", "demo", "--association-id", id])
        #expect(try pod(paymentsToken)["describe"] as? String == "ok")
        #expect(try pod(try Self.token("payments", "api", pod: "api-new", key: key, home: home))["error"] != nil)
    }

    @Test("pod-identity check names each seeded misconfiguration in the words the pod sees, as STS and EKS Auth answer them")
    func check() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let key = home.appendingPathComponent("sa.key")
        try #require(try Harness.run("openssl", ["genrsa", "-out", key.path, "2048"], environment: Harness.environment(home: home)).status == 0)
        let server = try EmbeddedSTSTests.Server(
            state: home.appendingPathComponent("state"),
            ["--issuer", Self.issuer, "--service-account-signing-key-file", key.path, "--register-oidc-provider", "--cluster-id", "demo"])
        defer { server.stop() }
        let environment = server.environment(home: home)
        let aws = CLI(environment: environment)
        let hostPath = String(Self.issuer.dropFirst("https://".count))
        let provider = "arn:aws:iam::123456789012:oidc-provider/\(hostPath)"
        let irsaTrust =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"\#(provider)"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\#(hostPath):sub":"system:serviceaccount:default:s3","\#(hostPath):aud":"sts.amazonaws.com"}}}]}"#
        try aws.ok(["iam", "create-role", "--role-name", "irsa-role", "--assume-role-policy-document", irsaTrust])
        try aws.ok(["iam", "create-role", "--role-name", "payments-app", "--assume-role-policy-document", Self.podTrust])
        try aws.ok(["iam", "create-role", "--role-name", "untrusting", "--assume-role-policy-document", AccessAPITests.trust])
        let described = try aws.ok(["eks", "describe-cluster", "--name", "demo"])
        #expect(((described["cluster"] as? [String: Any])?["identity"] as? [String: Any]).flatMap { $0["oidc"] as? [String: String] } == ["issuer": Self.issuer])
        for (serviceAccount, role) in [("api", "payments-app"), ("legacy", "untrusting")] {
            try aws.ok(["eks", "create-pod-identity-association", "--cluster-name", "demo", "--namespace", "payments", "--service-account", serviceAccount,
                        "--role-arn", "arn:aws:iam::123456789012:role/\(role)"])
        }

        let apiToken = "check-token"
        let apiServer = try StandInAPIServer.serviceAccounts(directory: home, token: apiToken)
        defer { apiServer.stop() }
        let kubeconfig = try apiServer.kubeconfig(in: home, token: apiToken)
        let irsaRole = "arn:aws:iam::123456789012:role/irsa-role"
        try apiServer.put("payments", "api", [:])
        try apiServer.put("payments", "legacy", [:])
        try apiServer.put("default", "s3", ["eks.amazonaws.com/role-arn": irsaRole])
        try apiServer.put("default", "other", ["eks.amazonaws.com/role-arn": irsaRole])
        try apiServer.put("default", "aud", ["eks.amazonaws.com/role-arn": irsaRole, "eks.amazonaws.com/audience": "custom"])
        try apiServer.put("default", "typo", ["eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/irsa-rol"])
        try apiServer.put("default", "bare", [:])

        func check(_ namespace: String, _ serviceAccount: String) throws -> (status: Int32, json: [String: Any]) {
            let result = try Harness.eksauth(
                ["pod-identity", "check", "--cluster-name", "demo", "--namespace", namespace, "--service-account", serviceAccount,
                 "--kubeconfig", kubeconfig, "--output", "json"],
                environment: environment)
            let json = (try? JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]) ?? ["stderr": result.stderr]
            return (result.status, json)
        }
        func failure(_ namespace: String, _ serviceAccount: String) throws -> [String: Any] {
            let (status, json) = try check(namespace, serviceAccount)
            #expect(status == 1, "\(namespace)/\(serviceAccount): \(json)")
            return ((json["steps"] as? [[String: Any]])?.last { $0["passed"] as? Bool == false }) ?? json
        }

        for (namespace, serviceAccount) in [("payments", "api"), ("default", "s3")] {
            let (status, json) = try check(namespace, serviceAccount)
            #expect(status == 0 && json["ok"] as? Bool == true, "\(namespace)/\(serviceAccount): \(json)")
        }
        #expect(try failure("default", "missing")["podError"] as? String == #"error looking up service account default/missing: serviceaccount "missing" not found"#)
        #expect(try failure("default", "bare")["podError"] as? String == "Unable to locate credentials")
        #expect(try failure("default", "aud")["podError"] as? String == "InvalidIdentityToken: Incorrect token audience")
        #expect(try failure("default", "typo")["check"] as? String == "the annotated role exists")
        let legacy = try failure("payments", "legacy")
        #expect(legacy["check"] as? String == "the role trusts pods.eks.amazonaws.com with sts:AssumeRole")
        let other = try failure("default", "other")
        #expect(other["podError"] as? String == "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity")

        // The words are what STS and EKS Auth really answer for those pods' tokens.
        func assumeWithWebIdentity(_ serviceAccount: String, audience: String = "sts.amazonaws.com") throws -> String {
            let token = try Self.token("default", serviceAccount, audience: audience, key: key, home: home)
            return try aws.fails(
                ["sts", "assume-role-with-web-identity", "--role-arn", irsaRole, "--role-session-name", "pod", "--web-identity-token", token],
                audience == "sts.amazonaws.com" ? "AccessDenied" : "InvalidIdentityToken")
        }
        #expect(try assumeWithWebIdentity("other") == "Not authorized to perform sts:AssumeRoleWithWebIdentity")
        #expect(try assumeWithWebIdentity("aud", audience: "custom") == "Incorrect token audience")
        let legacyToken = try Self.token("payments", "legacy", key: key, home: home)
        let refused = try aws.fails(["eks-auth", "assume-role-for-pod-identity", "--cluster-name", "demo", "--token", legacyToken], "AccessDeniedException")
        #expect((legacy["podError"] as? String)?.hasSuffix(refused) == true, "\(legacy) vs \(refused)")

        // Without the OIDC provider, IRSA pods fail on the provider.
        try aws.ok(["iam", "delete-open-id-connect-provider", "--open-id-connect-provider-arn", provider])
        #expect(try failure("default", "s3")["podError"] as? String
            == "InvalidIdentityToken: No OpenIDConnect provider found in your account for \(Self.issuer)")
        let token = try Self.token("default", "s3", audience: "sts.amazonaws.com", key: key, home: home)
        #expect(try aws.fails(
            ["sts", "assume-role-with-web-identity", "--role-arn", irsaRole, "--role-session-name", "pod", "--web-identity-token", token], "InvalidIdentityToken")
            == "No OpenIDConnect provider found in your account for \(Self.issuer)")
    }

    @Test("a pod run through the webhook gets Pod Identity credentials through the agent for boto3; Pod Identity wins over IRSA")
    func webhookToAgent() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let key = home.appendingPathComponent("sa.key")
        try #require(try Harness.run("openssl", ["genrsa", "-out", key.path, "2048"], environment: Harness.environment(home: home)).status == 0)
        let apiToken = "webhook-token"
        let apiServer = try StandInAPIServer.serviceAccounts(directory: home, token: apiToken)
        defer { apiServer.stop() }
        try apiServer.put("payments", "api", ["eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/irsa-role"])
        try apiServer.put("payments", "plain", [:])
        let server = try EmbeddedSTSTests.Server(
            state: home.appendingPathComponent("state"),
            ["--issuer", Self.issuer, "--service-account-signing-key-file", key.path, "--cluster-id", "demo",
             "--pod-webhook-kubeconfig", try apiServer.kubeconfig(in: home, token: apiToken)])
        defer { server.stop() }
        let environment = server.environment(home: home)
        let aws = CLI(environment: environment)
        try aws.ok(["iam", "create-role", "--role-name", "payments-app", "--assume-role-policy-document", Self.podTrust])
        try aws.ok(["iam", "put-role-policy", "--role-name", "payments-app", "--policy-name", "by-namespace", "--policy-document", Self.byNamespace])

        // Without an association the annotated account gets IRSA, the plain one nothing.
        let (_, before) = try IRSATests.post(server, IRSATests.review(namespace: "payments", serviceAccount: "api"))
        #expect(IRSATests.containerEnvironment(try #require(IRSATests.patch(before)))["AWS_ROLE_ARN"] == "arn:aws:iam::123456789012:role/irsa-role")
        let (_, plain) = try IRSATests.post(server, IRSATests.review(namespace: "payments", serviceAccount: "plain"))
        #expect(IRSATests.patch(plain) == nil, "\(plain)")

        // With one, the association wins at once (no sync delay).
        try aws.ok(["eks", "create-pod-identity-association", "--cluster-name", "demo", "--namespace", "payments", "--service-account", "api",
                    "--role-arn", "arn:aws:iam::123456789012:role/payments-app"])
        let (status, answer) = try IRSATests.post(server, IRSATests.review(namespace: "payments", serviceAccount: "api"))
        #expect(status == 200)
        let patch = try #require(IRSATests.patch(answer), "\(answer)")
        #expect(patch.first?["path"] as? String == "/metadata/labels")
        #expect(patch.first?["value"] as? [String: String] == ["eks.amazonaws.com/pod-identity": "enabled"])
        let volume = try #require((patch[1]["value"] as? [[String: Any]])?.first)
        #expect(volume["name"] as? String == "eks-pod-identity-token")
        let projection = try #require(
            ((volume["projected"] as? [String: Any])?["sources"] as? [[String: Any]])?.first?["serviceAccountToken"] as? [String: Any])
        #expect(projection["audience"] as? String == "pods.eks.amazonaws.com")
        #expect((79_200...86_400).contains(projection["expirationSeconds"] as? Int ?? 0))
        let podEnvironment = IRSATests.containerEnvironment(patch)
        #expect(podEnvironment == [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token",
        ])

        // The node's agent and the kubelet's token; the agent listens on loopback here, so the pod's URI points there.
        let nodePolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks-auth:AssumeRoleForPodIdentity","Resource":"*"}]}"#
        let nodeEnvironment = try Self.user("node", policy: nodePolicy, aws: aws, base: environment)
        let agentPort = try Harness.freePort()
        let agent = try BackgroundProcess(
            [Harness.eksauth, "pod-identity-agent", "--cluster-name", "demo", "--bind", "127.0.0.1", "--port", String(agentPort), "--endpoint", server.endpoint],
            port: agentPort, readyURL: "http://127.0.0.1:\(agentPort)/healthz", environment: nodeEnvironment)
        defer { agent.stop() }
        let token = try Self.token("payments", "api", audience: projection["audience"] as? String ?? "", key: key, home: home)
        let tokenFile = home.appendingPathComponent("eks-pod-identity-token")
        try token.write(to: tokenFile, atomically: true, encoding: .utf8)
        let pod = Harness.environment(home: home, [
            "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": server.endpoint,
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(agentPort)/v1/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path,
        ])
        let result = try Harness.run("python3", [Harness.support.appendingPathComponent("pod_identity_client.py").path, "demo"], environment: pod)
        let json = (try? JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]) ?? ["raw": result.output + result.stderr]
        #expect(json["method"] as? String == "container-role", "\(json)")
        #expect((json["arn"] as? String)?.hasPrefix("arn:aws:sts::123456789012:assumed-role/payments-app/eks-demo-api-7d9f-") == true, "\(json)")
        #expect(json["describe"] as? String == "ok", "\(json)")
    }
}
