/// How the pod webhook mutates, the flags of amazon-eks-pod-identity-webhook: the annotation domain,
/// the token's default audience and lifetime, where the token is mounted, the region to inject, and
/// whether to ask the SDKs for regional STS endpoints by default.
public struct PodWebhookSettings: Sendable, Hashable {
    /// The prefix of the annotations read (`--annotation-prefix`, default `eks.amazonaws.com`).
    public var annotationDomain = "eks.amazonaws.com"
    /// The token audience when the service account names none (`--token-audience`).
    public var defaultAudience = "sts.amazonaws.com"
    /// The token lifetime when no annotation sets one (`--token-expiration`, default 86400 s).
    public var defaultTokenExpiration: Int64 = 86_400
    /// Where the token volume is mounted (`--token-mount-path`).
    public var mountPath = "/var/run/secrets/eks.amazonaws.com/serviceaccount"
    /// The projected volume's name.
    public var volumeName = "aws-iam-token"
    /// The token file's name inside the mount.
    public var tokenFileName = "token"
    /// `AWS_REGION` and `AWS_DEFAULT_REGION` to inject (`--aws-default-region`); none when `nil`.
    public var region: String?
    /// Inject `AWS_STS_REGIONAL_ENDPOINTS=regional` unless the service account says otherwise (`--sts-regional-endpoint`).
    public var regionalSTSByDefault = false

    /// The Pod Identity agent's endpoint injected as `AWS_CONTAINER_CREDENTIALS_FULL_URI` (`--container-credentials-full-uri`).
    public var containerCredentialsFullURI = "http://169.254.170.23/v1/credentials"
    /// The Pod Identity token's audience (`--container-credentials-audience`).
    public var containerCredentialsAudience = "pods.eks.amazonaws.com"
    /// Where the Pod Identity token volume is mounted (`--container-credentials-token-mount-path`).
    public var containerCredentialsMountPath = "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount"
    /// The Pod Identity token volume's name (`--container-credentials-token-volume-name`).
    public var containerCredentialsVolumeName = "eks-pod-identity-token"
    /// The Pod Identity token file's name (`--container-credentials-token-path`).
    public var containerCredentialsTokenFileName = "eks-pod-identity-token"
    /// The label upstream puts on Pod Identity pods.
    public static let podIdentityLabel = "eks.amazonaws.com/pod-identity"
    /// The floor of the random lifetime a default (86400 s) Pod Identity token gets (`DefaultMinTokenExpiration`).
    public static let jitterFloor: Int64 = 79_200

    /// The shortest token lifetime kube-apiserver issues (`MinTokenExpiration`): shorter values are raised to it.
    public static let minimumTokenExpiration: Int64 = 600

    /// The defaults.
    public init() {}

    /// The annotation `<domain>/<name>`.
    public func annotation(_ name: String) -> String { "\(annotationDomain)/\(name)" }

    /// `value` raised to ``minimumTokenExpiration`` (upstream's `ValidateMinTokenExpiration`).
    public static func validated(expiration value: Int64) -> Int64 { max(value, minimumTokenExpiration) }
}
