@testable import AWSCore
import AsyncHTTPClient
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

/// Temporary directories, files and helper programs for the credential and STS tests. The Python
/// helpers are kept here as text and written to a temporary directory when used, so the test target
/// has no unhandled files.
enum CredentialTestSupport {
    /// A fresh directory under the system's temporary directory.
    static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eksauth-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `url`, optionally as an executable script. The file is opened close-on-exec, so a
    /// program another test starts meanwhile cannot keep it open for writing (which makes running the
    /// script fail with "Text file busy").
    @discardableResult
    static func write(_ text: String, to url: URL, executable: Bool = false) throws -> URL {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, executable ? 0o755 : 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { buffer in
                #if canImport(Glibc)
                Glibc.write(fd, buffer.baseAddress, buffer.count)
                #else
                Darwin.write(fd, buffer.baseAddress, buffer.count)
                #endif
            }
            guard count > 0 else { throw CocoaError(.fileWriteUnknown) }
            written += count
        }
        return url
    }

    /// An environment for a chain that reads its files from `directory` and never touches real IMDS.
    static func environment(directory: URL, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "HOME": directory.path,
            "AWS_CONFIG_FILE": directory.appendingPathComponent("config").path,
            "AWS_SHARED_CREDENTIALS_FILE": directory.appendingPathComponent("credentials").path,
            "AWS_EC2_METADATA_DISABLED": "true",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
        ]
        environment.merge(extra) { $1 }
        return environment
    }

    /// Writes `config` and `credentials` files into `directory` (either may be `nil`) and loads them.
    static func sharedConfig(directory: URL, config: String? = nil, credentials: String? = nil) throws -> SharedConfig {
        if let config { try write(config, to: directory.appendingPathComponent("config")) }
        if let credentials { try write(credentials, to: directory.appendingPathComponent("credentials")) }
        return try SharedConfig.load(environment: environment(directory: directory))
    }

    /// The `python3` on `PATH`.
    static var python: String {
        ProcessCredentialProvider.locate("python3", path: ProcessInfo.processInfo.environment["PATH"]) ?? "/usr/bin/python3"
    }

    /// Runs `python3 -c script arguments…` and returns its standard output; fails the test on a non-zero exit.
    static func runPython(_ script: String, _ arguments: [String] = []) async throws -> String {
        let result = try await ProcessRunner.run(
            executable: python, arguments: ["-c", script] + arguments, environment: ProcessInfo.processInfo.environment
        )
        let output = String(decoding: result.standardOutput, as: UTF8.self)
        if result.status != 0 {
            Issue.record("python exited \(result.status): \(String(decoding: result.standardError, as: UTF8.self))")
        }
        return output
    }

    /// A free TCP port on 127.0.0.1 (asked of the kernel through Python).
    static func freePort() async throws -> Int {
        let output = try await runPython("import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
        return try #require(Int(output.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// Waits until `url` answers any HTTP status, for up to `seconds`.
    static func waitUntilAnswering(_ url: String, seconds: Int = 60) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if (try? await HTTPFetch.send(HTTPClient.shared, method: "GET", url: url, timeout: .seconds(1))) != nil { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("\(url) did not answer within \(seconds) s")
    }
}

/// A child process for the length of a test; ``stop()`` ends it (and only it).
final class BackgroundProcess: Sendable {
    private let child: Mutex<ProcessRunner.Child?>
    /// The first line the process printed (empty when not read).
    let announcement: String

    private init(child: ProcessRunner.Child, announcement: String) {
        self.child = Mutex(child)
        self.announcement = announcement
    }

    /// Starts `executable`; when `readFirstLine` is set, waits for the first line of its standard output.
    static func start(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        readFirstLine: Bool
    ) async throws -> BackgroundProcess {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<BackgroundProcess, any Error>) in
            DispatchQueue.global().async {
                do {
                    let child = try ProcessRunner.spawn(
                        executable: executable, arguments: arguments, environment: environment, captureOutput: readFirstLine, captureError: false
                    )
                    let line = child.standardOutput.map(ProcessRunner.readLine) ?? ""
                    continuation.resume(returning: BackgroundProcess(child: child, announcement: line))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Terminates the process (SIGTERM) and waits for it.
    func stop() {
        child.withLock { child in
            guard let running = child else { return }
            ProcessRunner.terminate(running.pid)
            if let output = running.standardOutput { _ = ProcessRunner.readAll(output) }
            child = nil
        }
    }

    deinit { stop() }
}

/// A local stand-in for the container credentials endpoint and IMDS (Python's `http.server`).
///
/// Paths (IMDS ones under a mode prefix, used as `AWS_EC2_METADATA_SERVICE_ENDPOINT=<base>/<mode>/`):
/// - `GET /ecs/creds`: credentials when `Authorization` equals the server's expected token, else 401.
/// - `GET /ecs/fail`: 500 with `{"code","message"}`.
/// - `<mode>/latest/api/token` (PUT), `<mode>/latest/meta-data/iam/security-credentials/[role]` (GET) with
///   modes `v2` (token required), `v1only` (PUT → 404), `errorjson` (credentials are an error document),
///   `slow` (every answer after 5 s).
/// - `/sts-garbage…`: 200 with a body that is not XML; `/sts-error…`: 503 with a plain-text body.
/// - `GET /_last`: the previous request's method, path and headers as JSON.
struct FakeMetadataServer {
    let process: BackgroundProcess
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    static let expectedAuthorization = "pod-identity-token-abc=="
    static let script = #"""
import json, sys, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

EXPECTED_AUTH = sys.argv[1]
LAST = {}
CREDS = {"AccessKeyId": "ASIAFAKECONTAINER", "SecretAccessKey": "container-secret", "Token": "container-token",
         "Expiration": "2099-01-01T00:00:00Z", "RoleArn": "arn:aws:iam::123456789012:role/pod"}
IMDS = {"Code": "Success", "LastUpdated": "2024-01-01T00:00:00Z", "Type": "AWS-HMAC",
        "AccessKeyId": "ASIAFAKEIMDS", "SecretAccessKey": "imds-secret", "Token": "imds-token",
        "Expiration": "2099-01-01T00:00:00Z"}

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def remember(self):
        global LAST
        if self.path != "/_last":
            LAST = {"method": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}}

    def imds(self, mode, rest):
        if mode == "slow":
            time.sleep(5)
        if rest == "/latest/api/token" and self.command == "PUT":
            if mode == "v1only":
                return self.answer(404, "not found", "text/plain")
            if self.headers.get("x-aws-ec2-metadata-token-ttl-seconds") != "21600":
                return self.answer(400, "missing ttl", "text/plain")
            return self.answer(200, "imds-session-token", "text/plain")
        if mode in ("v2", "errorjson") and self.headers.get("x-aws-ec2-metadata-token") != "imds-session-token":
            return self.answer(401, "token required", "text/plain")
        if rest == "/latest/meta-data/iam/security-credentials/":
            return self.answer(200, "node-role", "text/plain")
        if rest == "/latest/meta-data/iam/security-credentials/node-role":
            if mode == "errorjson":
                return self.answer(200, {"Code": "AssumeRoleUnauthorizedAccess", "Message": "EC2 cannot assume the role",
                                         "LastUpdated": "2024-01-01T00:00:00Z"})
            return self.answer(200, IMDS)
        return self.answer(404, "not found", "text/plain")

    def handle_any(self):
        self.remember()
        if self.path == "/_last":
            return self.answer(200, LAST)
        if self.path == "/ecs/creds":
            if self.headers.get("Authorization") != EXPECTED_AUTH:
                return self.answer(401, {"code": "AccessDenied", "message": "bad token"})
            return self.answer(200, CREDS)
        if self.path.startswith("/sts-garbage"):
            return self.answer(200, "this is not XML", "text/plain")
        if self.path.startswith("/sts-error"):
            return self.answer(503, "Service Unavailable", "text/plain")
        if self.path == "/ecs/fail":
            return self.answer(500, {"code": "InternalError", "message": "agent is sad"})
        parts = self.path.split("/", 2)
        if len(parts) == 3:
            return self.imds(parts[1], "/" + parts[2])
        return self.answer(404, "not found", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        self.handle_any()

    do_GET = handle_any
    do_PUT = handle_any

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""#

    /// Starts a server on a free port.
    static func start() async throws -> FakeMetadataServer {
        let process = try await BackgroundProcess.start(
            CredentialTestSupport.python, ["-c", script, expectedAuthorization], readFirstLine: true
        )
        let port = try #require(Int(process.announcement.trimmingCharacters(in: .whitespaces)))
        return FakeMetadataServer(process: process, port: port)
    }

    /// The previous request as the server saw it.
    func lastRequest() async throws -> [String: Any] {
        let response = try await HTTPFetch.send(HTTPClient.shared, method: "GET", url: baseURL + "/_last", timeout: .seconds(5))
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    func stop() { process.stop() }
}

/// A moto server (`python3 -m moto.server`) on a free port, for STS and IAM.
struct MotoServer {
    let process: BackgroundProcess
    let port: Int

    var url: String { "http://127.0.0.1:\(port)" }
    var endpoint: STSEndpoint { STSEndpoint(url: url, signingRegion: "us-east-1") }

    /// Starts moto and waits until it answers.
    static func start() async throws -> MotoServer {
        let port = try await CredentialTestSupport.freePort()
        let process = try await BackgroundProcess.start(
            CredentialTestSupport.python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], readFirstLine: false
        )
        let server = MotoServer(process: process, port: port)
        try await CredentialTestSupport.waitUntilAnswering(server.url + "/moto-api/")
        return server
    }

    /// An IAM user's access key, created through moto's IAM API with boto3.
    struct AccessKey: Decodable {
        let AccessKeyId: String
        let SecretAccessKey: String
    }

    static let setupScript = #"""
import boto3, json, sys
url = sys.argv[1]
iam = boto3.client("iam", endpoint_url=url, region_name="us-east-1",
                   aws_access_key_id="testing", aws_secret_access_key="testing")
trust = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]})
policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
for role in ("dev", "admin", "irsa"):
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust)
keys = {}
for user in sys.argv[2:]:
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="all", PolicyDocument=policy)
    key = iam.create_access_key(UserName=user)["AccessKey"]
    keys[user] = {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}
print(json.dumps(keys))
"""#

    /// Creates roles `dev`, `admin`, `irsa` and the users `names` (each with an `Allow *` policy and a key).
    func setUp(users names: [String]) async throws -> [String: AccessKey] {
        let output = try await CredentialTestSupport.runPython(Self.setupScript, [url] + names)
        return try JSONDecoder().decode([String: AccessKey].self, from: Data(output.utf8))
    }

    /// Switches moto's signature and IAM checks on from the next request.
    func enableAuthentication() async throws {
        _ = try await HTTPFetch.send(
            HTTPClient.shared, method: "POST", url: url + "/moto-api/reset-auth",
            headers: [(name: "Content-Type", value: "text/plain")], body: Array("0".utf8), timeout: .seconds(5)
        )
    }

    func stop() { process.stop() }
}
