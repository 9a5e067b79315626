import Foundation
import SigV4
import Testing

/// A token made by `aws eks get-token` (awscli 1.45.11 / botocore 1.43.11) with AKIDEXAMPLE at
/// 2024-01-02T03:04:05Z (see reference/peers.md §1.5–1.6).
struct EKSTokenVector: CustomStringConvertible, Sendable {
    let name: String
    let host: String
    let region: String
    let cluster: String
    let sessionToken: String?
    let signature: String

    var description: String { name }

    /// The presigned URL, parameters in botocore's order.
    var url: String {
        "https://\(host)/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIDEXAMPLE%2F20240102%2F\(region)%2Fsts%2Faws4_request&X-Amz-Date=20240102T030405Z"
            + "&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id"
            + (sessionToken.map { "&X-Amz-Security-Token=\($0)" } ?? "") + "&X-Amz-Signature=\(signature)"
    }

    /// The request the server replays to STS: GET with `x-k8s-aws-id` and `host`.
    func request(cluster: String? = nil, host: String? = nil) throws -> SigV4Request {
        try SigV4Request(
            method: "GET", receivedURL: url,
            headers: [HeaderField("x-k8s-aws-id", cluster ?? self.cluster), HeaderField("host", host ?? self.host)]
        )
    }

    static let all = [
        EKSTokenVector(name: "A us-east-1", host: "sts.us-east-1.amazonaws.com", region: "us-east-1", cluster: "my-cluster",
                       sessionToken: nil, signature: "b9c52540c7aed8adbc93935c90eca6cf36a27e75841b841bf1c08dffb059c2b5"),
        EKSTokenVector(name: "B eu-west-1", host: "sts.eu-west-1.amazonaws.com", region: "eu-west-1", cluster: "my-cluster",
                       sessionToken: nil, signature: "dc75182c385919b71359c625612c1f91688cf9179c7d2983895a1d36e78f04d5"),
        EKSTokenVector(name: "C legacy global endpoint", host: "sts.amazonaws.com", region: "us-east-1", cluster: "my-cluster",
                       sessionToken: nil, signature: "1b99ca65d791fa1e13f0981fdbbe487dcde7724174e39abfd7cb3da9a6383bd5"),
        EKSTokenVector(name: "E session token", host: "sts.us-east-1.amazonaws.com", region: "us-east-1", cluster: "my-cluster",
                       sessionToken: "FQoGZXIvYXdzEXAMPLE", signature: "3fd0afd436c2e63767de661f4c527ad668701b7c7bcc99bbdf4e3ce82bf21329"),
        EKSTokenVector(name: "F cluster id", host: "sts.us-east-1.amazonaws.com", region: "us-east-1",
                       cluster: "7f9a2c4e-0000-1111-2222-333344445555", sessionToken: nil,
                       signature: "ba04585e64286286a26c06d791ef748b6d9fcccdd5c250f65e5dd8bb268c0936"),
    ]
}

@Suite("SigV4 verification: EKS tokens from aws eks get-token")
struct VerificationEKSTokenTests {
    static let token = "k8s-aws-v1.aHR0cHM6Ly9zdHMudXMtZWFzdC0xLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eSZWZXJzaW9uPTIwMTEtMDYtMTUmWC1BbXotQWxnb3JpdGhtPUFXUzQtSE1BQy1TSEEyNTYmWC1BbXotQ3JlZGVudGlhbD1BS0lERVhBTVBMRSUyRjIwMjQwMTAyJTJGdXMtZWFzdC0xJTJGc3RzJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNDAxMDJUMDMwNDA1WiZYLUFtei1FeHBpcmVzPTYwJlgtQW16LVNpZ25lZEhlYWRlcnM9aG9zdCUzQngtazhzLWF3cy1pZCZYLUFtei1TaWduYXR1cmU9YjljNTI1NDBjN2FlZDhhZGJjOTM5MzVjOTBlY2E2Y2YzNmEyN2U3NTg0MWI4NDFiZjFjMDhkZmZiMDU5YzJiNQ"
    static let verifier = SigV4Verifier.eksToken(keyCache: SigningKeyCache())
    static let date = VerificationFixture.date

