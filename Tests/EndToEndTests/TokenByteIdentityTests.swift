import Foundation
import Testing

/// `eksauth token` against the real `aws eks get-token` (awscli 1.45.11, clock frozen): the same
/// stdout bytes for the same credentials, region, cluster and instant.
@Suite("eksauth token is byte-identical to aws eks get-token")
struct TokenByteIdentityTests {
    static let frozenTime = "2024-01-02T03:04:05Z"

    struct Row: Sendable, CustomStringConvertible {
        var name: String
        var flags: [String]
        var environment: [String: String] = [:]
        var files: [String: String] = [:]
        var description: String { name }
    }

    static let rows: [Row] = [
        Row(name: "us-east-1 from AWS_DEFAULT_REGION", flags: ["--cluster-name", "my-cluster"], environment: ["AWS_DEFAULT_REGION": "us-east-1"]),
        Row(name: "eu-west-1", flags: ["--cluster-name", "my-cluster", "--region", "eu-west-1"]),
        Row(name: "cn-north-1", flags: ["--cluster-name", "my-cluster", "--region", "cn-north-1"]),
        Row(name: "us-gov-west-1", flags: ["--cluster-name", "my-cluster", "--region", "us-gov-west-1"]),
        Row(name: "ap-southeast-5", flags: ["--cluster-name", "prod", "--region", "ap-southeast-5"]),
        Row(name: "legacy global endpoint", flags: ["--cluster-name", "my-cluster", "--region", "us-east-1"], environment: ["AWS_STS_REGIONAL_ENDPOINTS": "legacy"]),
        Row(name: "legacy outside the global list", flags: ["--cluster-name", "my-cluster", "--region", "me-south-1"], environment: ["AWS_STS_REGIONAL_ENDPOINTS": "legacy"]),
        Row(name: "no region at all", flags: ["--cluster-name", "my-cluster"]),
        Row(name: "session token", flags: ["--cluster-name", "my-cluster", "--region", "us-east-1"], environment: ["AWS_SESSION_TOKEN": "FQoGZXIvYXdzEXAMPLE//+/=="]),
        Row(name: "session token, eu-central-1", flags: ["--cluster-name", "c", "--region", "eu-central-1"], environment: ["AWS_SESSION_TOKEN": "IQoJb3JpZ2luX2VjEXAMPLE"]),
        Row(name: "KUBERNETES_EXEC_INFO v1", flags: ["--cluster-name", "my-cluster", "--region", "us-east-1"],
            environment: ["KUBERNETES_EXEC_INFO": #"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}"# + "\n"]),
        Row(name: "KUBERNETES_EXEC_INFO v1beta1", flags: ["--cluster-name", "my-cluster", "--region", "us-east-1"],
            environment: ["KUBERNETES_EXEC_INFO": #"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{"interactive":false}}"#]),
        Row(name: "KUBERNETES_EXEC_INFO v1alpha1", flags: ["--cluster-name", "my-cluster", "--region", "us-east-1"],
            environment: ["KUBERNETES_EXEC_INFO": #"{"apiVersion":"client.authentication.k8s.io/v1alpha1"}"#]),
        Row(name: "KUBERNETES_EXEC_INFO unparsable", flags: ["--cluster-name", "my-cluster", "--region", "us-east-1"], environment: ["KUBERNETES_EXEC_INFO": "not json"]),
        Row(name: "--cluster-id", flags: ["--cluster-id", "7f9a2c4e-0000-1111-2222-333344445555", "--region", "us-east-1"]),
        Row(name: "cluster name with runs of spaces", flags: ["--cluster-name", " a  b ", "--region", "us-east-1"]),
        Row(name: "FIPS", flags: ["--cluster-name", "c", "--region", "us-east-1"], environment: ["AWS_USE_FIPS_ENDPOINT": "true"]),
        Row(name: "FIPS GovCloud", flags: ["--cluster-name", "c", "--region", "us-gov-east-1"], environment: ["AWS_USE_FIPS_ENDPOINT": "true"]),
        Row(name: "dual-stack", flags: ["--cluster-name", "c", "--region", "eu-west-1"], environment: ["AWS_USE_DUALSTACK_ENDPOINT": "true"]),
        Row(name: "AWS_ENDPOINT_URL_STS", flags: ["--cluster-name", "c", "--region", "eu-west-1"], environment: ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000"]),
        Row(name: "AWS_ENDPOINT_URL", flags: ["--cluster-name", "c", "--region", "us-west-2"], environment: ["AWS_ENDPOINT_URL": "http://localhost:4566"]),
        Row(name: "profile with region from the shared files", flags: ["--cluster-name", "c", "--profile", "dev"],
            environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""],
            files: ["credentials": "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
                    "config": "[profile dev]\nregion = sa-east-1\n"]),
        Row(name: "AWS_PROFILE with a session token in the credentials file", flags: ["--cluster-name", "c"],
            environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_PROFILE": "temp"],
            files: ["credentials": "[temp]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\naws_secret_access_key = secret\naws_session_token = tok+en/==\n",
                    "config": "[profile temp]\nregion = ap-northeast-1\nsts_regional_endpoints = legacy\n"]),
    ]

    @Test("same stdout as the AWS CLI", arguments: rows)
    func sameBytes(_ row: Row) throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        var extra = row.environment
        for (name, text) in row.files {
            let path = home.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            extra[name == "config" ? "AWS_CONFIG_FILE" : "AWS_SHARED_CREDENTIALS_FILE"] = path
        }
        let environment = Harness.environment(home: home, extra)
        let aws = try Harness.aws(["eks", "get-token"] + row.flags, environment: environment, frozenTime: Self.frozenTime)
        try #require(aws.status == 0, "aws eks get-token failed: \(aws.stderr)")
        #expect(aws.stdout.count > 600)
        // Every row is served by the launcher's fast path (`only` fails the call otherwise) and, separately,
        // by the full command (`off`): both must print the AWS CLI's bytes.
        var warnings: [String: String] = [:]
        for path in ["only", "off"] {
            var ours = environment
            ours["EKSAUTH_SIGNING_TIME"] = Self.frozenTime
            ours["EKSAUTH_TOKEN_FAST_PATH"] = path
            let eksauth = try Harness.eksauth(["token"] + row.flags, environment: ours)
            #expect(eksauth.status == 0, "eksauth token (fast path \(path)) failed: \(eksauth.stderr)")
            #expect(eksauth.output == aws.output, "fast path \(path)")
            #expect(eksauth.stdout == aws.stdout, "fast path \(path)")
            #expect(eksauth.stderr.isEmpty == aws.stderr.isEmpty, "aws warned '\(aws.stderr)', eksauth (fast path \(path)) warned '\(eksauth.stderr)'")
            warnings[path] = eksauth.stderr
        }
        #expect(warnings["only"] == warnings["off"])
    }
}
