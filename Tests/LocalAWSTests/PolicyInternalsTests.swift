import Foundation
import Testing

@testable import LocalAWS

@Suite("Policy internals")
struct PolicyInternalsTests {
    @Test(
        "wildcard patterns",
        arguments: [
            ("*", "", true),
            ("*", "anything", true),
            ("", "", true),
            ("", "x", false),
            ("a*b*c", "aXbYc", true),
            ("a*b*c", "aXbY", false),
            ("*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false),
            ("??", "ab", true),
            ("??", "abc", false),
            ("x?z", "x\u{1F600}z", true),  // one character, not one byte
            ("caf\u{E9}", "cafe\u{301}", true),  // canonical equivalence
        ])
    func wildcard(_ pattern: String, _ value: String, _ matches: Bool) {
        #expect(WildcardPattern(pattern).matches(value) == matches)
    }

    @Test("case-insensitive wildcard matching")
    func wildcardIgnoringCase() {
        #expect(WildcardPattern("STS:Assume*").matches("sts:assumerole", ignoringCase: true))
        #expect(!WildcardPattern("STS:Assume*").matches("sts:assumerole"))
        #expect(WildcardPattern.literal("a*").description == "a${*}")
    }

    @Test(
        "templates split text, variables, defaults and special variables",
        arguments: [
            ("plain", [PolicyTemplate.Part.text("plain")]),
            ("home/${aws:username}/*", [.text("home/"), .variable(key: "aws:username", defaultValue: nil), .text("/*")]),
            ("${ aws:userid , 'anon' }", [.variable(key: "aws:userid", defaultValue: "anon")]),
            ("${aws:userid, 'it''s'}", [.variable(key: "aws:userid", defaultValue: "it's")]),
            ("${aws:userid, 'a}b'}x", [.variable(key: "aws:userid", defaultValue: "a}b"), .text("x")]),
            ("a${*}b${?}c${$}d", [.text("a"), .literal("*"), .text("b"), .literal("?"), .text("c"), .literal("$"), .text("d")]),
            ("${unterminated", [.text("${unterminated")]),
            ("${}", [.text("${}")]),
            ("${a b}", [.text("${a b}")]),
            ("${k, default}", [.text("${k, default}")]),
            ("$${x}", [.text("$"), .variable(key: "x", defaultValue: nil)]),
        ])
    func templates(_ text: String, _ parts: [PolicyTemplate.Part]) {
        #expect(PolicyTemplate(text, variablesEnabled: true).parts == parts)
        #expect(PolicyTemplate(text, variablesEnabled: false).parts == [.text(text)])
    }

    @Test("templates resolve against the request context")
    func templateResolution() {
        let context = PolicyFixtures.context(keys: ["team": ["blue"], "multi": ["a", "b"]])
        #expect(PolicyTemplate("${aws:username}-${team}", variablesEnabled: true).resolvedString(in: context) == "Alice-blue")
        #expect(PolicyTemplate("${missing}", variablesEnabled: true).resolvedString(in: context) == nil)
        #expect(PolicyTemplate("${missing, 'x'}", variablesEnabled: true).resolvedString(in: context) == "x")
        #expect(PolicyTemplate("${multi}", variablesEnabled: true).resolvedString(in: context) == nil)
        let pattern = PolicyTemplate("*${*}${team}", variablesEnabled: true).resolvedPattern(in: context)
        #expect(pattern?.description == "*${*}blue")
        #expect(pattern?.matches("x*blue") == true)
        #expect(pattern?.matches("xblue") == false)
    }

    @Test(
        "dates: ISO 8601 forms and epoch seconds",
        arguments: [
            ("1970-01-01T00:00:00Z", 0.0),
            ("1577836800", 1_577_836_800),
            ("1577836800.25", 1_577_836_800.25),
            ("2020-01-01", 1_577_836_800),
            ("2020-01", 1_577_836_800),
            ("2020-01-01T00:00Z", 1_577_836_800),
            ("2020-01-01T00:00:00", 1_577_836_800),
            ("2020-01-01T05:30:00+05:30", 1_577_836_800),
            ("2019-12-31T19:00:00-0500", 1_577_836_800),
            ("2020-02-29T12:00:00.5Z", 1_582_977_600.5),
            ("2000-03-01T00:00:00Z", 951_868_800),
            ("1969-12-31T23:59:59Z", -1),
        ])
    func dates(_ text: String, _ seconds: Double) {
        #expect(PolicyDate.seconds(from: text) == seconds)
    }

    @Test(
        "invalid dates",
        arguments: ["", "2020-13-01", "2019-02-29", "2020-01-01T25:00:00Z", "2020-01-01T00:00:00+", "2020/01/01", "yesterday", "1e9"])
    func invalidDates(_ text: String) {
        #expect(PolicyDate.seconds(from: text) == nil)
    }

    @Test("aws:CurrentTime rendering")
    func iso8601() {
        #expect(PolicyDate.iso8601(seconds: 0) == "1970-01-01T00:00:00Z")
        #expect(PolicyDate.iso8601(seconds: 1_700_000_000.9) == "2023-11-14T22:13:20Z")
        #expect(PolicyDate.iso8601(seconds: 951_868_800) == "2000-03-01T00:00:00Z")
        #expect(PolicyDate.iso8601(seconds: -1) == "1969-12-31T23:59:59Z")
    }

    @Test(
        "IP ranges",
        arguments: [
            ("10.0.0.0/8", "10.255.1.2", true),
            ("10.0.0.0/8", "11.0.0.0", false),
            ("10.1.2.3/0", "192.168.0.1", true),
            ("192.168.1.128/25", "192.168.1.200", true),
            ("192.168.1.128/25", "192.168.1.100", false),
            ("::/0", "2001:db8::1", true),
            ("::1", "::1", true),
            ("::1", "::2", false),
            ("2001:db8::/127", "2001:db8::1", true),
            ("2001:db8::/127", "2001:db8::2", false),
            ("::ffff:10.0.0.0/104", "::ffff:10.9.9.9", true),
            ("10.0.0.0/8", "10.0.0", false),
            ("10.0.0.0/8", "10.0.0.256", false),
        ])
    func ipRanges(_ range: String, _ address: String, _ contains: Bool) throws {
        let parsed = try #require(IPAddressRange(range))
        #expect(parsed.contains(address) == contains)
    }

    @Test(
        "invalid IP ranges",
        arguments: ["", "10.0.0.0/33", "10.0.0.0/", "1.2.3", "1.2.3.4.5", "::1::2", "12345::", "2001:db8::/129", "a.b.c.d", "1:2:3:4:5:6:7:8:9"])
    func invalidIPRanges(_ text: String) {
        #expect(IPAddressRange(text) == nil)
    }

    @Test("JSON numbers keep their text; booleans stay booleans")
    func jsonScalars() throws {
        let json = try PolicyJSON.parse(Array(#"{"a": [1.50, -0, 2e10, true, false, null, "x"]}"#.utf8))
        guard case .object(let members) = json, case .array(let values) = members[0].value else {
            Issue.record("unexpected \(json)")
            return
        }
        #expect(values.map(\.typeName) == ["a number", "a number", "a number", "a boolean", "a boolean", "null", "a string"])
        if case .number(let text) = values[0] { #expect(text == "1.50") }
        if case .bool(let value) = values[3] { #expect(value) }
    }
}
