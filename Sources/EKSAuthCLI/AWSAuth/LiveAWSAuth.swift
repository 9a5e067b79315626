import EKSAuthServer
import Logging

/// The aws-auth ConfigMap of a live cluster, read once, for the commands that take `--kubeconfig`.
enum LiveAWSAuth {
    /// The connection of `kubeconfig`'s `context` (default: its current context).
    static func connection(_ kubeconfig: String, context: String? = nil) throws -> KubernetesConnection {
        do {
            return try KubernetesConnection.kubeconfig(path: kubeconfig, context: context)
        } catch {
            throw CLIFailure(error.message)
        }
    }

    /// The ConfigMap's `data`.
    static func data(_ connection: KubernetesConnection) async throws -> [String: String] {
        do {
            return try await ConfigMapWatcher(connection: connection, logger: Logger(label: "eksauth")).fetch()
        } catch {
            throw CLIFailure("cannot read the aws-auth ConfigMap from \(connection.server): \(error)")
        }
    }
}
