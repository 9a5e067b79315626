/// Why an identity-store operation failed, with the AWS IAM error code, HTTP status and a message
/// that says what to change. Equality compares the code only.
public struct IdentityError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kinds of failure; the raw value is the IAM error code.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// A user, role or policy with that name already exists. HTTP 409.
        case entityAlreadyExists = "EntityAlreadyExists"
        /// The named user, role, key or policy does not exist. HTTP 404.
        case noSuchEntity = "NoSuchEntity"
        /// A parameter is out of range or does not match its pattern. HTTP 400.
        case validationError = "ValidationError"
        /// A policy document is not a valid policy of its kind. HTTP 400.
        case malformedPolicyDocument = "MalformedPolicyDocument"
        /// A quota is reached (two access keys per user). HTTP 409.
        case limitExceeded = "LimitExceeded"
        /// The entity still has dependents (keys, policies) that must be deleted first. HTTP 409.
        case deleteConflict = "DeleteConflict"
        /// The change could not be stored (the database failed). HTTP 500.
        case serviceFailure = "ServiceFailure"

        /// The HTTP status IAM answers with.
        public var httpStatus: Int {
            switch self {
            case .entityAlreadyExists, .limitExceeded, .deleteConflict: 409
            case .noSuchEntity: 404
            case .validationError, .malformedPolicyDocument: 400
            case .serviceFailure: 500
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong and what to do.
    public let message: String

    /// Creates an error from its code and message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The IAM error code (`NoSuchEntity`, …).
    public var awsCode: String { code.rawValue }
    /// The HTTP status IAM answers with.
    public var httpStatus: Int { code.httpStatus }
    /// `Code: message`.
    public var description: String { "\(code.rawValue): \(message)" }

    /// Compares the codes only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// An entity of `kind` named `name` already exists.
    public static func alreadyExists(_ kind: String, _ name: String) -> Self {
        .init(code: .entityAlreadyExists, message: "\(kind) with name \(clip(name)) already exists.")
    }

    /// No entity of `kind` named `name`.
    public static func noSuchEntity(_ kind: String, _ name: String) -> Self {
        .init(code: .noSuchEntity, message: "The \(kind.lowercased()) with name \(clip(name)) cannot be found.")
    }

    /// A parameter is invalid.
    public static func validation(_ message: String) -> Self { .init(code: .validationError, message: message) }

    /// Long or odd input, shortened for a message.
    static func clip(_ text: String) -> String {
        text.count > 128 ? String(text.prefix(128)) + "…" : text
    }
}
