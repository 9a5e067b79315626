import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1

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
/// controllers do: list it (learning the collection's `resourceVersion`), then watch from that
/// version, reporting every change; when the watch ends or fails it watches again from the last
/// version seen, and lists again when that version is too old (410 Gone). Failures are reported
/// and retried with a growing pause (up to 30 s); nothing is reported as absent unless the API
/// server says so.
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

    private struct Gone: Error {}

    /// Lists and watches until the task is cancelled, passing every event to `deliver`.
    public func run(deliver: @escaping @Sendable (ConfigMapEvent) async -> Void) async {
        let client: HTTPClient
        do {
            var configuration = HTTPClient.Configuration(tlsConfiguration: try connection.tlsConfiguration(), redirectConfiguration: .disallow)
            configuration.timeout.connect = .seconds(10)
            client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        } catch {
            await deliver(.failed(error.message))
            return
        }
        var pause = 1
        while !Task.isCancelled {
            do {
                var version = try await list(client, deliver: deliver)
                pause = 1
                while !Task.isCancelled {
                    version = try await watch(client, from: version, deliver: deliver)
                }
            } catch is Gone {
                continue
            } catch {
                if Task.isCancelled { break }
                let message = "the aws-auth ConfigMap \(namespace)/\(name) at \(connection.server) could not be read: \(error); the last good mappings stay in force"
                logger.warning("aws-auth watch failed", metadata: ["error": "\(error)", "retryInSeconds": "\(pause)"])
                await deliver(.failed(message))
                try? await Task.sleep(for: .seconds(pause))
                pause = min(pause * 2, 30)
            }
        }
        try? await client.shutdown()
    }

    /// The ConfigMap's `data` now (one list request).
    ///
    /// - Throws: ``KubernetesError`` when the API server cannot be reached, refuses, or has no such ConfigMap.
    public func fetch() async throws -> [String: String] {
        var configuration = HTTPClient.Configuration(tlsConfiguration: try connection.tlsConfiguration(), redirectConfiguration: .disallow)
        configuration.timeout.connect = .seconds(10)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let box = EventBox()
        do {
            _ = try await list(client) { event in await box.set(event) }
            try? await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
        guard case .data(let data) = await box.event else { throw KubernetesError("there is no ConfigMap \(namespace)/\(name)") }
        return data
    }

    private actor EventBox {
        var event: ConfigMapEvent?
        func set(_ event: ConfigMapEvent) { self.event = event }
    }

    private var collectionPath: String {
        "/api/v1/namespaces/\(namespace)/configmaps?fieldSelector=metadata.name%3D\(name)"
    }

    private func request(_ pathAndQuery: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: connection.server + pathAndQuery)
        request.headers.add(name: "Accept", value: "application/json")
        if let token = connection.currentToken() { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        return request
    }

    /// Lists the ConfigMap; returns the list's resourceVersion.
    private func list(_ client: HTTPClient, deliver: @Sendable (ConfigMapEvent) async -> Void) async throws -> String {
        let response = try await client.execute(request(collectionPath), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 8 << 20)
        guard response.status == .ok else { throw KubernetesError(Self.describe(response.status, body)) }
        guard let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let metadata = object["metadata"] as? [String: Any], let version = metadata["resourceVersion"] as? String
        else {
            throw KubernetesError("the API server's ConfigMap list has no metadata.resourceVersion")
        }
        let items = object["items"] as? [[String: Any]] ?? []
        if let item = items.first(where: { ($0["metadata"] as? [String: Any])?["name"] as? String == name }) {
            await deliver(.data(Self.data(of: item)))
        } else {
            await deliver(.absent)
        }
        return version
    }

    /// Watches from `version` until the server ends the watch; returns the last version seen.
    private func watch(_ client: HTTPClient, from version: String, deliver: @Sendable (ConfigMapEvent) async -> Void) async throws -> String {
        let path = collectionPath + "&watch=true&allowWatchBookmarks=true&timeoutSeconds=\(watchSeconds)&resourceVersion=\(version)"
        let response = try await client.execute(request(path), timeout: .seconds(Int64(watchSeconds + 30)))
        guard response.status == .ok else {
            let body = try await response.body.collect(upTo: 1 << 20)
            if response.status == .gone { throw Gone() }
            throw KubernetesError(Self.describe(response.status, body))
        }
        var latest = version
        var pending: [UInt8] = []
        for try await chunk in response.body {
            pending.append(contentsOf: chunk.readableBytesView)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                guard !line.isEmpty else { continue }
                guard let event = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any], let type = event["type"] as? String,
                    let object = event["object"] as? [String: Any]
                else {
                    throw KubernetesError("the API server sent a watch event that is not JSON")
                }
                if let objectVersion = (object["metadata"] as? [String: Any])?["resourceVersion"] as? String { latest = objectVersion }
                switch type {
                case "ADDED", "MODIFIED": await deliver(.data(Self.data(of: object)))
                case "DELETED": await deliver(.absent)
                case "BOOKMARK": break
                case "ERROR":
                    if object["code"] as? Int == 410 { throw Gone() }
                    throw KubernetesError("the watch failed: \(object["message"] as? String ?? "an ERROR event")")
                default: break
                }
            }
        }
        return latest
    }

    static func data(of configMap: [String: Any]) -> [String: String] {
        (configMap["data"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
    }

    static func describe(_ status: HTTPResponseStatus, _ body: ByteBuffer) -> String {
        let message = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])?["message"] as? String
        return "HTTP \(status.code)\(message.map { ": \($0)" } ?? "")"
    }
}
