public import Foundation

/// An IAM role: an identity assumed through STS, guarded by its trust policy.
public struct IAMRole: Sendable, Hashable, Codable {
    /// The shortest session a role may have: 1 hour.
    public static let minimumMaxSessionDuration = 3600
    /// The longest session a role may allow: 12 hours.
    public static let maximumMaxSessionDuration = 43200

    /// The path (`/` or `/service-role/`).
    public var path: String
    /// The role name, unique in the account regardless of case.
    public var name: String
    /// `arn:aws:iam::<account>:role<path><name>`.
    public var arn: String
    /// The unique id: `AROA` and 17 upper-case letters and digits.
    public var id: String
    /// When the role was created.
    public var createDate: Date
    /// The trust policy (`AssumeRolePolicyDocument`), JSON text validated as a trust policy.
    public var trustPolicy: String
    /// The longest session `AssumeRole` may grant, in seconds (3600…43200).
    public var maxSessionDuration: Int
    /// Inline permission policies (JSON text) by policy name.
    public var inlinePolicies: [String: String]

    /// Creates a role from its parts.
    public init(
        path: String, name: String, arn: String, id: String, createDate: Date, trustPolicy: String,
        maxSessionDuration: Int = IAMRole.minimumMaxSessionDuration, inlinePolicies: [String: String] = [:]
    ) {
        self.path = path
        self.name = name
        self.arn = arn
        self.id = id
        self.createDate = createDate
        self.trustPolicy = trustPolicy
        self.maxSessionDuration = maxSessionDuration
        self.inlinePolicies = inlinePolicies
    }
}
