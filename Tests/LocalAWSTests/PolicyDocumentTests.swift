import LocalAWS
import Testing

@Suite("Policy documents")
struct PolicyDocumentTests {
    @Test("a full trust policy parses into its elements")
    func parsesTrustPolicy() throws {
        let json = """
            {
              "Version": "2012-10-17",
              "Id": "trust",
              "Statement": [
                {
                  "Sid": "IRSA",
                  "Effect": "Allow",
                  "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"},
                  "Action": "sts:AssumeRoleWithWebIdentity",
                  "Condition": {
                    "StringEquals": {
                      "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:ns:sa",
                      "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": ["sts.amazonaws.com"]
                    },
                    "NumericLessThan": {"test:n": 10},
                    "Bool": {"aws:MultiFactorAuthPresent": false}
                  }
                },
                {
                  "Effect": "Deny",
                  "NotPrincipal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:role/Admin"], "Service": ["ec2.amazonaws.com"]},
                  "NotAction": ["sts:TagSession"]
                }
              ]
            }
            """
        let document = try PolicyDocument(parsing: json, kind: .trust)
        #expect(document.version == .v2012)
        #expect(document.id == "trust")
        #expect(document.supportsPolicyVariables)
        #expect(document.statements.count == 2)
        let first = document.statements[0]
        #expect(first.sid == "IRSA")
        #expect(first.effect == .allow)
        #expect(first.principal == .principal(PolicyPrincipal(federated: [PolicyFixtures.providerARN])))
        #expect(first.action == .action(["sts:AssumeRoleWithWebIdentity"]))
        #expect(first.resource == nil)
        #expect(
            first.conditions == [
                PolicyCondition(
                    ConditionOperator(.stringEquals), key: "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub", values: ["system:serviceaccount:ns:sa"]),
                PolicyCondition(ConditionOperator(.stringEquals), key: "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud", values: ["sts.amazonaws.com"]),
                PolicyCondition(ConditionOperator(.numericLessThan), key: "test:n", values: ["10"]),
                PolicyCondition(ConditionOperator(.bool), key: "aws:MultiFactorAuthPresent", values: ["false"]),
            ])
        let second = document.statements[1]
        #expect(second.effect == .deny)
        #expect(
            second.principal
                == .notPrincipal(PolicyPrincipal(aws: ["111122223333", "arn:aws:iam::111122223333:role/Admin"], service: ["ec2.amazonaws.com"])))
        #expect(second.action == .notAction(["sts:TagSession"]))
    }

    @Test("Statement may be one object; single values need no array; Version may be absent or 2008-10-17")
    func shorthandForms() throws {
        let single = try PolicyDocument(
            parsing: #"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}"#, kind: .identity)
        #expect(single.version == nil)
        #expect(!single.supportsPolicyVariables)
        #expect(single.statements.count == 1)
        #expect(single.statements[0].resource == .resource(["arn:aws:s3:::b/*"]))
        let old = try PolicyDocument(
            parsing: #"{"Version": "2008-10-17", "Statement": [{"Effect": "Deny", "Action": ["*"], "NotResource": "*"}]}"#)
        #expect(old.version == .v2008)
        #expect(old.statements[0].resource == .notResource(["*"]))
        let star = try PolicyDocument(
            parsing: #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}"#, kind: .trust)
        #expect(star.statements[0].principal == .principal(.all))
        let accounts = try PolicyDocument(
            parsing:
                #"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*", "CanonicalUser": "79a59df9"}, "Action": "s3:*", "Resource": "*"}]}"#,
            kind: .resource)
        #expect(accounts.statements[0].principal == .principal(PolicyPrincipal(aws: ["*"], canonicalUser: ["79a59df9"])))
    }

    @Test("whitespace, escapes, a BOM and UTF-8 bytes are accepted")
    func jsonDetails() throws {
        let json =
            "\u{FEFF} {\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:Get\\u002A\",\"Resource\":\"arn:aws:s3:::b\\/caf\\u00e9/\u{1F600}\",\"Sid\":\"\\uD83D\\uDE00x\"}} \n"
        let document = try PolicyDocument(parsing: json)
        #expect(document.statements[0].action == .action(["s3:Get*"]))
        #expect(document.statements[0].resource == .resource(["arn:aws:s3:::b/café/\u{1F600}"]))
        #expect(document.statements[0].sid == "\u{1F600}x")
        let bytes = try PolicyDocument(parsing: Array(json.utf8))
        #expect(bytes == document)
    }

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        var name: String
        var json: String
        var kind: PolicyDocument.Kind = .generic
        /// Text the message must contain.
        var message: String
        var testDescription: String { name }
    }

    static let allowAll = #""Effect": "Allow", "Action": "sts:AssumeRole""#

    static let malformedCases: [MalformedCase] = [
        MalformedCase(name: "empty", json: "", message: "Syntax errors in policy. The document is empty"),
        MalformedCase(name: "not JSON", json: "Version: 2012-10-17", message: "Syntax errors in policy."),
        MalformedCase(
            name: "trailing comma", json: "{\"Statement\": [{\(allowAll)},]}", message: "Unexpected ']', expected a value at line 1, column"),
        MalformedCase(name: "unterminated string", json: #"{"Statement": "#, message: "Syntax errors in policy."),
        MalformedCase(name: "line and column", json: "{\n  \"Statement\": {\n    \"Effect\" \"Allow\"}}", message: "line 3, column 14"),
        MalformedCase(name: "trailing garbage", json: #"{"Statement": []} x"#, message: "after the end of the document"),
        MalformedCase(name: "array document", json: "[]", message: "must be a JSON object"),
        MalformedCase(name: "bad escape", json: #"{"Id": "\q"}"#, message: "Invalid escape sequence"),
        MalformedCase(name: "lone surrogate", json: #"{"Id": "\uD800"}"#, message: "Unpaired surrogate"),
        MalformedCase(name: "leading zero", json: #"{"Id": 01}"#, message: "Syntax errors in policy."),
        MalformedCase(
            name: "deep nesting", json: String(repeating: "[", count: 100) + String(repeating: "]", count: 100), message: "nested too deeply"),
        MalformedCase(
            name: "duplicate key", json: "{\"Statement\": {\(allowAll), \"Effect\": \"Deny\"}}", message: "Duplicate key \"Effect\""),
        MalformedCase(
            name: "duplicate operator",
            json: "{\"Statement\": {\(allowAll), \"Condition\": {\"StringEquals\": {\"a\": \"1\"}, \"StringEquals\": {\"b\": \"2\"}}}}",
            message: "Duplicate key \"StringEquals\""),
        MalformedCase(
            name: "bad version", json: "{\"Version\": \"2012-10-18\", \"Statement\": {\(allowAll)}}", message: "Invalid Version \"2012-10-18\""),
        MalformedCase(name: "numeric version", json: "{\"Version\": 2012, \"Statement\": {\(allowAll)}}", message: "Invalid Version 2012"),
        MalformedCase(name: "missing Statement", json: #"{"Version": "2012-10-17"}"#, message: "Missing required field Statement"),
        MalformedCase(name: "empty Statement", json: #"{"Statement": []}"#, message: "at least one statement"),
        MalformedCase(name: "string Statement", json: #"{"Statement": "Allow"}"#, message: "Statement must be an object or an array"),
        MalformedCase(
            name: "unknown top-level field", json: "{\"Statement\": {\(allowAll)}, \"Statements\": []}", message: "Unknown field Statements"),
        MalformedCase(
            name: "lower-case element", json: "{\"Statement\": {\(allowAll), \"resource\": \"*\"}}", message: "Unknown field resource in Statement"),
        MalformedCase(name: "missing Effect", json: #"{"Statement": {"Action": "sts:AssumeRole"}}"#, message: "Missing required field Effect"),
        MalformedCase(
            name: "bad Effect", json: #"{"Statement": {"Effect": "allow", "Action": "sts:AssumeRole"}}"#, message: "Invalid effect: \"allow\""),
        MalformedCase(
            name: "missing Action", json: #"{"Statement": {"Effect": "Allow", "Resource": "*"}}"#, message: "Policy statement must contain actions."),
        MalformedCase(
            name: "empty Action", json: #"{"Statement": {"Effect": "Allow", "Action": []}}"#, message: "Policy statement must contain actions."),
        MalformedCase(
            name: "Action and NotAction", json: "{\"Statement\": {\(allowAll), \"NotAction\": \"s3:*\"}}",
            message: "cannot have both Action and NotAction"),
        MalformedCase(
            name: "action without vendor", json: #"{"Statement": {"Effect": "Allow", "Action": "AssumeRole"}}"#,
            message: "Actions/Conditions must be prefaced by a vendor"),
        MalformedCase(
            name: "numeric action", json: #"{"Statement": {"Effect": "Allow", "Action": ["s3:Get", 1]}}"#,
            message: "Statement.Action must be a string or an array of strings"),
        MalformedCase(
            name: "Resource not an ARN", json: "{\"Statement\": {\(allowAll), \"Resource\": \"my-bucket\"}}",
            message: "Resource my-bucket must be in ARN format or \"*\"."),
        MalformedCase(
            name: "Resource and NotResource", json: "{\"Statement\": {\(allowAll), \"Resource\": \"*\", \"NotResource\": \"*\"}}",
            message: "cannot have both Resource and NotResource"),
        MalformedCase(
            name: "Principal and NotPrincipal", json: "{\"Statement\": {\(allowAll), \"Principal\": \"*\", \"NotPrincipal\": \"*\"}}",
            message: "cannot have both Principal and NotPrincipal"),
        MalformedCase(
            name: "Principal string other than *", json: "{\"Statement\": {\(allowAll), \"Principal\": \"111122223333\"}}",
            message: "Invalid principal in policy: \"111122223333\""),
        MalformedCase(
            name: "unknown principal type", json: "{\"Statement\": {\(allowAll), \"Principal\": {\"IAM\": \"111122223333\"}}}",
            message: "unknown principal type \"IAM\""),
        MalformedCase(
            name: "empty Principal object", json: "{\"Statement\": {\(allowAll), \"Principal\": {}}}", message: "Invalid principal in policy"),
        MalformedCase(
            name: "partial wildcard principal",
            json: "{\"Statement\": {\(allowAll), \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/*\"}}}",
            message: "Invalid principal in policy: \"AWS\":\"arn:aws:iam::111122223333:role/*\""),
        MalformedCase(
            name: "AWS principal that is not an identity", json: "{\"Statement\": {\(allowAll), \"Principal\": {\"AWS\": \"Alice\"}}}",
            message: "Invalid principal in policy: \"AWS\":\"Alice\""),
        MalformedCase(
            name: "short account id", json: "{\"Statement\": {\(allowAll), \"Principal\": {\"AWS\": \"12345\"}}}",
            message: "Invalid principal in policy: \"AWS\":\"12345\""),
        MalformedCase(
            name: "unknown condition operator", json: "{\"Statement\": {\(allowAll), \"Condition\": {\"StringEqualz\": {\"a\": \"b\"}}}}",
            message: "Invalid Condition type : StringEqualz (Statement.Condition)"),
        MalformedCase(
            name: "NullIfExists", json: "{\"Statement\": {\(allowAll), \"Condition\": {\"NullIfExists\": {\"a\": true}}}}",
            message: "Invalid Condition type : NullIfExists"),
        MalformedCase(
            name: "condition block not an object", json: "{\"Statement\": {\(allowAll), \"Condition\": [\"StringEquals\"]}}",
            message: "Statement.Condition must be an object"),
        MalformedCase(
            name: "operator block not an object", json: "{\"Statement\": {\(allowAll), \"Condition\": {\"StringEquals\": \"a\"}}}",
            message: "Statement.Condition.StringEquals must be an object"),
        MalformedCase(
            name: "null condition value", json: "{\"Statement\": {\(allowAll), \"Condition\": {\"StringEquals\": {\"a\": null}}}}",
            message: "Condition values must be strings, numbers or booleans: Statement.Condition.StringEquals.a has null"),
        MalformedCase(
            name: "object condition value", json: "{\"Statement\": {\(allowAll), \"Condition\": {\"StringEquals\": {\"a\": [{\"b\": 1}]}}}}",
            message: "has an object"),
        MalformedCase(
            name: "empty condition values", json: "{\"Statement\": {\(allowAll), \"Condition\": {\"StringEquals\": {\"a\": []}}}}",
            message: "Statement.Condition.StringEquals.a has no values"),
        MalformedCase(name: "numeric Sid", json: "{\"Statement\": {\(allowAll), \"Sid\": 1}}", message: "Statement.Sid must be a string"),
        // Rules of the policy kinds.
        MalformedCase(
            name: "identity policy with Principal", json: "{\"Statement\": {\(allowAll), \"Resource\": \"*\", \"Principal\": \"*\"}}",
            kind: .identity,
            message: "Policy document should not specify a principal. (Statement[0])"),
        MalformedCase(
            name: "identity policy with NotPrincipal",
            json:
                "{\"Statement\": [{\(allowAll), \"Resource\": \"*\"}, {\(allowAll), \"Resource\": \"*\", \"NotPrincipal\": {\"AWS\": \"111122223333\"}}]}",
            kind: .identity, message: "Policy document should not specify a principal. (Statement[1])"),
        MalformedCase(
            name: "identity policy without Resource", json: "{\"Statement\": {\(allowAll)}}", kind: .identity,
            message: "Policy statement must contain resources."),
        MalformedCase(
            name: "trust policy without Principal", json: "{\"Statement\": {\(allowAll)}}", kind: .trust, message: "Missing required field Principal"),
        MalformedCase(
            name: "trust policy with Resource", json: "{\"Statement\": {\(allowAll), \"Principal\": \"*\", \"Resource\": \"*\"}}", kind: .trust,
            message: "Has prohibited field Resource"),
        MalformedCase(
            name: "trust policy with a non-STS action",
            json: #"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": ["sts:AssumeRole", "s3:*"]}}"#,
            kind: .trust, message: "AssumeRole policy may only specify STS AssumeRole actions. (\"s3:*\""),
        MalformedCase(
            name: "Sid not alphanumeric", json: "{\"Statement\": {\(allowAll), \"Principal\": \"*\", \"Sid\": \"allow-eks\"}}", kind: .trust,
            message: "Statement IDs (SID) must be alpha-numeric."),
        MalformedCase(
            name: "duplicate Sid",
            json: "{\"Statement\": [{\(allowAll), \"Principal\": \"*\", \"Sid\": \"A\"}, {\(allowAll), \"Principal\": \"*\", \"Sid\": \"A\"}]}",
            kind: .trust, message: "Statement IDs (SID) in a single policy must be unique."),
        MalformedCase(
            name: "resource policy without Principal", json: "{\"Statement\": {\(allowAll), \"Resource\": \"*\"}}", kind: .resource,
            message: "Missing required field Principal"),
        MalformedCase(
            name: "resource policy without Resource", json: "{\"Statement\": {\(allowAll), \"Principal\": \"*\"}}", kind: .resource,
            message: "Policy statement must contain resources."),
    ]

    @Test("malformed documents are MalformedPolicyDocument errors naming the problem", arguments: malformedCases)
    func malformed(_ c: MalformedCase) {
        do {
            let document = try PolicyDocument(parsing: c.json, kind: c.kind)
            Issue.record("parsed although malformed: \(document)")
        } catch {
            #expect(error.code == .malformedPolicyDocument)
            #expect(error.code.rawValue == "MalformedPolicyDocument")
            #expect(error.message.contains(c.message), "\(error.message)")
        }
    }

    @Test(
        "the kind checks accept what IAM accepts",
        arguments: [
            (#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Sid": "Abc123"}}"#, PolicyDocument.Kind.identity),
            (#"{"Statement": {"Effect": "Deny", "NotAction": "s3:*", "NotResource": "arn:aws:s3:::b"}}"#, .identity),
            (
                #"{"Statement": {"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}}"#,
                .trust
            ),
            (#"{"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:sts::111122223333:assumed-role/R/s"}, "Action": "STS:*"}}"#, .trust),
            (
                #"{"Statement": [{"Sid": "", "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}, {"Sid": "", "Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}]}"#,
                .trust
            ),
            (
                #"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Sid": "Public read"}}"#,
                .resource
            ),
        ])
    func validKinds(_ json: String, _ kind: PolicyDocument.Kind) throws {
        _ = try PolicyDocument(parsing: json, kind: kind)
    }

    @Test("validate(as:) checks documents built in code")
    func validateBuilt() throws {
        let statement = PolicyStatement(effect: .allow, action: .action(["sts:AssumeRole"]))
        let document = PolicyDocument(statements: [statement])
        try document.validate(as: .generic)
        #expect(throws: PolicyError(code: .malformedPolicyDocument, message: "")) { try document.validate(as: .trust) }
        #expect(throws: PolicyError(code: .malformedPolicyDocument, message: "")) { try document.validate(as: .identity) }
    }
}
