import AccessModel
import ArgumentParser
import EKSAuthServer
import Foundation
import RBAC

/// `eksauth aws-auth`: tools for the aws-auth ConfigMap.
struct AWSAuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws-auth",
        abstract: "Check and safely edit the aws-auth ConfigMap, and move it to access entries.",
        subcommands: [
            AWSAuthLintCommand.self, AWSAuthGetCommand.self, AWSAuthAddRoleCommand.self, AWSAuthAddUserCommand.self, AWSAuthAddAccountCommand.self,
            AWSAuthRemoveCommand.self, AWSAuthMigrateCommand.self,
        ])
}

/// `eksauth aws-auth lint`: every problem of an aws-auth ConfigMap, with its line.
struct AWSAuthLintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Report every problem of an aws-auth ConfigMap, with its line.",
        discussion: """
            Parses the ConfigMap as aws-iam-authenticator does and reports: YAML errors inside mapRoles/mapUsers
            (upstream silently empties the whole list), unknown or misspelled keys, role ARNs with a path (never
            match upstream), session and instance-profile ARNs, userarn under mapRoles and rolearn under mapUsers,
            templates that cannot render, duplicate ARNs, unquoted account ids, empty usernames, node roles without
            system:bootstrappers/system:nodes, system:masters grants, and (with --rbac) groups no binding names.

            Exit status: 0 clean, 1 warnings only, 2 errors, 3 the ConfigMap could not be read.

            Examples:
              kubectl get configmap aws-auth -n kube-system -o yaml > aws-auth.yaml
              eksauth aws-auth lint aws-auth.yaml
              eksauth aws-auth lint aws-auth.yaml --rbac <(kubectl get rolebindings,clusterrolebindings -A -o yaml) --output json
              eksauth aws-auth lint --kubeconfig ~/.kube/config
            """)

    @Argument(help: "The ConfigMap as YAML (kubectl get configmap aws-auth -n kube-system -o yaml).")
    var file: String?

    @Option(help: "Read the ConfigMap from the cluster of this kubeconfig's current context instead of a file.")
    var kubeconfig: String?

    @Option(help: "RBAC manifests (kubectl get rolebindings,clusterrolebindings -A -o yaml), to find groups nothing binds. Repeatable.")
    var rbac: [String] = []

    @Option(help: "text (default) or json.")
    var output: String = "text"

    func run() async throws {
        var exitCode: Int32 = 0
        try await reportingFailures {
            guard ["text", "json"].contains(output) else { throw CLIFailure("--output must be text or json") }
            let text = try await configMapText()
            var boundGroups: Set<String>?
            if !rbac.isEmpty {
                var groups: Set<String> = []
                for path in rbac {
                    guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure("cannot read \(path)") }
                    let snapshot: RBACSnapshot
                    do { snapshot = try RBACSnapshot(yaml: String(decoding: data, as: UTF8.self)) } catch { throw CLIFailure("\(path): \(error)") }
                    let subjects = snapshot.roleBindings.flatMap(\.subjects) + snapshot.clusterRoleBindings.flatMap(\.subjects)
                    groups.formUnion(subjects.filter { $0.kind == .group }.map(\.name))
                }
                boundGroups = groups
            }
            let findings = AWSAuthLinter.lint(configMap: text, boundGroups: boundGroups)
            if output == "json" {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                printOutput(String(decoding: try encoder.encode(["findings": findings]), as: UTF8.self) + "\n")
            } else if findings.isEmpty {
                printOutput("aws-auth: no problems found\n")
            } else {
                printOutput(findings.map(\.description).joined(separator: "\n") + "\n")
                let errors = findings.filter { $0.severity == .error }.count
                printOutput("\(errors) error(s), \(findings.count - errors) warning(s)\n")
            }
            exitCode = findings.contains { $0.severity == .error } ? 2 : findings.isEmpty ? 0 : 1
        }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }

    private func configMapText() async throws -> String {
        switch (file, kubeconfig) {
        case (let file?, nil):
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIFailure("cannot read \(file)", exitCode: 3) }
            return String(decoding: data, as: UTF8.self)
        case (nil, let kubeconfig?):
            let data: [String: String]
            do {
                data = try await LiveAWSAuth.data(try LiveAWSAuth.connection(kubeconfig))
            } catch let failure as CLIFailure {
                throw CLIFailure(failure.message, exitCode: 3)
            }
            // Rendered as `kubectl get -o yaml` would show data, so the lines point into this text.
            var text = "data:\n"
            for key in data.keys.sorted() {
                text += "  \(key): |\n" + data[key, default: ""].split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }.joined(separator: "\n") + "\n"
            }
            return text
        default:
            throw CLIFailure("give the ConfigMap as a FILE or --kubeconfig, not both or neither")
        }
    }
}
