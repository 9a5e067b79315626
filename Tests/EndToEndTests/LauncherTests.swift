import Foundation
import Testing

/// The `eksauth` launcher: its token fast path prints what `eksauth-cli` prints, and every call it does
/// not serve reaches `eksauth-cli` unchanged.
@Suite("the eksauth launcher")
struct LauncherTests {
    static let keys = ["AWS_ACCESS_KEY_ID": Harness.exampleAccessKey, "AWS_SECRET_ACCESS_KEY": Harness.exampleSecretKey]

    struct Call: Sendable, CustomStringConvertible {
        var name: String
        var arguments: [String]
        var environment: [String: String] = keys
        var config: String? = nil
        var description: String { name }
    }

    /// Runs `call` with `EKSAUTH_TOKEN_FAST_PATH` set to `mode` (unset when `nil`). The harness's example keys
    /// are in the environment unless the call sets them empty.
    static func run(_ call: Call, mode: String?, binary: String = Harness.eksauth) throws -> ProcessResult {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        var extra = call.environment
        extra["EKSAUTH_SIGNING_TIME"] = "2024-01-02T03:04:05Z"
        if let config = call.config {
            let path = home.appendingPathComponent("config").path
            try config.write(toFile: path, atomically: true, encoding: .utf8)
            extra["AWS_CONFIG_FILE"] = path
        }
        var environment = Harness.environment(home: home, extra)
        environment["EKSAUTH_TOKEN_FAST_PATH"] = mode
        return try Harness.run(binary, call.arguments, environment: environment)
    }

    static let served: [Call] = [
        Call(name: "-i with compact output", arguments: ["token", "-i", "7f9a2c4e", "--region", "us-east-1", "--output", "compact"]),
        Call(name: "--name=value forms", arguments: ["token", "--cluster-id=c", "--region=eu-west-1", "--output=compact"]),
        Call(name: "--token-only", arguments: ["token", "--cluster-name", "c", "--region", "us-east-1", "--token-only"]),
        Call(name: "the cluster from KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID", arguments: ["token", "--region", "us-east-1"],
             environment: keys.merging(["KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID": "from-env"]) { $1 }),
        Call(name: "a deprecated KUBERNETES_EXEC_INFO version (a warning)", arguments: ["token", "--cluster-name", "c", "--region", "us-east-1"],
             environment: keys.merging(["KUBERNETES_EXEC_INFO": #"{"apiVersion":"client.authentication.k8s.io/v1alpha1"}"#]) { $1 }),
        Call(name: "static keys in the config file under AWS_DEFAULT_PROFILE", arguments: ["token", "--cluster-name", "c"],
             environment: ["AWS_DEFAULT_PROFILE": "dev", "AWS_PROFILE": "other", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""],
             config: "[profile dev]\nregion = ca-central-1\naws_access_key_id = AKIACONFIGEXAMPLE\naws_secret_access_key = s\n[profile other]\n"),
    ]

    @Test("the fast path prints exactly what eksauth-cli prints", arguments: served)
    func fastPathMatchesFullCommand(_ call: Call) throws {
        let fast = try Self.run(call, mode: "only")
        let full = try Self.run(call, mode: "off")
        #expect(fast.status == 0, "fast path: \(fast.stderr)")
        #expect(full.status == 0, "eksauth-cli: \(full.stderr)")
        #expect(fast.stdout == full.stdout)
        #expect(fast.stderr == full.stderr)
        #expect(fast.output.contains("k8s-aws-v1."))
    }

    static let handedOver: [Call] = [
        Call(name: "--region= (the parser takes the next argument as its value)", arguments: ["token", "--cluster-name", "c", "--region="]),
        Call(name: "--help", arguments: ["token", "--help"]),
        Call(name: "an unknown flag", arguments: ["token", "--cluster-name", "c", "--frobnicate"]),
        Call(name: "both cluster flags", arguments: ["token", "--cluster-name", "c", "--cluster-id", "d"]),
        Call(name: "an access key without its secret", arguments: ["token", "--cluster-name", "c"], environment: ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": ""]),
        Call(name: "another command", arguments: ["--version"]),
        Call(name: "no arguments at all", arguments: []),
    ]

    @Test("calls the fast path does not serve get eksauth-cli's own answer", arguments: handedOver)
    func handedOverCallsMatchFullCommand(_ call: Call) throws {
        let launched = try Self.run(call, mode: nil)
        let full = try Self.run(call, mode: "off")
        let direct = try Self.run(call, mode: nil, binary: Self.fullCommand)
        for result in [launched, full] {
            #expect(result.status == direct.status)
            #expect(result.stdout == direct.stdout)
            #expect(result.stderr == direct.stderr)
        }
        if call.arguments.first == "token" {
            let refused = try Self.run(call, mode: "only")
            #expect(refused.status == 70)
            #expect(refused.stderr.contains("the token fast path does not serve this call"))
        }
    }

    /// `eksauth-cli` beside the launcher.
    static var fullCommand: String {
        URL(fileURLWithPath: Harness.eksauth).deletingLastPathComponent().appendingPathComponent("eksauth-cli").path
    }

    @Test("without eksauth-cli beside it, the launcher still signs simple tokens and says what is missing for the rest")
    func missingFullCommand() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lonely = directory.appendingPathComponent("eksauth").path
        try FileManager.default.copyItem(atPath: Harness.eksauth, toPath: lonely)
        let token = try Self.run(Call(name: "", arguments: ["token", "--cluster-name", "c", "--region", "us-east-1"]), mode: nil, binary: lonely)
        #expect(token.status == 0, "\(token.stderr)")
        #expect(token.output.contains("k8s-aws-v1."))
        let version = try Self.run(Call(name: "", arguments: ["--version"]), mode: nil, binary: lonely)
        #expect(version.status == 127)
        #expect(version.stderr.contains("cannot run \(directory.resolvingSymlinksInPath().path)/eksauth-cli"), "\(version.stderr)")
        #expect(version.stderr.contains("must be installed in the same directory as eksauth"))
    }

    @Test("a symbolic link to eksauth finds eksauth-cli beside the file it points to")
    func symbolicLink() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let link = directory.appendingPathComponent("eksauth").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: Harness.eksauth)
        let viaLink = try Self.run(Call(name: "", arguments: ["--version"]), mode: nil, binary: link)
        let direct = try Self.run(Call(name: "", arguments: ["--version"]), mode: nil, binary: Self.fullCommand)
        #expect(viaLink.status == 0, "\(viaLink.stderr)")
        #expect(viaLink.stdout == direct.stdout)
    }
}
