import Foundation
import SigV4
import Testing

/// A request signed by botocore, as it would arrive at a server.
struct BotocoreSignedRequest: Decodable {
    var url: String
    var headers: [[String]]
    var body: String
}

@Suite("SigV4 verification against botocore")
struct VerificationBotocoreTests {
    /// Signs each case with botocore (`SigV4Auth` in the header, `SigV4QueryAuth` as a presigned URL)
    /// and prints what goes on the wire: the URL as botocore prepares it (query of header-signed
    /// requests encoded with `urlencode`, so a space is `+`), every header line, and the body.
    static let script = #"""
        import base64, datetime, json, sys
        import botocore.auth
        from botocore.auth import SigV4Auth, SigV4QueryAuth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        out = []
        for case in json.load(sys.stdin):
            signed_at = datetime.datetime.strptime(case["amzDate"], "%Y%m%dT%H%M%SZ")
            botocore.auth.get_current_datetime = lambda remove_tzinfo=True, t=signed_at: t
            request = AWSRequest(method=case["method"], url=case["base"] + case["path"],
                                 params=[tuple(p) for p in case["query"]], data=base64.b64decode(case["body"]))
            for name, value in case["headers"]:
                request.headers[name] = value
            credentials = Credentials(case["accessKey"], case["secretKey"], case.get("sessionToken"))
            if case["mode"] == "header":
                SigV4Auth(credentials, case["service"], case["region"]).add_auth(request)
            else:
                SigV4QueryAuth(credentials, case["service"], case["region"], expires=case["expires"]).add_auth(request)
            prepared = request.prepare()
            headers = [[k, v] for k, v in request.headers.items()]
            if "Content-Length" in prepared.headers and "Content-Length" not in request.headers:
                headers.append(["Content-Length", prepared.headers["Content-Length"]])
            body = prepared.body or b""
            if isinstance(body, str):
                body = body.encode("utf-8")
            out.append({"url": prepared.url, "headers": headers, "body": base64.b64encode(body).decode()})
        json.dump(out, sys.stdout)
        """#

    static func signWithBotocore(_ cases: [RandomSigningCase]) throws -> [BotocoreSignedRequest] {
        let data = try runPython(["-c", script], input: try JSONEncoder().encode(cases))
        return try JSONDecoder().decode([BotocoreSignedRequest].self, from: data)
    }

    /// 120 randomized cases, half presigned; a few header-signed ones declare their payload hash.
    static func cases() -> [RandomSigningCase] {
        var random = SeededRandom(state: 20_240_102)
        let expiries = [1, 60, 900, 3600, 604_800]
        return (0..<120).map { index in
            var signingCase = RandomSigningCase.make(&random, presign: index % 2 == 1)
            signingCase.expires = expiries[Int(random.next() % UInt64(expiries.count))]
            if signingCase.mode == "header", index % 10 == 4 {
                signingCase.headers.append(["X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"])
            } else if signingCase.mode == "header", index % 10 == 8 {
                let body = Array(Data(base64Encoded: signingCase.body)!)
                signingCase.headers.append(["X-Amz-Content-SHA256", CanonicalRequest.hexSHA256(body)])
            }
            return signingCase
        }
    }

    @Test("requests signed by botocore verify; a mutated copy of each does not")
    func botocoreSignedRequestsVerify() throws {
        let cases = Self.cases()
        let signed = try Self.signWithBotocore(cases)
        try #require(signed.count == cases.count)
        let cache = SigningKeyCache()
        var mutationsSeen = Set<String>()
        for (index, (signingCase, wire)) in zip(cases, signed).enumerated() {
            let request = try SigV4Request(
                method: signingCase.method, receivedURL: wire.url,
                headers: wire.headers.map { HeaderField($0[0], $0[1]) },
                body: Array(try #require(Data(base64Encoded: wire.body)))
            )
            let verifier = SigV4Verifier(
                service: signingCase.service, regions: [signingCase.region], allowsUnsignedPayload: true, keyCache: cache
            )
            let signedAt = try #require(SigV4Timestamp(amzDate: signingCase.amzDate)).date
            let now = signingCase.mode == "presign"
                ? signedAt.addingTimeInterval(TimeInterval(signingCase.expires / 2)) : signedAt.addingTimeInterval(42)
            do {
                let info = try verifier.verify(
                    request, secretAccessKey: signingCase.secretKey, sessionToken: signingCase.sessionToken, now: now
                )
                #expect(info.isPresigned == (signingCase.mode == "presign"))
                #expect(info.accessKeyID == signingCase.accessKey)
            } catch {
                Issue.record("case \(index) (\(signingCase.mode) \(signingCase.method) \(wire.url)) does not verify: \(error)")
                continue
            }

            let (mutation, mutated, secret) = Self.mutate(request, signingCase, kind: index)
            mutationsSeen.insert(mutation)
            let error = VerificationFixture.failure {
                try verifier.verify(mutated, secretAccessKey: secret, sessionToken: signingCase.sessionToken, now: now)
            }
            #expect(
                error?.code == .signatureDoesNotMatch || error?.code == .contentSHA256Mismatch,
                "case \(index): \(mutation) of \(wire.url) gave \(String(describing: error))"
            )
        }
        #expect(mutationsSeen.count == 7)
        #expect(cases.filter { $0.sessionToken != nil }.count >= 20)
        #expect(cache.count > 0)
    }

    /// A copy of `request` changed in one way the signature covers.
    static func mutate(_ request: SigV4Request, _ signingCase: RandomSigningCase, kind: Int) -> (String, SigV4Request, String) {
        var copy = request
        let unsignedPayload = signingCase.headers.contains { $0 == ["X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"] }
        switch kind % 7 {
        case 0:
            if let index = copy.query.firstIndex(where: { $0.name == "X-Amz-Signature" }) {
                copy.query[index].value = Tamper.flipLastCharacter(copy.query[index].value)
            } else {
                copy.setHeader("Authorization", Tamper.flipLastCharacter(copy.header("Authorization")!))
            }
            return ("signature", copy, signingCase.secretKey)
        case 1 where !unsignedPayload:
            copy.body.append(0x21)
            return ("body", copy, signingCase.secretKey)
        case 1, 2:
            copy.query.append(QueryItem("Mutated", "1"))
            return ("query", copy, signingCase.secretKey)
        case 3:
            copy.setHeader("Host", "evil.example.com")
            return ("host", copy, signingCase.secretKey)
        case 4:
            copy.path += "x"
            return ("path", copy, signingCase.secretKey)
        case 5:
            copy.method = copy.method == "GET" ? "POST" : "GET"
            return ("method", copy, signingCase.secretKey)
        default:
            return ("secret", copy, signingCase.secretKey + "x")
        }
    }
}
