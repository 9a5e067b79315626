import Foundation
import Testing

/// A stand-in Kubernetes API server from `Support/` (`configmap_apiserver.py`,
/// `serviceaccount_apiserver.py`): HTTPS with its own CA, bearer-token authentication, and a control
/// API the tests drive with curl.
struct StandInAPIServer {
    let background: BackgroundProcess
    let url: String
    let caFile: String

    /// Starts `script` with a fresh port, a CA file in `directory` and the bearer `token` it accepts.
    init(script: String, directory: URL, token: String) throws {
        let port = try Harness.freePort()
        url = "https://127.0.0.1:\(port)"
        caFile = directory.appendingPathComponent("apiserver-ca.pem").path
        background = try BackgroundProcess(
            ["python3", Harness.support.appendingPathComponent(script).path, String(port), caFile, token],
            port: port, readyURL: url + "/control/stats")
    }

    /// The ConfigMap stand-in (`configmap_apiserver.py`).
    static func configMaps(directory: URL, token: String) throws -> StandInAPIServer {
        try StandInAPIServer(script: "configmap_apiserver.py", directory: directory, token: token)
    }

    /// The ServiceAccount stand-in (`serviceaccount_apiserver.py`).
    static func serviceAccounts(directory: URL, token: String) throws -> StandInAPIServer {
        try StandInAPIServer(script: "serviceaccount_apiserver.py", directory: directory, token: token)
    }

    /// Sends a control request; returns the answer's JSON.
    @discardableResult
    func control(_ method: String, _ path: String, _ body: String? = nil) throws -> [String: Any] {
        var arguments = ["-sS", "--cacert", caFile, "-X", method, url + path]
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
        let result = try Harness.run("curl", arguments, environment: ProcessInfo.processInfo.environment)
        try #require(result.status == 0, "\(result.stderr)")
        return (try? JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]) ?? [:]
    }

    /// A kubeconfig in `directory` whose one context reaches this server as `token`'s holder.
    func kubeconfig(in directory: URL, token: String, file: String = "webhook-kubeconfig") throws -> String {
        let path = directory.appendingPathComponent(file)
        try """
            apiVersion: v1
            kind: Config
            clusters:
            - name: live
              cluster: {server: "\(url)", certificate-authority: apiserver-ca.pem}
            users:
            - name: webhook
              user: {token: \(token)}
            contexts:
            - name: live
              context: {cluster: live, user: webhook}
            current-context: live
            """.write(to: path, atomically: true, encoding: .utf8)
        return path.path
    }

    func stop() { background.stop() }
}
