/// The kind of IAM identity an ARN names.
public enum PrincipalType: Sendable, Hashable, CaseIterable {
    /// An IAM user, `arn:aws:iam::123456789012:user/Alice`.
    case user
    /// An IAM role, `arn:aws:iam::123456789012:role/Admin`.
    case role
    /// A session of an assumed role, `arn:aws:sts::123456789012:assumed-role/Admin/session`.
    case assumedRole
    /// A federated user, `arn:aws:sts::123456789012:federated-user/Bob`.
    case federatedUser
    /// The account's root user, `arn:aws:iam::123456789012:root`.
    case root
}

/// The ARN an identity is mapped by, as aws-iam-authenticator computes it (`pkg/arn.Canonicalize`).
///
/// | input (service, resource) | type | canonical ARN |
/// | --- | --- | --- |
/// | `sts` `assumed-role/<name…>/<session>` | ``PrincipalType/assumedRole`` | `arn:<p>:iam::<acct>:role/<name…>` |
/// | `sts` `federated-user/<name>` | ``PrincipalType/federatedUser`` | unchanged |
/// | `iam` `role/…` | ``PrincipalType/role`` | unchanged (path kept) |
/// | `iam` `user/…` | ``PrincipalType/user`` | unchanged (path kept) |
/// | `iam` `root` | ``PrincipalType/root`` | unchanged |
///
/// The partition must be one of ``Partition/all``. Case is kept; mappings compare lower-cased ARNs.
public struct CanonicalARN: Sendable, Hashable, CustomStringConvertible {
    /// The canonical ARN: the role for an assumed-role session, the input ARN otherwise.
    public let arn: String
    /// The kind of identity the input ARN named.
    public let type: PrincipalType
    /// The account ID from the ARN.
    public let accountID: String
    /// The partition from the ARN.
    public let partition: String
    /// The session name, the last part of an assumed-role ARN; `nil` for any other type.
    public let sessionName: String?

    /// The canonical ARN.
    public var description: String { arn }

    /// Canonicalizes the ARN of a caller identity (as STS `GetCallerIdentity` returns it).
    ///
    /// - Throws: ``ARNError``: `invalid` when `arn` does not parse, `unrecognizedPartition`,
    ///   `assumedRoleWithoutRole` for `assumed-role/<name>` without a session, `unrecognizedSTSResource`
    ///   and `unrecognizedIAMResource` for resources that are not identities (such as
    ///   `instance-profile/…`), `invalidService` for services other than `iam` and `sts`.
    public init(canonicalizing arn: String) throws(ARNError) {
        let parsed = try Self.parseIdentityARN(arn)
        let parts = parsed.resourceParts
        let resourceType = parts[0]
        self.accountID = parsed.accountID
        self.partition = parsed.partition
        switch parsed.service {
        case "sts":
            switch resourceType {
            case "federated-user":
                (self.arn, self.type, self.sessionName) = (arn, .federatedUser, nil)
            case "assumed-role":
                guard parts.count >= 3 else { throw .assumedRoleWithoutRole(arn) }
                let role = parts[1..<(parts.count - 1)].joined(separator: "/")
                self.arn = "arn:\(parsed.partition):iam::\(parsed.accountID):role/\(role)"
                self.type = .assumedRole
                self.sessionName = parts[parts.count - 1]
            default:
                throw .unrecognizedSTSResource(parsed.resource)
            }
        case "iam":
            switch resourceType {
            case "role": (self.arn, self.type, self.sessionName) = (arn, .role, nil)
            case "user": (self.arn, self.type, self.sessionName) = (arn, .user, nil)
            case "root": (self.arn, self.type, self.sessionName) = (arn, .root, nil)
            default: throw .unrecognizedIAMResource(parsed.resource)
            }
        default:
            throw .invalidService(parsed.service, arn: arn)
        }
    }

    /// Canonicalizes the ARN of a caller identity; the same as ``init(canonicalizing:)``.
    public static func canonicalize(_ arn: String) throws(ARNError) -> CanonicalARN {
        try CanonicalARN(canonicalizing: arn)
    }

    /// Removes the path from a role ARN, as aws-iam-authenticator's `arn.StripPath` does:
    /// `arn:aws:iam::1:role/Org/Team/Admin` becomes `arn:aws:iam::1:role/Admin`; every other ARN (users,
    /// federated users, roles without a path) is returned unchanged.
    ///
    /// - Throws: ``ARNError`` `invalid` or `unrecognizedPartition`, with the messages of ``init(canonicalizing:)``.
    public static func strippingPath(_ arn: String) throws(ARNError) -> String {
        let parsed = try parseIdentityARN(arn)
        let stripped = parsed.strippingPath()
        return stripped == parsed ? arn : stripped.description
    }

    /// Parses `arn` and checks that its partition is one of ``Partition/all``.
    private static func parseIdentityARN(_ arn: String) throws(ARNError) -> ARN {
        let parsed = try ARN(parsing: arn)
        guard Partition(id: parsed.partition) != nil else { throw .unrecognizedPartition(arn) }
        return parsed
    }
}
