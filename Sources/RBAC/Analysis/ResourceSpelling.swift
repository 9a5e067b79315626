/// kubectl's way of naming what a request is about, turned into authorization attributes without a
/// cluster to ask: `pods`, `pods/log`, `deployments.apps`, `deployments.apps/scale`, `/healthz`.
///
/// kubectl resolves resource names through the API server's discovery; offline, a table of the
/// built-in resources stands in for it: short names and singulars (`po`, `pod`, `deploy`), the API
/// group of a built-in resource named without one (`deployments` is `deployments.apps`), and which
/// resources are cluster-scoped (a namespace given for `nodes` is dropped, as kubectl does).
/// Anything not in the table is taken as written (`widgets.example.com` is resource `widgets` in group
/// `example.com`, namespaced).
///
/// Unlike `kubectl auth can-i`, which reads `pods/log` as the pod named `log` and wants
/// `--subresource log`, a `/` after the resource always introduces a subresource here; the object's
/// name is a separate argument.
public struct ResourceSpelling: Sendable, Hashable {
    /// The resource (plural, lowercase), or the path for a non-resource URL.
    public var resource: String
    /// The API group (`""` is core).
    public var group: String
    /// The subresource, or empty.
    public var subresource: String
    /// Whether this is a non-resource URL (`/healthz`).
    public var isNonResourceURL: Bool
    /// Whether the resource is known to be cluster-scoped.
    public var isClusterScoped: Bool

    /// Parses `text` as kubectl spells it.
    ///
    /// - Throws: ``ResourceSpellingError`` for an empty resource or subresource.
    public init(_ text: String) throws(ResourceSpellingError) {
        if text.hasPrefix("/") {
            self.init(resource: text, group: "", subresource: "", isNonResourceURL: true, isClusterScoped: true)
            return
        }
        var typeText = Substring(text)
        var subresource = ""
        if let slash = text.firstIndex(of: "/") {
            typeText = text[..<slash]
            subresource = String(text[text.index(after: slash)...])
            guard !subresource.isEmpty, !subresource.contains("/") else { throw ResourceSpellingError("invalid resource \(GoQuote.quote(text)): expected RESOURCE[.GROUP][/SUBRESOURCE]") }
        }
        guard !typeText.isEmpty else { throw ResourceSpellingError("invalid resource \(GoQuote.quote(text)): the resource is empty") }
        var resource = String(typeText).lowercased()
        var group = ""
        var groupGiven = false
        if let dot = resource.firstIndex(of: ".") {
            group = String(resource[resource.index(after: dot)...])
            resource = String(resource[..<dot])
            groupGiven = true
        }
        guard !resource.isEmpty, !(groupGiven && group.isEmpty) else {
            throw ResourceSpellingError("invalid resource \(GoQuote.quote(text)): expected RESOURCE[.GROUP][/SUBRESOURCE]")
        }
        if let known = Self.aliases[resource] { resource = known }
        let builtin = Self.builtins[resource]
        if !groupGiven, let builtin { group = builtin.group }
        let clusterScoped = builtin.map { $0.clusterScoped && $0.group == group } ?? false
        self.init(resource: resource, group: group, subresource: subresource, isNonResourceURL: false, isClusterScoped: clusterScoped)
    }

    /// Creates a spelling from its parts.
    public init(resource: String, group: String, subresource: String, isNonResourceURL: Bool, isClusterScoped: Bool) {
        self.resource = resource
        self.group = group
        self.subresource = subresource
        self.isNonResourceURL = isNonResourceURL
        self.isClusterScoped = isClusterScoped
    }

    /// The request target for object `name` in `namespace` (dropped for cluster-scoped resources;
    /// empty means across all namespaces).
    public func target(name: String = "", namespace: String = "") -> AuthorizationRequest.Target {
        if isNonResourceURL { return .nonResource(path: resource) }
        return .resource(
            ResourceAttributes(
                namespace: isClusterScoped ? "" : namespace, apiGroup: group, resource: resource, subresource: subresource, name: name))
    }

    /// `pods`, `deployments.apps/scale`, `/healthz`: the canonical spelling.
    public var canonical: String {
        if isNonResourceURL { return resource }
        var text = group.isEmpty ? resource : resource + "." + group
        if !subresource.isEmpty { text += "/" + subresource }
        return text
    }

