/// The well-known user and group names of kube-apiserver (`k8s.io/apiserver/pkg/authentication/user`
/// and `…/serviceaccount`).
public enum SystemNames {
    /// `system:masters`: allowed everything by the privileged-group authorizer, before RBAC.
    public static let mastersGroup = "system:masters"
    /// `system:authenticated`: every authenticated user.
    public static let authenticatedGroup = "system:authenticated"
    /// `system:unauthenticated`: anonymous requests.
    public static let unauthenticatedGroup = "system:unauthenticated"
    /// `system:anonymous`: the anonymous user.
    public static let anonymous = "system:anonymous"
    /// `system:nodes`: kubelets.
    public static let nodesGroup = "system:nodes"
    /// `system:serviceaccounts`: every service account.
    public static let serviceAccountsGroup = "system:serviceaccounts"
    /// `system:serviceaccount:`: the prefix of service-account usernames.
    public static let serviceAccountUsernamePrefix = "system:serviceaccount:"
    /// `system:serviceaccounts:`: the prefix of the per-namespace service-account group.
    public static let serviceAccountGroupPrefix = "system:serviceaccounts:"

    /// `system:serviceaccount:NAMESPACE:NAME`.
    public static func serviceAccountUsername(namespace: String, name: String) -> String {
        serviceAccountUsernamePrefix + namespace + ":" + name
    }

    /// `["system:serviceaccounts", "system:serviceaccounts:NAMESPACE"]`.
    public static func serviceAccountGroups(namespace: String) -> [String] {
        [serviceAccountsGroup, serviceAccountGroupPrefix + namespace]
    }

    /// The namespace and name of a service-account username (`SplitUsername`: exactly two non-empty
    /// parts after the prefix), or `nil`.
    public static func serviceAccount(fromUsername username: String) -> (namespace: String, name: String)? {
        guard username.hasPrefix(serviceAccountUsernamePrefix) else { return nil }
        let parts = username.dropFirst(serviceAccountUsernamePrefix.count).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}
