import Foundation
import SigV4
import Testing

/// One case of the AWS Signature Version 4 Test Suite: a raw request and the canonical request,
/// string to sign and Authorization header AWS expects for it.
struct AWS4TestCase: CustomStringConvertible, Sendable {
    let name: String
    let request: SigV4Request
    let canonicalRequest: String
    let stringToSign: String
    let authorization: String
    let sessionToken: String?

    var description: String { name }

    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Vectors/aws4_testsuite")

    static func all() throws -> [AWS4TestCase] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)!
        var cases: [AWS4TestCase] = []
        for case let url as URL in enumerator where url.pathExtension == "req" {
            cases.append(try AWS4TestCase(requestFile: url))
        }
        return cases.sorted { $0.name < $1.name }
    }

    init(requestFile: URL) throws {
        let base = requestFile.deletingPathExtension()
        name = base.path.replacingOccurrences(of: Self.directory.path + "/", with: "")
        func read(_ ext: String) throws -> String {
            try String(contentsOf: base.appendingPathExtension(ext), encoding: .utf8).replacingOccurrences(of: "\r", with: "")
        }
        canonicalRequest = try read("creq")
        stringToSign = try read("sts")
        authorization = try read("authz")
        sessionToken = canonicalRequest.split(separator: "\n")
            .first { $0.hasPrefix("x-amz-security-token:") }
            .map { String($0.dropFirst("x-amz-security-token:".count)) }
        request = try Self.parse(raw: read("req"))
    }

    /// Parses `METHOD PATH HTTP/1.1`, header lines (a line starting with white space continues the
    /// previous value), a blank line, and the body.
    static func parse(raw: String) throws -> SigV4Request {
        var lines = raw.components(separatedBy: "\n")[...]
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        let target = requestLine.dropFirst(method.count + 1).dropLast(" HTTP/1.1".count)
        var headers: [HeaderField] = []
        while let line = lines.first, !line.isEmpty {
            lines.removeFirst()
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(HeaderField(String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let body = lines.dropFirst().joined(separator: "\n")
        let host = headers.first { $0.name.lowercased() == "host" }?.value ?? "example.amazonaws.com"
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return SigV4Request(
            method: method,
            authority: host,
            path: String(path[0]),
            query: path.count > 1 ? SigV4Request.parseQuery(path[1]) : [],
            headers: headers,
            body: Array(body.utf8)
        )
    }
}

@Suite("AWS Signature Version 4 Test Suite")
struct AWS4TestSuiteTests {
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    @Test("the suite has its 34 cases")
    func suiteIsComplete() throws {
        #expect(try AWS4TestCase.all().count == 34)
    }

    @Test("canonical request, string to sign and Authorization match", arguments: try AWS4TestCase.all())
    func vector(_ vector: AWS4TestCase) throws {
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: "AKIDEXAMPLE",
                secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                sessionToken: vector.sessionToken
            ),
            region: "us-east-1",
            service: "service"
        )
        let signed = signer.signHeaders(vector.request, date: Self.date)
        let headers = CanonicalRequest.headersToSign(signed)
        let canonical = CanonicalRequest.text(
            method: signed.method, path: signed.path, query: signed.query, headers: headers,
            payloadHash: CanonicalRequest.hexSHA256(signed.body)
        )
        #expect(canonical == vector.canonicalRequest)
        let stringToSign = CanonicalRequest.stringToSign(
            canonicalRequest: canonical, timestamp: "20150830T123600Z", scope: "20150830/us-east-1/service/aws4_request"
        )
        #expect(stringToSign == vector.stringToSign)
        #expect(signed.header("Authorization") == vector.authorization)
    }
}
