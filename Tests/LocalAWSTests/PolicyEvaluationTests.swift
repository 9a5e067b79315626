import Foundation
import LocalAWS
import Testing

@Suite("Policy evaluation")
struct PolicyEvaluationTests {
    typealias F = PolicyFixtures

    // MARK: Action and Resource matching

    struct MatchCase: Sendable, CustomTestStringConvertible {
        var pattern: String
        var value: String
        var matches: Bool
        var testDescription: String { "\(pattern) \(matches ? "matches" : "does not match") \(value)" }
        init(_ pattern: String, _ value: String, _ matches: Bool) {
            self.pattern = pattern
            self.value = value
            self.matches = matches
        }
    }

    static func allowed(_ statementJSON: String, _ context: RequestContext, version: String = "2012-10-17") -> PolicyDecision {
        let document = F.document(#"{"Version": "\#(version)", "Statement": \#(statementJSON)}"#)
        return PolicyEvaluator.evaluate(policies: [document], context: context)
    }

    @Test(
        "Action wildcards, case-insensitive",
        arguments: [
            MatchCase("sts:AssumeRole", "sts:AssumeRole", true),
            MatchCase("sts:assumerole", "sts:AssumeRole", true),
            MatchCase("STS:AssumeRole*", "sts:AssumeRoleWithWebIdentity", true),
            MatchCase("sts:*", "sts:TagSession", true),
            MatchCase("*", "eks:DescribeCluster", true),
            MatchCase("sts:Assume?ole", "sts:AssumeRole", true),
            MatchCase("sts:Assume?ole", "sts:AssumeRRole", false),
            MatchCase("sts:AssumeRole", "sts:AssumeRoleWithSAML", false),
            MatchCase("s*:Get*", "s3:GetObject", true),
            MatchCase("sts:*", "stsx:AssumeRole", false),
            MatchCase("iam:*AccessKey*", "iam:CreateAccessKey", true),
        ])
    func actions(_ c: MatchCase) {
        let context = F.context(action: c.value)
        let decision = Self.allowed(#"{"Effect": "Allow", "Action": "\#(c.pattern)", "Resource": "*"}"#, context)
        #expect(decision.isAllowed == c.matches)
        let negated = Self.allowed(#"{"Effect": "Allow", "NotAction": "\#(c.pattern)", "Resource": "*"}"#, context)
        #expect(negated.isAllowed == !c.matches)
    }

    @Test(
        "Resource wildcards, per ARN component and case-sensitive",
        arguments: [
            MatchCase("*", "arn:aws:iam::111122223333:role/Target", true),
            MatchCase("arn:aws:iam::111122223333:role/Target", "arn:aws:iam::111122223333:role/Target", true),
            MatchCase("arn:aws:iam::111122223333:role/target", "arn:aws:iam::111122223333:role/Target", false),
            MatchCase("arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/Target", true),
            MatchCase("arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:user/Target", false),
            MatchCase("arn:aws:iam::11112222333?:role/T*t", "arn:aws:iam::111122223333:role/Target", true),
            MatchCase("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c.txt", true),
            MatchCase("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket2/a", false),
            MatchCase("arn:*:logs:*:*:log-group:/aws/eks/*", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/eks/c:log-stream:x", true),
            // `*` does not span a component boundary: the account's `*` cannot eat part of the resource.
            MatchCase("arn:aws:iam::*:role/A", "arn:aws:iam::111122223333:x:role/A", false),
            MatchCase("arn:aws:iam::*:role/A", "arn:aws:iam::111122223333:role/A", true),
        ])
    func resources(_ c: MatchCase) {
        let context = F.context(resource: c.value)
        let decision = Self.allowed(#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "\#(c.pattern)"}"#, context)
        #expect(decision.isAllowed == c.matches)
        let negated = Self.allowed(#"{"Effect": "Allow", "Action": "sts:AssumeRole", "NotResource": "\#(c.pattern)"}"#, context)
        #expect(negated.isAllowed == !c.matches)
    }

    @Test("a request without a resource matches only Resource \"*\"")
    func noResource() {
        let context = F.context(action: "sts:GetCallerIdentity", resource: nil)
        #expect(Self.allowed(#"{"Effect": "Allow", "Action": "sts:*", "Resource": "*"}"#, context) == .allow)
        #expect(Self.allowed(#"{"Effect": "Allow", "Action": "sts:*", "Resource": "arn:aws:iam::*:role/*"}"#, context) == .implicitDeny)
        #expect(Self.allowed(#"{"Effect": "Allow", "Action": "sts:*", "NotResource": "arn:aws:iam::*:role/*"}"#, context) == .allow)
    }

    // MARK: Combining statements

    @Test("explicit Deny wins over Allow, in any policy and any order")
    func explicitDenyWins() {
        let allow = F.document(#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#)
        let deny = F.document(
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Sid": "NoAssume", "Effect": "Deny", "Action": "sts:AssumeRole*", "Resource": "*"}]}"#
        )
        let context = F.context()
        #expect(PolicyEvaluator.evaluate(policies: [allow], context: context) == .allow)
        let decision = PolicyEvaluator.evaluate(policies: [allow, deny], context: context)
        #expect(decision == .explicitDeny(StatementReference(policyIndex: 1, statementIndex: 1, sid: "NoAssume")))
        #expect(!decision.isAllowed)
        #expect(decision.description == #"explicit deny by statement "NoAssume" (#1) of policy 1"#)
        #expect(
            PolicyEvaluator.evaluate(policies: [deny, allow], context: context)
                == .explicitDeny(StatementReference(policyIndex: 0, statementIndex: 1, sid: "NoAssume")))
        #expect(evaluate(policies: [deny, allow], context: F.context(action: "s3:GetObject")) == .allow)
    }

    @Test("no applicable Allow is an implicit deny")
    func implicitDeny() {
        let policy = F.document(#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#)
        #expect(PolicyEvaluator.evaluate(policies: [policy], context: F.context()) == .implicitDeny)
        #expect(PolicyEvaluator.evaluate(policies: [], context: F.context()) == .implicitDeny)
        #expect(PolicyDecision.implicitDeny.description == "implicit deny")
    }

    @Test("a Deny whose condition fails does not deny")
    func conditionalDeny() {
        let policy = F.document(
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"#
        )
        #expect(PolicyEvaluator.evaluate(policies: [policy], context: F.context(keys: ["aws:SecureTransport": ["true"]])) == .allow)
        #expect(!PolicyEvaluator.evaluate(policies: [policy], context: F.context(keys: ["aws:SecureTransport": ["false"]])).isAllowed)
        // The key missing: Bool is false, so the Deny does not apply.
        #expect(PolicyEvaluator.evaluate(policies: [policy], context: F.context()) == .allow)
    }

    // MARK: Policy variables

    struct VariableCase: Sendable, CustomTestStringConvertible {
        var name: String
        var statement: String
        var context: RequestContext
        var allowed: Bool
        var version = "2012-10-17"
        var testDescription: String { name }
    }

    static let variableCases: [VariableCase] = [
        VariableCase(
            name: "${aws:username} in Resource",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*"}"#,
            context: F.context(action: "s3:GetObject", resource: "arn:aws:s3:::home/Alice/notes.txt"), allowed: true),
        VariableCase(
            name: "${aws:username} is another user's",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*"}"#,
            context: F.context(action: "s3:GetObject", resource: "arn:aws:s3:::home/Bob/notes.txt"), allowed: false),
        VariableCase(
            name: "${aws:username} is literal in a 2008-10-17 policy",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*"}"#,
            context: F.context(action: "s3:GetObject", resource: "arn:aws:s3:::home/Alice/notes.txt"), allowed: false, version: "2008-10-17"),
        VariableCase(
            name: "${aws:username} is absent for a role session, so nothing matches",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*"}"#,
            context: F.context(F.session(), action: "s3:GetObject", resource: "arn:aws:s3:::home/Alice/x"), allowed: false),
        VariableCase(
            name: "a default value stands in for an absent key",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username, 'anonymous'}/*"}"#,
            context: F.context(F.session(), action: "s3:GetObject", resource: "arn:aws:s3:::home/anonymous/x"), allowed: true),
        VariableCase(
            name: "${aws:userid} of a role session",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": "${aws:userid}/"}}}"#,
            context: F.context(F.session(), action: "s3:ListBucket", keys: ["s3:prefix": ["AROAEXAMPLE:s1/"]]), allowed: true),
        VariableCase(
            name: "${aws:PrincipalAccount} in an ARN condition",
            statement:
                #"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:${aws:PrincipalAccount}:*"}}}"#,
            context: F.context(action: "s3:PutObject", keys: ["aws:SourceArn": ["arn:aws:sns:us-east-1:111122223333:topic"]]), allowed: true),
        VariableCase(
            name: "${aws:PrincipalAccount} of another account",
            statement:
                #"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:${aws:PrincipalAccount}:*"}}}"#,
            context: F.context(action: "s3:PutObject", keys: ["aws:SourceArn": ["arn:aws:sns:us-east-1:444455556666:topic"]]), allowed: false),
        VariableCase(
            name: "an issuer key as a variable, ${www.example.com:sub}",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${oidc.eks.us-east-1.amazonaws.com/id/ABC:sub}/*"}"#,
            context: F.context(
                action: "s3:GetObject", resource: "arn:aws:s3:::b/system:serviceaccount:ns:sa/k",
                keys: ["oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": ["system:serviceaccount:ns:sa"]]), allowed: true),
        VariableCase(
            name: "tag variables compare case-sensitively",
            statement:
                #"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}}"#,
            context: F.context(action: "s3:GetObject", keys: ["aws:PrincipalTag/team": ["Blue"], "aws:ResourceTag/team": ["blue"]]), allowed: false),
        VariableCase(
            name: "variable key names are case-insensitive",
            statement:
                #"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "${AWS:PRINCIPALTAG/TEAM}"}}}"#,
            context: F.context(action: "s3:GetObject", keys: ["aws:PrincipalTag/team": ["blue"], "aws:ResourceTag/team": ["blue"]]), allowed: true),
        VariableCase(
            name: "a multivalued key is not substituted",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"k": "${aws:TagKeys}"}}}"#,
            context: F.context(action: "s3:GetObject", keys: ["aws:TagKeys": ["a", "b"], "k": ["a"]]), allowed: false),
        VariableCase(
            name: "an unresolved variable makes a negated condition false",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"k": "${aws:username}"}}}"#,
            context: F.context(F.session(), action: "s3:GetObject", keys: ["k": ["x"]]), allowed: false),
        VariableCase(
            name: "an unresolved variable in NotResource makes the statement inapplicable",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::b/${aws:username}"}"#,
            context: F.context(F.session(), action: "s3:GetObject", resource: "arn:aws:s3:::other"), allowed: false),
        VariableCase(
            name: "${*} is a literal asterisk in StringLike",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringLike": {"k": "a${*}b*"}}}"#,
            context: F.context(action: "s3:GetObject", keys: ["k": ["a*bcd"]]), allowed: true),
        VariableCase(
            name: "${*} does not act as a wildcard",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringLike": {"k": "a${*}b"}}}"#,
            context: F.context(action: "s3:GetObject", keys: ["k": ["axxb"]]), allowed: false),
        VariableCase(
            name: "${?} and ${$} are a literal ? and $",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${?}${$}{x}"}"#,
            context: F.context(action: "s3:GetObject", resource: "arn:aws:s3:::b/?${x}"), allowed: true),
        VariableCase(
            name: "${?} does not match another character",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${?}"}"#,
            context: F.context(action: "s3:GetObject", resource: "arn:aws:s3:::b/x"), allowed: false),
        VariableCase(
            name: "a wildcard in a variable's value is literal",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringLike": {"k": "${aws:PrincipalTag/p}"}}}"#,
            context: F.context(action: "s3:GetObject", keys: ["aws:PrincipalTag/p": ["a*"], "k": ["abc"]]), allowed: false),
        VariableCase(
            name: "variables are not substituted in numeric operators",
            statement: #"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NumericEquals": {"k": "${n}"}}}"#,
            context: F.context(action: "s3:GetObject", keys: ["n": ["5"], "k": ["5"]]), allowed: false),
        VariableCase(
            name: "aws:CurrentTime and aws:EpochTime come from the request date",
            statement:
                #"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2023-11-14T22:13:19Z"}, "DateLessThan": {"aws:EpochTime": "2023-11-14T22:13:21Z"}, "StringEquals": {"k": "${aws:CurrentTime}"}}}"#,
            context: F.context(action: "s3:GetObject", keys: ["k": ["2023-11-14T22:13:20Z"]]), allowed: true),
    ]

    @Test("policy variables", arguments: variableCases)
    func variables(_ c: VariableCase) {
        #expect(Self.allowed(c.statement, c.context, version: c.version).isAllowed == c.allowed)
    }

    @Test("derived condition keys from the principal")
    func derivedKeys() throws {
        let user = F.context(F.user())
        #expect(user.values(forKey: "aws:username") == ["Alice"])
        #expect(user.values(forKey: "AWS:UserId") == ["AIDAEXAMPLE"])
        #expect(user.values(forKey: "aws:PrincipalArn") == ["arn:aws:iam::111122223333:user/Alice"])
        #expect(user.values(forKey: "aws:PrincipalAccount") == ["111122223333"])
        #expect(user.values(forKey: "aws:PrincipalType") == ["User"])
        #expect(user.values(forKey: "aws:EpochTime") == ["1700000000"])
        #expect(user.values(forKey: "aws:CurrentTime") == ["2023-11-14T22:13:20Z"])
        let session = F.context(F.session(roleARN: "arn:aws:iam::111122223333:role/team/Deployer"))
        #expect(session.values(forKey: "aws:PrincipalArn") == ["arn:aws:iam::111122223333:role/team/Deployer"])
        #expect(session.values(forKey: "aws:PrincipalType") == ["AssumedRole"])
        #expect(session.values(forKey: "aws:username") == nil)
        #expect(session.values(forKey: "aws:userid") == ["AROAEXAMPLE:s1"])
        let root = F.context(.root(accountID: "111122223333"))
        #expect(root.values(forKey: "aws:PrincipalType") == ["Account"])
        #expect(root.values(forKey: "aws:userid") == ["111122223333"])
        let federated = F.context(try RequestPrincipal(arn: "arn:aws:sts::111122223333:federated-user/Bob"))
        #expect(federated.values(forKey: "aws:userid") == ["111122223333:Bob"])
        #expect(federated.values(forKey: "aws:PrincipalType") == ["FederatedUser"])
        let web = F.context(.webIdentity(provider: F.providerARN))
        #expect(web.values(forKey: "aws:FederatedProvider") == [F.providerARN])
        #expect(web.values(forKey: "aws:PrincipalArn") == nil)
        // Explicit keys win over derived ones; a key set to nil is removed.
        var explicit = F.context(keys: ["AWS:USERNAME": ["override"]])
        #expect(explicit.values(forKey: "aws:username") == ["override"])
        explicit.setConditionKey("aws:username", to: nil)
        #expect(explicit.values(forKey: "aws:username") == ["Alice"])
        #expect(explicit.conditionKeys.isEmpty)
        // Names differing only in case are one key.
        let merged = RequestContext(principal: F.user(), action: "s3:GetObject", conditionKeys: ["aws:TagKeys": ["a"], "AWS:TAGKEYS": ["b"]])
        #expect(merged.values(forKey: "aws:tagkeys")?.sorted() == ["a", "b"])
        #expect(throws: (any Error).self) { try RequestPrincipal(arn: "arn:aws:s3:::bucket") }
    }
}
