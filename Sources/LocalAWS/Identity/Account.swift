/// An AWS account of the embedded AWS: its 12-digit id and the ARN of its root user.
public struct Account: Sendable, Hashable, Codable {
    /// The 12-digit account id (`123456789012`).
    public let id: String

    /// Creates an account, checking that `id` is 12 ASCII digits.
    ///
    /// - Throws: `ValidationError` when `id` is not 12 digits.
    public init(id: String) throws(IdentityError) {
        guard Self.isValidID(id) else {
            throw .validation("The account id '\(IdentityError.clip(id))' must be exactly 12 digits (0-9), such as 123456789012.")
        }
        self.id = id
    }

    /// `arn:aws:iam::<id>:root`, the root user's ARN.
    public var rootARN: String { "arn:aws:iam::\(id):root" }

    /// Whether `id` is 12 ASCII digits.
    public static func isValidID(_ id: String) -> Bool {
        id.utf8.count == 12 && id.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
