/// The value of a `Principal` or `NotPrincipal` element: `"*"` or a map of principal types to identifiers.
///
/// ```json
/// "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "444455556666"],
///               "Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
///               "Service": "pods.eks.amazonaws.com"}
/// ```
public struct PolicyPrincipal: Sendable, Hashable {
    /// `"Principal": "*"`: every principal, including anonymous ones (the same as `{"AWS": "*"}`).
    public var isWildcard: Bool
    /// `AWS` identifiers: `*`, account IDs, `arn:aws:iam::<account>:root`, user, role, assumed-role session
    /// and federated-user ARNs.
    public var aws: [String]
    /// `Service` principal names (`ec2.amazonaws.com`).
    public var service: [String]
    /// `Federated` identity providers: IAM OIDC/SAML provider ARNs or well-known names (`accounts.google.com`).
    public var federated: [String]
    /// `CanonicalUser` IDs (Amazon S3).
    public var canonicalUser: [String]

    /// `"*"`: all principals.
    public static let all = PolicyPrincipal(isWildcard: true)

    /// Creates a principal element.
    public init(
        isWildcard: Bool = false, aws: [String] = [], service: [String] = [], federated: [String] = [], canonicalUser: [String] = []
    ) {
        self.isWildcard = isWildcard
        self.aws = aws
        self.service = service
        self.federated = federated
        self.canonicalUser = canonicalUser
    }

    /// How a principal element matched a request's principal.
    enum Match: Comparable {
        /// It does not name the principal.
        case none
        /// Only through the principal's account (`123456789012` or `arn:aws:iam::123456789012:root`): the
        /// account delegates, so its identity policies must allow the action too.
        case account
        /// It names the principal itself (its ARN, its role, its provider or service, or `*`).
        case specific
    }

    /// How this element matches `principal` (for `Principal`): a value naming the account, the identity
    /// itself, the role of a session, the provider of a web identity or the service.
    func match(_ principal: RequestPrincipal) -> Match {
        if isWildcard || aws.contains("*") { return .specific }
        var best = Match.none
        for value in aws {
            if Self.accountID(named: value) != nil {
                if Self.accountID(named: value) == principal.accountID, principal.isIAMIdentity {
                    best = max(best, principal.kind == .root ? .specific : .account)
                }
            } else if value == principal.arn || (principal.kind == .assumedRole && value == principal.roleARN) {
                return .specific
            }
        }
        if principal.kind == .webIdentity, let provider = principal.provider,
            federated.contains(where: { $0 == provider || (!$0.hasPrefix("arn:") && $0 == principal.providerIssuer) })
        {
            return .specific
        }
        if principal.kind == .service, let name = principal.serviceName,
            service.contains(where: { $0.lowercased() == name.lowercased() })
        {
            return .specific
        }
        return best
    }

    /// Whether this element, used as `NotPrincipal`, exempts `principal`: every identity the request
    /// carries must be listed (IAM's documented rule: a role session is exempt only when the session ARN,
    /// the role ARN and the account are all listed; a user when the user and the account are).
    func exempts(_ principal: RequestPrincipal) -> Bool {
        if isWildcard || aws.contains("*") { return true }
        let listsAccount = principal.accountID.map { account in aws.contains { Self.accountID(named: $0) == account } } ?? false
        switch principal.kind {
        case .root:
            return listsAccount
        case .user, .role, .federatedUser:
            return listsAccount && aws.contains { $0 == principal.arn }
        case .assumedRole:
            return listsAccount && aws.contains { $0 == principal.arn } && aws.contains { $0 == principal.roleARN }
        case .webIdentity:
            return match(principal) == .specific
        case .service:
            return match(principal) == .specific
        case .anonymous:
            return false
        }
    }

    /// The account a value names: a bare 12-digit account ID or `arn:<partition>:iam::<account>:root`.
    static func accountID(named value: String) -> String? {
        if isAccountID(value) { return value }
        let parts = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "iam", parts[3].isEmpty, parts[5] == "root",
            isAccountID(parts[4])
        else { return nil }
        return String(parts[4])
    }

    /// Twelve ASCII digits.
    static func isAccountID(_ value: some StringProtocol) -> Bool {
        value.utf8.count == 12 && value.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
