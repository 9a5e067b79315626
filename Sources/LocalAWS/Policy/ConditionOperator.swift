/// A condition operator as written in a policy's `Condition` block: a base operator such as
/// `StringEquals`, optionally with the `IfExists` suffix and a `ForAllValues:` or `ForAnyValue:` set prefix
/// (`ForAnyValue:StringLikeIfExists`).
public struct ConditionOperator: Sendable, Hashable, CustomStringConvertible {
    /// The comparison itself.
    public enum Base: String, Sendable, Hashable, CaseIterable {
        /// Exact matching, case-sensitive.
        case stringEquals = "StringEquals"
        /// Negated `StringEquals`.
        case stringNotEquals = "StringNotEquals"
        /// Exact matching, ignoring case.
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        /// Negated `StringEqualsIgnoreCase`.
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        /// Case-sensitive matching with `*` and `?` wildcards.
        case stringLike = "StringLike"
        /// Negated `StringLike`.
        case stringNotLike = "StringNotLike"
        /// Numbers equal.
        case numericEquals = "NumericEquals"
        /// Negated `NumericEquals`.
        case numericNotEquals = "NumericNotEquals"
        /// The request's number is less than the policy's.
        case numericLessThan = "NumericLessThan"
        /// The request's number is less than or equal to the policy's.
        case numericLessThanEquals = "NumericLessThanEquals"
        /// The request's number is greater than the policy's.
        case numericGreaterThan = "NumericGreaterThan"
        /// The request's number is greater than or equal to the policy's.
        case numericGreaterThanEquals = "NumericGreaterThanEquals"
        /// The same instant (ISO 8601 or epoch seconds on either side).
        case dateEquals = "DateEquals"
        /// Negated `DateEquals`.
        case dateNotEquals = "DateNotEquals"
        /// The request's date is before the policy's.
        case dateLessThan = "DateLessThan"
        /// The request's date is at or before the policy's.
        case dateLessThanEquals = "DateLessThanEquals"
        /// The request's date is after the policy's.
        case dateGreaterThan = "DateGreaterThan"
        /// The request's date is at or after the policy's.
        case dateGreaterThanEquals = "DateGreaterThanEquals"
        /// `true`/`false` matching (case-insensitive).
        case bool = "Bool"
        /// Byte-for-byte equality of base64-encoded values.
        case binaryEquals = "BinaryEquals"
        /// The request's IP address is in one of the policy's CIDR ranges (IPv4 or IPv6; no prefix = one address).
        case ipAddress = "IpAddress"
        /// Negated `IpAddress`.
        case notIpAddress = "NotIpAddress"
        /// ARN matching, component by component, with `*` and `?` wildcards; the same as `ArnLike`.
        case arnEquals = "ArnEquals"
        /// ARN matching, component by component, with `*` and `?` wildcards.
        case arnLike = "ArnLike"
        /// Negated `ArnEquals`.
        case arnNotEquals = "ArnNotEquals"
        /// Negated `ArnLike`.
        case arnNotLike = "ArnNotLike"
        /// Tests whether the key is absent (`true`) or present (`false`).
        case null = "Null"

        /// Whether the operator is a negated (`…Not…`) one: it matches when no policy value matches, and
        /// when the key is missing from the request.
        public var isNegated: Bool { positive != self }

        /// The positive operator a negated one negates (`StringNotLike` → `StringLike`); itself otherwise.
        public var positive: Base {
            switch self {
            case .stringNotEquals: .stringEquals
            case .stringNotEqualsIgnoreCase: .stringEqualsIgnoreCase
            case .stringNotLike: .stringLike
            case .numericNotEquals: .numericEquals
            case .dateNotEquals: .dateEquals
            case .notIpAddress: .ipAddress
            case .arnNotEquals: .arnEquals
            case .arnNotLike: .arnLike
            default: self
            }
        }

        /// Whether policy variables are substituted in the policy's values (string, ARN and Bool
        /// operators, as IAM documents).
        public var supportsPolicyVariables: Bool {
            switch positive {
            case .stringEquals, .stringEqualsIgnoreCase, .stringLike, .arnEquals, .arnLike, .bool: true
            default: false
            }
        }
    }

    /// The set operators for keys with several values in the request (`aws:TagKeys`, …).
    public enum SetQualifier: String, Sendable, Hashable, CaseIterable {
        /// Every request value must match (vacuously true when the key is absent or empty).
        case forAllValues = "ForAllValues"
        /// At least one request value must match (false when the key is absent or empty).
        case forAnyValue = "ForAnyValue"
    }

    /// The comparison.
    public var base: Base
    /// Whether the `IfExists` suffix is present: a key missing from the request makes the condition true.
    public var ifExists: Bool
    /// The `ForAllValues:`/`ForAnyValue:` prefix, if any.
    public var qualifier: SetQualifier?

    /// Creates an operator from its parts.
    public init(_ base: Base, ifExists: Bool = false, qualifier: SetQualifier? = nil) {
        self.base = base
        self.ifExists = ifExists
        self.qualifier = qualifier
    }

    /// Parses an operator name as IAM accepts it: `[ForAllValues:|ForAnyValue:]<Base>[IfExists]`,
    /// with the names spelled as AWS documents them (case-sensitive).
    ///
    /// - Throws: ``PolicyError`` `MalformedPolicyDocument` `Invalid Condition type : <name>` for an
    ///   unknown operator, and for `NullIfExists` (IAM does not allow `IfExists` on `Null`).
    public init(parsing name: String) throws(PolicyError) {
        var rest = Substring(name)
        var qualifier: SetQualifier?
        if let colon = rest.firstIndex(of: ":") {
            guard let parsed = SetQualifier(rawValue: String(rest[..<colon])) else { throw Self.invalid(name) }
            qualifier = parsed
            rest = rest[rest.index(after: colon)...]
        }
        var ifExists = false
        if rest.hasSuffix("IfExists"), Base(rawValue: String(rest)) == nil {
            ifExists = true
            rest = rest.dropLast("IfExists".count)
        }
        guard let base = Base(rawValue: String(rest)), !(ifExists && base == .null) else { throw Self.invalid(name) }
        self.init(base, ifExists: ifExists, qualifier: qualifier)
    }

    /// The operator's name as written in a policy: `ForAnyValue:StringLikeIfExists`.
    public var description: String {
        (qualifier.map { "\($0.rawValue):" } ?? "") + base.rawValue + (ifExists ? "IfExists" : "")
    }

    private static func invalid(_ name: String) -> PolicyError {
        .malformed("Invalid Condition type : \(name)")
    }
}
