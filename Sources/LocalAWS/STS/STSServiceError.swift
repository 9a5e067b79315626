/// Why the embedded STS rejected a request: the AWS error code, the HTTP status, the fault type and
/// a message, rendered as STS's `ErrorResponse`. Messages never contain a secret or a session token.
/// Equality compares the code only.
public struct STSServiceError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The AWS error code (`AccessDenied`, `ValidationError`, `InvalidClientTokenId`, …).
    public let code: String
    /// The HTTP status.
    public let httpStatus: Int
    /// What was wrong and what to do.
    public let message: String
    /// `Sender` (the caller's fault) or `Receiver` (the server's).
    public let type: String

    /// Creates an error from its parts.
    public init(code: String, httpStatus: Int, message: String, type: String = "Sender") {
        self.code = code
        self.httpStatus = httpStatus
        self.message = message
        self.type = type
    }

    /// `Code: message`.
    public var description: String { "\(code): \(message)" }

    /// Compares the codes only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// A parameter is missing, out of range or does not match its pattern. HTTP 400.
    public static func validation(_ message: String) -> Self {
        .init(code: "ValidationError", httpStatus: 400, message: message)
    }

    /// `1 validation error detected: Value '…' at '…' failed to satisfy constraint: …`, as AWS words it.
    static func constraint(value: String?, at field: String, _ constraint: String) -> Self {
        let shown = value.map { "'\(clip($0))'" } ?? "null"
        return .validation("1 validation error detected: Value \(shown) at '\(field)' failed to satisfy constraint: \(constraint)")
    }

    /// The caller may not assume the role (or the role does not exist). HTTP 403.
    public static func accessDenied(caller: String, action: String, resource: String) -> Self {
        .init(
            code: "AccessDenied", httpStatus: 403,
            message: "User: \(caller) is not authorized to perform: \(action) on resource: \(clip(resource))")
    }

    /// The action is not one this STS implements. HTTP 400.
    public static func invalidAction(_ action: String?) -> Self {
        .init(
            code: "InvalidAction", httpStatus: 400,
            message: action.map { "Could not find operation \(clip($0)) for version 2011-06-15" }
                ?? "The request has no Action parameter; send Action=GetCallerIdentity or Action=AssumeRole with Version=2011-06-15.")
    }

    /// An internal failure. HTTP 500.
    public static func internalFailure(_ message: String) -> Self {
        .init(code: "InternalFailure", httpStatus: 500, message: message, type: "Receiver")
    }

    static func clip(_ text: String) -> String {
        text.count > 256 ? String(text.prefix(256)) + "…" : text
    }
}
