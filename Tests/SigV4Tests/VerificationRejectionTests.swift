import Foundation
import SigV4
import Testing

/// One way to break a signed request, and what the verifier must answer.
struct RejectionCase: CustomStringConvertible, Sendable {
    let description: String
    let code: SigV4VerificationError.Code
    /// A part of the expected message, when it matters.
    let message: String?
    let request: @Sendable () throws -> SigV4Request
    var verifier = SigV4Verifier()
    var secret = VerificationFixture.secret
    var sessionToken: String?
    var now = VerificationFixture.date

    init(
        _ description: String,
        _ code: SigV4VerificationError.Code,
        message: String? = nil,
        verifier: SigV4Verifier = SigV4Verifier(),
        secret: String = VerificationFixture.secret,
        sessionToken: String? = nil,
        now: Date = VerificationFixture.date,
        request: @escaping @Sendable () throws -> SigV4Request
    ) {
        self.description = description
        self.code = code
        self.message = message
        self.request = request
        self.verifier = verifier
        self.secret = secret
        self.sessionToken = sessionToken
        self.now = now
    }
}

/// Helpers that take a signed request apart.
enum Tamper {
    static func authorization(_ request: SigV4Request, _ change: (String) -> String) -> SigV4Request {
        var copy = request
        copy.setHeader("Authorization", change(request.header("Authorization") ?? ""))
        return copy
    }

    static func query(_ request: SigV4Request, _ change: (inout [QueryItem]) -> Void) -> SigV4Request {
        var copy = request
        change(&copy.query)
        return copy
    }

    static func replaceQuery(_ request: SigV4Request, _ name: String, _ value: String) -> SigV4Request {
        query(request) { items in
            for index in items.indices where items[index].name == name { items[index].value = value }
        }
    }

    static func flipLastCharacter(_ text: String) -> String {
        String(text.dropLast()) + (text.last == "0" ? "1" : "0")
    }
}

@Suite("SigV4 verification: every rejection")
struct VerificationRejectionTests {
    static let header = VerificationFixture.headerSigned()
    static let date = VerificationFixture.date

