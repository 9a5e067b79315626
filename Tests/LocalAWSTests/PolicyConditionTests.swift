import Foundation
import LocalAWS
import Testing

/// Shared helpers for the policy suites.
enum PolicyFixtures {
    static let account = "111122223333"
    static let otherAccount = "444455556666"
    static let date = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z
    static let issuer = "oidc.eks.us-east-1.amazonaws.com/id/ABC"
    static let providerARN = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"

    static func user(_ name: String = "Alice", account: String = account, userID: String? = "AIDAEXAMPLE") -> RequestPrincipal {
        try! RequestPrincipal(arn: "arn:aws:iam::\(account):user/\(name)", userID: userID)
    }

    static func session(role: String = "Deployer", session: String = "s1", account: String = account, roleARN: String? = nil) -> RequestPrincipal {
        try! RequestPrincipal(arn: "arn:aws:sts::\(account):assumed-role/\(role)/\(session)", userID: "AROAEXAMPLE:\(session)", roleARN: roleARN)
    }

    static func context(
        _ principal: RequestPrincipal = user(), action: String = "sts:AssumeRole",
        resource: String? = "arn:aws:iam::111122223333:role/Target", keys: [String: [String]] = [:]
    ) -> RequestContext {
        RequestContext(principal: principal, action: action, resource: resource, conditionKeys: keys, date: date)
    }

    static func document(_ json: String, kind: PolicyDocument.Kind = .generic) -> PolicyDocument {
        do {
            return try PolicyDocument(parsing: json, kind: kind)
        } catch {
            Issue.record("policy did not parse: \(error)\n\(json)")
            return PolicyDocument(statements: [])
        }
    }
}

