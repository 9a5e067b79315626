import AWSCore
import EKSToken
import Foundation
import SigV4
import Testing

@Suite("EKS token generation")
struct EKSTokenGeneratorTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = Date(timeIntervalSince1970: 1_704_164_645)  // 2024-01-02T03:04:05Z

    struct Golden: Sendable, CustomStringConvertible {
        var name: String
        var endpoint: STSEndpoint
        var clusterID: String
        var sessionToken: String?
        var signature: String
        var description: String { name }
    }

    /// Signatures the real `aws eks get-token` (awscli 1.45.11, clock frozen) printed for these inputs.
    static let goldens: [Golden] = [
        Golden(name: "us-east-1", endpoint: STSEndpoint(url: "https://sts.us-east-1.amazonaws.com", signingRegion: "us-east-1"),
               clusterID: "my-cluster", signature: "b9c52540c7aed8adbc93935c90eca6cf36a27e75841b841bf1c08dffb059c2b5"),
        Golden(name: "eu-west-1", endpoint: STSEndpoint(url: "https://sts.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
               clusterID: "my-cluster", signature: "dc75182c385919b71359c625612c1f91688cf9179c7d2983895a1d36e78f04d5"),
        Golden(name: "legacy global", endpoint: STSEndpoint(url: "https://sts.amazonaws.com", signingRegion: "us-east-1"),
               clusterID: "my-cluster", signature: "1b99ca65d791fa1e13f0981fdbbe487dcde7724174e39abfd7cb3da9a6383bd5"),
        Golden(name: "session token", endpoint: STSEndpoint(url: "https://sts.us-east-1.amazonaws.com", signingRegion: "us-east-1"),
               clusterID: "my-cluster", sessionToken: "FQoGZXIvYXdzEXAMPLE",
               signature: "3fd0afd436c2e63767de661f4c527ad668701b7c7bcc99bbdf4e3ce82bf21329"),
        Golden(name: "cluster id", endpoint: STSEndpoint(url: "https://sts.us-east-1.amazonaws.com", signingRegion: "us-east-1"),
               clusterID: "7f9a2c4e-0000-1111-2222-333344445555", signature: "ba04585e64286286a26c06d791ef748b6d9fcccdd5c250f65e5dd8bb268c0936"),
    ]

    @Test("signatures match the AWS CLI's", arguments: goldens)
    func goldenSignature(_ golden: Golden) throws {
        var credentials = Self.credentials
        credentials.sessionToken = golden.sessionToken
        let url = try EKSTokenGenerator(endpoint: golden.endpoint).presignedURL(clusterID: golden.clusterID, credentials: credentials, date: Self.date)
        #expect(url.hasSuffix("&X-Amz-Signature=\(golden.signature)"))
        #expect(url.hasPrefix(golden.endpoint.url + "/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&"))
    }

    @Test("the whole ExecCredential is the AWS CLI's bytes")
    func awsCLIBytes() throws {
        let token = try EKSTokenGenerator(endpoint: STSEndpoint(url: "https://sts.us-east-1.amazonaws.com", signingRegion: "us-east-1"))
            .token(clusterID: "my-cluster", credentials: Self.credentials, date: Self.date)
        let output = ExecCredential(apiVersion: .v1beta1, token: token).awsCLIJSON
        #expect(output.utf8.count == 687)
        #expect(CanonicalRequest.hexSHA256(Array(output.utf8)) == "58805cff941237fcf0489a6cef917a745d4014425d71f7e5f3ca4a1d76f16cd7")
        #expect(output.contains(#""expirationTimestamp": "2024-01-02T03:18:05Z""#))
    }

    @Test("the URL carries the parameters in the AWS CLI's order, session token after SignedHeaders")
    func parameterOrder() throws {
        var credentials = Self.credentials
        credentials.sessionToken = "tok/en+="
        let url = try EKSTokenGenerator(endpoint: STSEndpoint(url: "http://127.0.0.1:5000/", signingRegion: "us-east-1"))
            .presignedURL(clusterID: "c", credentials: credentials, date: Self.date)
        let names = url.split(separator: "?")[1].split(separator: "&").map { $0.split(separator: "=")[0] }
        #expect(names == ["Action", "Version", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                          "X-Amz-SignedHeaders", "X-Amz-Security-Token", "X-Amz-Signature"])
        #expect(url.hasPrefix("http://127.0.0.1:5000/?"))
        #expect(url.contains("X-Amz-Security-Token=tok%2Fen%2B%3D"))
        #expect(url.contains("X-Amz-SignedHeaders=host%3Bx-k8s-aws-id"))
    }

    @Test("a token decodes back to its URL; padding and the standard alphabet are absent")
    func base64URL() throws {
        let token = try EKSTokenGenerator(endpoint: STSEndpoint(url: "https://sts.us-east-1.amazonaws.com", signingRegion: "us-east-1"))
            .token(clusterID: "my-cluster", credentials: Self.credentials, date: Self.date)
        #expect(token.value.hasPrefix("k8s-aws-v1."))
        let body = token.value.dropFirst("k8s-aws-v1.".count)
        #expect(!body.contains("=") && !body.contains("+") && !body.contains("/"))
        let decoded = try #require(Base64URL.decode(body))
        #expect(String(decoding: decoded, as: UTF8.self).hasPrefix("https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity"))
        #expect(Base64URL.decode("a") == nil)
        #expect(Base64URL.decode("YQ==") == nil)
        #expect(Base64URL.decode("YQ") == Array("a".utf8))
    }

    @Test("expiration is 14 minutes after the signing second")
    func expiration() throws {
        let token = try EKSTokenGenerator(endpoint: STSEndpoint(url: "https://sts.us-east-1.amazonaws.com", signingRegion: "us-east-1"))
            .token(clusterID: "c", credentials: Self.credentials, date: Self.date + 0.75)
        #expect(token.expiration == Self.date + 14 * 60)
        #expect(ExecCredential(apiVersion: .v1, token: token).compactJSON.hasPrefix(
            #"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{},"status":{"expirationTimestamp":"2024-01-02T03:18:05Z","token":"k8s-aws-v1."#
        ))
    }
}