    static let cases: [RejectionCase] = [
        // No or garbled signature.
        RejectionCase("no signature at all", .missingAuthenticationToken, message: "Request is missing Authentication Token") {
            VerificationFixture.stsPost()
        },
        RejectionCase("tampered signature", .signatureDoesNotMatch, message: "does not match the signature you provided") {
            Tamper.authorization(header, Tamper.flipLastCharacter)
        },
        RejectionCase("signature in upper-case hex", .signatureDoesNotMatch) {
            Tamper.authorization(header) { value in
                let range = value.range(of: "Signature=")!
                return String(value[..<range.upperBound]) + value[range.upperBound...].uppercased()
            }
        },
        RejectionCase("wrong secret", .signatureDoesNotMatch, secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEz") { header },
        RejectionCase("tampered body", .signatureDoesNotMatch) {
            var copy = header
            copy.body = Array("Action=GetCallerIdentity&Version=2011-06-16".utf8)
            return copy
        },
        RejectionCase("tampered signed header value", .signatureDoesNotMatch) {
            var copy = header
            copy.setHeader("Content-Type", "application/json")
            return copy
        },
        RejectionCase("a second line of a signed header", .signatureDoesNotMatch) {
            var copy = header
            copy.headers.append(HeaderField("content-type", "text/plain"))
            return copy
        },
        RejectionCase("another host", .signatureDoesNotMatch) {
            var copy = header
            copy.setHeader("Host", "sts.eu-west-1.amazonaws.com")
            return copy
        },
        RejectionCase("added query parameter", .signatureDoesNotMatch) {
            Tamper.query(header) { $0.append(QueryItem("Action", "AssumeRole")) }
        },
        RejectionCase("other method", .signatureDoesNotMatch) {
            var copy = header
            copy.method = "PUT"
            return copy
        },
        RejectionCase("other path", .signatureDoesNotMatch) {
            var copy = header
            copy.path = "/admin"
            return copy
        },
        RejectionCase("missing signed header", .signatureDoesNotMatch, message: "'content-type'") {
            var copy = header
            copy.removeHeaders(named: "Content-Type")
            return copy
        },
        RejectionCase("host not signed", .incompleteSignature, message: "'Host' or ':authority' must be a 'SignedHeader'") {
            Tamper.authorization(header) { $0.replacingOccurrences(of: "SignedHeaders=content-type;host;x-amz-date", with: "SignedHeaders=content-type;x-amz-date") }
        },
        RejectionCase("signed headers not sorted", .incompleteSignature, message: "SignedHeaders") {
            Tamper.authorization(header) { $0.replacingOccurrences(of: "content-type;host;x-amz-date", with: "host;content-type;x-amz-date") }
        },
        RejectionCase("signed headers in upper case", .incompleteSignature, message: "SignedHeaders") {
            Tamper.authorization(header) { $0.replacingOccurrences(of: "content-type;host", with: "content-type;Host") }
        },
        RejectionCase("empty signed header name", .incompleteSignature, message: "SignedHeaders") {
            Tamper.authorization(header) { $0.replacingOccurrences(of: "content-type;host", with: "content-type;;host") }
        },
        RejectionCase("wrong scope date", .signatureDoesNotMatch, message: "Date in Credential scope does not match") {
            Tamper.authorization(header) { $0.replacingOccurrences(of: "/20240102/", with: "/20240101/") }
        },
        RejectionCase("wrong scope terminator", .signatureDoesNotMatch, message: "valid terminator") {
            Tamper.authorization(header) { $0.replacingOccurrences(of: "/aws4_request", with: "/aws5_request") }
        },
        RejectionCase("credential with four parts", .incompleteSignature, message: "exactly 5 slash-delimited") {
            Tamper.authorization(header) { $0.replacingOccurrences(of: "/us-east-1/", with: "/") }
        },
        RejectionCase("credential with an empty region", .incompleteSignature, message: "empty") {
            Tamper.authorization(header) { $0.replacingOccurrences(of: "/us-east-1/", with: "//") }
        },
        RejectionCase("bad algorithm", .incompleteSignature, message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'") {
            Tamper.authorization(header) { $0.replacingOccurrences(of: "AWS4-HMAC-SHA256", with: "AWS4-HMAC-SHA512") }
        },
        RejectionCase("a bearer token instead", .incompleteSignature, message: "'Bearer'") {
            Tamper.authorization(header) { _ in "Bearer k8s-aws-v1.abc" }
        },
        RejectionCase("missing Credential", .incompleteSignature, message: "requires 'Credential'") {
            Tamper.authorization(header) { $0.replacingOccurrences(of: "Credential=AKIDEXAMPLE/20240102/us-east-1/sts/aws4_request, ", with: "") }
        },
        RejectionCase("misspelt Credential", .incompleteSignature, message: "unknown part 'Credentials'") {
            Tamper.authorization(header) { $0.replacingOccurrences(of: "Credential=", with: "Credentials=") }
        },
        RejectionCase("missing Credential value", .incompleteSignature, message: "requires 'Credential'") {
            Tamper.authorization(header) { "AWS4-HMAC-SHA256 Credential=, " + $0.components(separatedBy: ", ").dropFirst().joined(separator: ", ") }
        },
        RejectionCase("missing SignedHeaders", .incompleteSignature, message: "requires 'SignedHeaders'") {
            Tamper.authorization(header) { $0.components(separatedBy: ", ").filter { !$0.hasPrefix("SignedHeaders") }.joined(separator: ", ") }
        },
        RejectionCase("missing Signature", .incompleteSignature, message: "requires 'Signature'") {
            Tamper.authorization(header) { $0.components(separatedBy: ", ").filter { !$0.hasPrefix("Signature") }.joined(separator: ", ") }
        },
        RejectionCase("algorithm only", .incompleteSignature, message: "requires 'Credential'") {
            Tamper.authorization(header) { _ in "AWS4-HMAC-SHA256" }
        },
        RejectionCase("garbled part", .incompleteSignature, message: "Name=value") {
            Tamper.authorization(header) { $0 + ", garbage" }
        },
        RejectionCase("unknown part", .incompleteSignature, message: "unknown part 'Region'") {
            Tamper.authorization(header) { $0 + ", Region=us-east-1" }
        },
        RejectionCase("duplicate Signature", .incompleteSignature, message: "more than once") {
            Tamper.authorization(header) { $0 + ", Signature=00" }
        },
        RejectionCase("two Authorization headers", .incompleteSignature, message: "2 Authorization headers") {
            var copy = header
            copy.headers.append(HeaderField("authorization", header.header("Authorization")!))
            return copy
        },
        RejectionCase("two X-Amz-Date headers", .incompleteSignature, message: "'X-Amz-Date'") {
            var copy = header
            copy.headers.append(HeaderField("x-amz-date", "20240102T030405Z"))
            return copy
        },
        RejectionCase("no date", .incompleteSignature, message: "'X-Amz-Date' or a 'Date' header") {
            var copy = header
            copy.removeHeaders(named: "X-Amz-Date")
            return copy
        },
        RejectionCase("garbled X-Amz-Date", .incompleteSignature, message: "ISO-8601") {
            var copy = header
            copy.setHeader("X-Amz-Date", "2024-01-02T03:04:05Z")
            return copy
        },
        RejectionCase("garbled Date", .incompleteSignature, message: "HTTP date") {
            var copy = header
            copy.removeHeaders(named: "X-Amz-Date")
            copy.setHeader("Date", "yesterday")
            return copy
        },
        RejectionCase("signed in the header and the query", .incompleteSignature, message: "both") {
            Tamper.query(header) { $0.append(QueryItem("X-Amz-Signature", "00")) }
        },
        // Time.
        RejectionCase("header signature too old", .signatureDoesNotMatch, message: "Signature expired: 20240102T030405Z is now earlier than 20240102T030406Z (20240102T031906Z - 15 min.)",
                      now: date.addingTimeInterval(901)) { header },
        RejectionCase("header signature from the future", .signatureDoesNotMatch, message: "Signature not yet current: 20240102T030405Z is still later than 20240102T030404Z (20240102T024904Z + 15 min.)",
                      now: date.addingTimeInterval(-901)) { header },
        RejectionCase("expired presigned URL (X-Amz-Expires)", .accessDenied, message: "Request has expired",
                      now: date.addingTimeInterval(61)) { try VerificationFixture.presigned(expires: 60) },
        RejectionCase("presigned URL past the maximum age", .signatureDoesNotMatch, message: "Signature expired",
                      verifier: SigV4Verifier(maximumPresignedAge: 900), now: date.addingTimeInterval(901)) {
            try VerificationFixture.presigned(expires: 3600)
        },
        RejectionCase("presigned URL from the future", .signatureDoesNotMatch, message: "Signature not yet current",
                      now: date.addingTimeInterval(-901)) { try VerificationFixture.presigned(expires: 3600) },
        // Presigned form.
        RejectionCase("tampered presigned signature", .signatureDoesNotMatch) {
            let request = try VerificationFixture.presigned()
            return Tamper.replaceQuery(request, "X-Amz-Signature", Tamper.flipLastCharacter(request.query.last!.value))
        },
        RejectionCase("tampered X-Amz-Expires", .signatureDoesNotMatch) {
            Tamper.replaceQuery(try VerificationFixture.presigned(), "X-Amz-Expires", "604800")
        },
        RejectionCase("another cluster id", .signatureDoesNotMatch) {
            var request = try VerificationFixture.presigned()
            request.setHeader("x-k8s-aws-id", "other-cluster")
            return request
        },
        RejectionCase("presigned signed header not sent", .signatureDoesNotMatch, message: "'x-k8s-aws-id'") {
            var request = try VerificationFixture.presigned()
            request.removeHeaders(named: "x-k8s-aws-id")
            return request
        },
        RejectionCase("presigned with a body", .signatureDoesNotMatch) {
            var request = try VerificationFixture.presigned()
            request.body = Array("x".utf8)
            return request
        },
        RejectionCase("presigned bad algorithm", .incompleteSignature, message: "Unsupported AWS 'algorithm'") {
            Tamper.replaceQuery(try VerificationFixture.presigned(), "X-Amz-Algorithm", "AWS4-HMAC-SHA1")
        },
        RejectionCase("duplicate X-Amz-Credential", .incompleteSignature, message: "more than once") {
            Tamper.query(try VerificationFixture.presigned()) { $0.insert(QueryItem("X-Amz-Credential", "AKIDEXAMPLE/20240102/us-east-1/sts/aws4_request"), at: 0) }
        },
        RejectionCase("duplicate signature in another case", .incompleteSignature, message: "more than once") {
            Tamper.query(try VerificationFixture.presigned()) { $0.append(QueryItem("x-amz-signature", "00")) }
        },
        RejectionCase("presigned without X-Amz-Date", .incompleteSignature, message: "'X-Amz-Date'") {
            Tamper.query(try VerificationFixture.presigned()) { $0.removeAll { $0.name == "X-Amz-Date" } }
        },
        RejectionCase("presigned without X-Amz-Signature", .incompleteSignature, message: "'X-Amz-Signature'") {
            Tamper.query(try VerificationFixture.presigned()) { $0.removeAll { $0.name == "X-Amz-Signature" } }
        },
        RejectionCase("presigned without X-Amz-SignedHeaders", .incompleteSignature, message: "'X-Amz-SignedHeaders'") {
            Tamper.query(try VerificationFixture.presigned()) { $0.removeAll { $0.name == "X-Amz-SignedHeaders" } }
        },
        RejectionCase("presigned without X-Amz-Algorithm", .incompleteSignature, message: "'X-Amz-Algorithm'") {
            Tamper.query(try VerificationFixture.presigned()) { $0.removeAll { $0.name == "X-Amz-Algorithm" } }
        },
        RejectionCase("presigned without X-Amz-Expires", .incompleteSignature, message: "'X-Amz-Expires'") {
            Tamper.query(try VerificationFixture.presigned()) { $0.removeAll { $0.name == "X-Amz-Expires" } }
        },
        RejectionCase("X-Amz-Expires of 0", .incompleteSignature, message: "X-Amz-Expires") {
            Tamper.replaceQuery(try VerificationFixture.presigned(), "X-Amz-Expires", "0")
        },
        RejectionCase("X-Amz-Expires over 7 days", .incompleteSignature, message: "X-Amz-Expires") {
            Tamper.replaceQuery(try VerificationFixture.presigned(), "X-Amz-Expires", "604801")
        },
        RejectionCase("X-Amz-Expires not a number", .incompleteSignature, message: "X-Amz-Expires") {
            Tamper.replaceQuery(try VerificationFixture.presigned(), "X-Amz-Expires", "+60")
        },
        RejectionCase("presigned host not signed", .incompleteSignature, message: "'Host'") {
            Tamper.replaceQuery(try VerificationFixture.presigned(), "X-Amz-SignedHeaders", "x-k8s-aws-id")
        },
        // Scope expectations.
        RejectionCase("scope of another service", .signatureDoesNotMatch, message: "correct service: 'sts'",
                      verifier: SigV4Verifier(service: "sts")) {
            VerificationFixture.headerSigned(service: "iam")
        },
        RejectionCase("scope of another region", .signatureDoesNotMatch, message: "valid region, not 'eu-west-1'",
                      verifier: SigV4Verifier(regions: ["us-east-1"])) {
            VerificationFixture.headerSigned(region: "eu-west-1")
        },
        // Session tokens.
        RejectionCase("temporary credentials without their token", .invalidClientTokenId, sessionToken: VerificationFixture.sessionToken) {
            header
        },
        RejectionCase("a token with long-term credentials", .invalidClientTokenId) {
            VerificationFixture.headerSigned(sessionToken: VerificationFixture.sessionToken)
        },
        RejectionCase("another token", .invalidClientTokenId, sessionToken: VerificationFixture.sessionToken + "x") {
            VerificationFixture.headerSigned(sessionToken: VerificationFixture.sessionToken)
        },
        RejectionCase("presigned with another token", .invalidClientTokenId, sessionToken: "other") {
            try VerificationFixture.presigned(sessionToken: VerificationFixture.sessionToken)
        },
        RejectionCase("two session token headers", .incompleteSignature, message: "'X-Amz-Security-Token'") {
            var copy = VerificationFixture.headerSigned(sessionToken: VerificationFixture.sessionToken)
            copy.headers.append(HeaderField("X-Amz-Security-Token", "other"))
            return copy
        },
        // Payload hash.
        RejectionCase("x-amz-content-sha256 not the body's", .contentSHA256Mismatch) {
            var request = VerificationFixture.stsPost()
            request.setHeader("X-Amz-Content-SHA256", CanonicalRequest.hexSHA256(request.body))
            var signed = VerificationFixture.signer().signHeaders(request, date: date)
            signed.body = Array("Action=AssumeRole".utf8)
            return signed
        },
        RejectionCase("UNSIGNED-PAYLOAD where not allowed", .incompleteSignature, message: "UNSIGNED-PAYLOAD") {
            var request = VerificationFixture.stsPost()
            request.setHeader("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD")
            return VerificationFixture.signer().signHeaders(request, date: date, unsignedPayload: true)
        },
        RejectionCase("x-amz-content-sha256 garbled", .incompleteSignature, message: "x-amz-content-sha256") {
            var request = VerificationFixture.stsPost()
            request.setHeader("X-Amz-Content-SHA256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
            return VerificationFixture.signer().signHeaders(request, date: date)
        },
    ]

    @Test("is rejected with the right code", arguments: cases)
    func rejected(_ rejection: RejectionCase) throws {
        let request = try rejection.request()
        let error = try #require(VerificationFixture.failure {
            try rejection.verifier.verify(request, secretAccessKey: rejection.secret, sessionToken: rejection.sessionToken, now: rejection.now)
        })
        #expect(error.code == rejection.code, "\(error)")
        if let message = rejection.message {
            #expect(error.message.contains(message), "\(error.message)")
        }
        #expect(error.httpStatus == rejection.code.httpStatus)
        for secret in [VerificationFixture.secret, VerificationFixture.sessionToken, rejection.secret] {
            #expect(!error.message.contains(secret))
            #expect(!error.description.contains(secret))
        }
    }

