import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1

/// What a ``ListWatcher`` saw: objects as JSON dictionaries.
public enum ListWatchEvent: @unchecked Sendable {
    /// A complete list (the first, and again after 410 Gone): the objects that exist now.
    case listed([[String: Any]])
    /// An object was added or changed.
    case upserted([String: Any])
    /// An object was deleted.
    case deleted([String: Any])
    /// The API server could not be reached or answered an error; the watcher retries.
    case failed(String)
}

/// Follows a collection of the Kubernetes API as an informer does — list (learning the collection's
/// `resourceVersion`), then watch from that version, re-watching from the last version seen when a
/// watch ends and listing again on 410 Gone — and reads single objects with GET. Failures are
/// reported and retried with a growing pause (up to 30 s). ``ConfigMapWatcher`` follows one
/// ConfigMap with it.
public struct ListWatcher: Sendable {
    /// The API server.
    public let connection: KubernetesConnection
    /// The collection, such as `/api/v1/serviceaccounts`.
    public let collectionPath: String
    /// What the collection holds, for messages (`ServiceAccounts`).
    public let noun: String
    /// How long one watch request may stay open, in seconds (the server ends it sooner).
    public var watchSeconds = 300
    let logger: Logger

    /// Creates a watcher of `collectionPath`.
    public init(connection: KubernetesConnection, collectionPath: String, noun: String, logger: Logger) {
        self.connection = connection
        self.collectionPath = collectionPath
        self.noun = noun
        self.logger = logger
    }

    private struct Gone: Error {}

    func makeClient() throws -> HTTPClient {
        var configuration = HTTPClient.Configuration(tlsConfiguration: try connection.tlsConfiguration(), redirectConfiguration: .disallow)
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Lists and watches until the task is cancelled, passing every event to `deliver`.
    public func run(deliver: @escaping @Sendable (ListWatchEvent) async -> Void) async {
        let client: HTTPClient
        do { client = try makeClient() } catch {
            await deliver(.failed("\(error)"))
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
                logger.warning("\(noun) watch failed", metadata: ["error": "\(error)", "retryInSeconds": "\(pause)"])
                await deliver(.failed("the \(noun) at \(connection.server) could not be read: \(error)"))
                try? await Task.sleep(for: .seconds(pause))
                pause = min(pause * 2, 30)
            }
        }
        try? await client.shutdown()
    }

    /// The collection's objects now (one list request).
    ///
    /// - Throws: ``KubernetesError`` when the API server cannot be reached or refuses.
    public func list() async throws -> [[String: Any]] {
        let client = try makeClient()
        do {
            let (_, items) = try await listItems(client)
            try? await client.shutdown()
            return items
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// GET one object at `path`: the object, or `nil` when the API server answers 404.
    ///
    /// - Throws: ``KubernetesError`` when the API server cannot be reached or answers another error.
    public func get(_ path: String) async throws -> [String: Any]? {
        let client = try makeClient()
        do {
            let response = try await client.execute(request(path), timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 8 << 20)
            try? await client.shutdown()
            if response.status == .notFound { return nil }
            guard response.status == .ok else {
                throw KubernetesError("GET \(path) answered \(Self.describe(response.status, body))")
            }
            guard let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
                throw KubernetesError("GET \(path) answered something that is not a JSON object")
            }
            return object
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func request(_ pathAndQuery: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: connection.server + pathAndQuery)
        request.headers.add(name: "Accept", value: "application/json")
        if let token = connection.currentToken() { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        return request
    }

    private func list(_ client: HTTPClient, deliver: @Sendable (ListWatchEvent) async -> Void) async throws -> String {
        let (version, items) = try await listItems(client)
        await deliver(.listed(items))
        return version
    }

    /// One list request: the collection's resourceVersion and its items.
    private func listItems(_ client: HTTPClient) async throws -> (String, [[String: Any]]) {
        let response = try await client.execute(request(collectionPath), timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 256 << 20)
        guard response.status == .ok else { throw KubernetesError(Self.describe(response.status, body)) }
        guard let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let metadata = object["metadata"] as? [String: Any], let version = metadata["resourceVersion"] as? String
        else {
            throw KubernetesError("the API server's \(noun) list has no metadata.resourceVersion")
        }
        return (version, object["items"] as? [[String: Any]] ?? [])
    }

    private func watch(_ client: HTTPClient, from version: String, deliver: @Sendable (ListWatchEvent) async -> Void) async throws -> String {
        let separator = collectionPath.contains("?") ? "&" : "?"
        let path = collectionPath + separator + "watch=true&allowWatchBookmarks=true&timeoutSeconds=\(watchSeconds)&resourceVersion=\(version)"
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
                case "ADDED", "MODIFIED": await deliver(.upserted(object))
                case "DELETED": await deliver(.deleted(object))
                case "ERROR":
                    if object["code"] as? Int == 410 { throw Gone() }
                    throw KubernetesError("the watch failed: \(object["message"] as? String ?? "an ERROR event")")
                default: break
                }
            }
        }
        return latest
    }

    /// `HTTP <code>: <the Status object's message>`.
    static func describe(_ status: HTTPResponseStatus, _ body: ByteBuffer) -> String {
        let message = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])?["message"] as? String
        return "HTTP \(status.code)\(message.map { ": \($0)" } ?? "")"
    }
}
