import Foundation
import SigV4
import Testing

/// A small deterministic random source (SplitMix64), so every run signs the same requests.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One randomized request and how to sign it.
struct RandomSigningCase: Codable {
    var method: String
    var base: String
    var path: String
    var query: [[String]]
    var headers: [[String]]
    var body: String
    var accessKey: String
    var secretKey: String
    var sessionToken: String?
    var region: String
    var service: String
    var amzDate: String
    var mode: String
    var expires: Int

    static func make(_ random: inout SeededRandom, presign: Bool) -> RandomSigningCase {
        let pathAtoms = ["a", "b", "Docs", "é", "ü", "日本", "🚀", " ", "%2F", "%", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", ":",
                         "@", "-", "_", ".", "~", "..", ".", "x y", "caf\u{e9}", "%E1%88%B4", "[", "]", "\"", "<", ">", "^", "`", "{", "|", "}"]
        let textAtoms = ["v", "Value", "ሴ", "é", " ", "  ", "+", "=", "&", "/", "%", "%20", "~", "-", "_", ".", "*", "'", "!", "(", ")",
                         "🚀", "a b", ":", ",", ";", "@", "$", "?", "#", "[", "]", "0", "9"]
        func pick<T>(_ list: [T]) -> T { list[Int(random.next() % UInt64(list.count))] }
        func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
        func text(max: Int) -> String {
            (0..<Int(random.next() % UInt64(max + 1))).map { _ in pick(textAtoms) }.joined()
        }
        var path = ""
        for _ in 0..<Int(1 + random.next() % 4) {
            path += "/" + (0..<Int(random.next() % 3)).map { _ in pick(pathAtoms) }.joined()
            if chance(10) { path += "/" }
        }
        if chance(30) { path += "/" }
        var query: [[String]] = []
        let names = ["Action", "Version", "a", "B", "b", "x-y", "ሴ", "na me", "k=v", "%41", "", "&", "Z"]
        for _ in 0..<Int(random.next() % 6) {
            let name = chance(70) ? pick(names) : text(max: 3)
            query.append([name, text(max: 4)])
            if chance(15) { query.append([name, text(max: 2)]) }
        }
        var headers: [[String]] = []
        let headerNames = ["X-Custom", "x-custom", "My-Header", "Content-Type", "X-Amz-Meta-a", "Accept", "x-k8s-aws-id", "ZZ-Last", "a"]
        let valueAtoms = ["v", "a  b", " lead", "trail ", "\tx\t", "1", "x   y    z", "a,b", "text/plain; charset=utf-8", "  ", "="]
        for _ in 0..<Int(random.next() % 5) {
            headers.append([pick(headerNames), (0..<Int(1 + random.next() % 3)).map { _ in pick(valueAtoms) }.joined()])
        }
        let method = presign ? "GET" : pick(["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"])
        var body: [UInt8] = []
        if !presign, method != "GET", chance(70) {
            body = (0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        }
        let seconds = 1_400_000_000 + Int(random.next() % 500_000_000)
        return RandomSigningCase(
            method: method,
            base: pick(["https://example.amazonaws.com", "https://sts.us-east-1.amazonaws.com", "http://127.0.0.1:5000",
                        "https://Host.Example.COM:8443", "http://localhost", "https://eks.cn-north-1.amazonaws.com.cn"]),
            path: path,
            query: query,
            headers: headers,
            body: Data(body).base64EncodedString(),
            accessKey: pick(["AKIDEXAMPLE", "AKIAIOSFODNN7EXAMPLE", "ASIAXAMPLE0000000000"]),
            secretKey: pick(["wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "secret", "a/b+c=d"]),
            sessionToken: chance(35) ? pick(["FQoGZXIvYXdzEXAMPLE", "IQoJb3JpZ2luX2VjE///+/==", "tok en"]) : nil,
            region: pick(["us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1", "ap-southeast-5"]),
            service: pick(["sts", "eks", "service", "iam", "execute-api"]),
            amzDate: SigV4Timestamp(Date(timeIntervalSince1970: TimeInterval(seconds))).amzDate,
            mode: presign ? "presign" : "header",
            expires: pick([0, 60, 900, 3600, 604_800])
        )
    }

    func signWithSwift() throws -> String {
        let base = try SigV4Request(method: method, url: self.base)
        let request = SigV4Request(
            method: method, scheme: base.scheme, authority: base.authority, path: path,
            query: query.map { QueryItem($0[0], $0[1]) }, headers: headers.map { HeaderField($0[0], $0[1]) },
            body: Array(Data(base64Encoded: body)!)
        )
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: accessKey, secretAccessKey: secretKey, sessionToken: sessionToken),
            region: region, service: service
        )
        let date = SigV4Timestamp(amzDate: amzDate)!.date
        if mode == "presign" {
            return signer.presignedURL(request, expires: expires, date: date)
        }
        return signer.signHeaders(request, date: date).header("Authorization") ?? ""
    }
}

@Suite("SigV4 against botocore")
struct BotocoreDifferentialTests {
    @Test("260 randomized requests sign exactly as botocore signs them")
    func randomizedRequestsMatchBotocore() throws {
        var random = SeededRandom(state: 20_261_123)
        let cases = (0..<260).map { RandomSigningCase.make(&random, presign: $0 % 2 == 1) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("botocore_sign.py")
        let data = try runPython([script.path], input: try JSONEncoder().encode(cases))
        let expected = try JSONDecoder().decode([String].self, from: data)
        try #require(expected.count == cases.count)
        var mismatches = 0
        for (index, signingCase) in cases.enumerated() {
            let actual = try signingCase.signWithSwift()
            if actual != expected[index] {
                mismatches += 1
                Issue.record("case \(index) (\(signingCase.mode) \(signingCase.method) \(signingCase.path)):\n swift:    \(actual)\n botocore: \(expected[index])")
            }
        }
        #expect(mismatches == 0)
        #expect(cases.filter { $0.mode == "presign" }.count >= 100)
        #expect(cases.filter { $0.sessionToken != nil }.count >= 50)
    }
}
