/// The changes that would let a request through: the narrowest default ClusterRole or EKS access
/// policy that allows it, and the commands that grant it.
public enum AccessFix {
    /// The default ClusterRoles tried, narrowest first.
    public static let clusterRoles = ["view", "edit", "admin", "cluster-admin"]
    /// The access policies tried, narrowest first.
    public static let accessPolicies = [
        "AmazonEKSViewPolicy", "AmazonEKSSecretReaderPolicy", "AmazonEKSAdminViewPolicy", "AmazonEKSEditPolicy", "AmazonEKSAdminPolicy",
        "AmazonEKSClusterAdminPolicy",
    ]

    /// The narrowest of ``clusterRoles`` present in `rbac` with a rule allowing `verb` on `target`.
    public static func clusterRole(allowing verb: String, _ target: AuthorizationRequest.Target, in rbac: RBACAuthorizer) -> String? {
        for name in clusterRoles {
            guard let role = rbac.snapshot.clusterRoles.first(where: { $0.name == name }) else { continue }
            if role.rules.contains(where: { $0.allows(verb: verb, target: target) }) { return name }
        }
        return nil
    }

    /// The narrowest of ``accessPolicies`` with a rule allowing `verb` on `target`.
    public static func accessPolicy(allowing verb: String, _ target: AuthorizationRequest.Target) -> AccessPolicy? {
        for name in accessPolicies {
            guard let policy = AccessPolicy.named(name) else { continue }
            if policy.rules.contains(where: { $0.allows(verb: verb, target: target) }) { return policy }
        }
        return nil
    }

    /// kubectl commands granting `user` (a username) `verb` on `target`: a RoleBinding in the
    /// request's namespace, or a ClusterRoleBinding for cluster-scoped, all-namespace and non-resource
    /// requests; to `role` when given (a default ClusterRole), else to a new Role/ClusterRole with exactly this rule.
    public static func kubectlCommands(subjectFlag: String, verb: String, target: AuthorizationRequest.Target, role: String?) -> [String] {
        let namespace: String
        var resourceFlag: String
        switch target {
        case .nonResource(let path):
            namespace = ""
            resourceFlag = "--non-resource-url=\(path)"
        case .resource(let attributes):
            namespace = attributes.namespace
            var resource = attributes.apiGroup.isEmpty ? attributes.resource : attributes.resource + "." + attributes.apiGroup
            if !attributes.subresource.isEmpty { resource += "/" + attributes.subresource }
            resourceFlag = "--resource=\(resource)"
            if !attributes.name.isEmpty { resourceFlag += " --resource-name=\(attributes.name)" }
        }
        let base = slug(subjectFlag) + "-" + slug(verb) + "-" + slug(resourceFlag)
        let quotedSubject = shellQuote(subjectFlag)
        if namespace.isEmpty {
            if let role {
                return ["kubectl create clusterrolebinding \(slug(subjectFlag))-\(role) --clusterrole=\(role) \(quotedSubject)"]
            }
            return [
                "kubectl create clusterrole \(base) --verb=\(verb) \(resourceFlag)",
                "kubectl create clusterrolebinding \(base) --clusterrole=\(base) \(quotedSubject)",
            ]
        }
        if let role {
            return ["kubectl create rolebinding \(slug(subjectFlag))-\(role) --clusterrole=\(role) \(quotedSubject) -n \(namespace)"]
        }
        return [
            "kubectl create role \(base) --verb=\(verb) \(resourceFlag) -n \(namespace)",
            "kubectl create rolebinding \(base) --role=\(base) \(quotedSubject) -n \(namespace)",
        ]
    }

    /// A name made of lowercase letters, digits and `-` from `text` (for object names).
    static func slug(_ text: String) -> String {
        var result = ""
        var lastDash = true
        let value = text.split(separator: "=").last.map(String.init) ?? text
        for character in value.lowercased() {
            if character.isLetter && character.isASCII || character.isNumber && character.isASCII {
                result.append(character)
                lastDash = false
            } else if !lastDash {
                result.append("-")
                lastDash = true
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return String(result.prefix(50))
    }

    /// `text` quoted for a POSIX shell when it needs it.
    public static func shellQuote(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_=./:,@".contains($0)) }
        if safe { return text }
        return "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