    @Test("unknown keys, expired temporary credentials and a key id that is not the request's")
    func credentialFailures() throws {
        let date = Self.date
        let request = VerificationFixture.headerSigned(sessionToken: VerificationFixture.sessionToken)
        let verifier = SigV4Verifier()
        let info = try verifier.parse(request)
        let expired = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: VerificationFixture.secret, sessionToken: VerificationFixture.sessionToken,
            expiration: date.addingTimeInterval(10)
        )
        #expect(VerificationFixture.failure { try verifier.verify(request, info, credentials: expired, now: date.addingTimeInterval(10)) }?.code == .expiredToken)
        try verifier.verify(request, info, credentials: expired, now: date.addingTimeInterval(9))
        var other = expired
        other.accessKeyID = "AKIDOTHER"
        #expect(VerificationFixture.failure { try verifier.verify(request, info, credentials: other, now: date) }?.code == .invalidClientTokenId)
    }

    @Test("the scope is enforced even for a description read by the bare parser")
    func scopeEnforcedInVerify() throws {
        let request = VerificationFixture.headerSigned(service: "iam")
        let info = try SignedRequestParser.parse(request)
        let credentials = AWSCredentials(accessKeyID: info.accessKeyID, secretAccessKey: VerificationFixture.secret)
        let error = VerificationFixture.failure {
            try SigV4Verifier(service: "sts").verify(request, info, credentials: credentials, now: Self.date)
        }
        #expect(error?.code == .signatureDoesNotMatch)
        try SigV4Verifier(service: "iam").verify(request, info, credentials: credentials, now: Self.date)
    }

    @Test("codes, statuses and JSON-protocol names")
    func codesAndStatuses() {
        let expected: [(SigV4VerificationError, String, Int, String)] = [
            (.missingAuthenticationToken(), "MissingAuthenticationToken", 403, "MissingAuthenticationTokenException"),
            (.incompleteSignature("x"), "IncompleteSignature", 400, "IncompleteSignatureException"),
            (.signatureDoesNotMatch(), "SignatureDoesNotMatch", 403, "InvalidSignatureException"),
            (.invalidClientTokenId(), "InvalidClientTokenId", 403, "UnrecognizedClientException"),
            (.expiredToken(), "ExpiredToken", 403, "ExpiredTokenException"),
            (.requestExpired(validUntil: "a", now: "b"), "AccessDenied", 403, "AccessDeniedException"),
            (.contentSHA256Mismatch(), "XAmzContentSHA256Mismatch", 400, "XAmzContentSHA256Mismatch"),
        ]
        for (error, code, status, json) in expected {
            #expect(error.awsCode == code)
            #expect(error.httpStatus == status)
            #expect(error.code.jsonCode == json)
            #expect(error.errorType == "Sender")
            #expect(error.description.hasPrefix(code + ": "))
        }
        #expect(SigV4VerificationError.invalidClientTokenId().message == "The security token included in the request is invalid.")
        #expect(SigV4VerificationError.expiredToken().message == "The security token included in the request is expired")
        #expect(expected.count == SigV4VerificationError.Code.allCases.count)
    }
}
