public import SigV4
internal import Foundation

/// Credentials printed by a profile's `credential_process`, run as botocore runs it: the command line
/// is split into words like `shlex.split` (no shell: no pipes, globs or `$VAR`), the program is looked
/// up on `PATH`, and standard output must be the version 1 document
/// `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`. A non-zero
/// exit is a failure that carries the program's standard error.
public struct ProcessCredentialProvider: CredentialProvider {
    /// The `credential_process` command line.
    public var command: String
    /// The environment the program runs with (and whose `PATH` finds it).
    public var environment: [String: String]
    /// The profile the command came from, for messages.
    public var profile: String?

    /// Creates a provider that runs `command`.
    public init(command: String, environment: [String: String], profile: String? = nil) {
        self.command = command
        self.environment = environment
        self.profile = profile
    }

    /// Runs the command and reads its credentials.
    ///
    /// - Throws: ``CredentialError`` `processFailed` or `invalidProcessOutput`.
    public func credentials() async throws -> AWSCredentials {
        try await load()
    }

    func load() async throws(CredentialError) -> AWSCredentials {
        let origin = profile.map { " (profile '\($0)')" } ?? ""
        let arguments: [String]
        do {
            arguments = try ShellWords.split(command)
        } catch {
            throw .processFailed("credential_process '\(command)'\(origin) cannot be split into words: \(error.reason); fix its quoting")
        }
        guard let program = arguments.first else {
            throw .processFailed("credential_process\(origin) is empty; set it to a command or remove it")
        }
        guard let executable = Self.locate(program, path: environment["PATH"]) else {
            throw .processFailed(
                "credential_process '\(command)'\(origin): '\(program)' is not an executable file or on PATH; install it or give its full path"
            )
        }
        let result: ProcessRunner.Result
        do {
            result = try await ProcessRunner.run(executable: executable, arguments: Array(arguments.dropFirst()), environment: environment)
        } catch {
            throw .processFailed("credential_process '\(command)'\(origin) could not be started: \(error)")
        }
        guard result.status == 0 else {
            let stderr = String(decoding: result.standardError, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw .processFailed(
                "credential_process '\(command)'\(origin) exited with status \(result.status)"
                    + (stderr.isEmpty ? "" : ": \(stderr)")
            )
        }
        return try Self.parse(result.standardOutput, command: command)
    }

    /// Reads the version 1 document.
    static func parse(_ output: [UInt8], command: String) throws(CredentialError) -> AWSCredentials {
        guard let object = try? JSONSerialization.jsonObject(with: Data(output)), let document = object as? [String: Any] else {
            throw .invalidProcessOutput(command: command, "its standard output is not a JSON object")
        }
        // botocore compares with `== 1`, which Python's 1.0 and True also satisfy.
        guard let version = document["Version"] as? NSNumber, version.doubleValue == 1 else {
            let shown = document["Version"].map { "\($0)" } ?? "<Version key not provided>"
            throw .invalidProcessOutput(command: command, "unsupported Version '\(shown)', supported versions: 1")
        }
        guard let accessKeyID = document["AccessKeyId"] as? String else {
            throw .invalidProcessOutput(command: command, "AccessKeyId is missing")
        }
        guard let secret = document["SecretAccessKey"] as? String else {
            throw .invalidProcessOutput(command: command, "SecretAccessKey is missing")
        }
        var credentials = AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: document["SessionToken"] as? String)
        if let expiration = document["Expiration"] as? String {
            guard let date = ISO8601Timestamp.parse(expiration) else {
                throw .invalidProcessOutput(command: command, "Expiration '\(expiration)' is not an ISO 8601 time")
            }
            credentials.expiration = date
        }
        return credentials
    }

    /// The executable for `program`: a path when it has a `/`, otherwise the first match on `PATH`.
    static func locate(_ program: String, path: String?) -> String? {
        let fileManager = FileManager.default
        if program.contains("/") {
            return fileManager.isExecutableFile(atPath: program) ? program : nil
        }
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false)
        for directory in directories {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + program
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               fileManager.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }
}