    /// Singulars and short names of built-in resources.
    static let aliases: [String: String] = [
        "po": "pods", "pod": "pods", "svc": "services", "service": "services", "ns": "namespaces", "namespace": "namespaces",
        "no": "nodes", "node": "nodes", "cm": "configmaps", "configmap": "configmaps", "secret": "secrets",
        "sa": "serviceaccounts", "serviceaccount": "serviceaccounts", "deploy": "deployments", "deployment": "deployments",
        "rs": "replicasets", "replicaset": "replicasets", "sts": "statefulsets", "statefulset": "statefulsets",
        "ds": "daemonsets", "daemonset": "daemonsets", "job": "jobs", "cj": "cronjobs", "cronjob": "cronjobs",
        "ing": "ingresses", "ingress": "ingresses", "pv": "persistentvolumes", "persistentvolume": "persistentvolumes",
        "pvc": "persistentvolumeclaims", "persistentvolumeclaim": "persistentvolumeclaims", "ep": "endpoints",
        "ev": "events", "event": "events", "hpa": "horizontalpodautoscalers", "crd": "customresourcedefinitions",
        "crds": "customresourcedefinitions", "sc": "storageclasses", "storageclass": "storageclasses", "netpol": "networkpolicies",
        "pdb": "poddisruptionbudgets", "role": "roles", "clusterrole": "clusterroles", "rolebinding": "rolebindings",
        "clusterrolebinding": "clusterrolebindings", "limits": "limitranges", "quota": "resourcequotas", "csr": "certificatesigningrequests",
        "lease": "leases", "priorityclass": "priorityclasses", "pc": "priorityclasses",
    ]

    /// Built-in resources: their API group and whether they are cluster-scoped.
    static let builtins: [String: (group: String, clusterScoped: Bool)] = {
        var table: [String: (group: String, clusterScoped: Bool)] = [:]
        for name in [
            "pods", "services", "configmaps", "secrets", "serviceaccounts", "endpoints", "events", "persistentvolumeclaims",
            "replicationcontrollers", "limitranges", "resourcequotas", "podtemplates", "bindings",
        ] { table[name] = ("", false) }
        for name in ["namespaces", "nodes", "persistentvolumes", "componentstatuses"] { table[name] = ("", true) }
        for name in ["deployments", "replicasets", "statefulsets", "daemonsets", "controllerrevisions"] { table[name] = ("apps", false) }
        for name in ["jobs", "cronjobs"] { table[name] = ("batch", false) }
        for name in ["ingresses", "networkpolicies"] { table[name] = ("networking.k8s.io", false) }
        table["ingressclasses"] = ("networking.k8s.io", true)
        for name in ["roles", "rolebindings"] { table[name] = ("rbac.authorization.k8s.io", false) }
        for name in ["clusterroles", "clusterrolebindings"] { table[name] = ("rbac.authorization.k8s.io", true) }
        table["horizontalpodautoscalers"] = ("autoscaling", false)
        table["poddisruptionbudgets"] = ("policy", false)
        table["customresourcedefinitions"] = ("apiextensions.k8s.io", true)
        table["storageclasses"] = ("storage.k8s.io", true)
        table["csidrivers"] = ("storage.k8s.io", true)
        table["volumeattachments"] = ("storage.k8s.io", true)
        table["certificatesigningrequests"] = ("certificates.k8s.io", true)
        table["leases"] = ("coordination.k8s.io", false)
        table["priorityclasses"] = ("scheduling.k8s.io", true)
        table["endpointslices"] = ("discovery.k8s.io", false)
        table["mutatingwebhookconfigurations"] = ("admissionregistration.k8s.io", true)
        table["validatingwebhookconfigurations"] = ("admissionregistration.k8s.io", true)
        table["apiservices"] = ("apiregistration.k8s.io", true)
        table["tokenreviews"] = ("authentication.k8s.io", true)
        table["selfsubjectreviews"] = ("authentication.k8s.io", true)
        table["subjectaccessreviews"] = ("authorization.k8s.io", true)
        table["selfsubjectaccessreviews"] = ("authorization.k8s.io", true)
        table["selfsubjectrulesreviews"] = ("authorization.k8s.io", true)
        return table
    }()
}

/// A resource spelling that cannot be read.
public struct ResourceSpellingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
