import Foundation
import Testing

/// The real kubectl with a kubeconfig written by `eksauth update-kubeconfig`: it runs `eksauth token`
/// as its exec plugin and sends the token to an HTTPS API server, where botocore checks the signature.
@Suite("kubectl runs eksauth as its credential plugin")
struct KubectlTests {
    @Test("kubectl get pods sends a bearer token that botocore verifies", arguments: ["v1beta1", "v1"])
    func kubectlSendsAVerifiableToken(_ execVersion: String) throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try Harness.freePort()
        let caFile = directory.appendingPathComponent("ca.pem").path
        let log = directory.appendingPathComponent("requests.log").path
        let server = try BackgroundProcess(
            ["python3", Harness.support.appendingPathComponent("fake_apiserver.py").path, String(port), caFile, log],
            port: port, readyURL: "https://127.0.0.1:\(port)/version"
        )
        defer { server.stop() }
        try? FileManager.default.removeItem(atPath: log)

        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        let environment = Harness.environment(home: directory, ["AWS_DEFAULT_REGION": "us-east-1"])
        let written = try Harness.eksauth([
            "update-kubeconfig", "--name", "dev", "--region", "us-east-1", "--server", "https://127.0.0.1:\(port)",
            "--certificate-authority", caFile, "--kubeconfig", kubeconfig, "--exec-command", Harness.eksauth,
        ], environment: environment)
        try #require(written.status == 0, "\(written.stderr)")
        #expect(written.output == "Added new context arn:aws:eks:us-east-1:000000000000:cluster/dev to \(kubeconfig)\n")
        if execVersion == "v1" {
            var text = try String(contentsOfFile: kubeconfig, encoding: .utf8)
            text = text.replacingOccurrences(of: "apiVersion: client.authentication.k8s.io/v1beta1", with: "apiVersion: client.authentication.k8s.io/v1\n      interactiveMode: Never")
            try text.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        }

        let kubectl = try Harness.run("kubectl", ["--kubeconfig", kubeconfig, "get", "pods", "-o", "name"], environment: environment)
        #expect(kubectl.status == 0, "kubectl failed: \(kubectl.stderr)")
        #expect(kubectl.output.contains("pod/hello-eksauth"))

        let requests = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]
        }
        let podList = try #require(requests.first { $0["path"]?.hasPrefix("/api/v1/namespaces/default/pods") == true })
        let authorization = try #require(podList["authorization"])
        #expect(authorization.hasPrefix("Bearer k8s-aws-v1."))
        let token = String(authorization.dropFirst("Bearer ".count))
        let query = try #require(decodeToken(token)?.query)
        #expect(query["X-Amz-SignedHeaders"] == "host;x-k8s-aws-id")
        #expect(try Harness.botocoreAcceptsToken(token, clusterID: "dev", secret: Harness.exampleSecretKey))
        #expect(try !Harness.botocoreAcceptsToken(token, clusterID: "other-cluster", secret: Harness.exampleSecretKey))
        #expect(try !Harness.botocoreAcceptsToken(token, clusterID: "dev", secret: "wrong-secret"))
    }
}
