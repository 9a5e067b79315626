@testable import EKSAuthServer
import Foundation
import Testing

/// The TokenReview reader on the authenticator's hot path must accept and refuse what a strict JSON
/// parser (Go's encoding/json, as aws-iam-authenticator uses) does, and read the same values; the
/// oracle is Python's json module run strictly (`token_review_oracle.py`).
@Suite("TokenReview reader")
struct TokenReviewReaderTests {
    /// How the oracle reads each body.
    static func oracle(_ bodies: [[UInt8]]) throws -> [TokenReviewRequest?] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("token_review_oracle.py").path
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("token-review-oracle-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: input) }
        let hex = bodies.map { $0.map { String(format: "%02x", $0) }.joined() }.joined(separator: "\n") + "\n"
        try hex.write(to: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        process.standardInput = try FileHandle(forReadingFrom: input)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        try #require(lines.count == bodies.count, "the oracle answered \(lines.count) of \(bodies.count)")
        return lines.map { line in
            guard line != "ERR", let array = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], array.count == 4 else { return nil }
            return TokenReviewRequest(
                apiVersion: array[0] as? String, kind: array[1] as? String,
                spec: (array[2] as? Bool) == true ? .init(token: array[3] as? String) : nil)
        }
    }

    @Test("what kube-apiserver sends, v1 and v1beta1")
    func apiServerBodies() {
        for version in ["v1", "v1beta1"] {
            let body = #"{"kind":"TokenReview","apiVersion":"authentication.k8s.io/\#(version)","metadata":{"creationTimestamp":null},"spec":{"token":"k8s-aws-v1.abc_-","audiences":["https://kubernetes.default.svc"]},"status":{"user":{}}}"#
            let review = TokenReviewReader.read(Array(body.utf8))
            #expect(review == TokenReviewRequest(apiVersion: "authentication.k8s.io/\(version)", kind: "TokenReview", spec: .init(token: "k8s-aws-v1.abc_-")))
        }
    }

    static let cases = [
        #"{"spec":{"token":"a\"b\\c\/d\n\u00e9\ud83d\ude00"}}"#,
        #"{"apiVersion":null,"kind":null,"spec":null}"#,
        #"  {"x":[1,-2.5e+3,0.1,true,false,null,{"y":[[]]}],"spec":{"token":null,"z":{}}}  "#,
        #"{}"#,
        #"{"spec":{"token":"a"},"spec":{"token":"b"}}"#,
        #"{"spec":{"token":5}}"#, #"{"kind":["TokenReview"]}"#, #"{"spec":"token"}"#, #"[]"#, #""x""#, #"{"a":01}"#, #"{"a":1.}"#,
        #"{"a":-}"#, #"{"a":tru}"#, #"{"a":1}x"#, #"{"a" 1}"#, #"{"a":1,}"#, #"{,}"#, #"{"a":"\x"}"#, #"{"a":"\ud800"}"#,
        #"{"a":"\u12"}"#, "{\"a\":\"\u{01}\"}", #"{"spec":{"token":"k"}"#, "", #"{"a":NaN}"#, #"{"spec":{"token":"\ud800x"}}"#,
        #"{"spec":{"token":"\ud800\u0041"}}"#, #"{"a":-0}"#, #"{"a":1E5}"#, #"{"a":[1,]}"#, #"{"a":.5}"#,
    ]

    @Test("escapes, surrogates, duplicates, nulls, numbers, nesting and malformed bodies, as the oracle reads them")
    func explicitCases() throws {
        let bodies = Self.cases.map { Array($0.utf8) }
        for (body, expected) in zip(bodies, try Self.oracle(bodies)) {
            #expect(TokenReviewReader.read(body) == expected, "\(String(decoding: body, as: UTF8.self))")
        }
        #expect(TokenReviewReader.read(Array(#"{"spec":{"token":"a"},"spec":{"token":"b"}}"#.utf8))?.spec?.token == "b")
        #expect(TokenReviewReader.read(Array(#"{"spec":{"token":"\ud800x"}}"#.utf8))?.spec?.token == "\u{FFFD}x")
        #expect(TokenReviewReader.read(Array((String(repeating: "[", count: 600) + String(repeating: "]", count: 600)).utf8)) == nil)
    }

