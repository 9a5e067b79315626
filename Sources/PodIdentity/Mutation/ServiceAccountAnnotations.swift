/// What a ServiceAccount's annotations ask of the webhook (upstream's `CacheResponse`), parsed as
/// amazon-eks-pod-identity-webhook parses them: `role-arn` (required for any mutation), `audience`,
/// `sts-regional-endpoints` (a Go `ParseBool` value; invalid values are ignored) and
/// `token-expiration` (an integer, raised to 600; invalid values are ignored).
public struct WebIdentityRole: Sendable, Hashable {
    /// The role the pod assumes (`AWS_ROLE_ARN`).
    public var roleARN: String
    /// The token audience.
    public var audience: String
    /// Whether to inject `AWS_STS_REGIONAL_ENDPOINTS=regional`.
    public var regionalSTS: Bool
    /// The token lifetime in seconds (before any pod annotation overrides it).
    public var tokenExpiration: Int64

    /// Creates a role setting.
    public init(roleARN: String, audience: String, regionalSTS: Bool, tokenExpiration: Int64) {
        self.roleARN = roleARN
        self.audience = audience
        self.regionalSTS = regionalSTS
        self.tokenExpiration = tokenExpiration
    }

    /// The setting for a service account with `annotations`, or `nil` when it has no (non-empty) role ARN.
    public init?(serviceAccountAnnotations annotations: [String: String], settings: PodWebhookSettings) {
        guard let arn = annotations[settings.annotation("role-arn")], !arn.isEmpty else { return nil }
        roleARN = arn
        audience = annotations[settings.annotation("audience")] ?? settings.defaultAudience
        regionalSTS = settings.regionalSTSByDefault
        if let text = annotations[settings.annotation("sts-regional-endpoints")], let value = Self.goParseBool(text) {
            regionalSTS = value
        }
        tokenExpiration = settings.defaultTokenExpiration
        if let text = annotations[settings.annotation("token-expiration")], let value = Int64(text) {
            tokenExpiration = PodWebhookSettings.validated(expiration: value)
        }
    }

    /// Go's `strconv.ParseBool`: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False.
    static func goParseBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }
}
