internal import Foundation
public import SigV4

/// Something that produces AWS credentials: the environment, a profile, a process, an endpoint, or a
/// chain of those.
public protocol CredentialProvider: Sendable {
    /// The credentials, fetched or read now.
    ///
    /// - Throws: ``CredentialError`` (the providers here throw nothing else).
    func credentials() async throws -> AWSCredentials
}

/// Credentials together with where they came from.
public struct ResolvedCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The credentials.
    public var credentials: AWSCredentials
    /// The source, named as botocore names its providers: `env`, `assume-role`,
    /// `assume-role-with-web-identity`, `shared-credentials-file`, `custom-process`, `config-file`,
    /// `container-role`, `iam-role`.
    public var method: String
    /// The profile the credentials came through, when a profile was involved.
    public var profile: String?

    /// Creates a value from its parts.
    public init(credentials: AWSCredentials, method: String, profile: String? = nil) {
        self.credentials = credentials
        self.method = method
        self.profile = profile
    }

    /// The credentials (secret redacted) and their source.
    public var description: String {
        "\(credentials) from \(method)" + (profile.map { " (profile '\($0)')" } ?? "")
    }
}

/// Reads an MFA code: given the prompt text (`Enter MFA code for <serial>: `), returns what the user
/// typed. Injected so tests and GUIs can answer.
public typealias MFACodePrompt = @Sendable (_ prompt: String) async throws -> String

/// Prompts that come with eksauth.
public enum MFAPrompts {
    /// Writes the prompt to standard error and reads one line from standard input, as botocore does
    /// (without echo suppression).
    public static let terminal: MFACodePrompt = { prompt in
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
            DispatchQueue.global().async {
                FileHandle.standardError.write(Data(prompt.utf8))
                if let line = readLine(strippingNewline: true) {
                    continuation.resume(returning: line)
                } else {
                    continuation.resume(throwing: StandardInputClosed())
                }
            }
        }
    }
}

/// The terminal prompt found standard input closed.
struct StandardInputClosed: Error, CustomStringConvertible {
    var description: String { "standard input is closed; run eksauth in a terminal or remove mfa_serial" }
}

/// botocore's default role session name: `botocore-session-<whole seconds since 1970>`.
func defaultRoleSessionName(_ date: Date) -> String {
    "botocore-session-\(Int(date.timeIntervalSince1970.rounded(.down)))"
}
