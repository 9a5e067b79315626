import AccessModel
import Foundation
import ArgumentParser
import RBAC

/// `eksauth who-can`: every subject that may do something, with the IAM principals behind it.
struct WhoCanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "who-can",
        abstract: "List everyone who may do something: RBAC subjects, system:masters, and the IAM principals behind them.",
        discussion: """
            Reads a cluster snapshot and lists every subject EKS's API server would allow: the \
            system:masters group (allowed before RBAC), each User, Group and ServiceAccount of a binding \
            whose role allows the request, and each access entry whose associated access policy allows it \
            within its scope. For users and groups it names the IAM principals that become them through \
            the aws-auth ConfigMap and access entries (as far as the authentication mode reads them).

            The namespace defaults to default: ClusterRoleBindings and that namespace's RoleBindings \
            count. With -A every RoleBinding counts, each for its own namespace.

            Examples:
              eksauth who-can list pods -n dev --rbac rbac.yaml --aws-auth aws-auth.yaml --access-entries entries.json
              eksauth who-can create deployments.apps -A --rbac rbac.yaml --output json
              eksauth who-can get /metrics --rbac rbac.yaml
            """)

    @Argument(help: "The verb (get, list, create, …).")
    var verb: String

    @Argument(help: "The resource as kubectl spells it (pods, pods/log, deployments.apps, /healthz).")
    var resource: String

    @Argument(help: "The object's name (optional).")
    var name: String?

    @OptionGroup var request: RequestArguments
    @OptionGroup var snapshotOptions: ClusterSnapshotOptions

    @Option(help: "How to print the answer: table (for people), json or yaml.")
    var output: APIOutputFormat = .table

    /// One row of the answer.
    struct Row {
        var kind: String
        var name: String
        var scope: String
        var grantedBy: String
        var iam: [String]
        var rule: PolicyRule?
    }

    func run() async throws {
        try await reportingFailures {
            let snapshot = try await snapshotOptions.load()
            snapshot.printWarnings()
            let (_, target) = try request.target(resource: resource, name: name)
            let entries = snapshot.mode.usesAccessEntries ? snapshot.accessEntries : []
            let result = snapshot.chain.whoCan(verb: verb, target: target, accessEntries: entries, allNamespaces: request.allNamespaces)
            let principals = PrincipalIndex(snapshot)
            var rows: [Row] = []
            for group in result.privilegedGroups {
                rows.append(
                    Row(kind: "Group", name: group, scope: "cluster", grantedBy: "privileged-group authorizer (before RBAC)", iam: principals.forGroup(group)))
            }
            for grant in result.rbac.grants {
                let subject = grant.subject
                let iam: [String]
                switch subject.kind {
                case .group: iam = principals.forGroup(subject.name)
                case .user: iam = principals.forUser(subject.name)
                default: iam = []
                }
                let name = subject.kind == .serviceAccount ? subject.namespace + "/" + subject.name : subject.name
                let source = grant.grant.source
                rows.append(
                    Row(
                        kind: subject.kind.rawValue, name: name, scope: grant.namespace.isEmpty ? "cluster" : grant.namespace,
                        grantedBy: "\(source.binding) of \(source.roleRef.kind) \(AnalysisText.quote(source.roleRef.name))", iam: iam, rule: grant.grant.rule))
            }
            for grant in result.accessEntries {
                rows.append(
                    Row(
                        kind: "AccessEntry", name: grant.principalArn, scope: grant.grant.matchedScope,
                        grantedBy: "EKS access policy \(grant.grant.policyName)", iam: ["\(grant.principalArn) (username \(grant.username))"],
                        rule: grant.grant.rule))
            }
            switch output {
            case .table:
                var table = TextTable(headers: ["KIND", "NAME", "SCOPE", "GRANTED BY", "IAM PRINCIPALS"])
                for row in rows { table.rows.append([row.kind, row.name, row.scope, row.grantedBy, TextTable.list(row.iam)]) }
                var text = "who can \(describeRequest(verb: verb, target)):\n" + table.rendered
                for error in result.rbac.errors { text += "warning: \(error.binding): \(error.message)\n" }
                if !snapshot.mode.usesAccessEntries, !snapshot.accessEntries.isEmpty {
                    text += "note: access entries not counted: the authentication mode is \(snapshot.mode.rawValue)\n"
                }
                printOutput(text)
            case .json, .yaml:
                let items: [JSONDocument] = rows.map { row in
                    var members: [(key: String, value: JSONDocument)] = [
                        ("kind", .string(row.kind)), ("name", .string(row.name)), ("scope", .string(row.scope)), ("grantedBy", .string(row.grantedBy)),
                        ("iamPrincipals", .strings(row.iam)),
                    ]
                    if let rule = row.rule { members.append(("rule", .rule(rule))) }
                    return .object(members)
                }
                try JSONDocument.object([
                    ("request", .target(verb: verb, target)), ("subjects", .array(items)),
                    ("errors", .strings(result.rbac.errors.map { "\($0.binding): \($0.message)" })),
                ]).print(as: output)
            }
        }
    }
}

/// The IAM principals that become each Kubernetes username and group, through the sources the
/// cluster's authentication mode reads (an access entry hides an aws-auth mapping of the same principal).
struct PrincipalIndex {
    var byUser: [String: [String]] = [:]
    var byGroup: [String: [String]] = [:]
    var everyone: [String] = []

    init(_ snapshot: ClusterSnapshot) {
        var entryPrincipals = Set<String>()
        if snapshot.mode.usesAccessEntries {
            for entry in snapshot.accessEntries {
                let label = "\(entry.principalArn) (access entry)"
                entryPrincipals.insert(Self.key(entry.principalArn))
                byUser[entry.username, default: []].append(label)
                for group in entry.effectiveGroups { byGroup[group, default: []].append(label) }
                everyone.append(label)
            }
        }
        if snapshot.mode.usesConfigMap, let awsAuth = snapshot.awsAuth {
            for mapping in awsAuth.roles where !entryPrincipals.contains(Self.key(mapping.roleARN)) {
                let label = "\(mapping.roleARN) (aws-auth mapRoles)"
                byUser[mapping.username, default: []].append(label)
                for group in mapping.groups { byGroup[group, default: []].append(label) }
                everyone.append(label)
            }
            for mapping in awsAuth.users where !entryPrincipals.contains(Self.key(mapping.userARN)) {
                let label = "\(mapping.userARN) (aws-auth mapUsers)"
                byUser[mapping.username, default: []].append(label)
                for group in mapping.groups { byGroup[group, default: []].append(label) }
                everyone.append(label)
            }
            for account in awsAuth.accounts { everyone.append("every principal of account \(account) (aws-auth mapAccounts)") }
        }
    }

    func forUser(_ name: String) -> [String] { byUser[name] ?? [] }

    func forGroup(_ name: String) -> [String] {
        if name == SystemNames.authenticatedGroup { return everyone.isEmpty ? [] : ["every mapped principal"] }
        return byGroup[name] ?? []
    }

    static func key(_ arn: String) -> String {
        guard let range = arn.range(of: ":role/") ?? arn.range(of: ":user/") else { return arn.lowercased() }
        let name = arn[range.upperBound...].split(separator: "/").last.map(String.init) ?? ""
        return (String(arn[..<range.upperBound]) + name).lowercased()
    }
}
