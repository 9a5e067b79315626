/// An IAM policy document: a role trust policy, an identity (permissions) policy or another resource policy.
///
/// ```swift
/// let trust = try PolicyDocument(parsing: json, kind: .trust)
/// let decision = PolicyEvaluator.evaluateTrustPolicy(trust, context: context)
/// ```
///
/// Parsing follows the IAM policy grammar: `Version` (`2012-10-17` or `2008-10-17`), `Id`, and `Statement`
/// as one object or an array of objects, each with `Sid`, `Effect`, `Principal`/`NotPrincipal`,
/// `Action`/`NotAction`, `Resource`/`NotResource` and `Condition`, in any order; single values may be
/// written without the array. Anything else is a ``PolicyError`` `MalformedPolicyDocument`, as IAM rejects
/// it when the policy is saved.
public struct PolicyDocument: Sendable, Hashable {
    /// The policy language version.
    public enum Version: String, Sendable, Hashable, CaseIterable {
        /// The current version; policy variables are substituted.
        case v2012 = "2012-10-17"
        /// The original version; `${…}` is literal text.
        case v2008 = "2008-10-17"
    }

    /// Where a policy is used, which decides the elements it must and must not have.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Only the grammar is checked.
        case generic
        /// A permissions policy attached to a user, group or role: no `Principal`/`NotPrincipal`, a
        /// `Resource`/`NotResource` in every statement, alphanumeric unique `Sid`s.
        case identity
        /// A role trust policy (`AssumeRolePolicyDocument`): a `Principal`/`NotPrincipal` in every statement,
        /// no `Resource`/`NotResource`, only `sts:` actions, alphanumeric unique `Sid`s.
        case trust
        /// Another resource-based policy: a `Principal`/`NotPrincipal` and a `Resource`/`NotResource` in
        /// every statement.
        case resource
    }

    /// The `Version` element; `nil` when absent, which IAM treats as `2008-10-17`.
    public var version: Version?
    /// The `Id` element, if any.
    public var id: String?
    /// The statements, in document order.
    public var statements: [PolicyStatement]

    /// Creates a document from its parts.
    public init(version: Version? = .v2012, id: String? = nil, statements: [PolicyStatement]) {
        self.version = version
        self.id = id
        self.statements = statements
    }

    /// Whether `${…}` policy variables are substituted: only with `"Version": "2012-10-17"`.
    public var supportsPolicyVariables: Bool { version == .v2012 }

    /// Parses a policy document and checks it for `kind`.
    ///
    /// - Throws: ``PolicyError`` `MalformedPolicyDocument` naming what is wrong and where, for example
    ///   `Syntax errors in policy. Unexpected '}', expected a value at line 3, column 1.`,
    ///   `Invalid Condition type : StringEqualz (Statement[0].Condition)` or
    ///   `Policy document should not specify a principal. (Statement[0])`.
    public init(parsing json: String, kind: Kind = .generic) throws(PolicyError) {
        try self.init(parsing: Array(json.utf8), kind: kind)
    }

    /// Parses a policy document from UTF-8 bytes and checks it for `kind`.
    ///
    /// - Throws: ``PolicyError`` `MalformedPolicyDocument`, as the `String` initializer.
    public init(parsing bytes: [UInt8], kind: Kind = .generic) throws(PolicyError) {
        let json = try PolicyJSON.parse(bytes)
        self = try PolicyParser.document(json)
        try validate(as: kind)
    }

    /// Checks the rules of `kind` (see ``Kind``) that go beyond the grammar.
    ///
    /// - Throws: ``PolicyError`` `MalformedPolicyDocument` with IAM's wording, such as
    ///   `Policy document should not specify a principal.`, `Missing required field Principal`,
    ///   `Has prohibited field Resource`, `Policy statement must contain resources.`,
    ///   `AssumeRole policy may only specify STS AssumeRole actions.`,
    ///   `Statement IDs (SID) must be alpha-numeric.` or
    ///   `Statement IDs (SID) in a single policy must be unique.`
    public func validate(as kind: Kind) throws(PolicyError) {
        guard kind != .generic else { return }
        var sids: Set<String> = []
        for (index, statement) in statements.enumerated() {
            let at = " (Statement[\(index)])"
            switch kind {
            case .identity:
                if statement.principal != nil { throw .malformed("Policy document should not specify a principal." + at) }
                if statement.resource == nil { throw .malformed("Policy statement must contain resources." + at) }
            case .trust:
                if statement.principal == nil { throw .malformed("Missing required field Principal" + at) }
                if statement.resource != nil { throw .malformed("Has prohibited field Resource" + at) }
                let actions: [String] =
                    switch statement.action {
                    case .action(let list), .notAction(let list): list
                    }
                if let bad = actions.first(where: { !$0.lowercased().hasPrefix("sts:") }) {
                    throw .malformed("AssumeRole policy may only specify STS AssumeRole actions. (\"\(bad)\" in Statement[\(index)])")
                }
            case .resource:
                if statement.principal == nil { throw .malformed("Missing required field Principal" + at) }
                if statement.resource == nil { throw .malformed("Policy statement must contain resources." + at) }
            case .generic:
                break
            }
            if kind == .identity || kind == .trust, let sid = statement.sid, !sid.isEmpty {
                guard sid.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }) else {
                    throw .malformed(
                        "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]* (\"\(sid)\" in Statement[\(index)])"
                    )
                }
                guard sids.insert(sid).inserted else {
                    throw .malformed("Statement IDs (SID) in a single policy must be unique. (\"\(sid)\" in Statement[\(index)])")
                }
            }
        }
    }
}
