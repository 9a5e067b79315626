extension AuthorizationRequest {
    /// The inner text of kube-apiserver's Forbidden error (`responsewriters.forbiddenMessage`), before
    /// the `&`, `<`, `>` sanitising:
    /// `User "alice" cannot list resource "pods" in API group "" in the namespace "dev"`,
    /// `… at the cluster scope`, or `User "alice" cannot get path "/metrics"`.
    public var forbiddenDetail: String {
        let user = GoQuote.quote(self.user.name)
        switch target {
        case .nonResource(let path):
            return "User \(user) cannot \(verb) path \(GoQuote.quote(path))"
        case .resource(let attributes):
            let resource = GoQuote.quote(attributes.combinedResource)
            let group = GoQuote.quote(attributes.apiGroup)
            if !attributes.namespace.isEmpty {
                return "User \(user) cannot \(verb) resource \(resource) in API group \(group) in the namespace \(GoQuote.quote(attributes.namespace))"
            }
            return "User \(user) cannot \(verb) resource \(resource) in API group \(group) at the cluster scope"
        }
    }

    /// The `message` of the 403 Status kube-apiserver returns when every authorizer has no opinion
    /// (`responsewriters.Forbidden` + `apierrors.NewForbidden`), for example
    /// `pods is forbidden: User "eks-developer" cannot list resource "pods" in API group "" in the namespace "default"`,
    /// `deployments.apps "web" is forbidden: …`, `forbidden: User "alice" cannot get path "/metrics"`.
    /// `reason` is the authorizers' joined reason; when not empty it follows after `: `.
    public func forbiddenMessage(reason: String = "") -> String {
        var detail = forbiddenDetail
        detail = detail.replacingAll("&", with: "&amp;").replacingAll("<", with: "&lt;").replacingAll(">", with: "&gt;")
        if !reason.isEmpty { detail += ": " + reason }
        switch target {
        case .nonResource:
            return "forbidden: " + detail
        case .resource(let attributes):
            let groupResource = attributes.apiGroup.isEmpty ? attributes.resource : attributes.resource + "." + attributes.apiGroup
            if attributes.apiGroup.isEmpty && attributes.resource.isEmpty { return "forbidden: " + detail }
            if attributes.name.isEmpty { return "\(groupResource) is forbidden: \(detail)" }
            return "\(groupResource) \(GoQuote.quote(attributes.name)) is forbidden: \(detail)"
        }
    }

    /// What kubectl prints for that 403: `Error from server (Forbidden): <message>`.
    public func kubectlForbiddenError(reason: String = "") -> String {
        "Error from server (Forbidden): " + forbiddenMessage(reason: reason)
    }

    /// The line kube-apiserver logs at `-v=5` when RBAC allows nothing:
    /// `RBAC: no rules authorize user "alice" with groups ["dev" "system:authenticated"] to "list" resource "pods" in namespace "dev"`.
    public var rbacDenialLogLine: String {
        let operation: String
        switch target {
        case .resource(let attributes):
            var text = "\"" + verb + "\" resource \"" + attributes.resource
            if !attributes.apiGroup.isEmpty { text += "." + attributes.apiGroup }
            if !attributes.subresource.isEmpty { text += "/" + attributes.subresource }
            text += "\""
            if !attributes.name.isEmpty { text += " named \"" + attributes.name + "\"" }
            operation = text
        case .nonResource(let path):
            operation = "\(GoQuote.quote(verb)) nonResourceURL \(GoQuote.quote(path))"
        }
        let scope = namespace.isEmpty ? "cluster-wide" : "in namespace \(GoQuote.quote(namespace))"
        return "RBAC: no rules authorize user \(GoQuote.quote(user.name)) with groups \(GoQuote.quote(user.groups)) to \(operation) \(scope)"
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
