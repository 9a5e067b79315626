import Foundation
import Testing

/// HTTPS to an AWS endpoint with a private certificate authority: eksauth trusts `--ca-bundle`, then
/// `AWS_CA_BUNDLE`, then the profile's `ca_bundle`, as the AWS CLI does — here against `eksauth server`
/// with TLS, whose generated profile names its certificate as `ca_bundle`.
@Suite("CA bundles for HTTPS calls to AWS")
struct CABundleTests {
    @Test("access commands, update-kubeconfig and role assumption trust the profile's ca_bundle, AWS_CA_BUNDLE and --ca-bundle")
    func trustsTheBundle() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let state = home.appendingPathComponent("state")
        let port = try Harness.freePort()
        let healthPort = try Harness.freePort()
        let made = try Harness.eksauth(
            ["init", "--cluster-id", "demo", "--state-dir", state.path, "--port", String(port), "--health-port", String(healthPort)],
            environment: Harness.environment(home: home))
        try #require(made.status == 0, "\(made.stderr)")
        let server = try BackgroundProcess(
            [Harness.eksauth, "server", "--state-dir", state.path], port: port, readyURL: "http://127.0.0.1:\(healthPort)/healthz")
        defer { server.stop() }
        let certificate = state.appendingPathComponent("tls/cert.pem").path
        let config = try String(contentsOf: state.appendingPathComponent("aws-config"), encoding: .utf8)
        try #require(config.contains("ca_bundle = \(certificate)") && config.contains("endpoint_url = https://127.0.0.1:\(port)"), "\(config)")
        // The same profile without its ca_bundle line: only AWS_CA_BUNDLE or --ca-bundle can make it trusted.
        let bare = home.appendingPathComponent("aws-config-without-ca").path
        try config.split(separator: "\n").filter { !$0.hasPrefix("ca_bundle") }.joined(separator: "\n").appending("\n")
            .write(toFile: bare, atomically: true, encoding: .utf8)
        func environment(config: String, _ extra: [String: String] = [:]) -> [String: String] {
            Harness.environment(home: home, [
                "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": state.appendingPathComponent("credentials").path,
                "AWS_PROFILE": "eksauth", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
            ].merging(extra) { $1 })
        }
        let list = ["access-entry", "list", "--cluster-name", "demo", "--output", "json"]

        let viaProfile = try Harness.eksauth(list, environment: environment(config: state.appendingPathComponent("aws-config").path))
        #expect(viaProfile.status == 0, "\(viaProfile.stderr)")
        #expect(viaProfile.output.contains("\"accessEntries\""))
        let aws = try Harness.aws(["eks", "list-access-entries", "--cluster-name", "demo", "--output", "json"],
                                  environment: environment(config: state.appendingPathComponent("aws-config").path))
        #expect(aws.status == 0, "\(aws.stderr)")
        #expect(viaProfile.output == aws.output, "the AWS CLI, trusting the same profile, prints the same")

        let untrusted = try Harness.eksauth(list, environment: environment(config: bare))
        #expect(untrusted.status != 0)
        #expect(untrusted.stdout.isEmpty)
        #expect(untrusted.stderr.hasPrefix("eksauth: "), "\(untrusted.stderr)")
        #expect(untrusted.stderr.contains("not signed by an authority eksauth trusts; pass --ca-bundle FILE, set AWS_CA_BUNDLE"), "\(untrusted.stderr)")
        let missing = try Harness.eksauth(list + ["--ca-bundle", home.appendingPathComponent("missing.pem").path], environment: environment(config: bare))
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("the CA bundle cannot be loaded"), "\(missing.stderr)")
        let awsUntrusted = try Harness.aws(["eks", "list-access-entries", "--cluster-name", "demo"], environment: environment(config: bare))
        #expect(awsUntrusted.status != 0, "the AWS CLI does not trust the server without a bundle either")

        let viaVariable = try Harness.eksauth(list, environment: environment(config: bare, ["AWS_CA_BUNDLE": certificate]))
        #expect(viaVariable.status == 0, "\(viaVariable.stderr)")
        #expect(viaVariable.output == viaProfile.output)
        let viaFlag = try Harness.eksauth(list + ["--ca-bundle", certificate], environment: environment(config: bare))
        #expect(viaFlag.status == 0, "\(viaFlag.stderr)")
        #expect(viaFlag.output == viaProfile.output)

        // update-kubeconfig: DescribeCluster at the profile's endpoint_url, over the profile's ca_bundle.
        let kubeconfig = home.appendingPathComponent("kubeconfig").path
        let updated = try Harness.eksauth(
            ["update-kubeconfig", "--name", "demo", "--kubeconfig", kubeconfig], environment: environment(config: state.appendingPathComponent("aws-config").path))
        #expect(updated.status == 0, "\(updated.stderr)")
        #expect(try String(contentsOfFile: kubeconfig, encoding: .utf8).contains("cluster/demo"))

        // Role assumption through the embedded STS over HTTPS: the full token command, with --ca-bundle.
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#
        let role = try Harness.aws(["iam", "create-role", "--role-name", "ops", "--assume-role-policy-document", trust],
                                   environment: environment(config: state.appendingPathComponent("aws-config").path))
        try #require(role.status == 0, "\(role.stderr)")
        let token = ["token", "--cluster-name", "demo", "--role-arn", "arn:aws:iam::123456789012:role/ops", "--token-only"]
        let withoutBundle = try Harness.eksauth(token, environment: environment(config: bare))
        #expect(withoutBundle.status != 0)
        #expect(withoutBundle.stderr.contains("not signed by an authority eksauth trusts"), "\(withoutBundle.stderr)")
        let withBundle = try Harness.eksauth(token + ["--ca-bundle", certificate], environment: environment(config: bare))
        #expect(withBundle.status == 0, "\(withBundle.stderr)")
        #expect(withBundle.output.hasPrefix("k8s-aws-v1."))
    }
}
