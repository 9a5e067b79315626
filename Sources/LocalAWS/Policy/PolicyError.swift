/// Why a policy document was rejected, as IAM's `CreateRole`, `UpdateAssumeRolePolicy`, `PutRolePolicy`
/// and `CreatePolicy` (and STS for session policies) reject them.
///
/// The code's raw value is the AWS error code (`MalformedPolicyDocument`, HTTP 400); the message names
/// the element that is wrong and, where IAM has a well-known wording, uses it. Equality compares the code
/// only, so tests can match on the kind of failure.
public struct PolicyError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kinds of failure, with the AWS error codes as raw values.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The document is not valid JSON or does not follow the IAM policy grammar.
        case malformedPolicyDocument = "MalformedPolicyDocument"
    }

    /// The kind of failure.
    public let code: Code
    /// What is wrong, naming the element and value, for example
    /// `Invalid Condition type : StringEqualz (in Statement[0].Condition)`.
    public let message: String

    /// The message.
    public var description: String { message }

    /// Creates an error with a code and a message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// Compares the codes only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// A `MalformedPolicyDocument` error with `message`.
    static func malformed(_ message: String) -> Self {
        .init(code: .malformedPolicyDocument, message: message)
    }

    /// The JSON itself does not parse: IAM's `Syntax errors in policy.` with where and why.
    static func syntax(_ detail: String, line: Int, column: Int) -> Self {
        .malformed("Syntax errors in policy. \(detail) at line \(line), column \(column).")
    }
}
