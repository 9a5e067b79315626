import AccessModel
import ArgumentParser
import AWSCore
import RBAC

/// Who asks: a Kubernetes user by name (`--as`, `--as-group`, as kubectl impersonates) or an IAM
/// principal (`--arn`) mapped through the cluster's access entries and aws-auth.
struct SubjectOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "A Kubernetes username, as 'kubectl --as' (RBAC only: impersonation gets no access policies on EKS).")
    var asUser: String?

    @Option(name: .customLong("as-group"), help: "A group of the --as user (repeatable), as 'kubectl --as-group'.")
    var asGroups: [String] = []

    @Option(help: "An IAM role, user or assumed-role session ARN, mapped through access entries and aws-auth (RBAC plus its access entry's policies).")
    var arn: String?

    @Option(help: "An EKS token (k8s-aws-v1.…): checked, then sent to STS to learn the IAM principal behind it, as the authenticator does.")
    var token: String?

    @Option(name: .customLong("sts-endpoint-override"), help: "With --token, send the STS request here instead of the token's STS host (eksauth server).")
    var stsEndpointOverride: String?

    @Option(name: .customLong("session-name"), help: "The role session name for {{SessionName}} templates when --arn is a role ARN.")
    var sessionName: String = "session"

    /// The subject resolved against `snapshot`.
    func resolve(in snapshot: ClusterSnapshot) async throws -> ResolvedSubject {
        var arn = arn
        var sessionName = sessionName
        if let token {
            guard arn == nil, asUser == nil, asGroups.isEmpty else { throw CLIFailure("--token cannot be combined with --arn, --as or --as-group") }
            let identity = try await TokenIdentity.ask(token, clusterID: snapshot.cluster, endpointOverride: stsEndpointOverride)
            arn = identity.arn
            if identity.arn.contains(":assumed-role/") { sessionName = String(identity.arn.split(separator: "/").last ?? "") }
        }
        if let arn {
            guard asUser == nil, asGroups.isEmpty else { throw CLIFailure("--arn cannot be combined with --as or --as-group") }
            let trace = snapshot.trace(arn: arn, sessionName: sessionName)
            guard let mapped = trace.user else { return ResolvedSubject(user: nil, accessEntry: nil, trace: trace) }
            var extra: [String: [String]] = ["arn": [arn]]
            if let canonical = trace.canonicalARN { extra["canonicalArn"] = [canonical] }
            return ResolvedSubject(
                user: UserInfo.authenticated(name: mapped.username, groups: mapped.groups, extra: extra),
                accessEntry: trace.accessEntry.map(AccessEntryContext.init), trace: trace)
        }
        guard let asUser else {
            if !asGroups.isEmpty { throw CLIFailure("--as-group needs --as USER") }
            throw CLIFailure("say who asks: --as USER [--as-group GROUP …], --arn IAM_ARN or --token TOKEN")
        }
        return ResolvedSubject(user: UserInfo.impersonated(name: asUser, groups: asGroups), accessEntry: nil, trace: nil)
    }
}

/// The Kubernetes user behind the options, if it authenticates.
struct ResolvedSubject {
    /// The user (`nil`: the IAM principal is not mapped, so the API server says Unauthorized).
    var user: UserInfo?
    /// The access entry whose policies apply.
    var accessEntry: AccessEntryContext?
    /// The mapping trace for `--arn`.
    var trace: IdentityTrace?

    /// What kubectl prints when authentication fails.
    static let unauthorized = "error: You must be logged in to the server (Unauthorized)"
    /// The same 401 as kubectl v1.32 prints it (client-go's message for 401, checked against kubectl v1.32.4).
    static let unauthorizedRecentKubectl = "error: You must be logged in to the server (the server has asked for the client to provide credentials)"

    /// The user as JSON.
    var json: JSONDocument {
        var members: [(key: String, value: JSONDocument)] = []
        if let trace {
            members.append(("arn", .string(trace.inputARN)))
            members.append(("canonicalArn", .optional(trace.canonicalARN)))
        }
        members.append(("authenticated", .bool(user != nil)))
        if let user {
            members.append(("username", .string(user.name)))
            members.append(("groups", .strings(user.groups)))
        }
        if let trace, let source = trace.user?.source { members.append(("mappedBy", .string(source))) }
        if let accessEntry { members.append(("accessEntryArn", .string(accessEntry.accessEntryArn))) }
        if let trace, !trace.problems.isEmpty { members.append(("problems", .strings(trace.problems))) }
        return .object(members)
    }
}
