/// Names of settings and variables shared by several credential sources.
package enum CredentialKeys {
    package static let accessKeyID = "aws_access_key_id"
    package static let secretAccessKey = "aws_secret_access_key"
    /// botocore reads `aws_security_token` first, then `aws_session_token`.
    package static let sessionTokens = ["aws_security_token", "aws_session_token"]
    package static let roleARN = "role_arn"
    package static let webIdentityTokenFile = "web_identity_token_file"
}

extension CredentialKeys {
    /// Whether a profile assumes a role with AssumeRole: `role_arn` without `web_identity_token_file`.
    package static func assumesRole(_ profile: [String: String]) -> Bool {
        profile[roleARN] != nil && profile[webIdentityTokenFile] == nil
    }
}
