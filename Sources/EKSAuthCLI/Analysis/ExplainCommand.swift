import AWSCore
import AsyncHTTPClient
import AccessModel
import ArgumentParser
import EKSToken
import Foundation
import RBAC

/// `eksauth explain`: why an IAM principal is Unauthorized or Forbidden, and what would fix it.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain, step by step, why an IAM principal gets Unauthorized or Forbidden on EKS, and what would fix it.",
        discussion: """
            Traces an IAM principal through a cluster snapshot as EKS does: the canonical ARN, the access \
            entry or aws-auth mapping that matches (or why none does: no mapping, a rolearn with a path, \
            a role under mapUsers, a near-identical name, an authentication mode that does not read that \
            source), the Kubernetes username and groups, then — given VERB RESOURCE — system:masters, \
            RBAC and the entry's EKS access policies. It ends with the decision in the API server's words \
            (the Unauthorized error, the Forbidden message, or the allow reason) and the change that \
            would fix it: an 'aws eks create-access-entry' / 'associate-access-policy' command or a \
            RoleBinding.

            --token checks an EKS token offline (form, STS host, signature parameters, expiry); who \
            signed it is only known to STS, so give --arn as well to go on.

            Examples:
              eksauth explain --arn arn:aws:sts::111122223333:assumed-role/eks-developer/alice \\
                  list pods -n default --rbac rbac.yaml --aws-auth aws-auth.yaml --access-entries entries.json
              eksauth explain --arn arn:aws:iam::111122223333:role/eks-developer --aws-auth aws-auth.yaml \\
                  --authentication-mode CONFIG_MAP
              eksauth explain --token "$(eksauth token -i my-cluster | jq -r .status.token)" --arn …
            """)

    @Argument(help: "The verb (optional: without it only authentication is explained).")
    var verb: String?

    @Argument(help: "The resource as kubectl spells it (pods, pods/log, deployments.apps, /healthz).")
    var resource: String?

    @Argument(help: "The object's name (optional).")
    var name: String?

    @Option(help: "The caller: an IAM role, user or assumed-role session ARN (as 'aws sts get-caller-identity' prints it).")
    var arn: String?

    @Option(help: "An EKS token (k8s-aws-v1.…) to check offline (and, with --verify-with-sts, to ask STS whose it is).")
    var token: String?

    @Flag(
        name: .customLong("verify-with-sts"),
        help: "Send the token to STS, as the authenticator does, to learn the identity behind it (instead of --arn).")
    var verifyWithSTS = false

    @Option(name: .customLong("sts-endpoint-override"), help: "With --verify-with-sts, send the request here instead of the token's STS host (eksauth server, tests).")
    var stsEndpointOverride: String?

    @Option(name: .customLong("session-name"), help: "The role session name for {{SessionName}} templates when --arn is a role ARN.")
    var sessionName: String = "session"

    @OptionGroup var request: RequestArguments
    @OptionGroup var snapshotOptions: ClusterSnapshotOptions

    @Option(help: "How to print the answer: table (steps for people), json or yaml.")
    var output: APIOutputFormat = .table

    func run() async throws {
        try await reportingFailures {
            guard arn != nil || token != nil else { throw CLIFailure("give --arn ARN (and/or --token TOKEN)") }
            guard (verb == nil) == (resource == nil) else { throw CLIFailure("give both VERB and RESOURCE, or neither") }
            let snapshot = try await snapshotOptions.load()
            snapshot.printWarnings()
            var report = Report()
            var arn = arn
            if let token { report.checkToken(token, haveARN: arn != nil || verifyWithSTS) }
            if let token, verifyWithSTS, !report.tokenRejected {
                if let identity = await report.askSTS(token, clusterID: snapshotOptions.cluster, endpointOverride: stsEndpointOverride) {
                    if let given = arn, given != identity { report.token.append("note: STS says \(identity), not the --arn given (\(given)); STS is used") }
                    arn = identity
                }
            }
            if report.tokenRejected || arn == nil {
                report.decision = report.tokenRejected ? ResolvedSubject.unauthorized : "unknown: the identity behind the token is needed (--arn)"
                report.allowed = false
                try emit(report)
                throw ExitCode(1)
            }
            let trace = snapshot.trace(arn: arn!, sessionName: arn!.contains(":assumed-role/") ? String(arn!.split(separator: "/").last ?? "") : sessionName)
            report.identity = trace.steps
            guard let mapped = trace.user else {
                report.authenticated = false
                report.identityProblems = trace.problems
                report.decision = ResolvedSubject.unauthorized
                report.allowed = false
                report.fixes = unmappedFixes(trace, snapshot: snapshot)
                try emit(report)
                throw ExitCode(1)
            }
            report.authenticated = true
            var extra: [String: [String]] = ["arn": [arn!]]
            if let canonical = trace.canonicalARN { extra["canonicalArn"] = [canonical] }
            let user = UserInfo.authenticated(name: mapped.username, groups: mapped.groups, extra: extra)
            report.user = user
            report.mappedBy = mapped.source
            report.identity.append(
                "authenticated as \(AnalysisText.quote(user.name)) with groups \(AnalysisText.quote(user.groups)) (system:authenticated added by the API server)")
            guard let verb, let resource else {
                report.decision = "authenticated as \(AnalysisText.quote(user.name)); give VERB RESOURCE to explain an authorization decision"
                report.allowed = true
                try emit(report)
                return
            }
            let (_, target) = try request.target(resource: resource, name: name)
            report.request = (verb, target)
            let entry = trace.accessEntry.map(AccessEntryContext.init)
            let decision = snapshot.chain.authorize(AuthorizationRequest(user: user, verb: verb, target: target), accessEntry: entry)
            report.authorization = authorizationSteps(decision, user: user, entry: entry, snapshot: snapshot)
            report.allowed = decision.allowed
            report.reason = decision.reason
            if decision.allowed {
                report.decision = decision.summary
            } else {
                report.decision = decision.request.kubectlForbiddenError(reason: decision.reason)
                report.forbiddenMessage = decision.forbiddenMessage
                report.fixes = forbiddenFixes(decision, user: user, trace: trace, snapshot: snapshot)
            }
            try emit(report)
            if !decision.allowed { throw ExitCode(1) }
        }
    }

    // MARK: - Steps

    private func authorizationSteps(_ decision: ChainDecision, user: UserInfo, entry: AccessEntryContext?, snapshot: ClusterSnapshot) -> [String] {
        var lines: [String] = []
        if decision.decidedBy == .privilegedGroup {
            lines.append("system:masters: \(AnalysisText.quote(user.name)) is in group \(decision.privilegedGroup ?? "system:masters"): allowed everything, before RBAC")
            return lines
        }
        lines.append("system:masters: not a member")
        if let rbac = decision.rbac {
            if rbac.allowed {
                lines.append("RBAC: \(rbac.reason)")
                if let rule = rbac.grant?.rule { lines.append("  rule: \(Self.describe(rule))") }
            } else {
                lines.append("RBAC: no opinion — " + decision.request.rbacDenialLogLine.dropFirst("RBAC: ".count))
                for error in rbac.errors { lines.append("  \(error.binding) references a missing role: \(error.message)") }
                lines += nearMisses(decision, user: user, snapshot: snapshot)
            }
        }
        if let policies = decision.accessPolicies {
            if policies.allowed {
                lines.append("EKS access policies: allowed by \(policies.reason)")
            } else {
                let names = entry?.associations.map { AccessPolicy.name(fromARN: $0.policyArn) ?? $0.policyArn } ?? []
                lines.append("EKS access policies: no opinion — associated: \(names.isEmpty ? "none" : names.joined(separator: ", "))")
                for name in policies.outOfScope { lines.append("  \(name) allows it, but its access scope does not cover this request") }
                for arn in policies.unknownPolicies { lines.append("  \(arn): rules unknown, not evaluated") }
            }
        } else if decision.decidedBy != .rbac {
            lines.append("EKS access policies: not consulted (the principal has no access entry; aws-auth mappings cannot have access policies)")
        }
        return lines
    }

    /// Bindings that grant the request to this user elsewhere (another namespace).
    private func nearMisses(_ decision: ChainDecision, user: UserInfo, snapshot: ClusterSnapshot) -> [String] {
        let result = snapshot.chain.rbac.whoCan(verb: decision.request.verb, target: decision.request.target, allNamespaces: true)
        var lines: [String] = []
        for grant in result.grants where !grant.namespace.isEmpty && grant.namespace != decision.request.namespace {
            let applies: Bool
            switch grant.subject.kind {
            case .user, .serviceAccount: applies = grant.username == user.name
            case .group: applies = user.groups.contains(grant.subject.name)
            default: applies = false
            }
            if applies {
                lines.append("  near miss: \(grant.grant.source.binding) would allow it, but only in namespace \(AnalysisText.quote(grant.namespace))")
            }
        }
        return lines
    }

    static func describe(_ rule: PolicyRule) -> String {
        var parts = ["verbs=" + rule.verbs.joined(separator: ",")]
        if !rule.apiGroups.isEmpty { parts.append("apiGroups=" + rule.apiGroups.map { $0.isEmpty ? "\"\"" : $0 }.joined(separator: ",")) }
        if !rule.resources.isEmpty { parts.append("resources=" + rule.resources.joined(separator: ",")) }
        if !rule.resourceNames.isEmpty { parts.append("resourceNames=" + rule.resourceNames.joined(separator: ",")) }
        if !rule.nonResourceURLs.isEmpty { parts.append("nonResourceURLs=" + rule.nonResourceURLs.joined(separator: ",")) }
        return parts.joined(separator: " ")
    }

    // MARK: - Fixes

    private var target: AuthorizationRequest.Target? {
        guard let resource, verb != nil else { return nil }
        return try? request.target(resource: resource, name: name).target
    }

    private func scopeFlag(_ target: AuthorizationRequest.Target) -> String {
        if case .resource(let attributes) = target, !attributes.namespace.isEmpty { return "type=namespace,namespaces=\(attributes.namespace)" }
        return "type=cluster"
    }

    private func unmappedFixes(_ trace: IdentityTrace, snapshot: ClusterSnapshot) -> [String] {
        guard let principal = trace.principalForEntry else {
            return ["use an IAM role or user: root and federated users cannot be mapped by an access entry"]
        }
        let cluster = AccessFix.shellQuote(snapshot.cluster)
        var fixes: [String] = []
        if snapshot.mode.usesAccessEntries {
            var create = "aws eks create-access-entry --cluster-name \(cluster) --principal-arn \(principal)"
            if let username = Self.suggestedUsername(principal) { create += " --username \(username)" }
            fixes.append(create)
            if let verb, let target, let policy = AccessFix.accessPolicy(allowing: verb, target) {
                fixes.append(
                    "aws eks associate-access-policy --cluster-name \(cluster) --principal-arn \(principal) --policy-arn \(policy.arn()) --access-scope \(scopeFlag(target))"
                )
            } else {
                fixes.append("then grant it permissions: aws eks associate-access-policy … or a RoleBinding to its username")
            }
        } else {
            fixes.append(
                "add it to the aws-auth ConfigMap: eksctl create iamidentitymapping --cluster \(cluster) --arn \(IdentityTrace.stripPath(principal)) --username \(Self.suggestedUsername(principal) ?? "NAME")"
            )
            fixes.append(
                "or enable access entries: aws eks update-cluster-config --name \(cluster) --access-config authenticationMode=API_AND_CONFIG_MAP, then aws eks create-access-entry --cluster-name \(cluster) --principal-arn \(principal)"
            )
        }
        return fixes
    }

    private func forbiddenFixes(_ decision: ChainDecision, user: UserInfo, trace: IdentityTrace, snapshot: ClusterSnapshot) -> [String] {
        let verb = decision.request.verb
        let target = decision.request.target
        var fixes: [String] = []
        let role = AccessFix.clusterRole(allowing: verb, target, in: snapshot.chain.rbac)
        let userGroups = user.groups.filter { $0 != SystemNames.authenticatedGroup }
        let subjectFlag = "--user=\(user.name)"
        let commands = AccessFix.kubectlCommands(subjectFlag: subjectFlag, verb: verb, target: target, role: role)
        fixes.append("RBAC: " + commands.joined(separator: " && "))
        if let group = userGroups.first {
            fixes.append("or bind its group: " + AccessFix.kubectlCommands(subjectFlag: "--group=\(group)", verb: verb, target: target, role: role).joined(separator: " && "))
        }
        if let principal = trace.principalForEntry, let policy = AccessFix.accessPolicy(allowing: verb, target) {
            let cluster = AccessFix.shellQuote(snapshot.cluster)
            let associate =
                "aws eks associate-access-policy --cluster-name \(cluster) --principal-arn \(principal) --policy-arn \(policy.arn()) --access-scope \(scopeFlag(target))"
            if trace.accessEntry != nil {
                fixes.append("or an access policy: " + associate)
            } else if snapshot.mode.usesAccessEntries {
                fixes.append(
                    "or move it to an access entry with a policy (aws-auth mappings cannot have access policies): aws eks create-access-entry --cluster-name \(cluster) --principal-arn \(principal) --username \(AccessFix.shellQuote(user.name)) && "
                        + associate)
            }
        }
        return fixes
    }

    static func suggestedUsername(_ principal: String) -> String? {
        let name = IdentityTrace.lastName(principal)
        return name.isEmpty ? nil : AccessFix.shellQuote(name)
    }

    // MARK: - Output

    struct Report {
        var token: [String] = []
        var tokenRejected = false
        var identity: [String] = []
        var identityProblems: [String] = []
        var authenticated = false
        var user: UserInfo?
        var mappedBy: String?
        var request: (verb: String, target: AuthorizationRequest.Target)?
        var authorization: [String] = []
        var allowed = false
        var reason = ""
        var decision = ""
        var forbiddenMessage: String?
        var fixes: [String] = []

        mutating func checkToken(_ text: String, haveARN: Bool) {
            do {
                let validated = try TokenValidator().validate(text, now: Date())
                token.append("token: well formed; presigned STS GetCallerIdentity for \(validated.host) (region \(validated.region))")
                token.append("access key \(validated.accessKeyID), signed at \(validated.signedAt.formatted(.iso8601)), valid until \(validated.expiration.formatted(.iso8601))")
                token.append(
                    "the signature and the identity are known only to STS (or eksauth server's embedded identity store); offline, the caller is taken from --arn"
                        + (haveARN ? "" : " — none given"))
            } catch {
                tokenRejected = true
                token.append("token rejected: \(error)")
                token.append("the API server's authenticator rejects it before any mapping, so kubectl says Unauthorized")
            }
        }

        /// Asks STS (GetCallerIdentity with the presigned URL, `x-k8s-aws-id: clusterID`) whose the
        /// token is, as the authenticator does; records the answer, or the rejection.
        mutating func askSTS(_ text: String, clusterID: String, endpointOverride: String?) async -> String? {
            do {
                let identity = try await TokenIdentity.ask(text, clusterID: clusterID, endpointOverride: endpointOverride)
                token.append("STS\(endpointOverride.map { " (\($0))" } ?? "") says the token is \(identity.arn)'s (UserId \(identity.userID))")
                return identity.arn
            } catch {
                tokenRejected = true
                token.append("\(error)")
                return nil
            }
        }
    }

    private func emit(_ report: Report) throws {
        switch output {
        case .table:
            var text = ""
            func section(_ title: String, _ lines: [String]) {
                guard !lines.isEmpty else { return }
                text += title + "\n"
                var number = 0
                for line in lines {
                    if line.hasPrefix("  ") {
                        text += "   \(line)\n"
                    } else {
                        number += 1
                        text += "  \(number). \(line)\n"
                    }
                }
            }
            section("Token", report.token)
            var identity = report.identity
            if !report.authenticated, !report.identity.isEmpty {
                identity.append("not mapped: EKS's authenticator rejects the token, so the API server answers 401 Unauthorized")
                identity += report.identityProblems.map { "  because: \($0)" }
            }
            section("Identity", identity)
            if let request = report.request {
                section("Authorization: \(describeRequest(verb: request.verb, request.target))", report.authorization)
            }
            text += "Decision\n  \(report.decision)\n"
            if report.decision == ResolvedSubject.unauthorized {
                text += "  (recent kubectl, such as v1.32, words the same 401 as: \(ResolvedSubject.unauthorizedRecentKubectl))\n"
            }
            if !report.fixes.isEmpty {
                text += "Fix\n" + report.fixes.map { "  \($0)\n" }.joined()
            }
            printOutput(text)
        case .json, .yaml:
            var members: [(key: String, value: JSONDocument)] = []
            if !report.token.isEmpty { members.append(("token", .object([("valid", .bool(!report.tokenRejected)), ("steps", .strings(report.token))]))) }
            members.append(("identity", .strings(report.identity)))
            members.append(("authenticated", .bool(report.authenticated)))
            if !report.identityProblems.isEmpty { members.append(("problems", .strings(report.identityProblems))) }
            if let user = report.user {
                members.append(("username", .string(user.name)))
                members.append(("groups", .strings(user.groups)))
                members.append(("mappedBy", .optional(report.mappedBy)))
            }
            if let request = report.request {
                members.append(("request", .target(verb: request.verb, request.target)))
                members.append(("authorization", .strings(report.authorization)))
                members.append(("allowed", .bool(report.allowed)))
                members.append(("reason", .string(report.reason)))
            }
            members.append(("decision", .string(report.decision)))
            if let message = report.forbiddenMessage { members.append(("forbiddenMessage", .string(message))) }
            members.append(("fixes", .strings(report.fixes)))
            try JSONDocument.object(members).print(as: output)
        }
    }
}
