import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Reads and writes one ConfigMap (by default `kube-system/aws-auth`) as whole objects, with the
/// API server's optimistic concurrency: a replace carries the `metadata.resourceVersion` it was read
/// at, and the API server answers 409 Conflict when the object changed since.
public struct ConfigMapClient: Sendable {
    /// The API server.
    public let connection: KubernetesConnection
    /// The ConfigMap's namespace.
    public let namespace: String
    /// The ConfigMap's name.
    public let name: String

    /// Creates a client of `namespace/name`.
    public init(connection: KubernetesConnection, namespace: String = "kube-system", name: String = "aws-auth") {
        self.connection = connection
        self.namespace = namespace
        self.name = name
    }

    /// What a write did.
    public enum WriteResult: Sendable, Hashable {
        /// Written.
        case written
        /// The object changed since it was read (409 Conflict), or was created meanwhile (409 AlreadyExists).
        case conflict
    }

    /// The ConfigMap as the API server returned it (JSON), or `nil` when there is none.
    ///
    /// - Throws: ``KubernetesError`` when the API server cannot be reached or refuses.
    public func get() async throws -> [UInt8]? {
        let (status, body) = try await send(.GET, path: "/api/v1/namespaces/\(namespace)/configmaps/\(name)", body: nil)
        if status == .notFound { return nil }
        guard status == .ok else { throw KubernetesError("GET configmap \(namespace)/\(name) answered \(ListWatcher.describe(status, ByteBuffer(bytes: body)))") }
        return body
    }

    /// Replaces the ConfigMap with `object` (which carries the resourceVersion it was read at).
    public func replace(_ object: [UInt8]) async throws -> WriteResult {
        try await write(.PUT, path: "/api/v1/namespaces/\(namespace)/configmaps/\(name)", object)
    }

    /// Creates the ConfigMap.
    public func create(_ object: [UInt8]) async throws -> WriteResult {
        try await write(.POST, path: "/api/v1/namespaces/\(namespace)/configmaps", object)
    }

    private func write(_ method: HTTPMethod, path: String, _ object: [UInt8]) async throws -> WriteResult {
        let (status, body) = try await send(method, path: path, body: object)
        if status == .conflict { return .conflict }
        guard status == .ok || status == .created else {
            throw KubernetesError("\(method.rawValue) configmap \(namespace)/\(name) answered \(ListWatcher.describe(status, ByteBuffer(bytes: body)))")
        }
        return .written
    }

    private func send(_ method: HTTPMethod, path: String, body: [UInt8]?) async throws -> (HTTPResponseStatus, [UInt8]) {
        var configuration = HTTPClient.Configuration(tlsConfiguration: try connection.tlsConfiguration(), redirectConfiguration: .disallow)
        configuration.timeout.connect = .seconds(10)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            var request = HTTPClientRequest(url: connection.server + path)
            request.method = method
            request.headers.add(name: "Accept", value: "application/json")
            if let token = connection.currentToken() { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            let response = try await client.execute(request, timeout: .seconds(30))
            let collected = try await response.body.collect(upTo: 8 << 20)
            try? await client.shutdown()
            return (response.status, Array(collected.readableBytesView))
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
