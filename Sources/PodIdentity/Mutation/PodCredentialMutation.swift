/// The credentials a pod is given — the seam between deciding and patching. Today IAM Roles for
/// Service Accounts (a web identity token and a role); EKS Pod Identity (a container-credentials
/// endpoint and its token) becomes another case, decided by another ``PodMutationSource``.
public enum PodCredentialMutation: Sendable, Hashable {
    /// IRSA: the `aws-iam-token` projected token and `AWS_ROLE_ARN` / `AWS_WEB_IDENTITY_TOKEN_FILE`.
    case webIdentity(WebIdentityRole)
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
