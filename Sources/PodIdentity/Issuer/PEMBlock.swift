import Foundation

/// One `-----BEGIN LABEL-----` … `-----END LABEL-----` block of a PEM document.
struct PEMBlock: Sendable, Hashable {
    /// The label, such as `RSA PRIVATE KEY`.
    let label: String
    /// The base64-decoded contents.
    let der: Data

    /// The blocks of `text` whose contents are valid base64, in order.
    static func all(in text: String) -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var label: String?
        var body = ""
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                label = String(line.dropFirst("-----BEGIN ".count).dropLast(5))
                body = ""
            } else if line.hasPrefix("-----END "), let current = label {
                if let der = Data(base64Encoded: body) { blocks.append(PEMBlock(label: current, der: der)) }
                label = nil
            } else if label != nil, !line.contains(":") {
                body += line
            }
        }
        return blocks
    }
}
