/// Why RBAC objects could not be read. Equality compares the code only, so tests can match on the
/// kind of failure; the message says where and what to fix.
public struct RBACError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kinds of failure.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The text is not YAML or JSON.
        case invalidYAML
        /// A document or list item is not a Kubernetes object (no `kind`, not a mapping).
        case notAnObject
        /// An RBAC object does not have the shape of its kind (a missing `roleRef`, a bad selector operator …).
        case invalidObject
    }

    /// The kind of failure.
    public let code: Code
    /// What is wrong and where, for example
    /// `document 1, items[3] (RoleBinding dev/ci): roleRef is missing`.
    public let message: String

    /// The message.
    public var description: String { message }

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// Compares the codes only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    static func invalidYAML(_ detail: String) -> Self {
        .init(code: .invalidYAML, message: "the RBAC objects are not valid YAML or JSON: \(detail)")
    }

    static func notAnObject(_ location: String, _ detail: String) -> Self {
        .init(code: .notAnObject, message: "\(location): \(detail)")
    }

    static func invalidObject(_ location: String, _ detail: String) -> Self {
        .init(code: .invalidObject, message: "\(location): \(detail)")
    }
}
