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

    /// The shortest token lifetime kube-apiserver issues (`MinTokenExpiration`): shorter values are raised to it.
    public static let minimumTokenExpiration: Int64 = 600

    /// The defaults.
    public init() {}

    /// The annotation `<domain>/<name>`.
    public func annotation(_ name: String) -> String { "\(annotationDomain)/\(name)" }

    /// `value` raised to ``minimumTokenExpiration`` (upstream's `ValidateMinTokenExpiration`).
    public static func validated(expiration value: Int64) -> Int64 { max(value, minimumTokenExpiration) }
}
