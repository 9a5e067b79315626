public import Foundation
import NIOSSL
import Yams

/// How to reach a Kubernetes API server: its URL, the CA that signs its certificate, and the
/// credentials to present — read from a kubeconfig file (its current context, or a named one) or
/// from the service account of the pod the server runs in.
public struct KubernetesConnection: Sendable {
    /// `https://host:port`, without a trailing slash.
    public var server: String
    /// PEM of the CA to trust; `nil`: the system's roots.
    public var certificateAuthorityPEM: [UInt8]?
    /// Skip verifying the server's certificate (kubeconfig's `insecure-skip-tls-verify`).
    public var insecureSkipTLSVerify: Bool
    /// A bearer token, or `nil`.
    public var bearerToken: String?
    /// A file holding the bearer token, re-read for each request (projected tokens rotate).
    public var bearerTokenFile: String?
    /// PEM of a client certificate and its key, for certificate authentication.
    public var clientCertificatePEM: [UInt8]?
    public var clientKeyPEM: [UInt8]?

    /// Creates a connection.
    public init(
        server: String, certificateAuthorityPEM: [UInt8]? = nil, insecureSkipTLSVerify: Bool = false, bearerToken: String? = nil,
        bearerTokenFile: String? = nil, clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil
    ) {
        var server = server
        while server.hasSuffix("/") { server.removeLast() }
        self.server = server
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.bearerToken = bearerToken
        self.bearerTokenFile = bearerTokenFile
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
    }

    /// The bearer token to send now, if any.
    func currentToken() -> String? {
        if let bearerTokenFile, let data = FileManager.default.contents(atPath: bearerTokenFile) {
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return bearerToken
    }

    /// The service account of the pod this process runs in (`KUBERNETES_SERVICE_HOST`/`PORT` and
    /// the files under `/var/run/secrets/kubernetes.io/serviceaccount`).
    public static func inCluster(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: String = "/var/run/secrets/kubernetes.io/serviceaccount"
    ) throws(KubernetesError) -> KubernetesConnection {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], let port = environment["KUBERNETES_SERVICE_PORT"] else {
            throw KubernetesError("not running in a Kubernetes pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set; use a kubeconfig instead")
        }
        guard FileManager.default.fileExists(atPath: directory + "/token") else {
            throw KubernetesError("no service account token at \(directory)/token: mount the pod's service account token")
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return KubernetesConnection(
            server: "https://\(hostPart):\(port)", certificateAuthorityPEM: FileManager.default.contents(atPath: directory + "/ca.crt").map(Array.init),
            bearerTokenFile: directory + "/token")
    }

    /// The connection of `context` (default: the current context) in the kubeconfig at `path`.
    /// Paths in the file are relative to its directory, as kubectl reads them.
    ///
    /// - Throws: ``KubernetesError`` naming what is missing; exec and auth-provider credentials are
    ///   not supported (use a token or a client certificate).
    public static func kubeconfig(path: String, context: String? = nil) throws(KubernetesError) -> KubernetesConnection {
        guard let data = FileManager.default.contents(atPath: path) else { throw KubernetesError("cannot read the kubeconfig \(path)") }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: String(decoding: data, as: UTF8.self)) else { throw KubernetesError("\(path) is empty") }
            root = node
        } catch let error as KubernetesError {
            throw error
        } catch {
            throw KubernetesError("\(path) is not valid YAML: \(error)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        func named(_ list: String, _ name: String) -> Node? {
            root[list]?.sequence?.first { $0["name"]?.string == name }?[String(list.dropLast())]
        }
        guard let contextName = context ?? root["current-context"]?.string, !contextName.isEmpty else {
            throw KubernetesError("\(path) has no current-context: name a context")
        }
        guard let contextNode = named("contexts", contextName) else { throw KubernetesError("\(path) has no context \(contextName)") }
        guard let clusterName = contextNode["cluster"]?.string, let cluster = named("clusters", clusterName) else {
            throw KubernetesError("context \(contextName) in \(path) names no cluster that the file defines")
        }
        guard let server = cluster["server"]?.string else { throw KubernetesError("cluster \(clusterName) in \(path) has no server") }
        func bytes(_ node: Node?, dataKey: String, fileKey: String) throws(KubernetesError) -> [UInt8]? {
            if let encoded = node?[dataKey]?.string {
                guard let decoded = Data(base64Encoded: encoded) else { throw KubernetesError("\(dataKey) in \(path) is not base64") }
                return Array(decoded)
            }
            if let file = node?[fileKey]?.string {
                let resolved = file.hasPrefix("/") ? file : directory + "/" + file
                guard let contents = FileManager.default.contents(atPath: resolved) else { throw KubernetesError("cannot read \(resolved), named by \(fileKey) in \(path)") }
                return Array(contents)
            }
            return nil
        }
        let userNode = contextNode["user"]?.string.flatMap { named("users", $0) }
        if userNode?["exec"] != nil || userNode?["auth-provider"] != nil {
            throw KubernetesError(
                "the user of context \(contextName) authenticates with an exec or auth-provider plugin, which eksauth does not run; "
                    + "give it a token (a service account's) or a client certificate")
        }
        let tokenFile = userNode?["tokenFile"]?.string.map { $0.hasPrefix("/") ? $0 : directory + "/" + $0 }
        return KubernetesConnection(
            server: server, certificateAuthorityPEM: try bytes(cluster, dataKey: "certificate-authority-data", fileKey: "certificate-authority"),
            insecureSkipTLSVerify: cluster["insecure-skip-tls-verify"]?.bool ?? false, bearerToken: userNode?["token"]?.string, bearerTokenFile: tokenFile,
            clientCertificatePEM: try bytes(userNode, dataKey: "client-certificate-data", fileKey: "client-certificate"),
            clientKeyPEM: try bytes(userNode, dataKey: "client-key-data", fileKey: "client-key"))
    }

    /// The TLS settings for this server.
    func tlsConfiguration() throws(KubernetesError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        do {
            if let certificateAuthorityPEM {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(certificateAuthorityPEM))
            }
            if let clientCertificatePEM, let clientKeyPEM {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMBytes(clientCertificatePEM).map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: clientKeyPEM, format: .pem))
            }
        } catch {
            throw KubernetesError("the Kubernetes API server's CA or the client certificate cannot be read: \(error)")
        }
        if insecureSkipTLSVerify { configuration.certificateVerification = .none }
        return configuration
    }
}

/// A Kubernetes connection could not be set up or used.
public struct KubernetesError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