@Suite("Policy conditions")
struct PolicyConditionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        /// The operator, as written in the policy.
        var op: String
        /// The JSON value of the condition key in the policy.
        var policy: String
        /// The request's values for the key; `nil` when the key is absent.
        var request: [String]?
        var holds: Bool
        var testDescription: String {
            "\(op) \(policy) vs \(request.map { "\($0)" } ?? "absent") → \(holds)"
        }
        init(_ op: String, _ policy: String, _ request: [String]?, _ holds: Bool) {
            self.op = op
            self.policy = policy
            self.request = request
            self.holds = holds
        }
    }

    /// Evaluates an Allow statement whose only condition is `op: {"k": policy}`.
    static func holds(_ c: Case, key: String = "test:Key", requestKey: String = "test:Key") -> Bool {
        let json = """
            {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole",
             "Condition": {"\(c.op)": {"\(key)": \(c.policy)}}}}
            """
        let document = PolicyFixtures.document(json)
        let keys = c.request.map { [requestKey: $0] } ?? [:]
        return PolicyEvaluator.evaluate(policies: [document], context: PolicyFixtures.context(keys: keys)).isAllowed
    }

    static let stringCases: [Case] = [
        Case("StringEquals", #""system:serviceaccount:ns:sa""#, ["system:serviceaccount:ns:sa"], true),
        Case("StringEquals", #""a""#, ["A"], false),
        Case("StringEquals", #""a""#, nil, false),
        Case("StringEquals", #""a*""#, ["abc"], false),  // wildcards are literal in StringEquals
        Case("StringEquals", #""a*""#, ["a*"], true),
        Case("StringEquals", #"["x", "y"]"#, ["y"], true),  // values are ORed
        Case("StringEquals", #"["x", "y"]"#, ["z"], false),
        Case("StringEquals", #""""#, [""], true),
        Case("StringNotEquals", #""a""#, ["b"], true),
        Case("StringNotEquals", #""a""#, ["a"], false),
        Case("StringNotEquals", #"["a", "b"]"#, ["b"], false),
        Case("StringNotEquals", #""a""#, nil, true),  // negated operators match a missing key
        Case("StringEqualsIgnoreCase", #""Ab""#, ["aB"], true),
        Case("StringEqualsIgnoreCase", #""Ab""#, ["Abc"], false),
        Case("StringEqualsIgnoreCase", #""Ab""#, nil, false),
        Case("StringNotEqualsIgnoreCase", #""Ab""#, ["aB"], false),
        Case("StringNotEqualsIgnoreCase", #""Ab""#, ["x"], true),
        Case("StringNotEqualsIgnoreCase", #""Ab""#, nil, true),
        Case("StringLike", #""system:serviceaccount:ns:*""#, ["system:serviceaccount:ns:sa"], true),
        Case("StringLike", #""system:serviceaccount:ns:*""#, ["system:serviceaccount:other:sa"], false),
        Case("StringLike", #""a?c""#, ["abc"], true),
        Case("StringLike", #""a?c""#, ["abbc"], false),
        Case("StringLike", #""A*""#, ["abc"], false),  // case-sensitive
        Case("StringLike", #""*""#, [""], true),
        Case("StringLike", #"["x*", "*z"]"#, ["xyz"], true),
        Case("StringLike", #""a*""#, nil, false),
        Case("StringNotLike", #""a*""#, ["abc"], false),
        Case("StringNotLike", #""a*""#, ["xyz"], true),
        Case("StringNotLike", #""a*""#, nil, true),
    ]

    static let numericCases: [Case] = [
        Case("NumericEquals", #""10""#, ["10"], true),
        Case("NumericEquals", "10", ["10.0"], true),  // JSON numbers and strings alike
        Case("NumericEquals", "10", ["11"], false),
        Case("NumericEquals", "10", ["ten"], false),
        Case("NumericEquals", "10", ["0xA"], false),
        Case("NumericEquals", "10", nil, false),
        Case("NumericNotEquals", "10", ["11"], true),
        Case("NumericNotEquals", "10", ["10"], false),
        Case("NumericNotEquals", "10", nil, true),
        Case("NumericLessThan", "10", ["9.5"], true),
        Case("NumericLessThan", "10", ["10"], false),
        Case("NumericLessThanEquals", "10", ["10"], true),
        Case("NumericLessThanEquals", "10", ["11"], false),
        Case("NumericGreaterThan", "10", ["11"], true),
        Case("NumericGreaterThan", "10", ["10"], false),
        Case("NumericGreaterThanEquals", "10", ["10"], true),
        Case("NumericGreaterThanEquals", "-1", ["-2"], false),
        Case("NumericLessThan", #"[5, 100]"#, ["50"], true),  // ORed: 50 < 100
    ]

    static let dateCases: [Case] = [
        Case("DateEquals", #""2020-01-01T00:00:00Z""#, ["1577836800"], true),  // epoch seconds
        Case("DateEquals", #""2020-01-01T00:00:00Z""#, ["2020-01-01T00:00:01Z"], false),
        Case("DateEquals", #""2020-01-01""#, ["2020-01-01T00:00:00Z"], true),
        Case("DateEquals", #""2020-01-01T01:00:00+01:00""#, ["2020-01-01T00:00:00Z"], true),
        Case("DateEquals", "1577836800", ["2020-01-01T00:00:00.000Z"], true),
        Case("DateEquals", #""2020-01-01T00:00:00Z""#, ["yesterday"], false),
        Case("DateNotEquals", #""2020-01-01T00:00:00Z""#, ["2020-01-02T00:00:00Z"], true),
        Case("DateNotEquals", #""2020-01-01T00:00:00Z""#, ["1577836800"], false),
        Case("DateNotEquals", #""2020-01-01T00:00:00Z""#, nil, true),
        Case("DateLessThan", #""2020-01-01T00:00:00Z""#, ["2019-12-31T23:59:59Z"], true),
        Case("DateLessThan", #""2020-01-01T00:00:00Z""#, ["2020-01-01T00:00:00Z"], false),
        Case("DateLessThanEquals", #""2020-01-01T00:00:00Z""#, ["2020-01-01T00:00:00Z"], true),
        Case("DateLessThanEquals", #""2020-01-01T00:00:00Z""#, ["2020-01-01T00:00:00.5Z"], false),
        Case("DateGreaterThan", #""2020-01-01T00:00:00Z""#, ["2020-01-01T00:00:00.500Z"], true),
        Case("DateGreaterThan", #""2020-01-01T00:00:00Z""#, ["2020-01-01T00:00:00Z"], false),
        Case("DateGreaterThanEquals", #""2020-01-01T00:00:00Z""#, ["2020-01-01T00:00:00Z"], true),
        Case("DateGreaterThanEquals", #""2020-01-01T00:00:00Z""#, ["2019-06-30T12:00-05:00"], false),
        Case("DateGreaterThan", #""2020-01-01T00:00:00Z""#, nil, false),
    ]

    static let otherCases: [Case] = [
        Case("Bool", "true", ["true"], true),
        Case("Bool", #""true""#, ["True"], true),
        Case("Bool", "false", ["true"], false),
        Case("Bool", "true", nil, false),
        Case("BinaryEquals", #""QmluYXJ5VmFsdWU=""#, ["QmluYXJ5VmFsdWU="], true),
        Case("BinaryEquals", #""QmluYXJ5VmFsdWU=""#, ["T3RoZXI="], false),
        Case("BinaryEquals", #""QmluYXJ5VmFsdWU=""#, nil, false),
        Case("IpAddress", #""203.0.113.0/24""#, ["203.0.113.7"], true),
        Case("IpAddress", #""203.0.113.0/24""#, ["203.0.114.7"], false),
        Case("IpAddress", #""10.0.0.1""#, ["10.0.0.1"], true),  // no prefix: the one address
        Case("IpAddress", #""10.0.0.1""#, ["10.0.0.2"], false),
        Case("IpAddress", #""2001:DB8:1234:5678::/64""#, ["2001:db8:1234:5678:abcd::1"], true),
        Case("IpAddress", #""2001:DB8:1234:5678::/64""#, ["2001:db8:1234:5679::1"], false),
        Case("IpAddress", #"["203.0.113.0/24", "2001:DB8::/32"]"#, ["2001:db8::ffff:1.2.3.4"], true),
        Case("IpAddress", #""0.0.0.0/0""#, ["::1"], false),  // families never mix
        Case("IpAddress", #""203.0.113.0/24""#, ["not an ip"], false),
        Case("NotIpAddress", #""203.0.113.0/24""#, ["198.51.100.1"], true),
        Case("NotIpAddress", #""203.0.113.0/24""#, ["203.0.113.200"], false),
        Case("NotIpAddress", #""203.0.113.0/24""#, nil, true),
        Case("ArnEquals", #""arn:aws:iam::*:role/Admin""#, ["arn:aws:iam::111122223333:role/Admin"], true),
        Case("ArnEquals", #""arn:aws:iam::*:role/Admin""#, ["arn:aws:iam::111122223333:user/Admin"], false),
        Case("ArnLike", #""arn:aws:iam::111122223333:role/team-*""#, ["arn:aws:iam::111122223333:role/team-a"], true),
        Case("ArnLike", #""arn:aws:iam::111122223333:role/team-*""#, ["arn:aws:iam::111122223333:role/Team-a"], false),
        // IAM's own example: `*` in one ARN component never spans into the next.
        Case(
            "ArnLike", #""arn:aws:someservice:*:111122223333:finance/*""#,
            ["arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"], false),
        Case(
            "StringLike", #""arn:aws:someservice:*:111122223333:finance/*""#,
            ["arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"], true),
        Case("ArnLike", #""arn:aws:iam::*:role/*""#, ["not-an-arn"], false),
        Case("ArnLike", #""arn:aws:iam::*:role/*""#, nil, false),
        Case("ArnNotEquals", #""arn:aws:iam::111122223333:user/Bob""#, ["arn:aws:iam::111122223333:user/Alice"], true),
        Case("ArnNotEquals", #""arn:aws:iam::111122223333:user/Bob""#, ["arn:aws:iam::111122223333:user/Bob"], false),
        Case("ArnNotLike", #""arn:aws:iam::*:user/B*""#, ["arn:aws:iam::111122223333:user/Bob"], false),
        Case("ArnNotLike", #""arn:aws:iam::*:user/B*""#, ["arn:aws:iam::111122223333:user/Alice"], true),
        Case("ArnNotLike", #""arn:aws:iam::*:user/B*""#, nil, true),
    ]

    static let nullAndIfExistsCases: [Case] = [
        Case("Null", "true", nil, true),  // true: the key is absent
        Case("Null", "true", ["x"], false),
        Case("Null", #""false""#, ["x"], true),  // false: the key is present
        Case("Null", "false", nil, false),
        Case("Null", "true", [], true),
        Case("StringEqualsIfExists", #""a""#, nil, true),
        Case("StringEqualsIfExists", #""a""#, ["a"], true),
        Case("StringEqualsIfExists", #""a""#, ["b"], false),
        Case("StringNotEqualsIfExists", #""a""#, ["a"], false),
        Case("StringNotEqualsIfExists", #""a""#, nil, true),
        Case("StringLikeIfExists", #""t2.*""#, ["m5.large"], false),
        Case("NumericLessThanIfExists", "10", nil, true),
        Case("NumericLessThanIfExists", "10", ["11"], false),
        Case("DateGreaterThanIfExists", #""2020-01-01""#, nil, true),
        Case("BoolIfExists", "true", nil, true),
        Case("BoolIfExists", "true", ["false"], false),
        Case("ArnLikeIfExists", #""arn:aws:iam::*:role/*""#, nil, true),
        Case("IpAddressIfExists", #""10.0.0.0/8""#, nil, true),
        Case("IpAddressIfExists", #""10.0.0.0/8""#, ["11.0.0.1"], false),
    ]

    static let setCases: [Case] = [
        // ForAnyValue: one request value matching one policy value is enough.
        Case("ForAnyValue:StringEquals", #"["a", "b"]"#, ["x", "b"], true),
        Case("ForAnyValue:StringEquals", #"["a", "b"]"#, ["x", "y"], false),
        Case("ForAnyValue:StringEquals", #"["a", "b"]"#, nil, false),
        Case("ForAnyValue:StringEquals", #"["a", "b"]"#, [], false),
        Case("ForAnyValue:StringEqualsIfExists", #"["a"]"#, nil, false),  // IfExists does not rescue an empty set
        Case("ForAnyValue:StringLike", #"["ID", "Post*"]"#, ["UserName", "PostDateTime"], true),
        // ForAllValues: every request value must match some policy value; vacuously true when empty.
        Case("ForAllValues:StringEquals", #"["a", "b", "c"]"#, ["a", "b"], true),
        Case("ForAllValues:StringEquals", #"["a", "b", "c"]"#, ["a", "x"], false),
        Case("ForAllValues:StringEquals", #"["a"]"#, nil, true),
        Case("ForAllValues:StringEquals", #"["a"]"#, [], true),
        Case("ForAllValues:StringEquals", #"["a"]"#, [""], true),
        Case("ForAllValues:StringLike", #"["PostDateTime", "Message", "Tags"]"#, ["PostDateTime", "UserName"], false),
        Case("ForAllValues:StringLike", #""Created*""#, ["CreatedBy", "CreatedAt"], true),
        Case("ForAllValues:StringEqualsIgnoreCase", #"["dept", "team"]"#, ["Dept", "TEAM"], true),
        // Negated operators apply per request value.
        Case("ForAnyValue:StringNotEquals", #"["DataClass", "Owner"]"#, nil, false),
        Case("ForAnyValue:StringNotEquals", #"["DataClass", "Owner"]"#, ["DataClass", "Owner"], false),
        Case("ForAnyValue:StringNotEquals", #"["DataClass", "Owner"]"#, ["Dept", "DataClass"], true),
        Case("ForAllValues:StringNotEquals", #"["DataClass", "Owner"]"#, nil, true),
        Case("ForAllValues:StringNotEquals", #"["DataClass", "Owner"]"#, ["Dept", "SIC"], true),
        Case("ForAllValues:StringNotEquals", #"["DataClass", "Owner"]"#, ["Dept", "SIC", "DataClass"], false),
        Case("ForAnyValue:NumericGreaterThan", "5", ["1", "9"], true),
        Case("ForAllValues:NumericGreaterThan", "5", ["1", "9"], false),
        Case("ForAnyValue:ArnLike", #""arn:aws:iam::*:role/admin""#, ["arn:aws:iam::1:role/x", "arn:aws:iam::2:role/admin"], true),
        Case("ForAllValues:IpAddress", #""10.0.0.0/8""#, ["10.1.1.1", "10.2.2.2"], true),
        // Without a set operator, a multivalued key matches when any value does (negated: when none does).
        Case("StringEquals", #""b""#, ["a", "b"], true),
        Case("StringNotEquals", #""b""#, ["a", "b"], false),
    ]

    @Test("string operators", arguments: stringCases)
    func stringOperators(_ c: Case) { #expect(Self.holds(c) == c.holds) }

    @Test("numeric operators", arguments: numericCases)
    func numericOperators(_ c: Case) { #expect(Self.holds(c) == c.holds) }

    @Test("date operators", arguments: dateCases)
    func dateOperators(_ c: Case) { #expect(Self.holds(c) == c.holds) }

    @Test("Bool, BinaryEquals, IP address and ARN operators", arguments: otherCases)
    func otherOperators(_ c: Case) { #expect(Self.holds(c) == c.holds) }

    @Test("Null and IfExists", arguments: nullAndIfExistsCases)
    func nullAndIfExists(_ c: Case) { #expect(Self.holds(c) == c.holds) }

    @Test("ForAnyValue and ForAllValues", arguments: setCases)
    func setOperators(_ c: Case) { #expect(Self.holds(c) == c.holds) }

    @Test("condition key names are case-insensitive, values case-sensitive")
    func keyCaseInsensitive() {
        let match = Case("StringEquals", #""x-123""#, ["x-123"], true)
        #expect(Self.holds(match, key: "STS:EXTERNALID", requestKey: "sts:ExternalId"))
        #expect(Self.holds(match, key: "sts:externalid", requestKey: "Sts:ExternalID"))
        #expect(!Self.holds(Case("StringEquals", #""X-123""#, ["x-123"], false), key: "sts:ExternalId", requestKey: "sts:ExternalId"))
    }

    @Test("several keys and several operators in one Condition block are ANDed")
    func conditionsAreAnded() {
        let document = PolicyFixtures.document(
            """
            {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole",
             "Condition": {"StringEquals": {"k1": "a", "k2": "b"}, "Bool": {"k3": true}}}}
            """)
        func allowed(_ keys: [String: [String]]) -> Bool {
            PolicyEvaluator.evaluate(policies: [document], context: PolicyFixtures.context(keys: keys)).isAllowed
        }
        #expect(allowed(["k1": ["a"], "k2": ["b"], "k3": ["true"]]))
        #expect(!allowed(["k1": ["a"], "k2": ["b"], "k3": ["false"]]))
        #expect(!allowed(["k1": ["a"], "k2": ["x"], "k3": ["true"]]))
        #expect(!allowed(["k1": ["a"], "k3": ["true"]]))
    }

    @Test(
        "operator names parse and render",
        arguments: [
            ("StringEquals", ConditionOperator(.stringEquals)),
            ("StringLikeIfExists", ConditionOperator(.stringLike, ifExists: true)),
            ("ForAnyValue:StringNotEqualsIfExists", ConditionOperator(.stringNotEquals, ifExists: true, qualifier: .forAnyValue)),
            ("ForAllValues:ArnLike", ConditionOperator(.arnLike, qualifier: .forAllValues)),
            ("NotIpAddress", ConditionOperator(.notIpAddress)),
            ("Null", ConditionOperator(.null)),
        ])
    func operatorNames(_ name: String, _ expected: ConditionOperator) throws {
        let parsed = try ConditionOperator(parsing: name)
        #expect(parsed == expected)
        #expect(parsed.description == name)
    }

    @Test(
        "unknown operator names are rejected",
        arguments: [
            "StringEqualz", "stringequals", "NullIfExists", "ForSomeValues:StringEquals", "ForAnyValue:", "IfExists", "StringEqualsIfExistsIfExists",
        ])
    func unknownOperators(_ name: String) {
        #expect(throws: PolicyError(code: .malformedPolicyDocument, message: "")) { try ConditionOperator(parsing: name) }
        do {
            _ = try ConditionOperator(parsing: name)
        } catch {
            #expect(error.message == "Invalid Condition type : \(name)")
        }
    }

    @Test("every base operator is covered by a positive and a negative case")
    func everyOperatorCovered() {
        let all = Self.stringCases + Self.numericCases + Self.dateCases + Self.otherCases + Self.nullAndIfExistsCases
        for base in ConditionOperator.Base.allCases {
            let cases = all.filter { $0.op == base.rawValue }
            #expect(cases.contains { $0.holds }, "no positive case for \(base.rawValue)")
            #expect(cases.contains { !$0.holds }, "no negative case for \(base.rawValue)")
        }
    }
}
