/// The user a request is made as, as the authorizers see it: name, uid, groups and extra.
///
/// **Where the implicit groups come from.** Authorizers never add groups; kube-apiserver's
/// authentication layer does, before any authorizer runs. So ``init(name:uid:groups:extra:)`` takes the
/// groups exactly as given — use it for a SubjectAccessReview, whose `spec.groups` already carry
/// `system:authenticated` (and the service-account groups) as kube-apiserver filled them in. To build a
/// user the way kube-apiserver would have authenticated it, use ``authenticated(name:uid:groups:extra:)``
/// (an authenticator's answer: `system:authenticated` is appended), ``serviceAccount(namespace:name:uid:)``
/// (a service-account token) or ``impersonated(name:groups:extra:)`` (`kubectl --as/--as-group`).
public struct UserInfo: Sendable, Hashable, Codable {
    /// The username.
    public var name: String
    /// The uid, if known.
    public var uid: String
    /// The groups, exactly as the authorizer receives them.
    public var groups: [String]
    /// Extra attributes (`accessKeyId`, `arn`, `sessionName` … for eksauth users).
    public var extra: [String: [String]]

    /// A user with exactly these groups (nothing is added).
    public init(name: String, uid: String = "", groups: [String] = [], extra: [String: [String]] = [:]) {
        self.name = name
        self.uid = uid
        self.groups = groups
        self.extra = extra
    }

    /// A user as kube-apiserver's authentication layer hands it on (`AuthenticatedGroupAdder`):
    /// `system:authenticated` is appended unless the user is `system:anonymous` or already carries
    /// `system:authenticated` or `system:unauthenticated`.
    public static func authenticated(name: String, uid: String = "", groups: [String] = [], extra: [String: [String]] = [:]) -> UserInfo {
        var groups = groups
        if name != SystemNames.anonymous, !groups.contains(SystemNames.authenticatedGroup), !groups.contains(SystemNames.unauthenticatedGroup) {
            groups.append(SystemNames.authenticatedGroup)
        }
        return UserInfo(name: name, uid: uid, groups: groups, extra: extra)
    }

    /// The user a service-account token authenticates as: `system:serviceaccount:NS:NAME` in
    /// `system:serviceaccounts`, `system:serviceaccounts:NS` and `system:authenticated`.
    public static func serviceAccount(namespace: String, name: String, uid: String = "") -> UserInfo {
        authenticated(name: SystemNames.serviceAccountUsername(namespace: namespace, name: name), uid: uid, groups: SystemNames.serviceAccountGroups(namespace: namespace))
    }

    /// The user kube-apiserver's impersonation filter makes of `--as NAME --as-group G…`: a
    /// service-account username given without groups gets the service-account groups; then every
    /// user but `system:anonymous` gets `system:authenticated` unless a group already says
    /// authenticated or unauthenticated (`system:anonymous` gets `system:unauthenticated` instead).
    public static func impersonated(name: String, groups: [String] = [], extra: [String: [String]] = [:]) -> UserInfo {
        var groups = groups
        if groups.isEmpty, let account = SystemNames.serviceAccount(fromUsername: name) {
            groups = SystemNames.serviceAccountGroups(namespace: account.namespace)
        }
        if name == SystemNames.anonymous {
            if !groups.contains(SystemNames.unauthenticatedGroup) { groups.append(SystemNames.unauthenticatedGroup) }
            return UserInfo(name: name, groups: groups, extra: extra)
        }
        return authenticated(name: name, groups: groups, extra: extra)
    }

    /// The namespace and name when the username is a service account's.
    public var serviceAccount: (namespace: String, name: String)? { SystemNames.serviceAccount(fromUsername: name) }
}