    /// The URL inside a `k8s-aws-v1.` token.
    static func url(ofToken token: String) throws -> String {
        var base64 = token.dropFirst("k8s-aws-v1.".count).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return String(decoding: try #require(Data(base64Encoded: base64)), as: UTF8.self)
    }

    @Test("the get-token token replayed as GET with x-k8s-aws-id and host verifies, and fails for another cluster")
    func getTokenToken() throws {
        let url = try Self.url(ofToken: Self.token)
        #expect(url == EKSTokenVector.all[0].url)
        let headers = [HeaderField("x-k8s-aws-id", "my-cluster"), HeaderField("host", "sts.us-east-1.amazonaws.com")]
        let request = try SigV4Request(method: "GET", receivedURL: url, headers: headers)
        let info = try Self.verifier.verify(request, secretAccessKey: VerificationFixture.secret, now: Self.date.addingTimeInterval(30))
        #expect(info.accessKeyID == "AKIDEXAMPLE")
        #expect(info.signedHeaders == ["host", "x-k8s-aws-id"])
        #expect(info.expires == 60)

        var other = request
        other.setHeader("x-k8s-aws-id", "other-cluster")
        let error = VerificationFixture.failure {
            try Self.verifier.verify(other, secretAccessKey: VerificationFixture.secret, now: Self.date.addingTimeInterval(30))
        }
        #expect(error?.code == .signatureDoesNotMatch)
        #expect(error?.httpStatus == 403)
    }

    @Test("the canonical request and string to sign are those botocore printed")
    func canonicalRequestMatchesBotocore() throws {
        let request = try EKSTokenVector.all[0].request()
        let info = try Self.verifier.parse(request)
        let canonical = try Self.verifier.canonicalRequest(request, info)
        #expect(canonical == """
            GET
            /
            Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20240102%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20240102T030405Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id
            host:sts.us-east-1.amazonaws.com
            x-k8s-aws-id:my-cluster

            host;x-k8s-aws-id
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        #expect(CanonicalRequest.hexSHA256(Array(canonical.utf8)) == "f09116920e5da220e226e0b618ff32cacb9923a16d1fe9af283f781b7cb95574")
    }

    @Test("every get-token vector verifies for its cluster and only its cluster", arguments: EKSTokenVector.all)
    func vector(_ vector: EKSTokenVector) throws {
        let request = try vector.request()
        let now = Self.date.addingTimeInterval(600)  // past X-Amz-Expires=60: STS honours 15 minutes
        try Self.verifier.verify(request, secretAccessKey: VerificationFixture.secret, sessionToken: vector.sessionToken, now: now)
        let wrongCluster = try vector.request(cluster: vector.cluster + "x")
        #expect(VerificationFixture.failure {
            try Self.verifier.verify(wrongCluster, secretAccessKey: VerificationFixture.secret, sessionToken: vector.sessionToken, now: now)
        }?.code == .signatureDoesNotMatch)
        let wrongHost = try vector.request(host: "sts.us-west-2.amazonaws.com")
        #expect(VerificationFixture.failure {
            try Self.verifier.verify(wrongHost, secretAccessKey: VerificationFixture.secret, sessionToken: vector.sessionToken, now: now)
        }?.code == .signatureDoesNotMatch)
        #expect(VerificationFixture.failure {
            try Self.verifier.verify(request, secretAccessKey: VerificationFixture.secret + "x", sessionToken: vector.sessionToken, now: now)
        }?.code == .signatureDoesNotMatch)
    }

    @Test("an EKS token lives 15 minutes after X-Amz-Date, whatever X-Amz-Expires says")
    func fifteenMinutes() throws {
        let request = try EKSTokenVector.all[0].request()
        let secret = VerificationFixture.secret
        for offset in [0.0, 59, 61, 600, 900] {
            try Self.verifier.verify(request, secretAccessKey: secret, now: Self.date.addingTimeInterval(offset))
        }
        let late = VerificationFixture.failure { try Self.verifier.verify(request, secretAccessKey: secret, now: Self.date.addingTimeInterval(901)) }
        #expect(late?.code == .signatureDoesNotMatch)
        #expect(late?.message.hasPrefix("Signature expired: 20240102T030405Z is now earlier than 20240102T030406Z (20240102T031906Z - 15 min.)") == true)
        let early = VerificationFixture.failure { try Self.verifier.verify(request, secretAccessKey: secret, now: Self.date.addingTimeInterval(-901)) }
        #expect(early?.code == .signatureDoesNotMatch)
        #expect(early?.message.hasPrefix("Signature not yet current") == true)
        // Honouring X-Amz-Expires instead (S3's rule), the same token is dead after 60 seconds.
        let s3Rule = SigV4Verifier(service: "sts")
        try s3Rule.verify(request, secretAccessKey: secret, now: Self.date.addingTimeInterval(60))
        let expired = VerificationFixture.failure { try s3Rule.verify(request, secretAccessKey: secret, now: Self.date.addingTimeInterval(61)) }
        #expect(expired?.code == .accessDenied)
        #expect(expired?.message.hasPrefix("Request has expired") == true)
    }

    @Test("the session-token token needs its token, and a region allow-list is enforced")
    func sessionTokenAndRegions() throws {
        let withToken = EKSTokenVector.all[3]
        let request = try withToken.request()
        #expect(VerificationFixture.failure {
            try Self.verifier.verify(request, secretAccessKey: VerificationFixture.secret, now: Self.date)
        }?.code == .invalidClientTokenId)
        let usEast = SigV4Verifier.eksToken(regions: ["us-east-1"])
        let euWest = try EKSTokenVector.all[1].request()
        let error = VerificationFixture.failure { try usEast.verify(euWest, secretAccessKey: VerificationFixture.secret, now: Self.date) }
        #expect(error?.code == .signatureDoesNotMatch)
        #expect(error?.message.contains("eu-west-1") == true)
    }

    @Test("the signer's own EKS-style presigned URL verifies the same way")
    func signerRoundTrip() throws {
        let request = try VerificationFixture.presigned(cluster: "my-cluster")
        let url = request.url
        #expect(url.contains("X-Amz-Signature=b9c52540c7aed8adbc93935c90eca6cf36a27e75841b841bf1c08dffb059c2b5"))
        try Self.verifier.verify(request, secretAccessKey: VerificationFixture.secret, now: Self.date.addingTimeInterval(840))
    }
}
