/// The attributes of one request, as kube-apiserver hands them to its authorizers (and as a
/// SubjectAccessReview's `spec` carries them): the user, the verb, and either a resource or a
/// non-resource URL path.
public struct AuthorizationRequest: Sendable, Hashable {
    /// What the request is about.
    public enum Target: Sendable, Hashable {
        /// A resource request (`/api/v1/namespaces/dev/pods/web`).
        case resource(ResourceAttributes)
        /// A non-resource request (`/healthz`, `/api`, `/metrics`).
        case nonResource(path: String)
    }

    /// Who makes it.
    public var user: UserInfo
    /// The verb: `get`, `list`, `watch`, `create`, … for resources (kube-apiserver maps HTTP methods to
    /// them); the lowercase HTTP method for non-resource URLs.
    public var verb: String
    /// The resource or path.
    public var target: Target

    /// Creates a request.
    public init(user: UserInfo, verb: String, target: Target) {
        self.user = user
        self.verb = verb
        self.target = target
    }

    /// A resource request. `namespace` empty: cluster-scoped, or across all namespaces.
    public static func resource(
        user: UserInfo, verb: String, group: String = "", version: String = "", resource: String, subresource: String = "",
        name: String = "", namespace: String = ""
    ) -> AuthorizationRequest {
        AuthorizationRequest(
            user: user, verb: verb,
            target: .resource(
                ResourceAttributes(
                    namespace: namespace, apiGroup: group, apiVersion: version, resource: resource, subresource: subresource, name: name)))
    }

    /// A non-resource request for `path`.
    public static func nonResource(user: UserInfo, verb: String, path: String) -> AuthorizationRequest {
        AuthorizationRequest(user: user, verb: verb, target: .nonResource(path: path))
    }

    /// The request's namespace (empty for cluster-scoped and non-resource requests).
    public var namespace: String {
        if case .resource(let attributes) = target { return attributes.namespace }
        return ""
    }

    /// The same request made by `user`.
    public func with(user: UserInfo) -> AuthorizationRequest {
        AuthorizationRequest(user: user, verb: verb, target: target)
    }
}

/// The resource side of a request (`resourceAttributes` of a SubjectAccessReview). Empty strings mean
/// "none", as in Kubernetes.
public struct ResourceAttributes: Sendable, Hashable, Codable {
    /// The namespace; empty for cluster-scoped resources and all-namespace lists.
    public var namespace: String
    /// The API group (`""` is core).
    public var apiGroup: String
    /// The API version (not used by RBAC).
    public var apiVersion: String
    /// The resource (plural, lowercase: `pods`).
    public var resource: String
    /// The subresource (`log`, `scale`, `status`), or empty.
    public var subresource: String
    /// The object's name, or empty (lists, creates).
    public var name: String

    /// Creates resource attributes.
    public init(namespace: String = "", apiGroup: String = "", apiVersion: String = "", resource: String, subresource: String = "", name: String = "") {
        self.namespace = namespace
        self.apiGroup = apiGroup
        self.apiVersion = apiVersion
        self.resource = resource
        self.subresource = subresource
        self.name = name
    }

    /// `resource` or `resource/subresource`, the string RBAC rules are matched against.
    public var combinedResource: String { subresource.isEmpty ? resource : resource + "/" + subresource }
}
