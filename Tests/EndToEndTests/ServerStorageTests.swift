import Foundation
import Testing

/// `eksauth server` on PostgreSQL: two servers (replicas) sharing one database serve the AWS CLI as
/// one account; settings from a configuration file; clear failures for bad settings.
@Suite("eksauth server storage and configuration", .serialized)
struct ServerStorageTests {
    /// A new database on the throwaway PostgreSQL server of `scripts/test.sh`, dropped by `drop()`.
    struct Database {
        let name: String
        let url: String
        let serverURL: String

        init() throws {
            guard let server = ProcessInfo.processInfo.environment["EKSAUTH_TEST_POSTGRES_URL"] else {
                throw HarnessError("EKSAUTH_TEST_POSTGRES_URL is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL")
            }
            name = "eksauth_e2e_\(UUID().uuidString.prefix(8).lowercased())"
            serverURL = server
            let base = server.components(separatedBy: "?")
            let withoutDatabase = base[0].components(separatedBy: "/").dropLast().joined(separator: "/")
            url = withoutDatabase + "/" + name + (base.count > 1 ? "?" + base[1] : "")
            let created = try Harness.run("psql", [server, "-c", "CREATE DATABASE \(name)"], environment: ProcessInfo.processInfo.environment)
            guard created.status == 0 else { throw HarnessError("psql could not create \(name): \(created.stderr)") }
        }

        func drop() {
            _ = try? Harness.run(
                "psql", [serverURL, "-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"], environment: ProcessInfo.processInfo.environment)
        }
    }

    @Test("two servers on one PostgreSQL database are one account to the AWS CLI")
    func replicas() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let database = try Database()
        defer { database.drop() }

        let configFile = home.appendingPathComponent("server.yaml")
        try """
            # replica A
            accountId: "123456789012"
            region: eu-west-1
            database: \(database.url)
            """.write(to: configFile, atomically: true, encoding: .utf8)
        let first = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("a"), ["--config", configFile.path])
        defer { first.stop() }
        let second = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("b"), ["--database", database.url])
        defer { second.stop() }
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("a/eksauth.sqlite").path), "no SQLite file with PostgreSQL")

        let credentialsA = try String(contentsOf: first.state.appendingPathComponent("credentials"), encoding: .utf8)
        let credentialsB = try String(contentsOf: second.state.appendingPathComponent("credentials"), encoding: .utf8)
        #expect(credentialsA == credentialsB, "both servers hand out the account's one root key")
        let configA = try String(contentsOf: first.state.appendingPathComponent("aws-config"), encoding: .utf8)
        #expect(configA.contains("region = eu-west-1"), "the region comes from the configuration file")

        func aws(_ arguments: [String], _ environment: [String: String]) throws -> ProcessResult {
            try Harness.aws(arguments + ["--output", "json"], environment: environment)
        }
        let rootA = first.environment(home: home)
        let rootB = second.environment(home: home)
        let created = try aws(["iam", "create-user", "--user-name", "alice"], rootA)
        try #require(created.status == 0, "\(created.stderr)")
        let keyResult = try aws(["iam", "create-access-key", "--user-name", "alice"], rootA)
        try #require(keyResult.status == 0, "\(keyResult.stderr)")
        let key = try #require((try JSONSerialization.jsonObject(with: keyResult.stdout) as? [String: Any])?["AccessKey"] as? [String: Any])

        let duplicate = try aws(["iam", "create-user", "--user-name", "ALICE"], rootB)
        #expect(duplicate.status != 0)
        #expect(duplicate.stderr.contains("(EntityAlreadyExists)"), "\(duplicate.stderr)")

        let aliceOnB = second.environment(home: home, [
            "AWS_PROFILE": "", "AWS_ACCESS_KEY_ID": key["AccessKeyId"] as? String ?? "", "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"] as? String ?? "",
            "AWS_ENDPOINT_URL": second.endpoint, "AWS_DEFAULT_REGION": "us-east-1",
        ])
        let identity = try aws(["sts", "get-caller-identity"], aliceOnB)
        #expect(identity.status == 0, "a key created on A signs requests to B: \(identity.stderr)")
        #expect(identity.output.contains("arn:aws:iam::123456789012:user/alice"))

        first.stop()
        second.stop()
        try first.start()
        var aliceOnA = aliceOnB
        aliceOnA["AWS_ENDPOINT_URL"] = first.endpoint
        let again = try aws(["sts", "get-caller-identity"], aliceOnA)
        #expect(again.status == 0, "the key survives restarting both servers: \(again.stderr)")
    }

    @Test("bad settings stop the server with a message that says what to fix", arguments: [
        ("colour: blue\n", "unknown setting colour"),
        ("port: eighty\n", "the value of port has the wrong type"),
        ("accountId: 123456789012\n", "quote accountId"),
        ("database: mysql://db/eksauth\n", "use a postgres:// URL or the path of an SQLite file"),
        ("port: [1\n", "is not valid YAML"),
    ])
    func badConfiguration(text: String, message: String) throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let configFile = home.appendingPathComponent("server.yaml")
        try text.write(to: configFile, atomically: true, encoding: .utf8)
        let result = try Harness.eksauth(
            ["server", "--config", configFile.path, "--state-dir", home.appendingPathComponent("state").path, "--port", "1"],
            environment: Harness.environment(home: home))
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("eksauth: "), "\(result.stderr)")
        #expect(message.split(separator: "|").contains { result.stderr.contains($0) }, "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "no crash")
    }

    @Test("a database URL that cannot be used is reported without its password")
    func unreachableDatabase() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let port = try Harness.freePort()
        let result = try Harness.eksauth(
            ["server", "--database", "postgres://eksauth:s3cr3t-pw@127.0.0.1:\(port)/nowhere?sslmode=disable",
             "--state-dir", home.appendingPathComponent("state").path, "--port", String(try Harness.freePort())],
            environment: Harness.environment(home: home))
        #expect(result.status == 1)
        #expect(result.stderr.contains("postgres://eksauth@127.0.0.1:\(port)/nowhere"), "\(result.stderr)")
        #expect(!result.stderr.contains("s3cr3t-pw"), "the password is never printed")
    }
}
