import Foundation

/// Chooses the kubeconfig file to update, as `aws eks update-kubeconfig` does: `--kubeconfig` if
/// given; otherwise the first file of `KUBECONFIG` (a `:`-separated list) that already has the
/// cluster, else its first file; `~/.kube/config` when neither is set.
public struct KubeconfigSelector: Sendable {
    /// The candidate paths, absolute, in order.
    public let paths: [String]

    /// Builds the candidate list.
    public init(explicitPath: String?, kubeconfigVariable: String?, home: String, currentDirectory: String) {
        func absolute(_ path: String) -> String {
            var expanded = path
            if expanded == "~" || expanded.hasPrefix("~/") { expanded = home + expanded.dropFirst() }
            if !expanded.hasPrefix("/") { expanded = currentDirectory + "/" + expanded }
            return URL(fileURLWithPath: expanded).standardizedFileURL.path
        }
        let defaultPath = absolute("~/.kube/config")
        if let explicitPath, !explicitPath.isEmpty {
            paths = [absolute(explicitPath)]
        } else {
            let listed = (kubeconfigVariable ?? "").split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            paths = listed.isEmpty ? [defaultPath] : listed.map(absolute)
        }
    }

    /// The kubeconfig to update for a cluster entry named `clusterName`. Files of the list that cannot
    /// be read are passed over while searching; the first file must load, or it is an error.
    public func choose(clusterName: String) throws(KubeconfigError) -> Kubeconfig {
        for path in paths {
            if let config = try? Kubeconfig.load(path: path), config.hasCluster(named: clusterName) {
                return config
            }
        }
        return try Kubeconfig.load(path: paths[0])
    }
}
