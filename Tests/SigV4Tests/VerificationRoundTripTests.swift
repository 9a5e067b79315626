import Foundation
import SigV4
import Testing

/// Shared values for the verification suites.
enum VerificationFixture {
    static let accessKeyID = "AKIDEXAMPLE"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let sessionToken = "IQoJb3JpZ2luX2VjE///+/==tok"
    /// 2024-01-02T03:04:05Z.
    static let date = Date(timeIntervalSince1970: 1_704_164_645)

    static func signer(sessionToken: String? = nil, region: String = "us-east-1", service: String = "sts") -> SigV4Signer {
        SigV4Signer(
            credentials: AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: sessionToken),
            region: region,
            service: service
        )
    }

    /// An STS `GetCallerIdentity` call as the query protocol sends it.
    static func stsPost(authority: String = "sts.us-east-1.amazonaws.com") -> SigV4Request {
        SigV4Request(
            method: "POST",
            authority: authority,
            path: "/",
            headers: [HeaderField("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8)
        )
    }

    /// A header-signed STS call, signed at ``date``.
    static func headerSigned(sessionToken: String? = nil, region: String = "us-east-1", service: String = "sts") -> SigV4Request {
        signer(sessionToken: sessionToken, region: region, service: service).signHeaders(stsPost(), date: date)
    }

    /// A presigned `GetCallerIdentity` URL with `x-k8s-aws-id` signed, replayed as the server gets it.
    static func presigned(
        sessionToken: String? = nil,
        region: String = "us-east-1",
        service: String = "sts",
        expires: Int = 60,
        cluster: String = "my-cluster"
    ) throws -> SigV4Request {
        let base = SigV4Request(
            method: "GET",
            authority: "sts.\(region).amazonaws.com",
            query: [QueryItem("Action", "GetCallerIdentity"), QueryItem("Version", "2011-06-15")],
            headers: [HeaderField("x-k8s-aws-id", cluster)]
        )
        let url = signer(sessionToken: sessionToken, region: region, service: service).presignedURL(base, expires: expires, date: date)
        return try SigV4Request(method: "GET", receivedURL: url, headers: [HeaderField("x-k8s-aws-id", cluster)])
    }

    /// The verification error `body` throws, or `nil` when it does not throw (any other error is
    /// recorded as an issue).
    static func failure(_ body: () throws -> Void) -> SigV4VerificationError? {
        do {
            try body()
            return nil
        } catch let error as SigV4VerificationError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }
}

@Suite("SigV4 verification: round trips with the signer")
struct VerificationRoundTripTests {
    static let services = ["sts", "eks", "iam", "execute-api", "s3"]
    static let regions = ["us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1", "ap-southeast-5"]

    @Test("header-signed requests verify, with and without a session token", arguments: services, regions)
    func headerSignedRoundTrip(service: String, region: String) throws {
        for token in [nil, VerificationFixture.sessionToken] {
            let request = VerificationFixture.headerSigned(sessionToken: token, region: region, service: service)
            let verifier = SigV4Verifier(service: service, regions: [region])
            let info = try verifier.verify(
                request, secretAccessKey: VerificationFixture.secret, sessionToken: token,
                now: VerificationFixture.date.addingTimeInterval(30)
            )
            #expect(info.accessKeyID == VerificationFixture.accessKeyID)
            #expect(info.region == region)
            #expect(info.service == service)
            #expect(info.dateStamp == "20240102")
            #expect(info.timestamp.amzDate == "20240102T030405Z")
            #expect(info.sessionToken == token)
            #expect(!info.isPresigned)
            #expect(info.expires == nil)
            #expect(info.signedHeaders.contains("host"))
        }
    }

    @Test("presigned URLs verify, with and without a session token", arguments: services, regions)
    func presignedRoundTrip(service: String, region: String) throws {
        for token in [nil, VerificationFixture.sessionToken] {
            let request = try VerificationFixture.presigned(sessionToken: token, region: region, service: service, expires: 900)
            let verifier = SigV4Verifier(service: service, regions: [region])
            let info = try verifier.verify(
                request, secretAccessKey: VerificationFixture.secret, sessionToken: token,
                now: VerificationFixture.date.addingTimeInterval(899)
            )
            #expect(info.isPresigned)
            #expect(info.expires == 900)
            #expect(info.signedHeaders == ["host", "x-k8s-aws-id"])
            #expect(info.sessionToken == token)
            #expect(info.credentialScope == "20240102/\(region)/\(service)/aws4_request")
        }
    }

    @Test("the two-step API: parse, prevalidate, look up, verify")
    func twoStepAPI() throws {
        let request = VerificationFixture.headerSigned(sessionToken: VerificationFixture.sessionToken)
        let verifier = SigV4Verifier(service: "sts", keyCache: SigningKeyCache())
        let now = VerificationFixture.date.addingTimeInterval(5)
        let info = try verifier.parse(request)
        try verifier.prevalidate(info, now: now)
        let credentials = AWSCredentials(
            accessKeyID: info.accessKeyID, secretAccessKey: VerificationFixture.secret,
            sessionToken: VerificationFixture.sessionToken, expiration: now.addingTimeInterval(3600)
        )
        try verifier.verify(request, info, credentials: credentials, now: now)
        #expect(!info.description.contains(VerificationFixture.sessionToken))
    }

    @Test("Authorization spacing variants the SDKs send all verify")
    func authorizationSpacingVariants() throws {
        let signed = VerificationFixture.headerSigned()
        let original = try #require(signed.header("Authorization"))
        let fields = original.dropFirst("AWS4-HMAC-SHA256 ".count).components(separatedBy: ", ")
        let variants = [
            "AWS4-HMAC-SHA256 " + fields.joined(separator: ", "),
            "AWS4-HMAC-SHA256 " + fields.joined(separator: ","),
            "AWS4-HMAC-SHA256 " + fields.joined(separator: " "),
            "AWS4-HMAC-SHA256  " + fields.joined(separator: " ,  "),
            "  AWS4-HMAC-SHA256\t" + fields.joined(separator: ",\t") + "  ",
            "AWS4-HMAC-SHA256 " + fields.reversed().joined(separator: ", "),
        ]
        for variant in variants {
            var request = signed
            request.setHeader("authorization", variant)
            try SigV4Verifier().verify(request, secretAccessKey: VerificationFixture.secret, now: VerificationFixture.date)
        }
    }

    @Test("a request dated by the Date header verifies")
    func dateHeader() throws {
        var request = VerificationFixture.stsPost()
        request.setHeader("Date", "Tue, 02 Jan 2024 03:04:05 GMT")
        let headers = CanonicalRequest.headersToSign(request, only: ["date", "host"])
        let canonical = CanonicalRequest.text(
            method: "POST", path: "/", query: [], headers: headers, payloadHash: CanonicalRequest.hexSHA256(request.body)
        )
        let scope = "20240102/us-east-1/sts/aws4_request"
        let signature = SigningKey(secretAccessKey: VerificationFixture.secret, dateStamp: "20240102", region: "us-east-1", service: "sts")
            .signature(for: CanonicalRequest.stringToSign(canonicalRequest: canonical, timestamp: "20240102T030405Z", scope: scope))
        request.setHeader(
            "Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\(scope), SignedHeaders=date;host, Signature=\(signature)"
        )
        let info = try SigV4Verifier().verify(request, secretAccessKey: VerificationFixture.secret, now: VerificationFixture.date)
        #expect(info.timestamp.amzDate == "20240102T030405Z")
    }

    @Test("x-amz-content-sha256: the body's hash, and UNSIGNED-PAYLOAD where allowed")
    func contentSHA256() throws {
        var hashed = VerificationFixture.stsPost()
        hashed.setHeader("X-Amz-Content-SHA256", CanonicalRequest.hexSHA256(hashed.body))
        let signedHashed = VerificationFixture.signer().signHeaders(hashed, date: VerificationFixture.date)
        try SigV4Verifier().verify(signedHashed, secretAccessKey: VerificationFixture.secret, now: VerificationFixture.date)

        var unsigned = VerificationFixture.stsPost()
        unsigned.setHeader("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD")
        let signedUnsigned = VerificationFixture.signer().signHeaders(unsigned, date: VerificationFixture.date, unsignedPayload: true)
        try SigV4Verifier(allowsUnsignedPayload: true)
            .verify(signedUnsigned, secretAccessKey: VerificationFixture.secret, now: VerificationFixture.date)
    }

    @Test("time windows: ±15 minutes for headers, X-Amz-Expires or the maximum age for presigned URLs")
    func timeWindowBoundaries() throws {
        let date = VerificationFixture.date
        let header = VerificationFixture.headerSigned()
        for offset in [-900.0, 0, 900] {
            try SigV4Verifier().verify(header, secretAccessKey: VerificationFixture.secret, now: date.addingTimeInterval(offset))
        }
        let presigned = try VerificationFixture.presigned(expires: 60)
        try SigV4Verifier().verify(presigned, secretAccessKey: VerificationFixture.secret, now: date.addingTimeInterval(60))
        try SigV4Verifier().verify(presigned, secretAccessKey: VerificationFixture.secret, now: date.addingTimeInterval(-900))
        let sts = SigV4Verifier(maximumPresignedAge: SigV4Verifier.stsPresignedAge)
        try sts.verify(presigned, secretAccessKey: VerificationFixture.secret, now: date.addingTimeInterval(900))
    }

    @Test("the AWS test-suite requests verify", arguments: try AWS4TestCase.all())
    func awsTestSuiteVerifies(_ vector: AWS4TestCase) throws {
        var request = vector.request
        request.setHeader("Authorization", vector.authorization)
        if let token = vector.sessionToken { request.setHeader("X-Amz-Security-Token", token) }
        try SigV4Verifier(service: "service", regions: ["us-east-1"]).verify(
            request, secretAccessKey: VerificationFixture.secret, sessionToken: vector.sessionToken, now: AWS4TestSuiteTests.date
        )
    }

    @Test("the STS-token test-suite requests verify as sent (token signed, and added after signing)")
    func awsTestSuiteSessionTokens() throws {
        let token = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
        for name in ["post-sts-header-before", "post-sts-header-after"] {
            let file = AWS4TestCase.directory.appendingPathComponent("post-sts-token/\(name)/\(name).sreq")
            let raw = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\r", with: "")
            let request = try AWS4TestCase.parse(raw: raw)
            let info = try SigV4Verifier().verify(
                request, secretAccessKey: VerificationFixture.secret, sessionToken: token, now: AWS4TestSuiteTests.date
            )
            #expect(info.sessionToken == token)
            #expect(VerificationFixture.failure {
                try SigV4Verifier().verify(request, secretAccessKey: VerificationFixture.secret, now: AWS4TestSuiteTests.date)
            }?.code == .invalidClientTokenId)
        }
    }

    @Test("a query with '+' is read as AWS reads it: a space")
    func receivedQueryPlusIsSpace() throws {
        let request = try SigV4Request(method: "GET", receivedURL: "https://h.example/?a=x+y&b=1%2B2&c+d=")
        #expect(request.query == [QueryItem("a", "x y"), QueryItem("b", "1+2"), QueryItem("c d", "")])
        #expect(SigV4Request.parseReceivedQuery("k=a+b") == [QueryItem("k", "a b")])
    }
}
