import Foundation
import Testing

/// The embedded STS/IAM answers in the shapes moto (the AWS peer for response shapes) does: the same
/// calls through boto3 on both, compared member by member, recursively.
@Suite("response shapes match moto's")
struct MotoShapeTests {
    /// Where eksauth differs from moto on purpose, each because AWS does:
    /// - `PackedPolicySize` is returned by AWS only when session policies or tags are passed; moto always adds it.
    /// - `AssumeRoleWithWebIdentity` returns `SubjectFromWebIdentityToken`, `Audience` and `Provider` on AWS; moto omits them.
    /// - `ListAccessKeys` has `IsTruncated` on AWS (and in botocore's model); moto omits it.
    static let intendedDifferences: [String: [String: [String]]] = [
        "AssumeRole": ["only_eksauth": [], "only_moto": ["PackedPolicySize"], "types": []],
        "AssumeRoleWithWebIdentity": [
            "only_eksauth": ["Audience", "Provider", "SubjectFromWebIdentityToken"], "only_moto": ["PackedPolicySize"], "types": [],
        ],
        "ListAccessKeys": ["only_eksauth": ["IsTruncated"], "only_moto": [], "types": []],
    ]

    @Test("every implemented call moto also has: same members, same types")
    func shapes() throws {
        let home = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try EmbeddedSTSTests.Server(state: home.appendingPathComponent("state"))
        defer { server.stop() }
        let moto = try MotoServer()
        defer { moto.stop() }
        let keys = home.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        _ = try WebIdentityTests.oidc(["keys", keys.path])

        let result = try Harness.run(
            "python3", [Harness.support.appendingPathComponent("compare_shapes.py").path, server.endpoint, moto.endpoint, keys.path],
            environment: server.environment(home: home, ["AWS_DEFAULT_REGION": "us-east-1"]))
        try #require(result.status == 0, "\(result.stderr)")
        let differences = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: [String: [String]]])
        #expect(differences == Self.intendedDifferences, "\(result.output)")
    }
}
