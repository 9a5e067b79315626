public import Foundation
public import SigV4

/// A long-term access key pair of an IAM user or of the account root.
///
/// `description` never shows the secret.
public struct AccessKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Whether a key may sign requests.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// The key signs requests.
        case active = "Active"
        /// The key is kept but rejected (`InvalidClientTokenId`) when it signs.
        case inactive = "Inactive"
    }

    /// The access key id: `AKIA` and 16 upper-case letters and digits.
    public var id: String
    /// The 40-character secret access key.
    public var secret: String
    /// Whether the key may sign.
    public var status: Status
    /// The owning user's name, or `nil` for a key of the account root.
    public var userName: String?
    /// When the key was created.
    public var createDate: Date

    /// Creates an access key from its parts.
    public init(id: String, secret: String, status: Status = .active, userName: String?, createDate: Date) {
        self.id = id
        self.secret = secret
        self.status = status
        self.userName = userName
        self.createDate = createDate
    }

    /// The key as signing credentials.
    public var credentials: AWSCredentials { AWSCredentials(accessKeyID: id, secretAccessKey: secret) }

    /// The id, owner and status; never the secret.
    public var description: String {
        "AccessKey(\(id), \(userName.map { "user \($0)" } ?? "root"), \(status.rawValue))"
    }
}
