import Foundation
import LocalAWS
import SigV4
import Testing

/// Reads IAM answers with botocore's own query-protocol parser (the AWS CLI's), run by `python3`.
@Suite("IAM service, read by botocore")
struct IAMServiceBotocoreTests {
    typealias F = IdentityFixtures
    typealias H = IAMHarness

    /// Reads `{"operation": …, "body": …, "status": …}` items from stdin and prints what botocore's
    /// `QueryParser` makes of each body with the operation's output shape (or error shape).
    static let script = #"""
        import sys, json
        import botocore.session, botocore.parsers
        model = botocore.session.get_session().get_service_model('iam')
        out = []
        for item in json.load(sys.stdin):
            op = model.operation_model(item['operation'])
            response = {'body': item['body'].encode('utf-8'), 'headers': {}, 'status_code': item['status']}
            out.append(botocore.parsers.QueryParser().parse(response, op.output_shape))
        print(json.dumps(out, default=str))
        """#

    static func parse(_ items: [(operation: String, response: STSResponse)]) throws -> [[String: Any]] {
        let input = items.map { ["operation": $0.operation, "body": $0.response.text, "status": $0.response.status] as [String: Any] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: input))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3: \(String(decoding: errors, as: UTF8.self))")
        return try #require(try JSONSerialization.jsonObject(with: output) as? [[String: Any]])
    }

    @Test("botocore's QueryParser reads CreateUser, CreateAccessKey, GetRole, ListUsers, ListAccessKeys and an error")
    func botocoreParses() async throws {
        let h = try await H.make()
        let createUser = try await h.call("CreateUser", [("UserName", "alice"), ("Path", "/team/")])
        let createKey = try await h.call("CreateAccessKey", [("UserName", "alice")])
        _ = try await h.call("CreateRole", [("RoleName", "deployer"), ("AssumeRolePolicyDocument", F.trustAccount), ("MaxSessionDuration", "7200")])
        let getRole = try await h.call("GetRole", [("RoleName", "deployer")])
        let listUsers = try await h.call("ListUsers")
        let listKeys = try await h.call("ListAccessKeys", [("UserName", "alice")])
        let deleteUser = try await h.call("DeleteUser", [("UserName", "ghost")])
        let parsed = try Self.parse([
            ("CreateUser", createUser), ("CreateAccessKey", createKey), ("GetRole", getRole), ("ListUsers", listUsers),
            ("ListAccessKeys", listKeys), ("DeleteUser", deleteUser),
        ])
        try #require(parsed.count == 6)

        let user = try #require(parsed[0]["User"] as? [String: Any])
        #expect(user["UserName"] as? String == "alice")
        #expect(user["Path"] as? String == "/team/")
        #expect(user["Arn"] as? String == "arn:aws:iam::123456789012:user/team/alice")
        #expect((user["UserId"] as? String)?.hasPrefix("AIDA") == true)
        #expect(user["CreateDate"] as? String == "2027-01-15 08:00:00+00:00")
        let metadata = try #require(parsed[0]["ResponseMetadata"] as? [String: Any])
        #expect(metadata["RequestId"] as? String == H.requestID)

        let key = try #require(parsed[1]["AccessKey"] as? [String: Any])
        #expect(key["UserName"] as? String == "alice" && key["Status"] as? String == "Active")
        #expect((key["AccessKeyId"] as? String)?.hasPrefix("AKIA") == true && (key["SecretAccessKey"] as? String)?.count == 40)

        let role = try #require(parsed[2]["Role"] as? [String: Any])
        #expect(role["RoleName"] as? String == "deployer" && role["Arn"] as? String == "arn:aws:iam::123456789012:role/deployer")
        #expect(role["MaxSessionDuration"] as? Int == 7200)
        #expect((role["AssumeRolePolicyDocument"] as? String)?.removingPercentEncoding == F.trustAccount)

        let users = try #require(parsed[3]["Users"] as? [[String: Any]])
        #expect(users.map { $0["UserName"] as? String } == ["alice"])
        #expect(parsed[3]["IsTruncated"] as? Bool == false)

        let keys = try #require(parsed[4]["AccessKeyMetadata"] as? [[String: Any]])
        #expect(keys.count == 1 && keys[0]["AccessKeyId"] as? String == key["AccessKeyId"] as? String)

        let error = try #require(parsed[5]["Error"] as? [String: Any])
        #expect(error["Code"] as? String == "NoSuchEntity" && error["Type"] as? String == "Sender")
        #expect(error["Message"] as? String == "The user with name ghost cannot be found.")
    }
}
