import AccessModel
import ArgumentParser
import Foundation

/// `eksauth access-entry`: the access entries of a cluster, as `aws eks *-access-entry` manages them.
struct AccessEntryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access-entry",
        abstract: "Create, list, describe, update and delete a cluster's access entries (like 'aws eks create-access-entry' …).",
        discussion: """
            An access entry lets one IAM principal into a cluster as a Kubernetes username and groups; \
            access policies associated with it ('eksauth access-policy associate') grant it permissions. \
            The calls go to the EKS API: real EKS, or 'eksauth server' through its profile or --endpoint-url.

            Example:
              eksauth access-entry create --cluster-name demo \\
                  --principal-arn arn:aws:iam::123456789012:role/dev \\
                  --kubernetes-groups dev-team --username dev
              eksauth access-entry list --cluster-name demo
            """,
        subcommands: [Create.self, List.self, Describe.self, Update.self, Delete.self]
    )

    /// The table of access entries.
    static func table(_ entries: [AccessEntry.Description]) -> String {
        var table = TextTable(headers: ["PRINCIPAL ARN", "TYPE", "USERNAME", "GROUPS", "CREATED"])
        for entry in entries {
            table.rows.append([
                entry.principalArn, entry.type, entry.username, TextTable.list(entry.kubernetesGroups), TextTable.time(entry.createdAt.date),
            ])
        }
        return table.rendered
    }

    /// `eksauth access-entry create`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an access entry (CreateAccessEntry).",
            discussion: """
                Example:
                  eksauth access-entry create --cluster-name demo \\
                      --principal-arn arn:aws:iam::123456789012:role/dev \\
                      --kubernetes-groups viewers,dev-team \\
                      --username 'dev:{{SessionName}}' --tags team=platform
                """)

        @Option(name: .customLong("cluster-name"), help: "The cluster's name.")
        var clusterName: String

        @Option(name: .customLong("principal-arn"), help: "The IAM user or role the entry is for.")
        var principalArn: String

        @Option(
            name: .customLong("kubernetes-groups"), parsing: .upToNextOption,
            help: "Kubernetes groups (space- or comma-separated, repeatable); not for node types.")
        var kubernetesGroups: [String] = []

        @Option(help: "The Kubernetes username (default: EKS's, from the principal and type).")
        var username: String?

        @Option(help: "STANDARD (default), EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX, EC2, HYBRID_LINUX or HYPERPOD_LINUX.")
        var type: String?

        @Option(parsing: .upToNextOption, help: "Tags as key=value[,key=value…] (repeatable).")
        var tags: [String] = []

        @OptionGroup var connection: EKSConnectionOptions

        func run() async throws {
            try await reportingFailures {
                let tags = try AWSShorthand.tags(self.tags)
                let reply = try await connection.withClient { client in
                    try await client.createAccessEntry(
                        cluster: clusterName, principalArn: principalArn, kubernetesGroups: AWSShorthand.list(kubernetesGroups),
                        username: username, type: type, tags: tags)
                }
                try connection.output.print(body: reply.body) { AccessEntryCommand.table([reply.value]) }
            }
        }
    }

    /// `eksauth access-entry list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the principal ARNs of a cluster's access entries (ListAccessEntries).",
            discussion: """
                Every page is fetched unless --max-results or --next-token asks for one.

                Example:
                  eksauth access-entry list --cluster-name demo \\
                      --associated-policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy
                """)

        @Option(name: .customLong("cluster-name"), help: "The cluster's name.")
        var clusterName: String

        @Option(name: .customLong("associated-policy-arn"), help: "Only entries with this access policy associated.")
        var associatedPolicyArn: String?

        @OptionGroup var paging: PagingOptions
        @OptionGroup var connection: EKSConnectionOptions

        func run() async throws {
            try await reportingFailures {
                let pages = try await connection.withClient { client in
                    try await paging.collect { maxResults, nextToken in
                        try await client.listAccessEntries(
                            cluster: clusterName, associatedPolicyArn: associatedPolicyArn, maxResults: maxResults, nextToken: nextToken)
                    }
                }
                try connection.output.print(pages: pages.bodies, listKey: "accessEntries", allPages: paging.allPages) {
                    var table = TextTable(headers: ["PRINCIPAL ARN"])
                    table.rows = pages.items.map { [$0] }
                    return table.rendered
                }
            }
        }
    }

    /// `eksauth access-entry describe`.
    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one access entry (DescribeAccessEntry).",
            discussion: """
                Example:
                  eksauth access-entry describe --cluster-name demo \\
                      --principal-arn arn:aws:iam::123456789012:role/dev --output json
                """)

        @Option(name: .customLong("cluster-name"), help: "The cluster's name.")
        var clusterName: String

        @Option(name: .customLong("principal-arn"), help: "The principal the entry is for.")
        var principalArn: String

        @OptionGroup var connection: EKSConnectionOptions

        func run() async throws {
            try await reportingFailures {
                let reply = try await connection.withClient { client in
                    try await client.describeAccessEntry(cluster: clusterName, principalArn: principalArn)
                }
                try connection.output.print(body: reply.body) { AccessEntryCommand.table([reply.value]) }
            }
        }
    }

    /// `eksauth access-entry update`.
    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an access entry's username or groups (UpdateAccessEntry).",
            discussion: """
                --kubernetes-groups replaces the groups; what is not given stays as it is.

                Example:
                  eksauth access-entry update --cluster-name demo \\
                      --principal-arn arn:aws:iam::123456789012:role/dev \\
                      --kubernetes-groups viewers
                """)

        @Option(name: .customLong("cluster-name"), help: "The cluster's name.")
        var clusterName: String

        @Option(name: .customLong("principal-arn"), help: "The principal the entry is for.")
        var principalArn: String

        @Option(
            name: .customLong("kubernetes-groups"), parsing: .upToNextOption,
            help: "The new Kubernetes groups (space- or comma-separated, repeatable).")
        var kubernetesGroups: [String] = []

        @Option(help: "The new Kubernetes username.")
        var username: String?

        @OptionGroup var connection: EKSConnectionOptions

        func run() async throws {
            try await reportingFailures {
                let reply = try await connection.withClient { client in
                    try await client.updateAccessEntry(
                        cluster: clusterName, principalArn: principalArn, kubernetesGroups: AWSShorthand.list(kubernetesGroups),
                        username: username)
                }
                try connection.output.print(body: reply.body) { AccessEntryCommand.table([reply.value]) }
            }
        }
    }

    /// `eksauth access-entry delete`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete an access entry and its access policy associations (DeleteAccessEntry).",
            discussion: """
                Example:
                  eksauth access-entry delete --cluster-name demo \\
                      --principal-arn arn:aws:iam::123456789012:role/dev
                """)

        @Option(name: .customLong("cluster-name"), help: "The cluster's name.")
        var clusterName: String

        @Option(name: .customLong("principal-arn"), help: "The principal the entry is for.")
        var principalArn: String

        @OptionGroup var connection: EKSConnectionOptions

        func run() async throws {
            try await reportingFailures {
                let reply = try await connection.withClient { client in
                    try await client.deleteAccessEntry(cluster: clusterName, principalArn: principalArn)
                }
                try connection.output.print(body: reply.body) { "deleted the access entry of \(principalArn) in cluster \(clusterName)\n" }
            }
        }
    }
}
