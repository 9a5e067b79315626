/// Pod identities for Kubernetes: the OIDC issuer of service-account tokens (signing key, discovery
/// document, JWKS, projected-token claims) and the mutation the pod admission webhook applies so that
/// the AWS SDKs in a pod find credentials (IAM Roles for Service Accounts).
///
/// Pure code: no networking. `EKSAuthServer` serves it and `eksauth` exposes it on the command line.
public enum PodIdentityModule {}
