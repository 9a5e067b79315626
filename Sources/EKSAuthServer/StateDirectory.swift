public import Foundation
public import LocalAWS

/// The server's state directory: the SQLite database (when no other database is configured), the
/// account root's credentials, and a ready AWS CLI profile that points at the server.
public struct StateDirectory: Sendable {
    /// The directory.
    public let url: URL

    /// Uses (and creates, mode 0700) the directory at `path`.
    public init(path: String) throws(StateDirectoryError) {
        url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StateDirectoryError("cannot create the state directory \(path): \(error.localizedDescription)")
        }
    }

    /// `eksauth.sqlite`: the embedded database.
    public var databaseFile: URL { url.appendingPathComponent("eksauth.sqlite") }
    /// `identity.json`: the identity store as eksauth 0.1 saved it, imported into the database once.
    public var legacyIdentityFile: URL { url.appendingPathComponent("identity.json") }
    /// `credentials`: an AWS shared credentials file with the account root's key as profile `eksauth`.
    public var credentialsFile: URL { url.appendingPathComponent("credentials") }
    /// `aws-config`: an AWS config file whose profile `eksauth` sends STS and IAM calls to the server.
    public var configFile: URL { url.appendingPathComponent("aws-config") }

    /// The identity store saved by eksauth 0.1 in `identity.json`, if there is one to import.
    public func legacyIdentityState() throws(StateDirectoryError) -> IdentityState? {
        guard let data = FileManager.default.contents(atPath: legacyIdentityFile.path) else { return nil }
        do {
            return try JSONDecoder().decode(IdentityState.self, from: data)
        } catch {
            throw StateDirectoryError(
                "\(legacyIdentityFile.path) is not a saved identity store (\(error)); move it away to start afresh")
        }
    }

    /// Renames `identity.json` once its content is in the database, so it is not imported twice.
    public func retireLegacyIdentityFile() throws(StateDirectoryError) {
        let retired = url.appendingPathComponent("identity.json.imported")
        if rename(legacyIdentityFile.path, retired.path) != 0 {
            throw StateDirectoryError("cannot rename \(legacyIdentityFile.path): \(String(cString: strerror(errno)))")
        }
    }

    /// `server.yaml`: the configuration `eksauth init` writes, read by `eksauth server` when no `--config` is given.
    public var serverConfigFile: URL { url.appendingPathComponent("server.yaml") }
    /// `tls/cert.pem` and `tls/key.pem`: the server's certificate and key from `eksauth init`.
    public var certificateFile: URL { url.appendingPathComponent("tls/cert.pem") }
    public var keyFile: URL { url.appendingPathComponent("tls/key.pem") }
    /// `webhook-kubeconfig.yaml`: for kube-apiserver's `--authentication-token-webhook-config-file`.
    public var webhookKubeconfigFile: URL { url.appendingPathComponent("webhook-kubeconfig.yaml") }
    /// The kubeconfig for kube-apiserver's `--authorization-webhook-config-file`.
    public var authorizationWebhookKubeconfigFile: URL { url.appendingPathComponent("authorization-webhook-kubeconfig.yaml") }
    /// The pod webhook's MutatingWebhookConfiguration (`kubectl apply -f`).
    public var mutatingWebhookConfigurationFile: URL { url.appendingPathComponent("mutating-webhook-configuration.yaml") }

    /// Writes the root credentials and the AWS CLI profile for an endpoint such as `http://127.0.0.1:8080`,
    /// trusting `caBundle` for an `https` endpoint.
    public func writeProfile(rootKey: AccessKey, endpoint: String, region: String, caBundle: String? = nil) throws(StateDirectoryError) {
        let credentials = "[eksauth]\naws_access_key_id = \(rootKey.id)\naws_secret_access_key = \(rootKey.secret)\n"
        let config = "[profile eksauth]\nregion = \(region)\nendpoint_url = \(endpoint)\n" + (caBundle.map { "ca_bundle = \($0)\n" } ?? "")
        try writePrivate(Data(credentials.utf8), to: credentialsFile)
        try writePrivate(Data(config.utf8), to: configFile)
    }

    /// Writes `text` to `file` (under the directory) atomically with `mode`, creating parent directories.
    public func write(_ text: String, to file: URL, mode: Int = 0o600) throws(StateDirectoryError) {
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StateDirectoryError("cannot create \(file.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
        try writePrivate(Data(text.utf8), to: file)
        if mode != 0o600 { chmod(file.path, mode_t(mode)) }
    }

    private func writePrivate(_ data: Data, to file: URL) throws(StateDirectoryError) {
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw StateDirectoryError("cannot write in the state directory \(url.path): check its permissions")
        }
        if rename(temporary.path, file.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw StateDirectoryError("cannot replace \(file.path): \(reason)")
        }
    }
}

/// The state directory could not be used.
public struct StateDirectoryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong and what to do.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
