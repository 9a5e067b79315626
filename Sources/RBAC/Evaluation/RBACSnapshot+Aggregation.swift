extension RBACSnapshot {
    /// The snapshot with every aggregated ClusterRole's rules recomputed as kube-controller-manager's
    /// clusterrole-aggregation controller settles them: for each selector in order, the ClusterRoles it
    /// selects sorted by name (the role itself skipped), each of their rules appended unless an equal
    /// rule is already there. The result replaces the role's own `rules`. Aggregated roles that select
    /// aggregated roles (admin → edit → view) are recomputed until nothing changes, as the controller's
    /// re-queueing does.
    ///
    /// A role with an invalid selector keeps its rules (the controller stops on the error); it is named in
    /// ``AggregationResult/problems``.
    public func aggregated() -> AggregationResult {
        var roles = clusterRoles
        var problems: [String] = []
        let aggregating = roles.indices.filter { roles[$0].aggregationRule != nil }
        guard !aggregating.isEmpty else { return AggregationResult(snapshot: self, problems: []) }
        for index in aggregating {
            if let problem = roles[index].aggregationRule?.clusterRoleSelectors.lazy.compactMap(\.problem).first {
                problems.append("ClusterRole \(GoQuote.quote(roles[index].name)) has an invalid aggregation selector (\(problem)); its rules are left as they are")
            }
        }
        let invalid = Set(aggregating.filter { roles[$0].aggregationRule?.clusterRoleSelectors.contains { $0.problem != nil } ?? false })
        let byName = roles.indices.sorted { roles[$0].name.utf8.lexicographicallyPrecedes(roles[$1].name.utf8) }
        // Each pass can only add rules reachable through one more level of aggregation, so
        // `aggregating.count + 1` passes reach the fixed point even for cycles.
        for _ in 0...aggregating.count {
            var changed = false
            for index in aggregating where !invalid.contains(index) {
                let role = roles[index]
                var rules: [PolicyRule] = []
                for selector in role.aggregationRule?.clusterRoleSelectors ?? [] {
                    for other in byName where roles[other].name != role.name && selector.matches(roles[other].metadata.labels) {
                        for rule in roles[other].rules where !rules.contains(rule) { rules.append(rule) }
                    }
                }
                if rules != roles[index].rules {
                    roles[index].rules = rules
                    changed = true
                }
            }
            if !changed { break }
        }
        var snapshot = self
        snapshot.clusterRoles = roles
        return AggregationResult(snapshot: snapshot, problems: problems)
    }
}

/// A snapshot after ClusterRole aggregation, with what could not be aggregated.
public struct AggregationResult: Sendable, Hashable {
    /// The snapshot with aggregated rules materialised.
    public var snapshot: RBACSnapshot
    /// Roles whose aggregation failed, in words.
    public var problems: [String]
}
