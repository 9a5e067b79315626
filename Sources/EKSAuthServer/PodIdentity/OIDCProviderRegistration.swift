public import LocalAWS
public import PodIdentity

/// Registers a service-account issuer as an OpenID Connect provider of the embedded IAM — what
/// `aws iam create-open-id-connect-provider` does for a real EKS cluster, plus the keys (the embedded
/// STS fetches nothing): the provider is created with client id `sts.amazonaws.com` (or the given
/// ones) when it does not exist, and its JWKS set to the issuer's key either way, so a rotated key
/// takes effect on restart. An existing provider gets the configured client ids it lacks (none is removed).
public enum OIDCProviderRegistration {
    /// What registration did.
    public enum Result: Sendable, Hashable {
        /// The provider was created.
        case created(arn: String)
        /// The provider existed; its keys were replaced.
        case updated(arn: String)
    }

    /// Registers `issuer` in `store`'s account with `clientIDs`.
    ///
    /// - Throws: ``IdentityError`` from IAM's validation (an issuer URL IAM refuses, such as one with a port).
    public static func register(
        _ issuer: ServiceAccountIssuer, in store: IdentityStore, clientIDs: [String] = ["sts.amazonaws.com"]
    ) async throws(IdentityError) -> Result {
        let arn = OIDCProvider.arn(accountID: await store.account.id, url: issuer.url)
        let jwks = issuer.jwks.json()
        if (try? await store.oidcProvider(arn: arn)) != nil {
            try await store.setOIDCProviderKeys(arn: arn, jwks: jwks)
            try await store.addOIDCClientIDs(arn: arn, clientIDs: clientIDs)
            return .updated(arn: arn)
        }
        let provider = try await store.createOIDCProvider(url: issuer.url, clientIDs: clientIDs, thumbprints: [], jwks: jwks)
        return .created(arn: provider.arn)
    }
}
