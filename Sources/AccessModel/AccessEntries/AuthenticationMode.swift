/// Where a cluster's authenticator looks up IAM principals: the aws-auth ConfigMap, access
/// entries, or both. Changes go one way only: `CONFIG_MAP` → `API_AND_CONFIG_MAP` → `API`.
public enum AuthenticationMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only the aws-auth ConfigMap (the EKS API's default for new clusters).
    case configMap = "CONFIG_MAP"
    /// Access entries first, then the aws-auth ConfigMap.
    case apiAndConfigMap = "API_AND_CONFIG_MAP"
    /// Only access entries.
    case api = "API"

    /// Whether access entries are read (and may be managed).
    public var usesAccessEntries: Bool { self != .configMap }

    /// Whether the aws-auth ConfigMap is read.
    public var usesConfigMap: Bool { self != .api }

    /// Whether a cluster in this mode may be switched to `next`: one step forward at a time,
    /// as EKS allows (`CONFIG_MAP` → `API` directly is refused).
    public func canChange(to next: AuthenticationMode) -> Bool {
        switch (self, next) {
        case (.configMap, .apiAndConfigMap), (.apiAndConfigMap, .api): true
        default: false
        }
    }
}
