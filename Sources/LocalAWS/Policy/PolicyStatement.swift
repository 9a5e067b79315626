/// One statement of a policy document.
public struct PolicyStatement: Sendable, Hashable {
    /// `Allow` or `Deny`.
    public enum Effect: String, Sendable, Hashable, CaseIterable {
        /// The statement grants the action.
        case allow = "Allow"
        /// The statement denies the action, whatever any other statement allows.
        case deny = "Deny"
    }

    /// The `Principal` or `NotPrincipal` element.
    public enum PrincipalElement: Sendable, Hashable {
        /// `Principal`: the statement applies to the principals it names.
        case principal(PolicyPrincipal)
        /// `NotPrincipal`: the statement applies to every principal except those it names.
        case notPrincipal(PolicyPrincipal)
    }

    /// The `Action` or `NotAction` element: `service:Action` patterns with `*` and `?`, matched
    /// case-insensitively.
    public enum ActionElement: Sendable, Hashable {
        /// `Action`: the statement applies to the matching actions.
        case action([String])
        /// `NotAction`: the statement applies to every action except the matching ones.
        case notAction([String])
    }

    /// The `Resource` or `NotResource` element: ARN patterns with `*`, `?` and policy variables, matched
    /// component by component and case-sensitively.
    public enum ResourceElement: Sendable, Hashable {
        /// `Resource`: the statement applies to the matching resources.
        case resource([String])
        /// `NotResource`: the statement applies to every resource except the matching ones.
        case notResource([String])
    }

    /// The statement ID, if any.
    public var sid: String?
    /// `Allow` or `Deny`.
    public var effect: Effect
    /// The `Principal`/`NotPrincipal` element; `nil` in identity policies.
    public var principal: PrincipalElement?
    /// The `Action`/`NotAction` element.
    public var action: ActionElement
    /// The `Resource`/`NotResource` element; `nil` in role trust policies (the role is the resource).
    public var resource: ResourceElement?
    /// The tests of the `Condition` block, all of which must hold.
    public var conditions: [PolicyCondition]

    /// Creates a statement.
    public init(
        sid: String? = nil, effect: Effect, principal: PrincipalElement? = nil, action: ActionElement,
        resource: ResourceElement? = nil, conditions: [PolicyCondition] = []
    ) {
        self.sid = sid
        self.effect = effect
        self.principal = principal
        self.action = action
        self.resource = resource
        self.conditions = conditions
    }
}
