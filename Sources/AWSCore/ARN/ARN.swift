/// An Amazon Resource Name, `arn:partition:service:region:account-id:resource`.
///
/// Parsing follows the AWS SDK for Go v2 (`arn.Parse`), which aws-iam-authenticator uses: the string must
/// start with `arn:` and split on `:` into at least 6 sections; everything after the fifth `:` is the
/// resource, so the resource may itself contain `:`. Sections may be empty (`arn:aws:iam::123456789012:root`
/// has no region). ``description`` renders the ARN back exactly as parsed.
public struct ARN: Sendable, Hashable, CustomStringConvertible {
    /// The partition, such as `aws`, `aws-cn` or `aws-us-gov`.
    public var partition: String
    /// The service namespace, such as `iam` or `sts`.
    public var service: String
    /// The region, empty for global resources such as IAM principals.
    public var region: String
    /// The 12-digit account ID, empty for some resources.
    public var accountID: String
    /// The resource, such as `role/Admin` or `assumed-role/Admin/session`; may contain `:` and `/`.
    public var resource: String

    /// Creates an ARN from its parts.
    public init(partition: String, service: String, region: String, accountID: String, resource: String) {
        self.partition = partition
        self.service = service
        self.region = region
        self.accountID = accountID
        self.resource = resource
    }

    /// Parses `arn:partition:service:region:account-id:resource`.
    ///
    /// - Throws: ``ARNError`` with code `invalid` when the string does not start with `arn:`
    ///   (`arn: invalid prefix`) or has fewer than 6 sections (`arn: not enough sections`).
    public init(parsing string: String) throws(ARNError) {
        guard string.hasPrefix("arn:") else {
            throw .invalid(string, reason: "arn: invalid prefix")
        }
        let sections = string.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard sections.count == 6 else {
            throw .invalid(string, reason: "arn: not enough sections")
        }
        self.init(
            partition: String(sections[1]),
            service: String(sections[2]),
            region: String(sections[3]),
            accountID: String(sections[4]),
            resource: String(sections[5])
        )
    }

    /// The ARN as text: `arn:partition:service:region:account-id:resource`.
    public var description: String {
        "arn:\(partition):\(service):\(region):\(accountID):\(resource)"
    }

    /// The resource split on `/`: `role/Org/Admin` gives `["role", "Org", "Admin"]`.
    public var resourceParts: [String] {
        resource.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    }

    /// The resource type, the part of the resource before the first `/` (`role`, `user`, `assumed-role`, `root`).
    public var resourceType: String {
        resourceParts[0]
    }

    /// This ARN with the path removed from an IAM role: `role/Org/Team/Admin` becomes `role/Admin`, with
    /// service `iam` and no region. Any other ARN, and a role without a path, is returned unchanged.
    ///
    /// This is aws-iam-authenticator's `arn.StripPath`; see ``CanonicalARN/strippingPath(_:)`` for the
    /// string form that also checks the partition.
    public func strippingPath() -> ARN {
        let parts = resourceParts
        guard parts[0] == "role", parts.count > 2 else { return self }
        return ARN(partition: partition, service: "iam", region: "", accountID: accountID, resource: "role/\(parts[parts.count - 1])")
    }
}
