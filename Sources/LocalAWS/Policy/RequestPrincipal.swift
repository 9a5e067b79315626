public import AWSCore

/// Who makes a request, as IAM policy evaluation sees it: the identity matched against a `Principal` /
/// `NotPrincipal` element and the source of the `aws:Principal…`, `aws:username` and `aws:userid` keys.
public struct RequestPrincipal: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of principal.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The account's root user, `arn:aws:iam::123456789012:root`.
        case root
        /// An IAM user, `arn:aws:iam::123456789012:user/Alice`.
        case user
        /// An IAM role acting as itself, `arn:aws:iam::123456789012:role/Admin`.
        case role
        /// A role session, `arn:aws:sts::123456789012:assumed-role/Admin/session`.
        case assumedRole
        /// A `GetFederationToken` session, `arn:aws:sts::123456789012:federated-user/Bob`.
        case federatedUser
        /// A web identity (OIDC) or SAML federated caller of `AssumeRoleWithWebIdentity`/`…WithSAML`,
        /// named by its identity provider.
        case webIdentity
        /// An AWS service principal such as `pods.eks.amazonaws.com`.
        case service
        /// An unauthenticated caller.
        case anonymous
    }

    /// The kind of principal.
    public let kind: Kind
    /// The ARN of the calling IAM identity (for an assumed role, the session ARN); `nil` for web
    /// identities, services and anonymous callers.
    public let arn: String?
    /// The 12-digit account of an IAM identity; `nil` for web identities, services and anonymous callers.
    public let accountID: String?
    /// For an assumed role, the role's ARN, with its path when known.
    public let roleARN: String?
    /// The value of `aws:userid` when known (an IAM user's `AIDA…` ID, `AROA…:session` for a role session).
    public let userID: String?
    /// For ``Kind/webIdentity``, the identity provider: an IAM OIDC or SAML provider ARN
    /// (`arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC`) or a well-known
    /// provider name (`accounts.google.com`, `cognito-identity.amazonaws.com`).
    public let provider: String?
    /// For ``Kind/service``, the service principal name (`pods.eks.amazonaws.com`).
    public let serviceName: String?
    /// The principal's tags — a role session's session tags — by key: the values of
    /// `aws:PrincipalTag/<key>` (the key compared without regard to case).
    public private(set) var tags: [String: String] = [:]

    /// This principal with `tags` as its principal tags.
    public func tagged(_ tags: [String: String]) -> RequestPrincipal {
        var copy = self
        copy.tags = tags
        return copy
    }

    /// The value of `aws:PrincipalTag/<key>` for the lower-cased `key`.
    func tagValue(lowercasedKey key: String) -> String? {
        tags.first { $0.key.lowercased() == key }?.value
    }

    /// A description such as `assumed-role arn:aws:sts::…:assumed-role/Admin/s`.
    public var description: String {
        let name = arn ?? provider ?? serviceName
        return name.map { "\(kind.rawValue) \($0)" } ?? kind.rawValue
    }

    private init(
        kind: Kind, arn: String? = nil, accountID: String? = nil, roleARN: String? = nil, userID: String? = nil,
        provider: String? = nil, serviceName: String? = nil
    ) {
        self.kind = kind
        self.arn = arn
        self.accountID = accountID
        self.roleARN = roleARN
        self.userID = userID
        self.provider = provider
        self.serviceName = serviceName
    }

    /// The principal named by the ARN of an IAM identity, as STS `GetCallerIdentity` returns it: a user,
    /// a role, an assumed-role session, a federated user or the root user.
    ///
    /// - Parameters:
    ///   - arn: the caller's ARN.
    ///   - userID: the value for `aws:userid`, when known.
    ///   - roleARN: for an assumed-role session, the role's full ARN including its path (the session ARN
    ///     has no path). Without it the role ARN is rebuilt from the session ARN without a path, so a
    ///     `Principal` naming a role with a path does not match.
    /// - Throws: ``ARNError`` when `arn` is not the ARN of an IAM identity.
    public init(arn: String, userID: String? = nil, roleARN: String? = nil) throws(ARNError) {
        let canonical = try CanonicalARN(canonicalizing: arn)
        let kind: Kind =
            switch canonical.type {
            case .user: .user
            case .role: .role
            case .assumedRole: .assumedRole
            case .federatedUser: .federatedUser
            case .root: .root
            }
        self.init(
            kind: kind, arn: arn, accountID: canonical.accountID,
            roleARN: kind == .assumedRole ? (roleARN ?? canonical.arn) : nil, userID: userID)
    }

    /// The root user of `accountID`.
    public static func root(accountID: String, partition: String = "aws") -> RequestPrincipal {
        RequestPrincipal(kind: .root, arn: "arn:\(partition):iam::\(accountID):root", accountID: accountID)
    }

    /// A web identity or SAML caller authenticated by `provider` (an IAM OIDC/SAML provider ARN or a
    /// well-known provider name such as `accounts.google.com`).
    public static func webIdentity(provider: String) -> RequestPrincipal {
        RequestPrincipal(kind: .webIdentity, provider: provider)
    }

    /// The AWS service principal `name`, such as `pods.eks.amazonaws.com`.
    public static func service(_ name: String) -> RequestPrincipal {
        RequestPrincipal(kind: .service, serviceName: name)
    }

    /// An unauthenticated caller.
    public static let anonymous = RequestPrincipal(kind: .anonymous)

    /// Whether the principal is an IAM identity that belongs to an account.
    var isIAMIdentity: Bool {
        switch kind {
        case .root, .user, .role, .assumedRole, .federatedUser: true
        case .webIdentity, .service, .anonymous: false
        }
    }

    /// The issuer (host and path) of an OIDC provider: the part of `arn:…:oidc-provider/<issuer>` after
    /// `oidc-provider/`, or the provider itself when it is a name rather than an ARN.
    var providerIssuer: String? {
        guard let provider else { return nil }
        guard provider.hasPrefix("arn:") else { return provider }
        let resource = provider.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last ?? ""
        guard resource.hasPrefix("oidc-provider/") else { return nil }
        return String(resource.dropFirst("oidc-provider/".count))
    }

    /// The friendly name for `aws:username`: an IAM user's name (the last part of its ARN).
    var userName: String? {
        guard kind == .user, let arn else { return nil }
        return arn.split(separator: "/").last.map(String.init)
    }

    /// The value of `aws:PrincipalType`.
    var principalType: String? {
        switch kind {
        case .root: "Account"
        case .user: "User"
        case .role, .assumedRole: "AssumedRole"
        case .federatedUser: "FederatedUser"
        case .anonymous: "Anonymous"
        case .webIdentity, .service: nil
        }
    }

    /// The value of `aws:PrincipalArn`: the role (not the session) for an assumed role.
    var principalARN: String? {
        kind == .assumedRole ? roleARN : arn
    }

    /// The value of `aws:userid` when not given: the account for the root user, `account:name` for a
    /// federated user (IAM's principal table).
    var effectiveUserID: String? {
        if let userID { return userID }
        switch kind {
        case .root: return accountID
        case .federatedUser:
            guard let accountID, let name = arn?.split(separator: "/").last else { return nil }
            return "\(accountID):\(name)"
        default: return nil
        }
    }
}
