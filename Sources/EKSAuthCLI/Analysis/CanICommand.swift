import AccessModel
import ArgumentParser
import RBAC

/// `eksauth can-i`: `kubectl auth can-i` over a cluster snapshot, with the reason.
struct CanICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "can-i",
        abstract: "Check whether a user or IAM principal may do something, offline, and say why ('kubectl auth can-i' with reasons).",
        discussion: """
            Evaluates a cluster snapshot the way EKS's API server does: the system:masters group first, \
            then Kubernetes RBAC, then the EKS access policies of the caller's access entry. Prints yes or \
            no, exits 0 or 1 as 'kubectl auth can-i' does, and on a second line the reason: the binding or \
            access policy that allows, or the Forbidden error the API server would answer.

            --as/--as-group impersonate a Kubernetes user: RBAC only (on EKS impersonation gets no access \
            policies). --arn maps an IAM principal through access entries and aws-auth as EKS does; an \
            unmapped principal gets 'no' and the Unauthorized error ('eksauth explain' says why).

            RESOURCE is spelled as kubectl spells it: pods, pods/log (a subresource), deployments.apps, \
            deployments.apps/scale, deploy (short names of built-in resources), or a non-resource URL \
            such as /healthz. The namespace defaults to default; -A asks across all namespaces. \
            --list prints the rules the user holds in the namespace, like 'kubectl auth can-i --list', \
            with the binding or access policy each comes from.

            Examples:
              kubectl get roles,clusterroles,rolebindings,clusterrolebindings -A -o yaml > rbac.yaml
              eksauth can-i list pods -n dev --as alice --as-group developers --rbac rbac.yaml
              eksauth can-i get pods/log -n dev --arn arn:aws:iam::111122223333:role/dev \\
                  --rbac rbac.yaml --aws-auth aws-auth.yaml --access-entries entries.json
              eksauth can-i get /healthz --as system:anonymous --rbac rbac.yaml
              eksauth can-i --list -n dev --as alice --rbac rbac.yaml
            """)

    @Argument(help: "The verb: get, list, watch, create, update, patch, delete, deletecollection, use, bind, escalate, impersonate, * …")
    var verb: String?

    @Argument(help: "The resource as kubectl spells it (pods, pods/log, deployments.apps, /healthz).")
    var resource: String?

    @Argument(help: "The object's name (optional).")
    var name: String?

    @OptionGroup var request: RequestArguments
    @OptionGroup var subject: SubjectOptions
    @OptionGroup var snapshotOptions: ClusterSnapshotOptions

    @Flag(help: "List the rules the user holds in the namespace instead of checking one request.")
    var list = false

    @Flag(name: .shortAndLong, help: "Print only yes or no (and nothing with --quiet).")
    var quiet = false

    @Flag(name: [.customShort("v"), .customLong("explain")], help: "Also print how the user was mapped and each authorizer's answer.")
    var explain = false

    @Option(help: "How to print the answer: table (for people), json or yaml.")
    var output: APIOutputFormat = .table

    func run() async throws {
        try await reportingFailures {
            let snapshot = try await snapshotOptions.load()
            snapshot.printWarnings()
            if list {
                guard verb == nil else { throw CLIFailure("--list takes no VERB or RESOURCE") }
                try await runList(snapshot)
                return
            }
            guard let verb, let resource else { throw CLIFailure("give a VERB and a RESOURCE (eksauth can-i list pods --as alice …), or --list") }
            let (_, target) = try request.target(resource: resource, name: name)
            let resolved = try await subject.resolve(in: snapshot)
            guard let user = resolved.user else {
                try printUnauthorized(resolved, verb: verb, target: target)
                throw ExitCode(1)
            }
            let decision = snapshot.chain.authorize(AuthorizationRequest(user: user, verb: verb, target: target), accessEntry: resolved.accessEntry)
            switch output {
            case .table:
                var text = decision.allowed ? "yes\n" : "no\n"
                if !quiet {
                    text += decision.allowed ? decision.summary + "\n" : decision.request.kubectlForbiddenError(reason: decision.reason) + "\n"
                    if explain { text += explanation(resolved, user: user, decision: decision) }
                }
                printOutput(text)
            case .json, .yaml:
                var members: [(key: String, value: JSONDocument)] = [
                    ("allowed", .bool(decision.allowed)), ("subject", resolved.json), ("request", .target(verb: verb, target)),
                    ("decidedBy", .optional(decision.decidedBy?.rawValue)), ("reason", .string(decision.reason)),
                ]
                if let grant = decision.rbac?.grant, decision.decidedBy == .rbac { members.append(("rule", .rule(grant.rule))) }
                if let grant = decision.accessPolicies?.grant, decision.decidedBy == .accessPolicies { members.append(("rule", .rule(grant.rule))) }
                if let message = decision.forbiddenMessage { members.append(("forbiddenMessage", .string(message))) }
                try JSONDocument.object(members).print(as: output)
            }
            if !decision.allowed { throw ExitCode(1) }
        }
    }

    private func printUnauthorized(_ resolved: ResolvedSubject, verb: String, target: AuthorizationRequest.Target) throws {
        switch output {
        case .table:
            var text = "no\n"
            if !quiet {
                text += ResolvedSubject.unauthorized + "\n"
                for problem in resolved.trace?.problems ?? [] { text += "  because: \(problem)\n" }
            }
            printOutput(text)
        case .json, .yaml:
            try JSONDocument.object([
                ("allowed", .bool(false)), ("subject", resolved.json), ("request", .target(verb: verb, target)),
                ("error", .string(ResolvedSubject.unauthorized)),
            ]).print(as: output)
        }
    }

    private func explanation(_ resolved: ResolvedSubject, user: UserInfo, decision: ChainDecision) -> String {
        var lines: [String] = []
        for step in resolved.trace?.steps ?? [] { lines.append("  " + step) }
        lines.append("  user \(AnalysisText.quote(user.name)) with groups \(AnalysisText.quote(user.groups))")
        if decision.decidedBy == .privilegedGroup {
            lines.append("  system:masters: allowed before RBAC")
        } else {
            lines.append("  system:masters: not a member")
            if let rbac = decision.rbac {
                lines.append("  " + (rbac.allowed ? rbac.reason : (rbac.reason.isEmpty ? decision.request.rbacDenialLogLine : rbac.reason)))
            }
            if let policies = decision.accessPolicies {
                lines.append("  EKS access policies: " + (policies.allowed ? policies.reason : "no associated policy allows it" + (policies.outOfScope.isEmpty ? "" : " within its scope (\(policies.outOfScope.joined(separator: ", ")) would, outside it)")))
            } else if resolved.accessEntry == nil && decision.decidedBy != .rbac {
                lines.append("  EKS access policies: not consulted (\(subject.arn == nil ? "impersonation" : "no access entry"))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `deployments.apps/scale` from resource `deployments/scale` in group `apps`, as kubectl prints it.
    static func qualified(_ resource: String, group: String) -> String {
        guard !group.isEmpty else { return resource }
        guard let slash = resource.firstIndex(of: "/") else { return resource + "." + group }
        return resource[..<slash] + "." + group + resource[slash...]
    }

    private func runList(_ snapshot: ClusterSnapshot) async throws {
        let resolved = try await subject.resolve(in: snapshot)
        guard let user = resolved.user else {
            if output == .table {
                printOutput(ResolvedSubject.unauthorized + "\n")
            } else {
                try JSONDocument.object([("subject", resolved.json), ("error", .string(ResolvedSubject.unauthorized))]).print(as: output)
            }
            throw ExitCode(1)
        }
        let namespace = request.effectiveNamespace
        let review = snapshot.chain.rbac.rules(for: user, namespace: namespace)
        var rows: [(rule: PolicyRule, source: String)] = review.grants.map { (rule: $0.rule, source: $0.source.description) }
        if let entry = resolved.accessEntry {
            for association in entry.associations {
                guard let name = AccessPolicy.name(fromARN: association.policyArn), let policy = AccessPolicy.named(name) else { continue }
                let covers = association.accessScope.covers(namespace: namespace.isEmpty ? nil : namespace)
                guard covers else { continue }
                let scope = association.accessScope.type == .cluster ? "cluster scope" : "namespace scope: " + association.accessScope.namespaces.joined(separator: ",")
                rows += policy.rules.map { (rule: $0, source: "EKS access policy \(name) (\(scope))") }
            }
        }
        let masters = user.groups.first { snapshot.chain.privilegedGroups.contains($0) }
        switch output {
        case .table:
            var table = TextTable(headers: ["Resources", "Non-Resource URLs", "Resource Names", "Verbs", "Granted by"])
            var seen = Set<[String]>()
            for (rule, source) in rows {
                let verbs = "[" + rule.verbs.joined(separator: " ") + "]"
                let names = "[" + rule.resourceNames.joined(separator: " ") + "]"
                if !rule.nonResourceURLs.isEmpty {
                    let row = ["", "[" + rule.nonResourceURLs.joined(separator: " ") + "]", "[]", verbs, source]
                    if seen.insert(row).inserted { table.rows.append(row) }
                }
                for group in rule.apiGroups {
                    for resource in rule.resources {
                        let row = [Self.qualified(resource, group: group), "[]", names, verbs, source]
                        if seen.insert(row).inserted { table.rows.append(row) }
                    }
                }
            }
            var text = table.rendered
            if let masters {
                text += "note: group \(masters) is allowed everything by the privileged-group authorizer, before RBAC (kubectl's list does not show it)\n"
            }
            if resolved.accessEntry != nil {
                text += "note: rules from EKS access policies are listed here; 'kubectl auth can-i --list' does not show them\n"
            }
            if review.incomplete { text += "warning: the list may be incomplete: \(review.evaluationError)\n" }
            printOutput(text)
        case .json, .yaml:
            var members: [(key: String, value: JSONDocument)] = [("subject", resolved.json), ("namespace", .string(namespace))]
            if let masters { members.append(("privilegedGroup", .string(masters))) }
            members.append(("rules", .array(rows.map { .object([("rule", .rule($0.rule)), ("grantedBy", .string($0.source))]) })))
            members.append(("incomplete", .bool(review.incomplete)))
            if review.incomplete { members.append(("evaluationError", .string(review.evaluationError))) }
            try JSONDocument.object(members).print(as: output)
        }
    }
}
