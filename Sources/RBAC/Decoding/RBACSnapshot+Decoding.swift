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
            let parser = try Parser(yaml: text)
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

    private mutating func add(_ node: Node, at location: String, allowList: Bool) throws(RBACError) {
        guard let mapping = node.mapping else {
            throw .notAnObject(location, "expected a Kubernetes object (a mapping with apiVersion and kind)")
        }
        guard let kind = mapping["kind"]?.string, !kind.isEmpty else {
            throw .notAnObject(location, "the object has no kind")
        }
        let apiVersion = mapping["apiVersion"]?.string ?? ""
        if allowList, let items = mapping["items"], kind.hasSuffix("List") {
            guard let sequence = items.sequence else {
                if items.scalar.map({ $0.string.isEmpty || $0.string == "null" || $0.string == "~" }) ?? false { return }
                throw .notAnObject(location, "items of the \(kind) is not a list")
            }
            for (itemIndex, item) in sequence.enumerated() {
                try add(item, at: "\(location), items[\(itemIndex)]", allowList: false)
            }
            return
        }
        let metadata = mapping["metadata"]?.mapping
        let name = metadata?["name"]?.string ?? ""
        let namespace = metadata?["namespace"]?.string ?? ""
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

    private static func decode<T: Decodable>(_ type: T.Type, _ node: Node, at location: String) throws(RBACError) -> T {
        do {
            return try YAMLDecoder().decode(type, from: node)
        } catch let error as DecodingError {
            throw .invalidObject(location, describe(error))
        } catch {
            throw .invalidObject(location, String(describing: error))
        }
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
