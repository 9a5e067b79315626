/// One edit of the aws-auth ConfigMap from read to write: read, apply the edit to the text, refuse
/// it if it locks anyone out or adds lint errors, and write it only over the version read — when
/// another writer got there first, read again and apply the edit to their result (at most
/// ``maxAttempts`` times). Another writer's change is never overwritten.
public struct AWSAuthEditSession: Sendable {
    /// Skip the lockout and node-role checks.
    public var force = false
    /// Compute and report, write nothing.
    public var dryRun = false
    /// Groups bound to the `cluster-admin` ClusterRole, which count as admin in the lockout check.
    public var adminGroups: Set<String> = []
    /// The groups RBAC bindings name, for lint's unbound-group warnings; `nil`: not known.
    public var boundGroups: Set<String>?
    /// How many read-modify-write rounds to try before giving up.
    public var maxAttempts = 10
    /// The pause after the `n`th conflicting round (default: a random 0–20·n ms, so writers that keep
    /// colliding drift apart).
    public var backoff: @Sendable (Int) async -> Void = { attempt in try? await Task.sleep(for: .milliseconds(Int.random(in: 0...(20 * attempt)))) }

    /// Creates a session.
    public init(force: Bool = false, dryRun: Bool = false, adminGroups: Set<String> = [], boundGroups: Set<String>? = nil, maxAttempts: Int = 10) {
        self.force = force
        self.dryRun = dryRun
        self.adminGroups = adminGroups
        self.boundGroups = boundGroups
        self.maxAttempts = maxAttempts
    }

    /// What an edit did (or, in a dry run, would do).
    public struct Report: Sendable, Hashable {
        /// The ConfigMap before and after.
        public var oldText: String
        public var newText: String
        /// The change, `nil` when there was nothing to do.
        public var change: AWSAuthChange?
        /// The unified diff of the ConfigMap text; empty when nothing changes.
        public var diff: String
        /// Things to tell the user (nothing to do, duplicates left, …).
        public var notes: [String]
        /// Lint warnings the edit introduces.
        public var warnings: [LintFinding]
        /// The round that wrote (1 unless other writers interfered); 0 when nothing was written.
        public var attempts: Int
    }

    /// Reads, edits and writes through `store`.
    ///
    /// - Throws: ``AWSAuthEditError`` when the edit is refused or others kept winning the race, or the
    ///   store's errors.
    public func run(_ edit: AWSAuthEdit, on store: some AWSAuthStore) async throws -> Report {
        for attempt in 1...max(1, maxAttempts) {
            let revision = try await store.read()
            var report = try plan(edit, text: revision.text)
            guard let change = report.change, !dryRun else { return report }
            if try await store.write(report.newText, change: change, over: revision) {
                report.attempts = attempt
                return report
            }
            await backoff(attempt)
        }
        throw AWSAuthEditError.conflict(attempts: maxAttempts)
    }

    /// Applies `edit` to the ConfigMap YAML `text`, with every check, writing nothing.
    public func plan(_ edit: AWSAuthEdit, text: String) throws(AWSAuthEditError) -> Report {
        let data = try ConfigMapYAMLSplice.data(of: text)
        switch try AWSAuthEditor.apply(edit, to: data) {
        case .unchanged(let reason):
            return Report(oldText: text, newText: text, change: nil, diff: "", notes: [reason], warnings: [], attempts: 0)
        case .changed(let change):
            try AWSAuthSafetyCheck.check(change, of: data, adminGroups: adminGroups, force: force)
            let newText = try ConfigMapYAMLSplice.apply(change, to: text)
            let introduced = Self.introduced(
                AWSAuthLinter.lint(configMap: text, boundGroups: boundGroups), AWSAuthLinter.lint(configMap: newText, boundGroups: boundGroups))
            let errors = introduced.filter { $0.severity == .error }
            if !errors.isEmpty { throw .lintErrors(errors.map(\.description)) }
            return Report(
                oldText: text, newText: newText, change: change, diff: UnifiedDiff.diff(text, newText), notes: change.notes, warnings: introduced,
                attempts: 0)
        }
    }

    /// The findings of `after` that `before` does not have (compared without lines, which an edit shifts).
    static func introduced(_ before: [LintFinding], _ after: [LintFinding]) -> [LintFinding] {
        var remaining: [String: Int] = [:]
        for finding in before { remaining["\(finding.check)|\(finding.list)|\(finding.message)", default: 0] += 1 }
        return after.filter { finding in
            let key = "\(finding.check)|\(finding.list)|\(finding.message)"
            guard let count = remaining[key], count > 0 else { return true }
            remaining[key] = count - 1
            return false
        }
    }
}