@Suite("KUBERNETES_EXEC_INFO")
struct ExecInfoTests {
    @Test(arguments: [
        (nil, ExecCredentialAPIVersion.v1beta1, false),
        ("", .v1beta1, false),
        (#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}"# + "\n", .v1, false),
        (#"{"apiVersion":"client.authentication.k8s.io/v1beta1"}"#, .v1beta1, false),
        (#"{"apiVersion":"client.authentication.k8s.io/v1alpha1"}"#, .v1alpha1, true),
        (#"{"apiVersion":"foo/v9"}"#, .v1beta1, true),
        ("{}", .v1beta1, true),
        (#"{"apiVersion":1}"#, .v1beta1, true),
        (#"{"apiVersion":null}"#, .v1beta1, true),
        (#"{"apiVersion":"client.authentication.k8s.io/v1","spec":{"cluster":{"server":"https://127.0.0.1:6443","config":[1,2.5,true]}}}"#, .v1, false),
        (#"{"apiVersion":"client.authentication.k8s.io/v1""#, .v1beta1, true),
        ("not json", .v1beta1, true),
    ] as [(String?, ExecCredentialAPIVersion, Bool)])
    func versions(_ raw: String?, _ expected: ExecCredentialAPIVersion, _ warns: Bool) throws {
        let info = try ExecInfo(environmentValue: raw)
        #expect(info.apiVersion == expected)
        #expect((info.warning != nil) == warns)
    }

    @Test("JSON that is not an object is an error", arguments: ["[]", "null", "\"x\"", "3"])
    func notAnObject(_ raw: String) {
        #expect(throws: ExecInfoError.self) { try ExecInfo(environmentValue: raw) }
    }
}
