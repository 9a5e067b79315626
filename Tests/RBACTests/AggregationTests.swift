import RBAC
import Testing

/// ClusterRole aggregation as the controller settles it (reference §1.5).
@Suite("Aggregation")
struct AggregationTests {
    static let rA = PolicyRule(verbs: ["get"], apiGroups: ["a.example.com"], resources: ["widgets"])
    static let rB = PolicyRule(verbs: ["list"], apiGroups: ["b.example.com"], resources: ["gadgets"])
    static let rC = PolicyRule(verbs: ["watch"], apiGroups: ["c.example.com"], resources: ["things"])

    @Test func matchLabelsSortedByNameDeduplicatedAndReplacingOwnRules() {
        let snapshot = RBACSnapshot(clusterRoles: [
            ClusterRole(
                name: "monitoring", rules: [PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"])],
                aggregationRule: .init(clusterRoleSelectors: [LabelSelector(matchLabels: ["agg": "mon"])])),
            ClusterRole(name: "z-last", rules: [Self.rC, Self.rA], labels: ["agg": "mon"]),
            ClusterRole(name: "a-first", rules: [Self.rA, Self.rB], labels: ["agg": "mon", "other": "x"]),
            ClusterRole(name: "unlabelled", rules: [PolicyRule(verbs: ["delete"], apiGroups: [""], resources: ["pods"])]),
        ])
        let result = snapshot.aggregated()
        #expect(result.snapshot.clusterRoles[0].rules == [Self.rA, Self.rB, Self.rC])
        #expect(result.problems.isEmpty)
    }

    @Test func selectorsInOrderAndSelfSkipped() {
        let snapshot = RBACSnapshot(clusterRoles: [
            ClusterRole(
                name: "combined", rules: [], labels: ["x": "1"],
                aggregationRule: .init(clusterRoleSelectors: [LabelSelector(matchLabels: ["y": "1"]), LabelSelector(matchLabels: ["x": "1"])])),
            ClusterRole(name: "a", rules: [Self.rA], labels: ["x": "1"]),
            ClusterRole(name: "b", rules: [Self.rB], labels: ["y": "1"]),
        ])
        #expect(snapshot.aggregated().snapshot.clusterRoles[0].rules == [Self.rB, Self.rA])
    }

    @Test(arguments: [
        (LabelSelector.Requirement(key: "tier", operator: .in, values: ["gold", "silver"]), ["gold-role", "silver-role"]),
        (LabelSelector.Requirement(key: "tier", operator: .notIn, values: ["gold"]), ["none-role", "silver-role"]),
        (LabelSelector.Requirement(key: "tier", operator: .exists), ["gold-role", "silver-role"]),
        (LabelSelector.Requirement(key: "tier", operator: .doesNotExist), ["none-role"]),
    ])
    func matchExpressions(_ requirement: LabelSelector.Requirement, _ expected: [String]) {
        let roles = [
            ClusterRole(name: "gold-role", rules: [Self.rA], labels: ["tier": "gold"]),
            ClusterRole(name: "silver-role", rules: [Self.rB], labels: ["tier": "silver"]),
            ClusterRole(name: "none-role", rules: [Self.rC]),
        ]
        let selected = roles.filter { LabelSelector(matchExpressions: [requirement]).matches($0.metadata.labels) }.map(\.name)
        #expect(selected.sorted() == expected.sorted())
    }

    @Test func emptySelectorSelectsEveryRole() {
        #expect(LabelSelector().matches([:]))
        #expect(LabelSelector().matches(["a": "b"]))
    }

    @Test func invalidSelectorLeavesRulesAndIsReported() {
        let bad = LabelSelector(matchExpressions: [.init(key: "k", operator: .in, values: [])])
        #expect(bad.problem == "for 'in', 'notin' operators, values set can't be empty")
        let snapshot = RBACSnapshot(clusterRoles: [
            ClusterRole(name: "agg", rules: [Self.rC], aggregationRule: .init(clusterRoleSelectors: [bad])),
            ClusterRole(name: "a", rules: [Self.rA]),
        ])
        let result = snapshot.aggregated()
        #expect(result.snapshot.clusterRoles[0].rules == [Self.rC])
        #expect(result.problems.count == 1)
    }

    @Test func chainsSettle() {
        // admin selects edit, edit selects view, view selects the leaf — listed so one pass is not enough.
        let snapshot = RBACSnapshot(clusterRoles: [
            ClusterRole(name: "admin", rules: [], aggregationRule: .init(clusterRoleSelectors: [LabelSelector(matchLabels: ["to-admin": "true"])])),
            ClusterRole(
                name: "edit", rules: [], labels: ["to-admin": "true"],
                aggregationRule: .init(clusterRoleSelectors: [LabelSelector(matchLabels: ["to-edit": "true"])])),
            ClusterRole(
                name: "view", rules: [], labels: ["to-edit": "true"],
                aggregationRule: .init(clusterRoleSelectors: [LabelSelector(matchLabels: ["to-view": "true"])])),
            ClusterRole(name: "leaf", rules: [Self.rA], labels: ["to-view": "true"]),
        ])
        let roles = snapshot.aggregated().snapshot.clusterRoles
        #expect(roles.map(\.rules) == [[Self.rA], [Self.rA], [Self.rA], [Self.rA]])
    }

    @Test func authorizerAggregatesUnlessAskedNotTo() {
        let snapshot = RBACSnapshot(
            clusterRoles: [
                ClusterRole(name: "agg", rules: [], aggregationRule: .init(clusterRoleSelectors: [LabelSelector(matchLabels: ["x": "y"])])),
                ClusterRole(name: "part", rules: [Self.rA], labels: ["x": "y"]),
            ],
            clusterRoleBindings: [ClusterRoleBinding(name: "b", roleRef: .clusterRole("agg"), subjects: [.user("u")])])
        let request = Fixture.request(Fixture.user("u"), "get", "widgets", group: "a.example.com")
        #expect(RBACAuthorizer(snapshot).authorize(request).reason == #"RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "agg" to User "u""#)
        #expect(!RBACAuthorizer(snapshot, aggregate: false).authorize(request).allowed)
    }
}
