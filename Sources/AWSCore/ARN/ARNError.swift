/// Why a string is not an ARN, or not the ARN of an identity that can sign in.
///
/// The messages are the ones aws-iam-authenticator logs (`pkg/arn`), so operators can match them.
/// Equality compares the code only, so tests can match on the kind of failure.
public struct ARNError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kinds of failure.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The string does not start with `arn:` or has fewer than 6 `:`-separated sections.
        case invalid
        /// The partition is not one of the partitions in ``Partition/all``.
        case unrecognizedPartition
        /// An `sts` `assumed-role` ARN without both a role name and a session name.
        case assumedRoleWithoutRole
        /// An `sts` ARN whose resource is neither `assumed-role/…` nor `federated-user/…`.
        case unrecognizedSTSResource
        /// An `iam` ARN whose resource is not `role/…`, `user/…` or `root` (for example `instance-profile/…`).
        case unrecognizedIAMResource
        /// The service is neither `iam` nor `sts`.
        case invalidService
    }

    /// The kind of failure.
    public let code: Code
    /// A message that names the offending ARN and what is wrong with it.
    public let message: String

    /// The message.
    public var description: String { message }

    /// Compares the codes only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// `arn: invalid prefix` or `arn: not enough sections`, as the AWS SDK for Go v2 reports them.
    static func invalid(_ arn: String, reason: String) -> Self {
        .init(code: .invalid, message: "arn '\(arn)' is invalid: '\(reason)'")
    }

    static func unrecognizedPartition(_ arn: String) -> Self {
        .init(code: .unrecognizedPartition, message: "arn '\(arn)' does not have a recognized partition")
    }

    static func assumedRoleWithoutRole(_ arn: String) -> Self {
        .init(code: .assumedRoleWithoutRole, message: "assumed-role arn '\(arn)' does not have a role")
    }

    static func unrecognizedSTSResource(_ resource: String) -> Self {
        .init(code: .unrecognizedSTSResource, message: "unrecognized resource \(resource) for service sts")
    }

    static func unrecognizedIAMResource(_ resource: String) -> Self {
        .init(code: .unrecognizedIAMResource, message: "unrecognized resource \(resource) for service iam")
    }

    static func invalidService(_ service: String, arn: String) -> Self {
        .init(code: .invalidService, message: "service \(service) in arn \(arn) is not a valid service for identities")
    }
}
