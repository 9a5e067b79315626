import Foundation
public import Yams

/// A kubeconfig file held as a YAML node tree, so entries this tool does not know about, and the
/// order of keys, survive an update.
public struct Kubeconfig {
    /// Where the file lives (or will).
    public let path: String
    /// The top-level mapping.
    public private(set) var content: Node.Mapping

    /// An empty kubeconfig, with the keys `kubectl` and the AWS CLI write, in their order.
    public init(path: String) {
        self.path = path
        self.content = Node.Mapping([
            ("apiVersion", "v1"),
            ("clusters", Node.sequence(Node.Sequence([]))),
            ("contexts", Node.sequence(Node.Sequence([]))),
            ("current-context", Node.string("")),
            ("kind", "Config"),
            ("preferences", Node.mapping(Node.Mapping([]))),
            ("users", Node.sequence(Node.Sequence([]))),
        ])
    }

    /// Loads `path`. A missing file is an empty kubeconfig; a file that cannot be read or is not a
    /// kubeconfig is an error (and is never overwritten).
    public static func load(path: String) throws(KubeconfigError) -> Kubeconfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            if !FileManager.default.fileExists(atPath: path) { return Kubeconfig(path: path) }
            throw KubeconfigError(message: "can't open kubeconfig \(path) for reading: \(Self.reason(error)); check its permissions")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw KubeconfigError(message: "kubeconfig \(path) is not valid YAML (\(error)); fix or move it, it was left as it is")
        }
        var config = Kubeconfig(path: path)
        guard let node else { return config }
        guard let mapping = node.mapping else {
            throw KubeconfigError(message: "kubeconfig \(path) is not a YAML mapping; fix or move it, it was left as it is")
        }
        for key in ["clusters", "contexts", "users"] {
            guard let value = mapping[key], !Self.isNull(value) else { continue }
            guard let entries = value.sequence else {
                throw KubeconfigError(message: "kubeconfig \(path): '\(key)' is not a list; fix or move it, it was left as it is")
            }
            guard entries.allSatisfy({ $0.mapping != nil }) else {
                throw KubeconfigError(message: "kubeconfig \(path): an entry in '\(key)' is not a mapping; fix or move it, it was left as it is")
            }
        }
        config.content = mapping
        return config
    }

    /// Whether a cluster entry has this name.
    public func hasCluster(named name: String) -> Bool {
        entries("clusters").contains { $0.mapping?["name"]?.string == name }
    }

    /// The current context's name, if set.
    public var currentContext: String? { content["current-context"]?.string }

    /// Adds or replaces (by name) the cluster and user entries, then a context joining them named
    /// `alias` or the user's name, and makes it the current context. Returns the context's name.
    @discardableResult
    public mutating func insert(cluster: Node, user: Node, alias: String?) -> String {
        insert(cluster, into: "clusters")
        insert(user, into: "users")
        let clusterName = cluster.mapping?["name"]?.string ?? ""
        let userName = user.mapping?["name"]?.string ?? ""
        let context = Node.mapping(Node.Mapping([
            ("context", Node.mapping(Node.Mapping([("cluster", Node.string(clusterName)), ("user", Node.string(userName))]))),
            ("name", Node.string(alias ?? userName)),
        ]))
        insert(context, into: "contexts")
        content["current-context"] = Node.string(alias ?? userName)
        return alias ?? userName
    }

    /// The YAML text, block style.
    public func render() throws(KubeconfigError) -> String {
        do {
            return try Yams.serialize(node: .mapping(content), indent: 2, width: -1, allowUnicode: true)
        } catch {
            throw KubeconfigError(message: "cannot render kubeconfig \(path): \(error)")
        }
    }

    /// Writes the file atomically (a temporary file in the same directory, then a rename) with mode
    /// 0600, creating the directory if needed.
    public func write() throws(KubeconfigError) {
        let text = try render()
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw KubeconfigError(message: "can't create directory \(directory.path) for the kubeconfig: \(Self.reason(error))")
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard manager.createFile(atPath: temporary.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw KubeconfigError(message: "can't write a kubeconfig in \(directory.path): check that the directory is writable")
        }
        if rename(temporary.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? manager.removeItem(at: temporary)
            throw KubeconfigError(message: "can't replace kubeconfig \(path): \(reason)")
        }
    }

    private func entries(_ key: String) -> [Node] {
        content[key]?.sequence.map(Array.init) ?? []
    }

    private mutating func insert(_ entry: Node, into key: String) {
        var list = entries(key)
        let name = entry.mapping?["name"]?.string
        if let name, let index = list.firstIndex(where: { $0.mapping?["name"]?.string == name }) {
            list[index] = entry
        } else {
            list.append(entry)
        }
        content[key] = Node.sequence(Node.Sequence(list))
    }

    private static func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node { return scalar.string == "" || scalar.string == "null" || scalar.string == "~" }
        return false
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? error.localizedDescription
    }
}

/// A kubeconfig could not be read, parsed or written.
public struct KubeconfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong and what to do.
    public let message: String
    /// Creates an error.
    public init(message: String) { self.message = message }
    public var description: String { message }
}

extension Node {
    /// A string scalar that reads back as a string: quoted when plain YAML would read it as a
    /// number, boolean or null (a cluster named `123`, an empty `current-context`).
    public static func string(_ value: String) -> Node {
        let plain = Node(value)
        let resolved = Resolver.default.resolveTag(of: plain)
        if value.isEmpty || resolved != Tag.Name.str || value.hasPrefix(" ") || value.hasSuffix(" ") {
            return Node(value, Tag(.str), .singleQuoted)
        }
        return plain
    }
}
