public import SigV4

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (or the older
/// `AWS_SECURITY_TOKEN`, which botocore reads first) and `AWS_CREDENTIAL_EXPIRATION`, as botocore's
/// `EnvProvider` reads them: the source applies when `AWS_ACCESS_KEY_ID` is non-empty, and then the
/// secret must be too.
public struct EnvironmentCredentialProvider: CredentialProvider {
    /// The environment variables to read.
    public var environment: [String: String]

    /// Creates a provider over `environment`.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The credentials in the environment.
    ///
    /// - Throws: ``CredentialError`` `noCredentials` when `AWS_ACCESS_KEY_ID` is unset or empty,
    ///   `partialCredentials` when the secret is missing, `invalidConfiguration` for an unreadable expiry.
    public func credentials() async throws -> AWSCredentials {
        guard let credentials = try load() else {
            throw CredentialError.noCredentials("no AWS credentials in the environment: AWS_ACCESS_KEY_ID is not set")
        }
        return credentials
    }

    /// The credentials, or `nil` when this source does not apply.
    func load() throws(CredentialError) -> AWSCredentials? {
        try StaticCredentials.environment(environment)
    }
}
