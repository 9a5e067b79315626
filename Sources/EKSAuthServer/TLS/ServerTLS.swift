/// Where the server's TLS certificate and key are, and the port of its plain-HTTP health server.
public struct ServerTLS: Sendable, Hashable {
    /// The certificate chain, PEM.
    public var certificateFile: String
    /// The private key, PEM.
    public var keyFile: String
    /// The plain-HTTP health port (aws-iam-authenticator uses 21363).
    public var healthPort: Int

    /// Creates the settings.
    public init(certificateFile: String, keyFile: String, healthPort: Int) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.healthPort = healthPort
    }
}
