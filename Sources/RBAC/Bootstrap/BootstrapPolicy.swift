/// The default ClusterRoles and ClusterRoleBindings kube-apiserver creates in every cluster
/// (`plugin/pkg/auth/authorizer/rbac/bootstrappolicy`), as a versioned fixture: `cluster-admin`,
/// `admin`/`edit`/`view` with their aggregation (`system:aggregate-to-*`), `system:basic-user`,
/// `system:discovery`, `system:public-info-viewer`, `system:monitoring`, the node, scheduler,
/// controller-manager and certificate roles, and their bindings.
///
/// Source: the upstream golden files `testdata/cluster-roles.yaml` (at commit ``clusterRolesCommit``)
/// and `testdata/cluster-role-bindings.yaml` (at ``clusterRoleBindingsCommit``, plus the two bindings
/// added since: `system:monitoring` → Group `system:monitoring` and
/// `system:service-account-issuer-discovery` → Group `system:serviceaccounts`). Rules are transcribed
/// in upstream order. The per-controller roles (`system:controller:*`) and namespaced roles are not
/// included. Kept as Swift text, not a bundle resource, so a single-file `eksauth` binary carries it.
public enum BootstrapPolicy {
    /// The Kubernetes release line the fixture reflects: 1.28 or later — `system:basic-user` grants
    /// `selfsubjectreviews` unconditionally (GA in 1.28), `edit` creates `serviceaccounts/token` (1.24).
    public static let kubernetesVersion = "v1.28+"
    /// The kubernetes/kubernetes commit of the `cluster-roles.yaml` transcribed.
    public static let clusterRolesCommit = "025f2834a128798cef30018a5e6a6ae82b5ad885"
    /// The kubernetes/kubernetes commit of the `cluster-role-bindings.yaml` transcribed.
    public static let clusterRoleBindingsCommit = "c60df8997f62f861cf0cd2b13ab62271464589ed"

    /// The fixture as YAML (two `kind: List` documents), as `kubectl get … -o yaml` would print them
    /// with the aggregated roles' rules not yet filled in.
    public static var yaml: String { clusterRolesYAML + "\n---\n" + clusterRoleBindingsYAML }

    /// The default ClusterRoles and ClusterRoleBindings (aggregated roles unmaterialised: an
    /// ``RBACAuthorizer`` aggregates them).
    public static let snapshot: RBACSnapshot = {
        do {
            return try RBACSnapshot(yaml: yaml)
        } catch {
            preconditionFailure("the bootstrap policy fixture does not decode: \(error)")
        }
    }()

    /// `snapshot` merged with `other` (the cluster's own objects, which replace defaults of the same name).
    public static func adding(_ other: RBACSnapshot) -> RBACSnapshot { snapshot.merging(other) }
}
