import RBAC
import Testing

/// Reading RBAC objects as kubectl prints them.
@Suite("Decoding")
struct DecodingTests {
    /// Shaped as `kubectl get roles,clusterroles,rolebindings,clusterrolebindings -A -o yaml` prints it.
    static let kubectlList = """
        apiVersion: v1
        items:
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: Role
          metadata:
            creationTimestamp: "2024-05-01T10:00:00Z"
            name: pod-reader
            namespace: default
            resourceVersion: "1234"
            uid: 8f1c0a3e-0000-4000-8000-000000000001
          rules:
          - apiGroups:
            - ""
            resources:
            - pods
            - pods/log
            verbs:
            - get
            - list
        - aggregationRule:
            clusterRoleSelectors:
            - matchLabels:
                rbac.example.com/aggregate-to-monitoring: "true"
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata:
            annotations:
              rbac.authorization.kubernetes.io/autoupdate: "true"
            labels:
              kubernetes.io/bootstrapping: rbac-defaults
            name: monitoring
          rules: null
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata:
            name: read-pods
            namespace: default
          roleRef:
            apiGroup: rbac.authorization.k8s.io
            kind: Role
            name: pod-reader
          subjects:
          - apiGroup: rbac.authorization.k8s.io
            kind: User
            name: jane
          - kind: ServiceAccount
            name: default
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata:
            name: system:node
          roleRef:
            apiGroup: rbac.authorization.k8s.io
            kind: ClusterRole
            name: system:node
        kind: List
        metadata:
          resourceVersion: ""
        """

    @Test func kubectlListOutput() throws {
        let snapshot = try RBACSnapshot(yaml: Self.kubectlList)
        #expect(snapshot.roles.count == 1)
        #expect(snapshot.roles[0].namespace == "default")
        #expect(snapshot.roles[0].rules == [PolicyRule(verbs: ["get", "list"], apiGroups: [""], resources: ["pods", "pods/log"])])
        #expect(snapshot.clusterRoles[0].rules.isEmpty)
        #expect(snapshot.clusterRoles[0].aggregationRule?.clusterRoleSelectors == [LabelSelector(matchLabels: ["rbac.example.com/aggregate-to-monitoring": "true"])])
        #expect(snapshot.clusterRoles[0].metadata.labels["kubernetes.io/bootstrapping"] == "rbac-defaults")
        #expect(snapshot.roleBindings[0].subjects == [.user("jane"), .serviceAccount("default")])
        #expect(snapshot.roleBindings[0].roleRef == .role("pod-reader"))
        #expect(snapshot.clusterRoleBindings[0].subjects.isEmpty)
        #expect(snapshot.clusterRoleBindings[0].name == "system:node")
    }

    @Test func multipleDocumentsAndOtherKinds() throws {
        let text = """
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: a}
            rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
            ---
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: aws-auth, namespace: kube-system}
            data: {mapRoles: ""}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleList
            items:
            - {apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: r, namespace: n}, rules: []}
            """
        let snapshot = try RBACSnapshot(yaml: text)
        #expect(snapshot.clusterRoles.map(\.name) == ["a"])
        #expect(snapshot.roles.map(\.name) == ["r"])
        #expect(snapshot.skipped == ["ConfigMap kube-system/aws-auth (v1)"])
    }

    @Test func jsonOutput() throws {
        let json = """
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
               "metadata": {"name": "admins"},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
               "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "platform"}]}
            ]}
            """
        let snapshot = try RBACSnapshot(yaml: json)
        #expect(snapshot.clusterRoleBindings.first?.subjects == [.group("platform")])
    }

    @Test func singleObjectAndEmptyText() throws {
        let role = try RBACSnapshot(yaml: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: x, namespace: y}\n")
        #expect(role.roles.first?.rules == [])
        #expect(try RBACSnapshot(yaml: "").isEmpty)
        #expect(try RBACSnapshot(yaml: "apiVersion: v1\nkind: List\nitems: []\n").isEmpty)
    }

    @Test func errorsNameTheObject() {
        #expect(throws: RBACError(code: .invalidYAML, message: "")) { try RBACSnapshot(yaml: "a: [") }
        #expect(throws: RBACError(code: .notAnObject, message: "")) { try RBACSnapshot(yaml: "- a\n- b\n") }
        #expect(throws: RBACError(code: .notAnObject, message: "")) { try RBACSnapshot(yaml: "metadata: {name: x}\n") }
        do {
            _ = try RBACSnapshot(yaml: "kind: List\nitems:\n- {kind: Role, metadata: {name: ok, namespace: n}}\n- {kind: RoleBinding, metadata: {name: rb, namespace: dev}}\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidObject)
            #expect(error.message == "document 1, items[1] (RoleBinding dev/rb): roleRef is missing")
        }
        do {
            _ = try RBACSnapshot(
                yaml: "kind: ClusterRole\nmetadata: {name: agg}\naggregationRule: {clusterRoleSelectors: [{matchExpressions: [{key: k, operator: Like}]}]}\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidObject)
            #expect(error.message.contains("\"Like\" is not a valid label selector operator"))
        }
    }

    @Test func mergingReplacesObjectsOfTheSameName() throws {
        let base = RBACSnapshot(clusterRoles: [ClusterRole(name: "view", rules: []), ClusterRole(name: "x", rules: [])])
        let overlay = RBACSnapshot(clusterRoles: [ClusterRole(name: "view", rules: [PolicyRule(verbs: ["get"], nonResourceURLs: ["/y"])])])
        let merged = base.merging(overlay)
        #expect(merged.clusterRoles.map(\.name) == ["view", "x"])
        #expect(merged.clusterRoles[0].rules.count == 1)
    }
}
