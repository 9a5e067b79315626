/// One test of a statement's `Condition` block: an operator, a condition key and the policy's values.
///
/// `"Condition": {"StringEquals": {"k1": ["a", "b"], "k2": "c"}, "Bool": {"k3": true}}` is three conditions.
/// All conditions of a statement must hold (AND); the values of one condition are alternatives (OR).
/// Numbers and booleans in the JSON are kept as their text (`10`, `true`).
public struct PolicyCondition: Sendable, Hashable, CustomStringConvertible {
    /// The operator, such as `StringEquals` or `ForAnyValue:StringLike`.
    public var `operator`: ConditionOperator
    /// The condition key, such as `sts:ExternalId` or `oidc.eks.us-east-1.amazonaws.com/id/ABC:sub`;
    /// matched case-insensitively against the request context.
    public var key: String
    /// The policy's values, which may contain policy variables (string, ARN and Bool operators).
    public var values: [String]

    /// Creates a condition.
    public init(_ operator: ConditionOperator, key: String, values: [String]) {
        self.operator = `operator`
        self.key = key
        self.values = values
    }

    /// The condition as JSON-like text: `StringEquals {"sts:ExternalId": ["x"]}`.
    public var description: String {
        "\(`operator`) {\"\(key)\": [\(values.map { "\"\($0)\"" }.joined(separator: ", "))]}"
    }
}
