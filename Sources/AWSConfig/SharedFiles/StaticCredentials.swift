public import SigV4

/// Credentials written down as text — in environment variables or in a profile of a shared file — read
/// exactly as botocore reads them.
public enum StaticCredentials {
    /// The credentials in `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SECURITY_TOKEN` or
    /// `AWS_SESSION_TOKEN` (the first non-empty one) and `AWS_CREDENTIAL_EXPIRATION`; `nil` when
    /// `AWS_ACCESS_KEY_ID` is unset or empty (botocore's `EnvProvider` then does not apply).
    ///
    /// - Throws: ``CredentialError`` `partialCredentials` when the secret is missing,
    ///   `invalidConfiguration` for an unreadable expiry.
    public static func environment(_ environment: [String: String]) throws(CredentialError) -> AWSCredentials? {
        guard let accessKeyID = environment["AWS_ACCESS_KEY_ID"], !accessKeyID.isEmpty else { return nil }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw .partialCredentials(
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both, or unset AWS_ACCESS_KEY_ID to use a profile"
            )
        }
        let token = ["AWS_SECURITY_TOKEN", "AWS_SESSION_TOKEN"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        var credentials = AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: token)
        if let expiry = environment["AWS_CREDENTIAL_EXPIRATION"], !expiry.isEmpty {
            guard let date = ISO8601Timestamp.parse(expiry) else {
                throw .invalidConfiguration(
                    "AWS_CREDENTIAL_EXPIRATION '\(expiry)' is not an ISO 8601 time such as 2024-01-02T03:04:05Z; fix or unset it"
                )
            }
            credentials.expiration = date
        }
        return credentials
    }

    /// A profile's `aws_access_key_id` with `aws_secret_access_key` (and `aws_security_token` or
    /// `aws_session_token`); `nil` when the section has no key id.
    ///
    /// - Throws: ``CredentialError`` `partialCredentials` when the key id has no secret.
    public static func profile(_ values: [String: String]?, named profile: String, file: String) throws(CredentialError) -> AWSCredentials? {
        guard let values, let accessKeyID = values[CredentialKeys.accessKeyID] else { return nil }
        guard let secret = values[CredentialKeys.secretAccessKey] else {
            throw .partialCredentials(
                "profile '\(profile)' in \(file) has aws_access_key_id but no aws_secret_access_key; add the secret or remove the key id"
            )
        }
        let token = CredentialKeys.sessionTokens.lazy.compactMap { values[$0] }.first
        return AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: token?.isEmpty == false ? token : nil)
    }
}
