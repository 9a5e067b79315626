/// The outcome of evaluating policies for a request.
public enum PolicyDecision: Sendable, Hashable, CustomStringConvertible {
    /// An `Allow` statement applies and no `Deny` statement does.
    case allow
    /// A `Deny` statement applies; it wins over any `Allow`.
    case explicitDeny(StatementReference)
    /// No statement allows the request (the default).
    case implicitDeny

    /// Whether the request is allowed.
    public var isAllowed: Bool { self == .allow }

    /// `allow`, `implicit deny`, or `explicit deny by statement "Sid" (#0) of policy 1`.
    public var description: String {
        switch self {
        case .allow: "allow"
        case .explicitDeny(let statement): "explicit deny by \(statement)"
        case .implicitDeny: "implicit deny"
        }
    }
}

/// Which statement of which policy decided an evaluation.
public struct StatementReference: Sendable, Hashable, CustomStringConvertible {
    /// The index of the policy in the list that was evaluated.
    public let policyIndex: Int
    /// The index of the statement in its policy's `Statement` list.
    public let statementIndex: Int
    /// The statement's `Sid`, if it has one.
    public let sid: String?

    /// Creates a reference.
    public init(policyIndex: Int, statementIndex: Int, sid: String?) {
        self.policyIndex = policyIndex
        self.statementIndex = statementIndex
        self.sid = sid
    }

    /// `statement "Sid" (#0) of policy 1`, or `statement #0 of policy 1` without a Sid.
    public var description: String {
        let name = sid.map { "statement \"\($0)\" (#\(statementIndex))" } ?? "statement #\(statementIndex)"
        return "\(name) of policy \(policyIndex)"
    }
}
