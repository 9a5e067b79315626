/// The credentials a pod is given — the seam between deciding and patching: IAM Roles for Service
/// Accounts (a web identity token and a role) or EKS Pod Identity (a container-credentials endpoint
/// and its token).
public enum PodCredentialMutation: Sendable, Hashable {
    /// IRSA: the `aws-iam-token` projected token and `AWS_ROLE_ARN` / `AWS_WEB_IDENTITY_TOKEN_FILE`.
    case webIdentity(WebIdentityRole)
    /// EKS Pod Identity: the `eks-pod-identity-token` projected token and
    /// `AWS_CONTAINER_CREDENTIALS_FULL_URI` / `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`.
    case containerCredentials
}

/// Chains sources: the first that names a mutation wins, so a Pod Identity association takes
/// precedence over an IRSA annotation, as in upstream ("Container credentials method takes
/// precedence"). A source that throws stops the chain.
public struct ChainedMutationSource: PodMutationSource {
    /// The sources, in order.
    public let sources: [any PodMutationSource]

    /// Creates a chain.
    public init(_ sources: [any PodMutationSource]) { self.sources = sources }

    public func mutation(namespace: String, serviceAccount: String) async throws -> PodCredentialMutation? {
        for source in sources {
            if let mutation = try await source.mutation(namespace: namespace, serviceAccount: serviceAccount) { return mutation }
        }
        return nil
    }
}

/// Decides which mutation, if any, the pods of a service account get. Sources can be chained; the
/// first that answers wins (upstream lets Pod Identity take precedence over IRSA).
public protocol PodMutationSource: Sendable {
    /// The mutation for pods of `namespace/serviceAccount`, or `nil` for none.
    ///
    /// - Throws: when the decision cannot be made (the service account cannot be looked up); the pod
    ///   is then refused rather than admitted without credentials.
    func mutation(namespace: String, serviceAccount: String) async throws -> PodCredentialMutation?
}
