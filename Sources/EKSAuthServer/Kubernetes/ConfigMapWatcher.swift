import Foundation
public import Logging

/// What a ``ConfigMapWatcher`` saw.
public enum ConfigMapEvent: Sendable, Hashable {
    /// The ConfigMap's `data` (on the first list and on every change).
    case data([String: String])
    /// There is no such ConfigMap (never created, or deleted).
    case absent
    /// The API server could not be reached or answered an error; the watcher retries.
    case failed(String)
}

/// Follows one ConfigMap (by default `kube-system/aws-auth`) through the Kubernetes API as
/// controllers do, with a ``ListWatcher`` over its one-item collection: list it, then watch from
/// that version, reporting every change; re-watch from the last version seen, list again on 410
/// Gone. Failures are reported and retried with a growing pause (up to 30 s); nothing is reported
/// as absent unless the API server says so.
public struct ConfigMapWatcher: Sendable {
    /// The API server.
    public let connection: KubernetesConnection
    /// The ConfigMap's namespace.
    public let namespace: String
    /// The ConfigMap's name.
    public let name: String
    /// How long one watch request may stay open, in seconds (the server ends it sooner).
    public var watchSeconds = 300
    let logger: Logger

    /// Creates a watcher of `namespace/name`.
    public init(connection: KubernetesConnection, namespace: String = "kube-system", name: String = "aws-auth", logger: Logger) {
        self.connection = connection
        self.namespace = namespace
        self.name = name
        self.logger = logger
    }

    /// The list-and-watch of the ConfigMap's one-item collection.
    var watcher: ListWatcher {
        var watcher = ListWatcher(
            connection: connection, collectionPath: "/api/v1/namespaces/\(namespace)/configmaps?fieldSelector=metadata.name%3D\(name)",
            noun: "aws-auth ConfigMap \(namespace)/\(name)", logger: logger)
        watcher.watchSeconds = watchSeconds
        return watcher
    }

    /// Lists and watches until the task is cancelled, passing every event to `deliver`.
    public func run(deliver: @escaping @Sendable (ConfigMapEvent) async -> Void) async {
        let name = self.name
        await watcher.run { event in
            switch event {
            case .listed(let items):
                if let item = items.first(where: { ($0["metadata"] as? [String: Any])?["name"] as? String == name }) {
                    await deliver(.data(Self.data(of: item)))
                } else {
                    await deliver(.absent)
                }
            case .upserted(let object): await deliver(.data(Self.data(of: object)))
            case .deleted: await deliver(.absent)
            case .failed(let message): await deliver(.failed(message + "; the last good mappings stay in force"))
            }
        }
    }

    /// The ConfigMap's `data` now (one list request).
    ///
    /// - Throws: ``KubernetesError`` when the API server cannot be reached, refuses, or has no such ConfigMap.
    public func fetch() async throws -> [String: String] {
        let items = try await watcher.list()
        guard let item = items.first(where: { ($0["metadata"] as? [String: Any])?["name"] as? String == name }) else {
            throw KubernetesError("there is no ConfigMap \(namespace)/\(name)")
        }
        return Self.data(of: item)
    }

    static func data(of configMap: [String: Any]) -> [String: String] {
        (configMap["data"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
    }
}
