public import Foundation

/// The claims of a web identity token that ``WebIdentityTokenVerifier`` accepted: signed by a key of
/// a registered ``OIDCProvider``, for one of its client IDs, within its validity period.
///
/// ``conditionKeys`` gives them in the form role trust policies test:
/// `oidc.eks.us-west-2.amazonaws.com/id/ABC:sub`, `…:aud` and, when present, `…:azp` and `…:amr`.
public struct WebIdentityClaims: Sendable, Hashable {
    /// The IAM OIDC provider whose URL the token's issuer matched and whose key verified it.
    public let provider: OIDCProvider
    /// The `iss` claim as the token states it.
    public let issuer: String
    /// The `sub` claim (`system:serviceaccount:<namespace>:<name>` for Kubernetes).
    public let subject: String
    /// The client ID the token was accepted for: its first `aud` value that is a client ID of the
    /// provider. STS answers it as `Audience`.
    public let audience: String
    /// Every `aud` value, in the token's order.
    public let audiences: [String]
    /// The `exp` claim.
    public let expiration: Date
    /// The `iat` claim, if present.
    public let issuedAt: Date?
    /// The `nbf` claim, if present.
    public let notBefore: Date?
    /// The `azp` (authorized party) claim, if present.
    public let authorizedParty: String?
    /// The `amr` (authentication methods) claim, if present; a single string becomes one element.
    public let authenticationMethods: [String]?
    /// The `kid` of the token's header, if any.
    public let keyID: String?

    /// Creates verified claims. ``WebIdentityTokenVerifier`` is the way to get them from a token.
    public init(
        provider: OIDCProvider, issuer: String, subject: String, audience: String, audiences: [String],
        expiration: Date, issuedAt: Date?, notBefore: Date?, authorizedParty: String?,
        authenticationMethods: [String]?, keyID: String?
    ) {
        self.provider = provider
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.audiences = audiences
        self.expiration = expiration
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.authorizedParty = authorizedParty
        self.authenticationMethods = authenticationMethods
        self.keyID = keyID
    }

    /// The prefix of the trust-policy condition keys: the provider's issuer without `https://`.
    public var conditionKeyPrefix: String { provider.issuerHostPath }

    /// The request-context keys for trust-policy conditions: `<prefix>:sub` (the subject), `<prefix>:aud`
    /// (the accepted client ID), and `<prefix>:azp` / `<prefix>:amr` when the token has them.
    public var conditionKeys: [String: [String]] {
        var keys = [
            provider.conditionKey("sub"): [subject],
            provider.conditionKey("aud"): [audience],
        ]
        if let authorizedParty { keys[provider.conditionKey("azp")] = [authorizedParty] }
        if let authenticationMethods { keys[provider.conditionKey("amr")] = authenticationMethods }
        return keys
    }
}
