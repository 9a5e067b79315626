import Foundation

extension ConfigMapYAMLSplice {
    /// The `data` of a live ConfigMap as `kubectl get -o yaml` shows it (each list a literal block, keys
    /// sorted), so a live edit is diffed and linted on text with lines, as a file edit is.
    public static func render(data: [String: String]) -> String {
        var lines = ["data:"]
        for key in data.keys.sorted() {
            let value = data[key, default: ""]
            var block = literalBlock(value, indent: "    ")
            if value.contains("\r") || value.contains("\t") || (try? Self.data(of: "data:\n  \(key): " + block.joined(separator: "\n") + "\n"))?[key] != value {
                let encoded = (try? JSONSerialization.data(withJSONObject: [value], options: [.withoutEscapingSlashes])).map { String(decoding: $0, as: UTF8.self) } ?? "[\"\"]"
                block = [String(encoded.dropFirst().dropLast())]
            }
            lines.append("  \(key): " + block[0])
            lines += block.dropFirst()
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
