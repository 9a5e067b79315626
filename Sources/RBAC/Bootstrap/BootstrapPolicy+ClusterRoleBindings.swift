extension BootstrapPolicy {
    /// The default ClusterRoleBindings (see ``BootstrapPolicy`` for the source and version).
    static let clusterRoleBindingsYAML = """
        apiVersion: v1
        kind: List
        items:
        - kind: ClusterRoleBinding
          apiVersion: rbac.authorization.k8s.io/v1
          metadata: {name: cluster-admin, labels: {kubernetes.io/bootstrapping: rbac-defaults}, annotations: {rbac.authorization.kubernetes.io/autoupdate: "true"}}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:masters"}
        - kind: ClusterRoleBinding
          apiVersion: rbac.authorization.k8s.io/v1
          metadata: {name: "system:basic-user", labels: {kubernetes.io/bootstrapping: rbac-defaults}, annotations: {rbac.authorization.kubernetes.io/autoupdate: "true"}}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:basic-user"}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:authenticated"}
        - kind: ClusterRoleBinding
          apiVersion: rbac.authorization.k8s.io/v1
          metadata: {name: "system:discovery", labels: {kubernetes.io/bootstrapping: rbac-defaults}, annotations: {rbac.authorization.kubernetes.io/autoupdate: "true"}}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:discovery"}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:authenticated"}
        - kind: ClusterRoleBinding
          apiVersion: rbac.authorization.k8s.io/v1
          metadata: {name: "system:kube-controller-manager", labels: {kubernetes.io/bootstrapping: rbac-defaults}, annotations: {rbac.authorization.kubernetes.io/autoupdate: "true"}}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:kube-controller-manager"}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:kube-controller-manager"}
        - kind: ClusterRoleBinding
          apiVersion: rbac.authorization.k8s.io/v1
          metadata: {name: "system:kube-dns", labels: {kubernetes.io/bootstrapping: rbac-defaults}, annotations: {rbac.authorization.kubernetes.io/autoupdate: "true"}}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:kube-dns"}
          subjects:
          - {kind: ServiceAccount, name: kube-dns, namespace: kube-system}
        - kind: ClusterRoleBinding
          apiVersion: rbac.authorization.k8s.io/v1
          metadata: {name: "system:kube-scheduler", labels: {kubernetes.io/bootstrapping: rbac-defaults}, annotations: {rbac.authorization.kubernetes.io/autoupdate: "true"}}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:kube-scheduler"}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:kube-scheduler"}
        - kind: ClusterRoleBinding
          apiVersion: rbac.authorization.k8s.io/v1
          metadata: {name: "system:monitoring", labels: {kubernetes.io/bootstrapping: rbac-defaults}, annotations: {rbac.authorization.kubernetes.io/autoupdate: "true"}}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:monitoring"}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:monitoring"}
        - kind: ClusterRoleBinding
          apiVersion: rbac.authorization.k8s.io/v1
          metadata: {name: "system:node", labels: {kubernetes.io/bootstrapping: rbac-defaults}, annotations: {rbac.authorization.kubernetes.io/autoupdate: "true"}}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:node"}
        - kind: ClusterRoleBinding
          apiVersion: rbac.authorization.k8s.io/v1
          metadata: {name: "system:node-proxier", labels: {kubernetes.io/bootstrapping: rbac-defaults}, annotations: {rbac.authorization.kubernetes.io/autoupdate: "true"}}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:node-proxier"}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:kube-proxy"}
        - kind: ClusterRoleBinding
          apiVersion: rbac.authorization.k8s.io/v1
          metadata: {name: "system:public-info-viewer", labels: {kubernetes.io/bootstrapping: rbac-defaults}, annotations: {rbac.authorization.kubernetes.io/autoupdate: "true"}}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:public-info-viewer"}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:authenticated"}
          - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:unauthenticated"}
        - kind: ClusterRoleBinding
          apiVersion: rbac.authorization.k8s.io/v1
          metadata: {name: "system:service-account-issuer-discovery", labels: {kubernetes.io/bootstrapping: rbac-defaults}, annotations: {rbac.authorization.kubernetes.io/autoupdate: "true"}}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:service-account-issuer-discovery"}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:serviceaccounts"}
        - kind: ClusterRoleBinding
          apiVersion: rbac.authorization.k8s.io/v1
          metadata: {name: "system:volume-scheduler", labels: {kubernetes.io/bootstrapping: rbac-defaults}, annotations: {rbac.authorization.kubernetes.io/autoupdate: "true"}}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:volume-scheduler"}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:kube-scheduler"}
        """
}
