import AccessModel
import ArgumentParser
import EKSAuthServer
import Foundation
import RBAC

/// Where the ConfigMap to read or edit is: a file, or a live cluster.
struct AWSAuthTargetOptions: ParsableArguments {
    @Option(help: "The ConfigMap as YAML (kubectl get configmap aws-auth -n kube-system -o yaml); edited in place.")
    var file: String?

    @Option(help: "Use the aws-auth ConfigMap of this kubeconfig's cluster instead of a file.")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context (default: its current context).")
    var context: String?

    /// The connection, for a live cluster.
    func connection() throws -> KubernetesConnection? {
        try kubeconfig.map { try LiveAWSAuth.connection($0, context: context) }
    }

    /// The store the options name.
    func store() throws -> any AWSAuthStore {
        switch (file, try connection()) {
        case (let file?, nil):
            return FileAWSAuthStore(path: file)
        case (nil, let connection?):
            return LiveAWSAuthStore(client: ConfigMapClient(connection: connection))
        default:
            throw CLIFailure("give the ConfigMap as --file PATH or --kubeconfig K, not both or neither")
        }
    }
}

/// The options every edit takes, and the edit itself: read, check, write over the version read.
struct AWSAuthEditOptions: ParsableArguments {
    @OptionGroup var target: AWSAuthTargetOptions

    @Flag(name: .customLong("dry-run"), help: "Print the change as a unified diff; write nothing.")
    var dryRun = false

    @Flag(help: "Make the edit even if it removes a node role or the last mapping with cluster-admin.")
    var force = false

    @Option(help: """
        RBAC manifests (kubectl get clusterrolebindings,rolebindings -A -o yaml): groups bound to cluster-admin count as admin \
        in the lockout check, and lint warns about groups nothing binds. Repeatable. Read from the cluster with --kubeconfig.
        """)
    var rbac: [String] = []

    /// Runs `edit` and prints what it did.
    func run(_ edit: AWSAuthEdit, done: String) async throws {
        let store = try target.store()
        var session = AWSAuthEditSession(force: force, dryRun: dryRun)
        if !rbac.isEmpty {
            var snapshot = RBACSnapshot()
            for path in rbac {
                guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure("cannot read \(path)") }
                do { snapshot = snapshot.merging(try RBACSnapshot(yaml: String(decoding: data, as: UTF8.self))) } catch { throw CLIFailure("\(path): \(error)") }
            }
            session.adminGroups = Self.adminGroups(snapshot)
            session.boundGroups = Set((snapshot.roleBindings.flatMap(\.subjects) + snapshot.clusterRoleBindings.flatMap(\.subjects)).filter { $0.kind == .group }.map(\.name))
        } else if let connection = try target.connection() {
            do {
                var snapshot = RBACSnapshot()
                for list in try await KubernetesReader(connection: connection).get(["/apis/rbac.authorization.k8s.io/v1/clusterrolebindings"]) {
                    snapshot = snapshot.merging(try RBACSnapshot(yaml: list))
                }
                session.adminGroups = Self.adminGroups(snapshot)
            } catch {
                printError("eksauth: warning: cannot read ClusterRoleBindings (\(error)); only system:masters counts as cluster-admin in the lockout check")
            }
        }
        let report: AWSAuthEditSession.Report
        do {
            report = try await session.run(edit, on: store)
        } catch let error as AWSAuthEditError {
            throw CLIFailure(error.message, exitCode: 2)
        }
        for warning in report.warnings { printError("eksauth: warning: \(warning.description)") }
        for note in report.notes { printError("eksauth: \(note)") }
        guard report.change != nil else { return }
        if dryRun {
            printOutput(report.diff)
            printError("eksauth: dry run: nothing written")
        } else {
            printOutput("\(done)\(report.attempts > 1 ? " (after \(report.attempts - 1) conflicting write(s) by others, re-applied)" : "")\n")
        }
    }

    /// The groups a ClusterRoleBinding binds to the `cluster-admin` ClusterRole.
    static func adminGroups(_ snapshot: RBACSnapshot) -> Set<String> {
        Set(snapshot.clusterRoleBindings.filter { $0.roleRef.kind == RoleRef.clusterRoleKind && $0.roleRef.name == "cluster-admin" }
            .flatMap(\.subjects).filter { $0.kind == .group }.map(\.name))
    }
}
