public import Foundation

/// An IAM user: a long-term identity that signs with access keys.
public struct IAMUser: Sendable, Hashable, Codable {
    /// The path (`/` or `/division/team/`).
    public var path: String
    /// The user name, unique in the account regardless of case.
    public var name: String
    /// `arn:aws:iam::<account>:user<path><name>`.
    public var arn: String
    /// The unique id: `AIDA` and 17 upper-case letters and digits.
    public var id: String
    /// When the user was created.
    public var createDate: Date
    /// Inline policies (JSON text, validated as identity policies) by policy name.
    public var inlinePolicies: [String: String]

    /// Creates a user from its parts.
    public init(path: String, name: String, arn: String, id: String, createDate: Date, inlinePolicies: [String: String] = [:]) {
        self.path = path
        self.name = name
        self.arn = arn
        self.id = id
        self.createDate = createDate
        self.inlinePolicies = inlinePolicies
    }
}
