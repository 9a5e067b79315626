import AccessModel
import ArgumentParser
import Foundation

/// `eksauth cluster`: a cluster's description and its authentication mode.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Describe a cluster and change its authentication mode (like 'aws eks describe-cluster', 'update-cluster-config').",
        discussion: """
            Example:
              eksauth cluster describe --name demo
              eksauth cluster update-access-config --name demo \\
                  --authentication-mode API_AND_CONFIG_MAP
            """,
        subcommands: [Describe.self, UpdateAccessConfig.self]
    )

    /// `eksauth cluster describe`.
    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a cluster: status, version, endpoint and authentication mode (DescribeCluster).",
            discussion: """
                Example:
                  eksauth cluster describe --name demo --output yaml
                """)

        @Option(name: [.customLong("name"), .customLong("cluster-name")], help: "The cluster's name.")
        var name: String

        @OptionGroup var connection: EKSConnectionOptions

        func run() async throws {
            try await reportingFailures {
                let reply = try await connection.withClient { client in try await client.describeCluster(name: name) }
                try connection.output.print(body: reply.body) {
                    let cluster = reply.value
                    var table = TextTable(headers: ["NAME", "STATUS", "VERSION", "AUTHENTICATION MODE", "ENDPOINT", "ARN"])
                    table.rows = [
                        [cluster.name, cluster.status, cluster.version, cluster.accessConfig.authenticationMode.rawValue, cluster.endpoint, cluster.arn]
                    ]
                    return table.rendered
                }
            }
        }
    }

    /// `eksauth cluster update-access-config`.
    struct UpdateAccessConfig: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update-access-config",
            abstract: "Change a cluster's authentication mode (UpdateClusterConfig --access-config).",
            discussion: """
                The mode moves one way, one step at a time: CONFIG_MAP → API_AND_CONFIG_MAP → API.
                Same as: aws eks update-cluster-config --name demo --access-config authenticationMode=API

                Example:
                  eksauth cluster update-access-config --name demo --authentication-mode API
                """)

        @Option(name: [.customLong("name"), .customLong("cluster-name")], help: "The cluster's name.")
        var name: String

        @Option(name: .customLong("authentication-mode"), help: "CONFIG_MAP, API_AND_CONFIG_MAP or API.")
        var authenticationMode: String

        @OptionGroup var connection: EKSConnectionOptions

        func run() async throws {
            try await reportingFailures {
                guard let mode = AuthenticationMode(rawValue: authenticationMode) else {
                    throw CLIFailure("--authentication-mode must be CONFIG_MAP, API_AND_CONFIG_MAP or API, not \(authenticationMode)")
                }
                let reply = try await connection.withClient { client in try await client.updateAuthenticationMode(cluster: name, to: mode) }
                try connection.output.print(body: reply.body) {
                    let update = reply.value
                    var table = TextTable(headers: ["UPDATE ID", "TYPE", "STATUS", "PARAMS", "CREATED"])
                    table.rows = [
                        [
                            update.id, update.type, update.status, TextTable.list(update.params.map { "\($0.type)=\($0.value)" }),
                            TextTable.time(update.createdAt.date),
                        ]
                    ]
                    return table.rendered
                }
            }
        }
    }
}
