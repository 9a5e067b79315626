public import Foundation
public import SigV4

/// Credentials from STS `AssumeRoleWithWebIdentity` with a token read from a file — IRSA's projected
/// service-account token. The file is read on every call, since the kubelet rotates it.
///
/// In the chain, the settings come from `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and
/// `AWS_ROLE_SESSION_NAME`, each falling back to the profile's `web_identity_token_file`, `role_arn`
/// and `role_session_name` (botocore's `AssumeRoleWithWebIdentityProvider`; an explicitly named profile
/// ignores the variables).
public struct WebIdentityCredentialProvider: CredentialProvider {
    /// The path of the token file.
    public var tokenFile: String
    /// The role to assume.
    public var roleARN: String
    /// The session name; `nil` uses botocore's `botocore-session-<epoch seconds>`.
    public var sessionName: String?
    /// The STS client (the call is unsigned).
    public var sts: STSClient
    /// The clock for the default session name.
    public var clock: @Sendable () -> Date

    /// Creates a provider.
    public init(tokenFile: String, roleARN: String, sessionName: String? = nil, sts: STSClient, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.tokenFile = tokenFile
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.sts = sts
        self.clock = clock
    }

    /// Reads the token and exchanges it for credentials.
    ///
    /// - Throws: ``CredentialError`` `webIdentityTokenUnreadable` or `assumeRoleFailed`.
    public func credentials() async throws -> AWSCredentials {
        try await assume(profile: nil).credentials
    }

    func assume(profile: String?) async throws(CredentialError) -> AssumedRole {
        let token: String
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: tokenFile, isDirectory: &isDirectory) else {
            throw .webIdentityTokenUnreadable(path: tokenFile, "no such file")
        }
        guard !isDirectory.boolValue else { throw .webIdentityTokenUnreadable(path: tokenFile, "it is a directory") }
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw .webIdentityTokenUnreadable(path: tokenFile, "permission denied")
        }
        token = String(decoding: data, as: UTF8.self)
        do {
            return try await sts.assumeRoleWithWebIdentity(
                roleARN: roleARN, sessionName: sessionName ?? defaultRoleSessionName(clock()), webIdentityToken: token
            )
        } catch {
            throw .assumeRoleFailed(roleARN: roleARN, profile: profile, error)
        }
    }
}
