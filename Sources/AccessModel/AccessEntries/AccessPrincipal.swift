import AWSCore

/// The IAM user or role an access entry is for, parsed from its ARN.
public struct AccessPrincipal: Sendable, Hashable {
    /// Users and roles are the only principals an access entry may name.
    public enum Kind: String, Sendable, Hashable {
        /// `arn:…:iam::ACCOUNT:user/[path/]NAME`.
        case user
        /// `arn:…:iam::ACCOUNT:role/[path/]NAME`.
        case role
    }

    /// The ARN as given.
    public let arn: String
    /// User or role.
    public let kind: Kind
    /// The partition, such as `aws`.
    public let partition: String
    /// The principal's account.
    public let accountID: String
    /// The path between the kind and the name, `/` when there is none (`/dev/` for `role/dev/x`).
    public let path: String
    /// The name, the last part of the ARN.
    public let name: String

    /// Parses `arn`.
    ///
    /// - Throws: ``EKSAPIError`` `InvalidParameterException` with EKS's text for anything but an
    ///   IAM user or role ARN — assumed-role sessions, federated users, the root user, service-linked
    ///   roles, instance profiles — with a hint naming what to use instead.
    public init(arn: String) throws(EKSAPIError) {
        let invalid = "The specified principalArn is invalid: invalid principal."
        guard !arn.isEmpty else { throw .invalidParameter("\(invalid) principalArn must not be empty.") }
        let parsed: ARN
        do {
            parsed = try ARN(parsing: arn)
        } catch {
            throw .invalidParameter("\(invalid) '\(EKSAPIError.clip(arn))' is not an ARN: \(error)")
        }
        guard Partition(id: parsed.partition) != nil else {
            throw .invalidParameter("\(invalid) '\(parsed.partition)' is not an AWS partition.")
        }
        if parsed.service == "sts" {
            var hint = "use the ARN of an IAM user or role"
            if let canonical = try? CanonicalARN(canonicalizing: arn), canonical.type == .assumedRole {
                hint = "an assumed-role session cannot be a principal; use the role's ARN \(canonical.arn)"
            }
            throw .invalidParameter("\(invalid) \(hint).")
        }
        let parts = parsed.resourceParts
        guard parsed.service == "iam", parsed.region.isEmpty, parts.count >= 2, parts[0] == "user" || parts[0] == "role",
            let name = parts.last, !name.isEmpty
        else {
            throw .invalidParameter("\(invalid) Use the ARN of an IAM user (arn:aws:iam::ACCOUNT:user/NAME) or role (arn:aws:iam::ACCOUNT:role/NAME).")
        }
        guard parsed.accountID.count == 12, parsed.accountID.allSatisfy(\.isASCIIDigit) else {
            throw .invalidParameter("\(invalid) The account id '\(EKSAPIError.clip(parsed.accountID))' is not 12 digits.")
        }
        if parts[0] == "role", parts.count > 2, parts[1] == "aws-service-role" {
            throw .invalidParameter("\(invalid) Service-linked roles cannot have access entries.")
        }
        self.arn = arn
        self.kind = parts[0] == "user" ? .user : .role
        self.partition = parsed.partition
        self.accountID = parsed.accountID
        self.name = name
        self.path = parts.count > 2 ? "/" + parts[1..<(parts.count - 1)].joined(separator: "/") + "/" : "/"
    }

    /// The key an entry is stored under: ARNs of the same principal compare equal whatever their
    /// case (IAM names are case-insensitive).
    public var key: String { arn.lowercased() }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
