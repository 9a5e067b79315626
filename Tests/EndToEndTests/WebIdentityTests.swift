import Foundation
import Testing

/// AssumeRoleWithWebIdentity on `eksauth server`: an OIDC provider created with the AWS CLI, tokens
/// from a test issuer, and the AWS SDK's own web-identity credential provider (boto3 with
/// `AWS_WEB_IDENTITY_TOKEN_FILE`), plus every way a token is refused.
@Suite("web identity: OIDC providers and AssumeRoleWithWebIdentity", .serialized)
struct WebIdentityTests {
    static let issuer = "https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    static let hostPath = "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    static let providerARN = "arn:aws:iam::123456789012:oidc-provider/" + hostPath
    static let subject = "system:serviceaccount:default:my-app"

    static func oidc(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let result = try Harness.run("python3", [Harness.support.appendingPathComponent("oidc_tokens.py").path] + arguments, environment: environment)
        guard result.status == 0 else { throw HarnessError("oidc_tokens.py \(arguments.first ?? ""): \(result.stderr) \(result.output)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("the AWS CLI manages providers; boto3's web-identity provider gets role credentials; bad tokens are refused")
    func webIdentity() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("state"))
        defer { server.stop() }
        let root = server.environment(home: home)
        func aws(_ arguments: [String], _ environment: [String: String]) throws -> ProcessResult {
            try Harness.aws(arguments + ["--output", "json"], environment: environment)
        }
        func json(_ result: ProcessResult) throws -> [String: Any] {
            try #require(result.status == 0, "\(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        }

        let keys = home.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        _ = try Self.oidc(["keys", keys.path])

        let created = try json(try aws([
            "iam", "create-open-id-connect-provider", "--url", Self.issuer, "--client-id-list", "sts.amazonaws.com",
            "--thumbprint-list", "9e99a48a9960b14926bb7f3b02e22da2b0ab7280",
        ], root))
        #expect(created["OpenIDConnectProviderArn"] as? String == Self.providerARN)
        let again = try aws(["iam", "create-open-id-connect-provider", "--url", Self.issuer, "--client-id-list", "x"], root)
        #expect(again.stderr.contains("(EntityAlreadyExists)"), "\(again.stderr)")
        let badURL = try aws(["iam", "create-open-id-connect-provider", "--url", "http://issuer.example.com", "--client-id-list", "x"], root)
        #expect(badURL.stderr.contains("(ValidationError)"), "\(badURL.stderr)")
        let fetched = try json(try aws(["iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", Self.providerARN], root))
        #expect(fetched["Url"] as? String == Self.hostPath)
        #expect(fetched["ClientIDList"] as? [String] == ["sts.amazonaws.com"])
        #expect(fetched["ThumbprintList"] as? [String] == ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"])
        let listed = try json(try aws(["iam", "list-open-id-connect-providers"], root))
        #expect((listed["OpenIDConnectProviderList"] as? [[String: Any]])?.compactMap { $0["Arn"] as? String } == [Self.providerARN])

        let trust = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"\(Self.providerARN)"},
             "Action":"sts:AssumeRoleWithWebIdentity",
             "Condition":{"StringEquals":{"\(Self.hostPath):sub":"\(Self.subject)","\(Self.hostPath):aud":"sts.amazonaws.com"}}}]}
            """
        _ = try json(try aws(["iam", "create-role", "--role-name", "my-app", "--assume-role-policy-document", trust], root))
        let roleARN = "arn:aws:iam::123456789012:role/my-app"

        let anonymous = Harness.environment(home: home, ["AWS_ENDPOINT_URL_STS": server.endpoint, "AWS_DEFAULT_REGION": "us-west-2"])
        func assume(_ token: String) throws -> ProcessResult {
            try aws(["sts", "assume-role-with-web-identity", "--role-arn", roleARN, "--role-session-name", "pod-1",
                     "--web-identity-token", token], anonymous)
        }
        let good = try Self.oidc(["token", keys.path, Self.issuer, Self.subject, "sts.amazonaws.com", "3600"])
        let noKeysYet = try assume(good)
        #expect(noKeysYet.stderr.contains("(InvalidIdentityToken)"), "a provider without keys cannot verify: \(noKeysYet.stderr)")

        var rootForPython = root
        rootForPython["AWS_DEFAULT_REGION"] = "us-east-1"
        #expect(try Self.oidc(["set-keys", server.endpoint, Self.providerARN, keys.appendingPathComponent("jwks.json").path], environment: rootForPython) == "200")

        let assumed = try json(try assume(good))
        #expect(assumed["SubjectFromWebIdentityToken"] as? String == Self.subject)
        #expect(assumed["Audience"] as? String == "sts.amazonaws.com")
        #expect((assumed["AssumedRoleUser"] as? [String: Any])?["Arn"] as? String == "arn:aws:sts::123456789012:assumed-role/my-app/pod-1")
        #expect(((assumed["Credentials"] as? [String: Any])?["AccessKeyId"] as? String)?.hasPrefix("ASIA") == true)

        // The SDK's own provider: the environment a pod gets from the IRSA webhook.
        let tokenFile = home.appendingPathComponent("token")
        try good.write(to: tokenFile, atomically: true, encoding: .utf8)
        let pod = Harness.environment(home: home, [
            "AWS_ROLE_ARN": roleARN, "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile.path, "AWS_ROLE_SESSION_NAME": "boto3-pod",
            "AWS_ENDPOINT_URL_STS": server.endpoint, "AWS_DEFAULT_REGION": "us-west-2", "AWS_STS_REGIONAL_ENDPOINTS": "regional",
            "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
        ])
        let boto3 = try Harness.run("python3", ["-c", "import boto3; print(boto3.client('sts').get_caller_identity()['Arn'])"], environment: pod)
        #expect(boto3.status == 0, "\(boto3.stderr)")
        #expect(boto3.output == "arn:aws:sts::123456789012:assumed-role/my-app/boto3-pod\n", "\(boto3.stderr)")

        let refusals: [(token: String, code: String, message: String)] = [
            (try Self.oidc(["token", keys.path, Self.issuer, Self.subject, "my-other-client", "3600"]), "InvalidIdentityToken", "Incorrect token audience"),
            (try Self.oidc(["token", keys.path, Self.issuer, Self.subject, "sts.amazonaws.com", "-120"]), "ExpiredTokenException", "Token expired"),
            (try Self.oidc(["token", keys.path, "https://unknown.example.com", Self.subject, "sts.amazonaws.com", "3600"]), "InvalidIdentityToken",
             "No OpenIDConnect provider found in your account for https://unknown.example.com"),
            (try Self.oidc(["token", keys.path, Self.issuer, Self.subject, "sts.amazonaws.com", "3600", "other"]), "InvalidIdentityToken", "signature does not verify"),
            (try Self.oidc(["token", keys.path, Self.issuer, "system:serviceaccount:default:intruder", "sts.amazonaws.com", "3600"]), "AccessDenied",
             "Not authorized to perform sts:AssumeRoleWithWebIdentity"),
            ("not-a-jwt", "InvalidIdentityToken", "not a valid JWT"),
        ]
        for refusal in refusals {
            let result = try assume(refusal.token)
            #expect(result.status != 0)
            #expect(result.stderr.contains("(\(refusal.code))") && result.stderr.contains(refusal.message), "\(refusal.code): \(result.stderr)")
        }

        _ = try aws(["iam", "delete-open-id-connect-provider", "--open-id-connect-provider-arn", Self.providerARN], root)
        let afterDelete = try assume(good)
        #expect(afterDelete.stderr.contains("No OpenIDConnect provider found"), "\(afterDelete.stderr)")
        let missing = try aws(["iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", Self.providerARN], root)
        #expect(missing.stderr.contains("(NoSuchEntity)"), "\(missing.stderr)")
    }
}
