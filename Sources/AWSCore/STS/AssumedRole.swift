public import SigV4

/// The answer of STS `AssumeRole` or `AssumeRoleWithWebIdentity`: temporary credentials and who they
/// act as.
public struct AssumedRole: Sendable, Hashable {
    /// The temporary credentials (`ASIA…` key, secret, session token, expiry).
    public var credentials: AWSCredentials
    /// `arn:aws:sts::<account>:assumed-role/<role name>/<session name>`.
    public var arn: String
    /// `<role id>:<session name>` (`AROA…:session`).
    public var assumedRoleID: String
    /// Web identity only: the token's `sub`.
    public var subjectFromWebIdentityToken: String?
    /// Web identity only: the token's audience (the provider's client id).
    public var audience: String?
    /// Web identity only: the identity provider (for OIDC, the token's `iss`).
    public var provider: String?
    /// How full the packed session policies are, in percent, when STS says.
    public var packedPolicySize: Int?
    /// The source identity set on the session, if any.
    public var sourceIdentity: String?

    /// Creates an answer from its parts.
    public init(
        credentials: AWSCredentials,
        arn: String,
        assumedRoleID: String,
        subjectFromWebIdentityToken: String? = nil,
        audience: String? = nil,
        provider: String? = nil,
        packedPolicySize: Int? = nil,
        sourceIdentity: String? = nil
    ) {
        self.credentials = credentials
        self.arn = arn
        self.assumedRoleID = assumedRoleID
        self.subjectFromWebIdentityToken = subjectFromWebIdentityToken
        self.audience = audience
        self.provider = provider
        self.packedPolicySize = packedPolicySize
        self.sourceIdentity = sourceIdentity
    }

    /// The account id taken from ``arn``, if it is an ARN.
    public var accountID: String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[4].isEmpty else { return nil }
        return String(parts[4])
    }
}
