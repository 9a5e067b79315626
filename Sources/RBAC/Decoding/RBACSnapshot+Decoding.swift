import Foundation
import Yams

extension RBACSnapshot {
    /// Reads RBAC objects from YAML or JSON as kubectl prints them: a `List` (or `RoleList`, …) with
    /// `items`, several `---`-separated documents, or single objects, in any mix. Objects of other
    /// kinds or API groups are skipped and named in ``skipped``; empty documents are ignored.
    ///
    /// - Throws: ``RBACError`` when the text is not YAML/JSON, a document is not an object, or an
    ///   RBAC object has the wrong shape (the message names the document, item and object).
    public init(yaml text: String) throws(RBACError) {
        self.init()
        // Not `compose_all`: its sequence stops silently at a syntax error.
        var documents: [Node] = []
        do {
            // The basic resolver: no regular expressions per scalar (tags are not used; `jsonValue` reads
            // plain null and Boolean scalars itself).
            let parser = try Parser(yaml: text, resolver: .basic)
            while let document = try parser.nextRoot() { documents.append(document) }
        } catch {
            throw .invalidYAML(String(describing: error))
        }
        for (index, document) in documents.enumerated() {
            let location = "document \(index + 1)"
            if case .scalar(let scalar) = document, scalar.string.isEmpty || scalar.tag.description.hasSuffix(":null") {
                continue
            }
            try add(document, at: location, allowList: true)
        }
    }

    /// Adds `node`. Items of a typed list from the API server (`RoleList`) carry no `kind`; they
    /// take `impliedKind`, the list's kind without `List`.
    private mutating func add(_ node: Node, at location: String, allowList: Bool, impliedKind: String? = nil) throws(RBACError) {
        guard let mapping = node.mapping else {
            throw .notAnObject(location, "expected a Kubernetes object (a mapping with apiVersion and kind)")
        }
        // Keys are compared as text: Yams's `mapping["kind"]` resolves every scalar's tag with regular
        // expressions, which made loading a large cluster take seconds.
        func member(_ name: String, of mapping: Node.Mapping?) -> Node? {
            mapping?.first { $0.key.scalar?.string == name }?.value
        }
        guard let kind = member("kind", of: mapping)?.scalar?.string.nilIfEmpty ?? impliedKind else {
            throw .notAnObject(location, "the object has no kind")
        }
        let apiVersion = member("apiVersion", of: mapping)?.scalar?.string ?? ""
        if allowList, let items = member("items", of: mapping), kind.hasSuffix("List") {
            guard let sequence = items.sequence else {
                if items.scalar.map({ $0.string.isEmpty || $0.string == "null" || $0.string == "~" }) ?? false { return }
                throw .notAnObject(location, "items of the \(kind) is not a list")
            }
            for (itemIndex, item) in sequence.enumerated() {
                try add(
                    item, at: "\(location), items[\(itemIndex)]", allowList: false, impliedKind: kind == "List" ? nil : String(kind.dropLast("List".count)))
            }
            return
        }
        let metadata = member("metadata", of: mapping)?.mapping
        let name = member("name", of: metadata)?.scalar?.string ?? ""
        let namespace = member("namespace", of: metadata)?.scalar?.string ?? ""
        let described = namespace.isEmpty ? "\(kind) \(name)" : "\(kind) \(namespace)/\(name)"
        let isRBAC = apiVersion.isEmpty || apiVersion.hasPrefix("rbac.authorization.k8s.io/")
        let here = "\(location) (\(described))"
        switch (kind, isRBAC) {
        case ("Role", true): roles.append(try Self.decode(Role.self, node, at: here))
        case ("ClusterRole", true): clusterRoles.append(try Self.decode(ClusterRole.self, node, at: here))
        case ("RoleBinding", true): roleBindings.append(try Self.decode(RoleBinding.self, node, at: here))
        case ("ClusterRoleBinding", true): clusterRoleBindings.append(try Self.decode(ClusterRoleBinding.self, node, at: here))
        default: skipped.append(apiVersion.isEmpty ? described : "\(described) (\(apiVersion))")
        }
    }

    /// Decodes through JSON: the tree is turned into JSON values (a plain `null`, `~` or empty
    /// scalar is null, a plain `true`/`false` a Boolean, every other scalar a string) and read by
    /// JSONDecoder, many times faster than YAMLDecoder on large inputs.
    private static func decode<T: Decodable>(_ type: T.Type, _ node: Node, at location: String) throws(RBACError) -> T {
        do {
            var json: [UInt8] = []
            json.reserveCapacity(1024)
            writeJSON(node, to: &json)
            return try JSONDecoder().decode(type, from: Data(json))
        } catch let error as DecodingError {
            throw .invalidObject(location, describe(error))
        } catch {
            throw .invalidObject(location, String(describing: error))
        }
    }

    /// Writes `node` as JSON: a plain `null`, `~` or empty scalar is null, a plain `true`/`false` a
    /// Boolean, every other scalar a string; aliases are null.
    static func writeJSON(_ node: Node, to out: inout [UInt8]) {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                switch scalar.string {
                case "", "null", "Null", "NULL", "~":
                    out += "null".utf8
                    return
                case "true", "True", "TRUE":
                    out += "true".utf8
                    return
                case "false", "False", "FALSE":
                    out += "false".utf8
                    return
                default: break
                }
            }
            writeString(scalar.string, to: &out)
        case .mapping(let mapping):
            out.append(UInt8(ascii: "{"))
            for (index, pair) in mapping.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(pair.key.scalar?.string ?? "", to: &out)
                out.append(UInt8(ascii: ":"))
                writeJSON(pair.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .sequence(let sequence):
            out.append(UInt8(ascii: "["))
            for (index, item) in sequence.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeJSON(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .alias:
            out += "null".utf8
        }
    }

    private static func writeString(_ text: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0..<0x20:
                out += "\\u00".utf8
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
                .trimmingPrefix(".").description
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return parent.isEmpty ? "\(key.stringValue) is missing" : "\(parent).\(key.stringValue) is missing"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) is not a \(type == String.self ? "string" : "\(type)")"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) is null where a \(type) is needed"
        case .dataCorrupted(let context):
            let where_ = path(context.codingPath)
            return where_.isEmpty ? context.debugDescription : "\(where_): \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
