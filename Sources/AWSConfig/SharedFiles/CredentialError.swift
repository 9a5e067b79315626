/// Why credentials could not be found or obtained.
///
/// Every message says where eksauth looked or what failed and what to do next. No message ever holds a
/// secret access key, a session token or a bearer token. Equality compares the code only, so tests and
/// callers can match on the kind of failure.
public struct CredentialError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kinds of failure.
    public enum Code: String, Sendable, Hashable {
        /// No source in the chain had credentials.
        case noCredentials
        /// A named profile is in neither shared file.
        case unknownProfile
        /// The credentials found had already expired.
        case expired
        /// An access key id without its secret (or a role without a source).
        case partialCredentials
        /// A `credential_process` could not be run or exited with a failure.
        case processFailed
        /// A `credential_process` printed something other than the version 1 JSON document.
        case invalidProcessOutput
        /// `source_profile` references loop back on themselves.
        case sourceProfileCycle
        /// STS refused `AssumeRole` or `AssumeRoleWithWebIdentity`, or could not be reached.
        case assumeRoleFailed
        /// The web identity token file could not be read.
        case webIdentityTokenUnreadable
        /// The container credentials endpoint failed or answered something unusable.
        case containerCredentialsFailed
        /// The EC2 instance metadata service answered something unusable.
        case metadataFailed
        /// A profile's settings contradict each other or reference something that does not exist.
        case invalidConfiguration
        /// A shared config or credentials file is not valid INI as botocore reads it.
        case malformedConfigFile
        /// The MFA code could not be read.
        case mfaPromptFailed
        /// The profile uses a source eksauth does not implement (IAM Identity Center, `aws login`).
        case unsupportedCredentialSource
    }

    /// The kind of failure.
    public let code: Code
    /// A message that says what was wrong and what to do.
    public let message: String
    /// The STS error behind an `assumeRoleFailed`, when STS answered or the call failed in transport.
    public let stsError: STSError?

    /// Creates an error; prefer the static factories.
    package init(code: Code, message: String, stsError: STSError? = nil) {
        self.code = code
        self.message = message
        self.stsError = stsError
    }

    /// The message.
    public var description: String { message }

    /// Errors are equal when their codes are.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    package static func noCredentials(lookedIn places: [String]) -> Self {
        .init(
            code: .noCredentials,
            message: "no AWS credentials found: looked in \(places.joined(separator: ", ")). "
                + "Set AWS_PROFILE or run 'aws configure'."
        )
    }

    package static func noCredentials(_ message: String) -> Self {
        .init(code: .noCredentials, message: message)
    }

    package static func unknownProfile(_ name: String, configFile: String, credentialsFile: String) -> Self {
        .init(
            code: .unknownProfile,
            message: "profile '\(name)' is not in \(configFile) or \(credentialsFile); "
                + "add a [profile \(name)] section or choose another profile"
        )
    }

    package static func expired(source: String, at expiration: String) -> Self {
        .init(
            code: .expired,
            message: "the credentials from \(source) expired at \(expiration); refresh them and try again"
        )
    }

    package static func partialCredentials(_ message: String) -> Self {
        .init(code: .partialCredentials, message: message)
    }

    package static func processFailed(_ message: String) -> Self {
        .init(code: .processFailed, message: message)
    }

    package static func invalidProcessOutput(command: String, _ reason: String) -> Self {
        .init(
            code: .invalidProcessOutput,
            message: "credential_process '\(command)' printed an unusable document: \(reason). It must print "
                + #"{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …, "Expiration": …}"#
        )
    }

    package static func sourceProfileCycle(_ visited: [String], next: String) -> Self {
        .init(
            code: .sourceProfileCycle,
            message: "source_profile references form a loop: \((visited + [next]).joined(separator: " -> ")); "
                + "point the last profile at one with static keys or a credential_source"
        )
    }

    package static func assumeRoleFailed(roleARN: String, profile: String?, _ error: STSError) -> Self {
        let origin = profile.map { " for profile '\($0)'" } ?? ""
        return .init(
            code: .assumeRoleFailed,
            message: "could not assume role \(roleARN)\(origin): \(error.message)",
            stsError: error
        )
    }

    package static func webIdentityTokenUnreadable(path: String, _ reason: String) -> Self {
        .init(
            code: .webIdentityTokenUnreadable,
            message: "cannot read the web identity token file '\(path)': \(reason); check AWS_WEB_IDENTITY_TOKEN_FILE "
                + "or web_identity_token_file and that the projected token volume is mounted"
        )
    }

    package static func containerCredentialsFailed(_ message: String) -> Self {
        .init(code: .containerCredentialsFailed, message: message)
    }

    package static func metadataFailed(_ message: String) -> Self {
        .init(code: .metadataFailed, message: message)
    }

    package static func invalidConfiguration(_ message: String) -> Self {
        .init(code: .invalidConfiguration, message: message)
    }

    package static func malformedConfigFile(path: String, _ reason: String) -> Self {
        .init(code: .malformedConfigFile, message: "\(path) cannot be parsed: \(reason)")
    }

    package static func unsupportedCredentialSource(profile: String, kind: String, settings: String) -> Self {
        .init(
            code: .unsupportedCredentialSource,
            message: "profile '\(profile)' uses \(kind) (\(settings)), which eksauth cannot sign in to; sign in with the AWS CLI "
                + "and use a profile with credential_process = aws configure export-credentials --profile \(profile) --format process"
        )
    }

    package static func mfaPromptFailed(serial: String, _ reason: String) -> Self {
        .init(code: .mfaPromptFailed, message: "could not read the MFA code for \(serial): \(reason)")
    }
}
