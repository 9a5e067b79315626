import Foundation
import AccessModel

/// The AWS CLI's shorthand syntax for structure and map parameters (`type=namespace,namespaces=a,b`,
/// `team=platform,env=dev`), and its JSON form, for the flags that take them.
enum AWSShorthand {
    /// The key-value pairs of `text`: a comma starts a new pair only when what follows it is
    /// `key=`; otherwise it separates items of the current value's list (`namespaces=a,b`).
    /// `key=[a,b]` is a list too.
    static func pairs(_ text: String, parameter: String) throws -> [(key: String, values: [String])] {
        var pairs: [(key: String, values: [String])] = []
        var depth = 0
        var pieces: [String] = []
        var current = ""
        for character in text {
            switch character {
            case "[": depth += 1
            case "]": depth = max(0, depth - 1)
            case "," where depth == 0:
                pieces.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        pieces.append(current)
        for piece in pieces {
            if let equals = piece.firstIndex(of: "="), isKey(piece[..<equals]) {
                let key = piece[..<equals].trimmingCharacters(in: .whitespaces)
                var value = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("["), value.hasSuffix("]") {
                    value = String(value.dropFirst().dropLast())
                    pairs.append((key, value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }))
                } else {
                    pairs.append((key, [value]))
                }
            } else if !pairs.isEmpty {
                pairs[pairs.count - 1].values.append(piece.trimmingCharacters(in: .whitespaces))
            } else {
                throw CLIFailure("--\(parameter): '\(text)' is not of the form key=value[,key=value…]")
            }
        }
        return pairs
    }

    private static func isKey(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "_-.:/@ ".contains($0) }
    }

    /// `--tags`: `k1=v1,k2=v2` or `{"k1":"v1"}`, from each time the flag is given.
    static func tags(_ values: [String]) throws -> [String: String]? {
        guard !values.isEmpty else { return nil }
        var tags: [String: String] = [:]
        for value in values {
            if value.trimmingCharacters(in: .whitespaces).hasPrefix("{") {
                guard let object = try? JSONDecoder().decode([String: String].self, from: Data(value.utf8)) else {
                    throw CLIFailure("--tags: '\(value)' is not a JSON object of strings")
                }
                tags.merge(object) { $1 }
                continue
            }
            for pair in try pairs(value, parameter: "tags") {
                tags[pair.key] = pair.values.joined(separator: ",")
            }
        }
        return tags
    }

    /// `--access-scope`: `type=cluster`, `type=namespace,namespaces=a,b`, or the JSON object.
    static func accessScope(_ text: String) throws -> AccessScope {
        var type: String?
        var namespaces: [String] = []
        if text.trimmingCharacters(in: .whitespaces).hasPrefix("{") {
            struct Scope: Decodable {
                var type: String?
                var namespaces: [String]?
            }
            guard let scope = try? JSONDecoder().decode(Scope.self, from: Data(text.utf8)) else {
                throw CLIFailure("--access-scope: '\(text)' is not a JSON object like {\"type\": \"namespace\", \"namespaces\": [\"dev\"]}")
            }
            type = scope.type
            namespaces = scope.namespaces ?? []
        } else {
            for pair in try pairs(text, parameter: "access-scope") {
                switch pair.key {
                case "type": type = pair.values.joined(separator: ",")
                case "namespaces": namespaces += pair.values.filter { !$0.isEmpty }
                default: throw CLIFailure("--access-scope: unknown key '\(pair.key)'; the keys are type and namespaces")
                }
            }
        }
        guard let type, let kind = AccessScope.Kind(rawValue: type) else {
            throw CLIFailure("--access-scope: type must be cluster or namespace, as in type=namespace,namespaces=dev,test")
        }
        return AccessScope(type: kind, namespaces: namespaces)
    }

    /// A list flag given as repeated words and/or comma lists (`--kubernetes-groups a b,c`).
    static func list(_ values: [String]) -> [String]? {
        guard !values.isEmpty else { return nil }
        return values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }
}
