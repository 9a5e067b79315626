import Foundation
import Testing

/// What a finished process left behind.
struct ProcessResult: Sendable {
    var status: Int32
    var stdout: Data
    var stderr: String
    var output: String { String(decoding: stdout, as: UTF8.self) }
}

/// Paths, processes and fixtures the end-to-end tests share.
enum Harness {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let support = packageRoot.appendingPathComponent("Tests/EndToEndTests/Support")
    static let exampleAccessKey = "AKIDEXAMPLE"
    static let exampleSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    /// The `eksauth` executable built beside the test bundle (or named by `EKSAUTH_BINARY`).
    static let eksauth: String = {
        if let explicit = ProcessInfo.processInfo.environment["EKSAUTH_BINARY"] { return explicit }
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("eksauth").path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        return packageRoot.appendingPathComponent(".build/debug/eksauth").path
    }()

    /// A new empty directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eksauth-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A clean environment: no AWS settings of the machine leak in; HOME is a fresh directory.
    static func environment(home: URL, _ extra: [String: String] = [:]) -> [String: String] {
        var environment: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": home.path,
            "LANG": "C.UTF-8",
            "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ACCESS_KEY_ID": exampleAccessKey,
            "AWS_SECRET_ACCESS_KEY": exampleSecretKey,
        ]
        for (key, value) in ProcessInfo.processInfo.environment where key.hasPrefix("PYENV") || key == "PYTHONPATH" {
            environment[key] = value
        }
        environment.merge(extra) { $1 }
        return environment.filter { !$0.value.isEmpty }
    }

    /// Runs a program to completion; output goes through files so large outputs never block.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String], stdin: String? = nil) throws -> ProcessResult {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("stdout")
        let err = directory.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let stdin {
            let input = directory.appendingPathComponent("stdin")
            FileManager.default.createFile(atPath: input.path, contents: Data(stdin.utf8))
            process.standardInput = try FileHandle(forReadingFrom: input)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: (try? Data(contentsOf: out)) ?? Data(),
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        )
    }

    /// `eksauth ARGS`.
    static func eksauth(_ arguments: [String], environment: [String: String], stdin: String? = nil) throws -> ProcessResult {
        try run(eksauth, arguments, environment: environment, stdin: stdin)
    }

    /// The real AWS CLI with its clock frozen at `frozenTime` (`2024-01-02T03:04:05Z`), or running normally.
    static func aws(_ arguments: [String], environment: [String: String], frozenTime: String? = nil) throws -> ProcessResult {
        var environment = environment
        if let frozenTime {
            environment["FROZEN_TIME"] = frozenTime
            return try run("python3", [support.appendingPathComponent("frozen_aws.py").path] + arguments, environment: environment)
        }
        return try run("python3", ["-m", "awscli"] + arguments, environment: environment)
    }

    /// A TCP port nobody listens on now.
    static func freePort() throws -> Int {
        let result = try run("python3", ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"], environment: ProcessInfo.processInfo.environment)
        return Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines))!
    }

    /// Waits until `url` answers at all.
    static func waitForHTTP(_ url: String, seconds: Int = 30) throws -> Bool {
        try run("python3", [support.appendingPathComponent("wait_http.py").path, url, String(seconds)], environment: ProcessInfo.processInfo.environment).status == 0
    }

    /// Whether botocore accepts `token`'s signature for `clusterID` and the secret.
    static func botocoreAcceptsToken(_ token: String, clusterID: String, secret: String, sessionToken: String? = nil) throws -> Bool {
        var arguments = [support.appendingPathComponent("botocore_presign_check.py").path, token, clusterID, secret]
        if let sessionToken { arguments.append(sessionToken) }
        return try run("python3", arguments, environment: ProcessInfo.processInfo.environment).status == 0
    }
}

/// A background program the tests talk to (moto, the fake API server), killed when the test ends.
final class BackgroundProcess: @unchecked Sendable {
    let process = Process()
    let port: Int

    init(_ arguments: [String], port: Int, readyURL: String, stderr: URL? = nil, environment: [String: String]? = nil) throws {
        self.port = port
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        if let stderr {
            FileManager.default.createFile(atPath: stderr.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: stderr)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        guard try Harness.waitForHTTP(readyURL) else {
            stop()
            throw HarnessError("\(arguments.joined(separator: " ")) did not start listening on \(readyURL)")
        }
    }

    func stop() {
        // SIGKILL, not SIGTERM: a child spawned from a test worker thread can inherit a mask that blocks SIGTERM.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

/// moto's server (STS, IAM, EKS) with seedable session tokens, on a free port.
final class MotoServer: @unchecked Sendable {
    let background: BackgroundProcess
    var endpoint: String { "http://127.0.0.1:\(background.port)" }

    init() throws {
        let port = try Harness.freePort()
        background = try BackgroundProcess(
            ["python3", Harness.support.appendingPathComponent("moto_server.py").path, String(port)],
            port: port, readyURL: "http://127.0.0.1:\(port)/moto-api/"
        )
    }

    /// Creates users alice (may do anything) and bob (may not assume roles) and the role `dev`; returns their keys.
    func createFixtures() throws -> [String: (accessKeyID: String, secret: String)] {
        let result = try Harness.run("python3", [Harness.support.appendingPathComponent("moto_setup.py").path, String(background.port)], environment: ProcessInfo.processInfo.environment)
        guard result.status == 0, let json = try JSONSerialization.jsonObject(with: result.stdout) as? [String: [String: String]] else {
            throw HarnessError("moto_setup.py failed: \(result.stderr)")
        }
        return json.mapValues { ($0["accessKeyId"]!, $0["secretAccessKey"]!) }
    }

    /// Makes moto's random choices repeat from `seed`.
    func seed(_ seed: Int) throws {
        let result = try Harness.run("python3", ["-c", "import urllib.request,sys; urllib.request.urlopen(urllib.request.Request(sys.argv[1], method='POST'))", "\(endpoint)/moto-api/seed?a=\(seed)"], environment: ProcessInfo.processInfo.environment)
        guard result.status == 0 else { throw HarnessError("seeding moto failed: \(result.stderr)") }
    }

    /// Switches signature checking and IAM policy enforcement on.
    func enableAuthentication() throws {
        let result = try Harness.run("python3", ["-c", "import urllib.request,sys; urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b'0', method='POST', headers={'Content-Type': 'text/plain'}))", "\(endpoint)/moto-api/reset-auth"], environment: ProcessInfo.processInfo.environment)
        guard result.status == 0 else { throw HarnessError("enabling moto auth failed: \(result.stderr)") }
    }

    func stop() { background.stop() }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Decodes an EKS token's URL and query parameters.
func decodeToken(_ token: String) -> (url: String, query: [String: String])? {
    guard token.hasPrefix("k8s-aws-v1.") else { return nil }
    var body = String(token.dropFirst("k8s-aws-v1.".count)).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while body.count % 4 != 0 { body += "=" }
    guard let data = Data(base64Encoded: body), let url = String(data: data, encoding: .utf8), let components = URLComponents(string: url) else { return nil }
    var query: [String: String] = [:]
    for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
    return (url, query)
}
