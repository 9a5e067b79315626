/// The embedded AWS: an identity store, the STS actions the EKS stack needs, and IAM policy
/// evaluation, so eksauth runs with no AWS account.
public enum LocalAWS {}
