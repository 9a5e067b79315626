import AccessModel
import ArgumentParser
import AWSCore
import EKSAuthServer
import Foundation

/// `eksauth aws-auth migrate`: aws-auth mappings to access entries, through the access API.
struct AWSAuthMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Turn the aws-auth ConfigMap's mappings into access entries.",
        discussion: """
            Follows eksctl's 'utils migrate-to-access-entry' rules and fills its gaps: node roles become EC2_LINUX
            (EC2_WINDOWS with eks:kube-proxy-windows), Fargate roles FARGATE_LINUX, system:masters a STANDARD entry with
            AmazonEKSClusterAdminPolicy at cluster scope, other mappings STANDARD entries with their username and groups.
            Role paths are recovered with IAM GetRole (aws-auth cannot hold them; access entries can). Accounts, other
            system: groups, unknown principals and principals that already have an entry are skipped and reported.
            A cluster in CONFIG_MAP mode is switched to API_AND_CONFIG_MAP first, so aws-auth keeps working; the
            ConfigMap itself is never changed. --dry-run prints the plan and changes nothing.

            Examples:
              eksauth aws-auth migrate --cluster demo aws-auth.yaml --dry-run
              eksauth aws-auth migrate --cluster demo --kubeconfig ~/.kube/config
            """)

    @Option(help: "The EKS cluster (or eksauth server cluster) to create the entries in.")
    var cluster: String

    @Argument(help: "The ConfigMap as YAML (kubectl get configmap aws-auth -n kube-system -o yaml).")
    var file: String?

    @Option(help: "Read the ConfigMap from the cluster of this kubeconfig's current context instead of a file.")
    var kubeconfig: String?

    @Flag(name: .customLong("dry-run"), help: "Print the plan; change nothing.")
    var dryRun = false

    @OptionGroup var connection: EKSConnectionOptions

    func run() async throws {
        try await reportingFailures {
            let data = try await configMapData()
            let parsed = AWSAuthParser.parse(data: data)
            if let problem = parsed.problems.first(where: { $0.message.contains("not valid YAML") || $0.message.contains("must be a YAML list") }) {
                throw CLIFailure("the ConfigMap cannot be read as aws-iam-authenticator reads it: \(problem); fix it first (eksauth aws-auth lint)")
            }
            let mappings = parsed.mappings()
            let environment = ProcessInfo.processInfo.environment
            let config = try SharedConfig.load(environment: environment)
            let profileValues = config.profile(connection.profile ?? SharedConfig.profileName(environment: environment) ?? "default") ?? [:]
            try await connection.withClient { client in
                let described = try await client.describeCluster(name: cluster).value
                let mode = described.accessConfig.authenticationMode
                let partition = described.arn.split(separator: ":").dropFirst().first.map(String.init) ?? "aws"
                var existing: Set<String> = []
                if mode.usesAccessEntries {
                    var token: String?
                    repeat {
                        let page = try await client.listAccessEntries(cluster: cluster, nextToken: token).value
                        existing.formUnion(page.items.map { $0.lowercased() })
                        token = page.nextToken
                    } while token != nil
                }
                let iam = IAMClient(
                    httpClient: client.eks.httpClient, partition: Partition(id: partition) ?? .aws,
                    endpointOverride: IAMClient.endpointOverride(nil, environment: environment, profile: profileValues))
                var resolved: [String: String?] = [:]
                for arn in mappings.roles.map(\.roleARN) + mappings.users.map(\.userARN) {
                    guard let principal = try? AccessPrincipal(arn: arn) else { continue }
                    do {
                        resolved[arn] = principal.kind == .role
                            ? try await iam.roleARN(named: principal.name, credentials: client.credentials)
                            : try await iam.userARN(named: principal.name, credentials: client.credentials)
                    } catch {
                        throw CLIFailure("cannot look up \(arn) in IAM: \(error)")
                    }
                }
                let plan = AWSAuthMigration.plan(mappings, partition: partition, resolve: { resolved[$0] }, existing: existing)
                printOutput(Self.describe(plan, cluster: cluster, mode: mode, dryRun: dryRun))
                guard !dryRun else { return }
                if mode == .configMap {
                    _ = try await client.updateAuthenticationMode(cluster: cluster, to: .apiAndConfigMap)
                    printOutput("switched \(cluster) to API_AND_CONFIG_MAP\n")
                }
                var failures = 0
                for entry in plan.entries {
                    do {
                        _ = try await client.createAccessEntry(
                            cluster: cluster, principalArn: entry.principalArn, kubernetesGroups: entry.kubernetesGroups.isEmpty ? nil : entry.kubernetesGroups,
                            username: entry.username, type: entry.type.rawValue)
                        for policy in entry.clusterScopedPolicies {
                            _ = try await client.associateAccessPolicy(
                                cluster: cluster, principalArn: entry.principalArn, policyArn: policy, scope: AccessScope(type: .cluster))
                        }
                        printOutput("created \(entry.type.rawValue) entry for \(entry.principalArn)\n")
                    } catch {
                        failures += 1
                        printOutput("FAILED \(entry.principalArn): \(error)\n")
                    }
                }
                printOutput("\(plan.entries.count - failures) of \(plan.entries.count) entries created; \(plan.skipped.count) mapping(s) stay in aws-auth only\n")
                if failures > 0 { throw CLIFailure("\(failures) entr\(failures == 1 ? "y" : "ies") could not be created (see above)") }
            }
        }
    }

    static func describe(_ plan: MigrationPlan, cluster: String, mode: AuthenticationMode, dryRun: Bool) -> String {
        var text = dryRun ? "plan (dry run, nothing changed) for \(cluster):\n" : "migrating aws-auth of \(cluster):\n"
        if mode == .configMap { text += "  switch the authentication mode CONFIG_MAP -> API_AND_CONFIG_MAP\n" }
        for entry in plan.entries {
            text += "  create \(entry.type.rawValue) \(entry.principalArn)"
            if let username = entry.username { text += " username=\(username)" }
            if !entry.kubernetesGroups.isEmpty { text += " groups=\(entry.kubernetesGroups.joined(separator: ","))" }
            for policy in entry.clusterScopedPolicies { text += " + \(policy.split(separator: "/").last ?? "") (cluster scope)" }
            text += "  [from \(entry.source)]\n"
            for note in entry.notes { text += "    note: \(note)\n" }
        }
        for skipped in plan.skipped { text += "  skip \(skipped.source): \(skipped.reason)\n" }
        return text
    }

    private func configMapData() async throws -> [String: String] {
        switch (file, kubeconfig) {
        case (let file?, nil):
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIFailure("cannot read \(file)") }
            do {
                return try ConfigMapFile.data(of: String(decoding: data, as: UTF8.self))
            } catch {
                throw CLIFailure("\(file): \(error)")
            }
        case (nil, let kubeconfig?):
            return try await LiveAWSAuth.data(try LiveAWSAuth.connection(kubeconfig))
        default:
            throw CLIFailure("give the ConfigMap as a FILE or --kubeconfig, not both or neither")
        }
    }
}