    @Test("20,000 random and corrupted TokenReviews read as the oracle reads them")
    func randomized() throws {
        var generator = SeededGenerator(seed: 0x5EED_CAFE)
        var bodies: [[UInt8]] = []
        for _ in 0..<20_000 {
            var bytes = Array(Self.randomReview(&generator).utf8)
            if Bool.random(using: &generator) {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
                case 1 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &generator)] = Array("{}[]\",:\\ 0-e.tnu".utf8).randomElement(using: &generator)!
                case 2 where !bytes.isEmpty: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &generator))
                default: bytes.insert(Array("{}[]\",:\\ 0".utf8).randomElement(using: &generator)!, at: Int.random(in: 0...bytes.count, using: &generator))
                }
            }
            bodies.append(bytes)
        }
        var disagreements: [String] = []
        for (body, expected) in zip(bodies, try Self.oracle(bodies)) where TokenReviewReader.read(body) != expected {
            disagreements.append(String(decoding: body, as: UTF8.self))
        }
        #expect(bodies.filter { TokenReviewReader.read($0) == nil }.count > 2_000, "corruptions are refused")
        #expect(bodies.filter { TokenReviewReader.read($0)?.spec?.token != nil }.count > 2_000, "tokens are read")
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, first: \(disagreements.prefix(3))")
    }

    static func randomReview(_ g: inout SeededGenerator) -> String {
        func space() -> String { ["", " ", "\n", "\t ", "\r\n"].randomElement(using: &g)! }
        func string() -> String {
            let pieces = ["a", "Z", "k8s-aws-v1.", "_-", "\\\"", "\\\\", "\\/", "\\n", "\\u00e9", "\\ud83d\\ude00", "é", "✓", "0"]
            return "\"" + (0..<Int.random(in: 0...6, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined() + "\""
        }
        func value(_ depth: Int) -> String {
            switch Int.random(in: 0..<(depth > 2 ? 5 : 7), using: &g) {
            case 0: return string()
            case 1: return ["0", "-1", "3.25", "1e9", "-0.5E-3", "42"].randomElement(using: &g)!
            case 2: return ["true", "false", "null"].randomElement(using: &g)!
            case 3, 4: return string()
            case 5: return "[" + (0..<Int.random(in: 0...3, using: &g)).map { _ in space() + value(depth + 1) }.joined(separator: ",") + space() + "]"
            default: return object(depth + 1, keys: ["a", "token", "spec", "x"])
            }
        }
        func object(_ depth: Int, keys: [String]) -> String {
            "{" + (0..<Int.random(in: 0...4, using: &g)).map { _ in
                space() + "\"" + keys.randomElement(using: &g)! + "\"" + space() + ":" + space() + value(depth)
            }.joined(separator: ",") + space() + "}"
        }
        var members: [String] = []
        if Int.random(in: 0..<4, using: &g) > 0 { members.append(#""apiVersion":"# + (Bool.random(using: &g) ? #""authentication.k8s.io/v1""# : value(1))) }
        if Int.random(in: 0..<4, using: &g) > 0 { members.append(#""kind":"# + (Bool.random(using: &g) ? #""TokenReview""# : value(1))) }
        if Int.random(in: 0..<6, using: &g) > 0 {
            let spec = Int.random(in: 0..<5, using: &g) > 0 ? "{" + space() + #""token":"# + (Bool.random(using: &g) ? string() : value(1)) + space() + "}" : value(1)
            members.append(#""spec":"# + spec)
        }
        if Bool.random(using: &g) { members.append(#""metadata":"# + object(1, keys: ["creationTimestamp", "name"])) }
        members.shuffle(using: &g)
        return space() + "{" + members.map { space() + $0 + space() }.joined(separator: ",") + "}" + space()
    }
}

/// A deterministic random number generator (SplitMix64), so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
