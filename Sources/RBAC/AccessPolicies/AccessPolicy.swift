/// An Amazon EKS access policy with the Kubernetes rules it grants. The EKS API does not expose the
/// rules; these are the tables of the EKS User Guide's access policy reference
/// (`access-policy-permissions`), empty API group meaning the core group.
public struct AccessPolicy: Sendable, Hashable {
    /// The policy's name, such as `AmazonEKSViewPolicy`.
    public var name: String
    /// The rules.
    public var rules: [PolicyRule]

    /// Creates a policy.
    public init(name: String, rules: [PolicyRule]) {
        self.name = name
        self.rules = rules
    }

    /// The ARN of the policy in `partition` (`arn:aws:eks::aws:cluster-access-policy/<name>`).
    public func arn(partition: String = "aws") -> String { "arn:\(partition):eks::aws:cluster-access-policy/\(name)" }

    /// The policies whose rules are known, by name.
    public static let known: [String: AccessPolicy] = Dictionary(
        uniqueKeysWithValues: [clusterAdmin, admin, edit, view, adminView, secretReader].map { ($0.name, $0) })

    /// The known policy `name` (or `nil` for policies whose rules the documentation does not list,
    /// such as `AmazonEKSAutoNodePolicy`).
    public static func named(_ name: String) -> AccessPolicy? { known[name] }

    /// The policy name of an access policy ARN in any partition
    /// (`arn:<partition>:eks::aws:cluster-access-policy/<name>`), or `nil`.
    public static func name(fromARN arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "eks", parts[3].isEmpty, parts[4] == "aws",
            parts[5].hasPrefix("cluster-access-policy/")
        else { return nil }
        let name = parts[5].dropFirst("cluster-access-policy/".count)
        return name.isEmpty || name.contains("/") ? nil : String(name)
    }
}

extension AccessPolicy {
    private static let read = ["get", "list", "watch"]
    private static let write = ["create", "delete", "deletecollection", "patch", "update"]

    /// `AmazonEKSClusterAdminPolicy`: everything, as `cluster-admin`.
    public static let clusterAdmin = AccessPolicy(
        name: "AmazonEKSClusterAdminPolicy",
        rules: [
            PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]),
            PolicyRule(verbs: ["*"], nonResourceURLs: ["*"]),
        ])

    /// `AmazonEKSAdminViewPolicy`: get, list and watch on every resource, Secrets included.
    public static let adminView = AccessPolicy(
        name: "AmazonEKSAdminViewPolicy", rules: [PolicyRule(verbs: read, apiGroups: ["*"], resources: ["*"])])

    /// `AmazonEKSSecretReaderPolicy`: get, list and watch on Secrets.
    public static let secretReader = AccessPolicy(
        name: "AmazonEKSSecretReaderPolicy", rules: [PolicyRule(verbs: read, apiGroups: [""], resources: ["secrets"])])

    /// The rules of `AmazonEKSViewPolicy` (upstream `view` plus `discovery.k8s.io` endpointslices; no Secrets).
    static let viewRules: [PolicyRule] = [
        PolicyRule(
            verbs: read, apiGroups: ["apps"],
            resources: [
                "controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status",
                "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status",
            ]),
        PolicyRule(verbs: read, apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
        PolicyRule(verbs: read, apiGroups: ["batch"], resources: ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
        PolicyRule(verbs: read, apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"]),
        PolicyRule(
            verbs: read, apiGroups: ["extensions"],
            resources: [
                "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses", "ingresses/status",
                "networkpolicies", "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale",
            ]),
        PolicyRule(verbs: read, apiGroups: ["networking.k8s.io"], resources: ["ingresses", "ingresses/status", "networkpolicies"]),
        PolicyRule(verbs: read, apiGroups: ["policy"], resources: ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
        PolicyRule(
            verbs: read, apiGroups: [""],
            resources: [
                "configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers",
                "replicationcontrollers/scale", "serviceaccounts", "services", "services/status",
            ]),
        PolicyRule(
            verbs: read, apiGroups: [""],
            resources: [
                "bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status",
                "resourcequotas", "resourcequotas/status",
            ]),
        PolicyRule(verbs: read, apiGroups: [""], resources: ["namespaces"]),
    ]

    /// What `AmazonEKSEditPolicy` adds to the view rules.
    static let editRules: [PolicyRule] = [
        PolicyRule(
            verbs: write, apiGroups: ["apps"],
            resources: [
                "daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets",
                "statefulsets/scale",
            ]),
        PolicyRule(verbs: write, apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"]),
        PolicyRule(verbs: write, apiGroups: ["batch"], resources: ["cronjobs", "jobs"]),
        PolicyRule(
            verbs: write, apiGroups: ["extensions"],
            resources: [
                "daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses", "networkpolicies", "replicasets",
                "replicasets/scale", "replicationcontrollers/scale",
            ]),
        PolicyRule(verbs: write, apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"]),
        PolicyRule(verbs: write, apiGroups: ["policy"], resources: ["poddisruptionbudgets"]),
        PolicyRule(
            verbs: read, apiGroups: [""], resources: ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
        PolicyRule(verbs: ["impersonate"], apiGroups: [""], resources: ["serviceaccounts"]),
        PolicyRule(verbs: write, apiGroups: [""], resources: ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
        PolicyRule(
            verbs: write, apiGroups: [""],
            resources: [
                "configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets",
                "serviceaccounts", "services", "services/proxy",
            ]),
    ]

    /// What `AmazonEKSAdminPolicy` adds to the edit rules.
    static let adminRules: [PolicyRule] = [
        PolicyRule(verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["localsubjectaccessreviews"]),
        PolicyRule(
            verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], apiGroups: ["rbac.authorization.k8s.io"],
            resources: ["rolebindings", "roles"]),
    ]

    /// `AmazonEKSViewPolicy`: read most namespaced workloads and config, not Secrets.
    public static let view = AccessPolicy(name: "AmazonEKSViewPolicy", rules: viewRules)
    /// `AmazonEKSEditPolicy`: the view policy plus writing workloads, Secrets and ConfigMaps.
    public static let edit = AccessPolicy(name: "AmazonEKSEditPolicy", rules: viewRules + editRules)
    /// `AmazonEKSAdminPolicy`: the edit policy plus Roles, RoleBindings and local access reviews.
    public static let admin = AccessPolicy(name: "AmazonEKSAdminPolicy", rules: viewRules + editRules + adminRules)
}
