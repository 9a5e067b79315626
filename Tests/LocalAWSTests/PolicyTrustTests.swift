import LocalAWS
import Testing

@Suite("Policy trust policies")
struct PolicyTrustTests {
    typealias F = PolicyFixtures

    static let roleARN = "arn:aws:iam::111122223333:role/Target"

    static func trust(_ statements: String) -> PolicyDocument {
        F.document(#"{"Version": "2012-10-17", "Statement": \#(statements)}"#, kind: .trust)
    }

    static func assumeRole(_ principal: RequestPrincipal, keys: [String: [String]] = [:]) -> RequestContext {
        F.context(principal, action: "sts:AssumeRole", resource: roleARN, keys: keys)
    }

    struct TrustCase: Sendable, CustomTestStringConvertible {
        var name: String
        var context: RequestContext
        var decision: PolicyDecision
        var testDescription: String { name }
    }

    // MARK: Account root principal

    static let accountTrust = trust(#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}"#)
    static let accountIDTrust = trust(#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}"#)

    @Test(
        "an account principal (ARN or bare ID) trusts every identity of that account",
        arguments: [
            TrustCase(name: "user of the account", context: assumeRole(F.user()), decision: .allow),
            TrustCase(name: "role session of the account", context: assumeRole(F.session()), decision: .allow),
            TrustCase(name: "root of the account", context: assumeRole(.root(accountID: "111122223333")), decision: .allow),
            TrustCase(name: "user of another account", context: assumeRole(F.user(account: F.otherAccount)), decision: .implicitDeny),
            TrustCase(name: "root of another account", context: assumeRole(.root(accountID: F.otherAccount)), decision: .implicitDeny),
            TrustCase(name: "a web identity", context: assumeRole(.webIdentity(provider: F.providerARN)), decision: .implicitDeny),
            TrustCase(name: "a service", context: assumeRole(.service("ec2.amazonaws.com")), decision: .implicitDeny),
            TrustCase(name: "anonymous", context: assumeRole(.anonymous), decision: .implicitDeny),
            TrustCase(name: "another action", context: F.context(F.user(), action: "sts:TagSession", resource: roleARN), decision: .implicitDeny),
        ])
    func accountPrincipal(_ c: TrustCase) {
        #expect(PolicyEvaluator.evaluateTrustPolicy(Self.accountTrust, context: c.context) == c.decision)
        #expect(PolicyEvaluator.evaluateTrustPolicy(Self.accountIDTrust, context: c.context) == c.decision)
    }

    @Test("trusting the account delegates: the caller's identity policies must allow sts:AssumeRole too")
    func accountDelegation() {
        let allowAssume = F.document(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/*"}}"#,
            kind: .identity)
        let allowOther = F.document(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#, kind: .identity)
        let context = Self.assumeRole(F.user())
        #expect(PolicyEvaluator.evaluateRoleAssumption(trustPolicy: Self.accountTrust, identityPolicies: [], context: context) == .implicitDeny)
        #expect(
            PolicyEvaluator.evaluateRoleAssumption(trustPolicy: Self.accountTrust, identityPolicies: [allowOther], context: context) == .implicitDeny)
        #expect(
            PolicyEvaluator.evaluateRoleAssumption(trustPolicy: Self.accountTrust, identityPolicies: [allowOther, allowAssume], context: context)
                == .allow)
        // The root user needs no identity policy.
        #expect(
            PolicyEvaluator.evaluateRoleAssumption(
                trustPolicy: Self.accountTrust, identityPolicies: [], context: Self.assumeRole(.root(accountID: "111122223333"))) == .allow)
    }

    // MARK: A specific role principal

    static let roleTrust = trust(#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Deployer"}, "Action": "sts:AssumeRole"}"#)

    @Test(
        "a role principal trusts the role's sessions",
        arguments: [
            TrustCase(name: "a session of the role", context: assumeRole(F.session(role: "Deployer", session: "ci")), decision: .allow),
            TrustCase(name: "a session of another role", context: assumeRole(F.session(role: "Other")), decision: .implicitDeny),
            TrustCase(
                name: "a session of a same-named role in another account", context: assumeRole(F.session(role: "Deployer", account: F.otherAccount)),
                decision: .implicitDeny),
            TrustCase(
                name: "a session whose role has a path the policy does not name",
                context: assumeRole(F.session(role: "Deployer", roleARN: "arn:aws:iam::111122223333:role/team/Deployer")), decision: .implicitDeny),
            TrustCase(
                name: "the role itself", context: assumeRole(try! RequestPrincipal(arn: "arn:aws:iam::111122223333:role/Deployer")), decision: .allow),
            TrustCase(name: "a user of the same account", context: assumeRole(F.user("Deployer")), decision: .implicitDeny),
            TrustCase(name: "the account root", context: assumeRole(.root(accountID: "111122223333")), decision: .implicitDeny),
        ])
    func rolePrincipal(_ c: TrustCase) {
        #expect(PolicyEvaluator.evaluateTrustPolicy(Self.roleTrust, context: c.context) == c.decision)
    }

    @Test("a role with a path matches when the context knows the role's full ARN")
    func rolePath() {
        let trust = Self.trust(
            #"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/team/Deployer"}, "Action": "sts:AssumeRole"}"#)
        let withPath = Self.assumeRole(F.session(role: "Deployer", roleARN: "arn:aws:iam::111122223333:role/team/Deployer"))
        #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: withPath) == .allow)
        #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: Self.assumeRole(F.session(role: "Deployer"))) == .implicitDeny)
    }

    @Test("a trust policy naming the caller needs no identity policy in the same account, but does across accounts")
    func specificPrincipalAcrossAccounts() {
        let sameAccount = Self.assumeRole(F.session(role: "Deployer"))
        #expect(PolicyEvaluator.evaluateRoleAssumption(trustPolicy: Self.roleTrust, identityPolicies: [], context: sameAccount) == .allow)
        let crossTrust = Self.trust(
            #"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::444455556666:role/Deployer", "arn:aws:iam::444455556666:user/Bob"]}, "Action": "sts:AssumeRole"}"#
        )
        let crossSession = Self.assumeRole(F.session(role: "Deployer", account: F.otherAccount))
        #expect(PolicyEvaluator.evaluateTrustPolicy(crossTrust, context: crossSession) == .allow)
        #expect(PolicyEvaluator.evaluateRoleAssumption(trustPolicy: crossTrust, identityPolicies: [], context: crossSession) == .implicitDeny)
        let allowAssume = F.document(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/Target"}}"#,
            kind: .identity)
        #expect(PolicyEvaluator.evaluateRoleAssumption(trustPolicy: crossTrust, identityPolicies: [allowAssume], context: crossSession) == .allow)
        // An explicit deny among the identity policies wins over both allows.
        let denyAssume = F.document(
            #"{"Version": "2012-10-17", "Statement": {"Sid": "NoRoles", "Effect": "Deny", "Action": "sts:*", "Resource": "*"}}"#, kind: .identity)
        #expect(
            PolicyEvaluator.evaluateRoleAssumption(trustPolicy: crossTrust, identityPolicies: [allowAssume, denyAssume], context: crossSession)
                == .explicitDeny(StatementReference(policyIndex: 2, statementIndex: 0, sid: "NoRoles")))
        #expect(
            PolicyEvaluator.evaluateRoleAssumption(trustPolicy: Self.roleTrust, identityPolicies: [denyAssume], context: sameAccount)
                == .explicitDeny(StatementReference(policyIndex: 1, statementIndex: 0, sid: "NoRoles")))
        let bob = Self.assumeRole(F.user("Bob", account: F.otherAccount))
        #expect(PolicyEvaluator.evaluateTrustPolicy(crossTrust, context: bob) == .allow)
        #expect(PolicyEvaluator.evaluateTrustPolicy(crossTrust, context: Self.assumeRole(F.user("Bob"))) == .implicitDeny)
    }

    @Test("an assumed-role session ARN principal names exactly that session")
    func sessionPrincipal() {
        let trust = Self.trust(
            #"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:sts::111122223333:assumed-role/Deployer/ci"}, "Action": "sts:AssumeRole"}"#)
        #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: Self.assumeRole(F.session(role: "Deployer", session: "ci"))) == .allow)
        #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: Self.assumeRole(F.session(role: "Deployer", session: "dev"))) == .implicitDeny)
    }

    // MARK: sts:ExternalId

    static let externalIDTrust = trust(
        #"{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "Unique-ID-123"}}}"#
    )

    @Test(
        "sts:ExternalId must be given and equal",
        arguments: [
            TrustCase(
                name: "the right external ID", context: assumeRole(F.user(account: F.otherAccount), keys: ["sts:ExternalId": ["Unique-ID-123"]]),
                decision: .allow),
            TrustCase(
                name: "a wrong external ID", context: assumeRole(F.user(account: F.otherAccount), keys: ["sts:ExternalId": ["unique-id-123"]]),
                decision: .implicitDeny),
            TrustCase(name: "no external ID", context: assumeRole(F.user(account: F.otherAccount)), decision: .implicitDeny),
            TrustCase(
                name: "the right ID from the wrong account", context: assumeRole(F.user(), keys: ["sts:ExternalId": ["Unique-ID-123"]]),
                decision: .implicitDeny),
        ])
    func externalID(_ c: TrustCase) {
        #expect(PolicyEvaluator.evaluateTrustPolicy(Self.externalIDTrust, context: c.context) == c.decision)
    }

    // MARK: OIDC (IRSA)

    static let sub = "\(F.issuer):sub"
    static let aud = "\(F.issuer):aud"

    static let irsaTrust = trust(
        """
        {"Effect": "Allow",
         "Principal": {"Federated": "\(F.providerARN)"},
         "Action": "sts:AssumeRoleWithWebIdentity",
         "Condition": {"StringEquals": {"\(sub)": "system:serviceaccount:ns:sa", "\(aud)": "sts.amazonaws.com"}}}
        """)

    static func webIdentity(
        provider: String = F.providerARN, sub subject: String? = "system:serviceaccount:ns:sa", aud audience: String? = "sts.amazonaws.com",
        action: String = "sts:AssumeRoleWithWebIdentity"
    ) -> RequestContext {
        var keys: [String: [String]] = [:]
        if let subject { keys[sub] = [subject] }
        if let audience { keys[aud] = [audience] }
        return F.context(.webIdentity(provider: provider), action: action, resource: roleARN, keys: keys)
    }

    @Test(
        "IRSA: the OIDC provider, the service account and the audience must all match",
        arguments: [
            TrustCase(name: "the pod's service account", context: webIdentity(), decision: .allow),
            TrustCase(name: "another service account", context: webIdentity(sub: "system:serviceaccount:ns:other"), decision: .implicitDeny),
            TrustCase(name: "another namespace", context: webIdentity(sub: "system:serviceaccount:ns2:sa"), decision: .implicitDeny),
            TrustCase(name: "a wrong audience", context: webIdentity(aud: "https://kubernetes.default.svc"), decision: .implicitDeny),
            TrustCase(name: "no audience", context: webIdentity(aud: nil), decision: .implicitDeny),
            TrustCase(name: "no subject", context: webIdentity(sub: nil), decision: .implicitDeny),
            TrustCase(
                name: "the same issuer registered in another account",
                context: webIdentity(provider: "arn:aws:iam::444455556666:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"),
                decision: .implicitDeny),
            TrustCase(
                name: "another cluster's provider",
                context: webIdentity(provider: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/XYZ"),
                decision: .implicitDeny),
            TrustCase(name: "sts:AssumeRole instead of …WithWebIdentity", context: webIdentity(action: "sts:AssumeRole"), decision: .implicitDeny),
            TrustCase(
                name: "an IAM user with the same keys",
                context: F.context(
                    F.user(), action: "sts:AssumeRoleWithWebIdentity", resource: roleARN,
                    keys: [sub: ["system:serviceaccount:ns:sa"], aud: ["sts.amazonaws.com"]]),
                decision: .implicitDeny),
        ])
    func irsa(_ c: TrustCase) {
        #expect(PolicyEvaluator.evaluateTrustPolicy(Self.irsaTrust, context: c.context) == c.decision)
        #expect(PolicyEvaluator.evaluateRoleAssumption(trustPolicy: Self.irsaTrust, identityPolicies: [], context: c.context) == c.decision)
    }

    @Test(
        "IRSA with StringLike on sub trusts a whole namespace",
        arguments: [
            ("system:serviceaccount:ns:sa", true),
            ("system:serviceaccount:ns:any-other", true),
            ("system:serviceaccount:ns2:sa", false),
            ("system:serviceaccount:ns", false),
        ])
    func irsaNamespace(_ subject: String, _ allowed: Bool) {
        let trust = Self.trust(
            """
            {"Effect": "Allow", "Principal": {"Federated": "\(F.providerARN)"}, "Action": "sts:AssumeRoleWithWebIdentity",
             "Condition": {"StringLike": {"\(Self.sub)": "system:serviceaccount:ns:*"}, "StringEquals": {"\(Self.aud)": "sts.amazonaws.com"}}}
            """)
        #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: Self.webIdentity(sub: subject)).isAllowed == allowed)
        // The same pattern in StringEquals is literal and never matches a real subject.
        let literal = Self.trust(
            """
            {"Effect": "Allow", "Principal": {"Federated": "\(F.providerARN)"}, "Action": "sts:AssumeRoleWithWebIdentity",
             "Condition": {"StringEquals": {"\(Self.sub)": "system:serviceaccount:ns:*"}}}
            """)
        #expect(PolicyEvaluator.evaluateTrustPolicy(literal, context: Self.webIdentity(sub: subject)) == .implicitDeny)
    }

    @Test("the condition key is the issuer, not the provider ARN")
    func conditionKeyIsIssuer() {
        let trust = Self.trust(
            """
            {"Effect": "Allow", "Principal": {"Federated": "\(F.providerARN)"}, "Action": "sts:AssumeRoleWithWebIdentity",
             "Condition": {"StringEquals": {"\(F.providerARN):sub": "system:serviceaccount:ns:sa"}}}
            """)
        #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: Self.webIdentity()) == .implicitDeny)
    }

    @Test(
        "Federated may name a well-known provider or the issuer host",
        arguments: [
            ("accounts.google.com", "accounts.google.com", true),
            ("cognito-identity.amazonaws.com", "accounts.google.com", false),
            ("oidc.eks.us-east-1.amazonaws.com/id/ABC", F.providerARN, true),
            ("oidc.eks.us-east-1.amazonaws.com/id/XYZ", F.providerARN, false),
            ("arn:aws:iam::111122223333:saml-provider/corp", "arn:aws:iam::111122223333:saml-provider/corp", true),
        ])
    func federatedForms(_ federated: String, _ provider: String, _ allowed: Bool) {
        let trust = Self.trust(#"{"Effect": "Allow", "Principal": {"Federated": "\#(federated)"}, "Action": "sts:AssumeRoleWith*"}"#)
        let context = F.context(.webIdentity(provider: provider), action: "sts:AssumeRoleWithWebIdentity", resource: Self.roleARN)
        #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: context).isAllowed == allowed)
    }

    // MARK: Services, wildcards, NotPrincipal

    @Test("a service principal (EKS Pod Identity) with AssumeRole and TagSession")
    func servicePrincipal() {
        let trust = Self.trust(
            #"{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}"#)
        for action in ["sts:AssumeRole", "sts:TagSession"] {
            let context = F.context(.service("pods.eks.amazonaws.com"), action: action, resource: Self.roleARN)
            #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: context) == .allow)
            #expect(PolicyEvaluator.evaluateRoleAssumption(trustPolicy: trust, identityPolicies: [], context: context) == .allow)
        }
        #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: Self.assumeRole(.service("ec2.amazonaws.com"))) == .implicitDeny)
        #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: Self.assumeRole(F.user())) == .implicitDeny)
    }

    @Test("Principal \"*\" trusts everyone, narrowed by aws:PrincipalArn")
    func wildcardPrincipal() {
        let trust = Self.trust(
            #"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/ci-*"}}}"#
        )
        #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: Self.assumeRole(F.session(role: "ci-runner"))) == .allow)
        #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: Self.assumeRole(F.session(role: "dev"))) == .implicitDeny)
        #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: Self.assumeRole(.anonymous)) == .implicitDeny)
        let open = Self.trust(#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}"#)
        #expect(PolicyEvaluator.evaluateTrustPolicy(open, context: Self.assumeRole(F.user(account: F.otherAccount))) == .allow)
        #expect(PolicyEvaluator.evaluateTrustPolicy(open, context: Self.assumeRole(.anonymous)) == .allow)
        // `*` names the caller, so a same-account caller needs no identity policy.
        #expect(PolicyEvaluator.evaluateRoleAssumption(trustPolicy: open, identityPolicies: [], context: Self.assumeRole(F.user())) == .allow)
    }

    @Test(
        "Deny with NotPrincipal exempts a caller only when all its identities are listed",
        arguments: [
            // A role session: session ARN, role ARN and account must all be listed.
            (#"["arn:aws:sts::111122223333:assumed-role/Deployer/s1", "arn:aws:iam::111122223333:role/Deployer", "111122223333"]"#, true),
            (#"["arn:aws:iam::111122223333:role/Deployer", "111122223333"]"#, false),
            (#"["arn:aws:sts::111122223333:assumed-role/Deployer/s1", "arn:aws:iam::111122223333:role/Deployer"]"#, false),
            (#"["arn:aws:iam::111122223333:root"]"#, false),
            (#""*""#, true),
        ])
    func notPrincipal(_ exempt: String, _ allowed: Bool) {
        let trust = Self.trust(
            #"[{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}, {"Effect": "Deny", "NotPrincipal": {"AWS": \#(exempt)}, "Action": "sts:AssumeRole"}]"#
        )
        let decision = PolicyEvaluator.evaluateTrustPolicy(trust, context: Self.assumeRole(F.session(role: "Deployer", session: "s1")))
        #expect(decision == (allowed ? .allow : .explicitDeny(StatementReference(policyIndex: 0, statementIndex: 1, sid: nil))))
    }

    @Test("NotPrincipal for users, root, services and web identities")
    func notPrincipalOtherKinds() {
        let trust = Self.trust(
            """
            [{"Effect": "Allow", "Principal": "*", "Action": "sts:*"},
             {"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:user/Alice", "111122223333"],
              "Service": "pods.eks.amazonaws.com", "Federated": "\(F.providerARN)"}, "Action": "sts:*"}]
            """)
        func decision(_ principal: RequestPrincipal) -> PolicyDecision {
            PolicyEvaluator.evaluateTrustPolicy(trust, context: Self.assumeRole(principal))
        }
        #expect(decision(F.user("Alice")) == .allow)
        #expect(!decision(F.user("Bob")).isAllowed)
        #expect(!decision(F.user("Alice", account: F.otherAccount)).isAllowed)
        #expect(decision(.root(accountID: "111122223333")) == .allow)
        #expect(decision(.service("pods.eks.amazonaws.com")) == .allow)
        #expect(!decision(.service("ec2.amazonaws.com")).isAllowed)
        #expect(decision(.webIdentity(provider: F.providerARN)) == .allow)
        #expect(!decision(.anonymous).isAllowed)
    }

    @Test("an Allow with NotPrincipal allows everyone else")
    func allowNotPrincipal() {
        let trust = Self.trust(#"{"Effect": "Allow", "NotPrincipal": {"AWS": "444455556666"}, "Action": "sts:AssumeRole"}"#)
        #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: Self.assumeRole(.root(accountID: "111122223333"))) == .allow)
        #expect(PolicyEvaluator.evaluateTrustPolicy(trust, context: Self.assumeRole(.root(accountID: F.otherAccount))) == .implicitDeny)
    }

    // MARK: Modes

    @Test("in a trust policy a statement must name a principal; in identity policies it must not")
    func modes() {
        let noPrincipal = PolicyDocument(statements: [PolicyStatement(effect: .allow, action: .action(["sts:AssumeRole"]))])
        let context = Self.assumeRole(F.user())
        #expect(PolicyEvaluator.evaluate(policies: [noPrincipal], context: context) == .allow)
        #expect(PolicyEvaluator.evaluateTrustPolicy(noPrincipal, context: context) == .implicitDeny)
        // Identity policies need a Resource element and ignore statements that name a principal.
        #expect(PolicyEvaluator.evaluateIdentityPolicies([noPrincipal], context: context) == .implicitDeny)
        let withResource = PolicyDocument(statements: [
            PolicyStatement(effect: .allow, action: .action(["sts:AssumeRole"]), resource: .resource(["*"]))
        ])
        #expect(PolicyEvaluator.evaluateIdentityPolicies([withResource], context: context) == .allow)
        let withPrincipal = PolicyDocument(statements: [
            PolicyStatement(effect: .deny, principal: .principal(.all), action: .action(["*"]), resource: .resource(["*"]))
        ])
        #expect(PolicyEvaluator.evaluateIdentityPolicies([withResource, withPrincipal], context: context) == .allow)
        #expect(!PolicyEvaluator.evaluate(policies: [withResource, withPrincipal], context: context).isAllowed)
    }

    @Test("a trust policy is evaluated against the role as the resource when it has none")
    func trustWithoutResource() {
        let context = F.context(F.session(role: "Deployer"), action: "sts:AssumeRole", resource: nil)
        #expect(PolicyEvaluator.evaluateTrustPolicy(Self.roleTrust, context: context) == .allow)
        // Without a resource the role's account is unknown, so the caller's identity policies decide.
        #expect(PolicyEvaluator.evaluateRoleAssumption(trustPolicy: Self.roleTrust, identityPolicies: [], context: context) == .implicitDeny)
    }
}
