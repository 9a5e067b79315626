import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One-shot reads from a Kubernetes API server (for the analysis commands' live-cluster mode).
public struct KubernetesReader: Sendable {
    /// The API server.
    public let connection: KubernetesConnection

    /// Creates a reader.
    public init(connection: KubernetesConnection) {
        self.connection = connection
    }

    /// The RBAC objects of the cluster as JSON `List`s: Roles, ClusterRoles, RoleBindings and
    /// ClusterRoleBindings of every namespace.
    ///
    /// - Throws: ``KubernetesError`` when the API server cannot be reached or refuses a list.
    public func rbacLists() async throws -> [String] {
        try await get(["roles", "clusterroles", "rolebindings", "clusterrolebindings"].map { "/apis/rbac.authorization.k8s.io/v1/\($0)" })
    }

    /// The body of GET `path`, or `nil` when the API server answers 404 Not Found.
    public func getIfPresent(_ path: String) async throws -> String? {
        try await fetch([path], missingIsNil: true).first ?? nil
    }

    /// The bodies of GET `paths`, in order.
    public func get(_ paths: [String]) async throws -> [String] {
        try await fetch(paths, missingIsNil: false).map { $0 ?? "" }
    }

    private func fetch(_ paths: [String], missingIsNil: Bool) async throws -> [String?] {
        var configuration = HTTPClient.Configuration(tlsConfiguration: try connection.tlsConfiguration(), redirectConfiguration: .disallow)
        configuration.timeout.connect = .seconds(10)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            var bodies: [String?] = []
            for path in paths {
                var request = HTTPClientRequest(url: connection.server + path)
                request.headers.add(name: "Accept", value: "application/json")
                if let token = connection.currentToken() { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
                let response = try await client.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 256 << 20)
                if missingIsNil, response.status == .notFound {
                    bodies.append(nil)
                    continue
                }
                guard response.status == .ok else {
                    throw KubernetesError("GET \(path) answered \(ListWatcher.describe(response.status, body))")
                }
                bodies.append(String(decoding: body.readableBytesView, as: UTF8.self))
            }
            try? await client.shutdown()
            return bodies
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
