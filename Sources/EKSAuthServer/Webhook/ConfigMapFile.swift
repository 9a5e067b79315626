import Yams

/// Reads the `data` of a ConfigMap written as YAML (`kubectl get configmap aws-auth -n kube-system -o yaml`).
public enum ConfigMapFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The `data` of the ConfigMap YAML `text`.
    public static func data(of text: String) throws -> [String: String] {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw Failure(description: "not valid YAML: \(error)")
        }
        guard let mapping = node?.mapping, let data = mapping["data"]?.mapping else {
            throw Failure(description: "not a ConfigMap with a data section")
        }
        var result: [String: String] = [:]
        for (key, value) in data {
            guard let name = key.string else { continue }
            result[name] = value.string ?? ""
        }
        return result
    }
}
