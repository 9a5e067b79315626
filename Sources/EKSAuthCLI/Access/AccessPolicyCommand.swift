import AccessModel
import ArgumentParser
import Foundation

/// `eksauth access-policy`: the access policies of access entries, as
/// `aws eks associate-access-policy` and its siblings manage them.
struct AccessPolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access-policy",
        abstract: "Associate access policies with access entries, list and remove them (like 'aws eks associate-access-policy' …).",
        discussion: """
            An access policy (AmazonEKSViewPolicy, AmazonEKSClusterAdminPolicy, …) grants an access entry's \
            principal Kubernetes permissions in the whole cluster or only in some namespaces.

            Example:
              eksauth access-policy list-available
              eksauth access-policy associate --cluster-name demo \\
                  --principal-arn arn:aws:iam::123456789012:role/dev \\
                  --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy \\
                  --access-scope type=namespace,namespaces=dev,test
              eksauth access-policy list --cluster-name demo \\
                  --principal-arn arn:aws:iam::123456789012:role/dev
            """,
        subcommands: [Associate.self, Disassociate.self, List.self, ListAvailable.self]
    )

    /// The table of associated policies.
    static func table(_ policies: [AssociatedAccessPolicy]) -> String {
        var table = TextTable(headers: ["POLICY ARN", "SCOPE", "NAMESPACES", "ASSOCIATED", "MODIFIED"])
        for policy in policies {
            table.rows.append([
                policy.policyArn, policy.accessScope.type.rawValue, TextTable.list(policy.accessScope.namespaces),
                TextTable.time(policy.associatedAt.date), TextTable.time(policy.modifiedAt.date),
            ])
        }
        return table.rendered
    }

    /// `eksauth access-policy associate`.
    struct Associate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Associate an access policy with an access entry, or change its scope (AssociateAccessPolicy).",
            discussion: """
                --access-scope takes the AWS CLI's shorthand (type=cluster, \
                type=namespace,namespaces=a,b) or its JSON.

                Example:
                  eksauth access-policy associate --cluster-name demo \\
                      --principal-arn arn:aws:iam::123456789012:role/dev \\
                      --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy \\
                      --access-scope type=cluster
                """)

        @Option(name: .customLong("cluster-name"), help: "The cluster's name.")
        var clusterName: String

        @Option(name: .customLong("principal-arn"), help: "The principal of the access entry.")
        var principalArn: String

        @Option(name: .customLong("policy-arn"), help: "The access policy (see 'eksauth access-policy list-available').")
        var policyArn: String

        @Option(name: .customLong("access-scope"), help: "Where it applies: type=cluster, or type=namespace,namespaces=NS[,NS…].")
        var accessScope: String

        @OptionGroup var connection: EKSConnectionOptions

        func run() async throws {
            try await reportingFailures {
                let scope = try AWSShorthand.accessScope(accessScope)
                let reply = try await connection.withClient { client in
                    try await client.associateAccessPolicy(cluster: clusterName, principalArn: principalArn, policyArn: policyArn, scope: scope)
                }
                try connection.output.print(body: reply.body) { AccessPolicyCommand.table([reply.value]) }
            }
        }
    }

    /// `eksauth access-policy disassociate`.
    struct Disassociate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove an access policy from an access entry (DisassociateAccessPolicy).",
            discussion: """
                Example:
                  eksauth access-policy disassociate --cluster-name demo \\
                      --principal-arn arn:aws:iam::123456789012:role/dev \\
                      --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy
                """)

        @Option(name: .customLong("cluster-name"), help: "The cluster's name.")
        var clusterName: String

        @Option(name: .customLong("principal-arn"), help: "The principal of the access entry.")
        var principalArn: String

        @Option(name: .customLong("policy-arn"), help: "The associated access policy.")
        var policyArn: String

        @OptionGroup var connection: EKSConnectionOptions

        func run() async throws {
            try await reportingFailures {
                let reply = try await connection.withClient { client in
                    try await client.disassociateAccessPolicy(cluster: clusterName, principalArn: principalArn, policyArn: policyArn)
                }
                try connection.output.print(body: reply.body) { "disassociated \(policyArn) from the access entry of \(principalArn)\n" }
            }
        }
    }

    /// `eksauth access-policy list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the access policies associated with an access entry (ListAssociatedAccessPolicies).",
            discussion: """
                Every page is fetched unless --max-results or --next-token asks for one.

                Example:
                  eksauth access-policy list --cluster-name demo \\
                      --principal-arn arn:aws:iam::123456789012:role/dev
                """)

        @Option(name: .customLong("cluster-name"), help: "The cluster's name.")
        var clusterName: String

        @Option(name: .customLong("principal-arn"), help: "The principal of the access entry.")
        var principalArn: String

        @OptionGroup var paging: PagingOptions
        @OptionGroup var connection: EKSConnectionOptions

        func run() async throws {
            try await reportingFailures {
                let pages = try await connection.withClient { client in
                    try await paging.collect { maxResults, nextToken in
                        try await client.listAssociatedAccessPolicies(
                            cluster: clusterName, principalArn: principalArn, maxResults: maxResults, nextToken: nextToken)
                    }
                }
                try connection.output.print(pages: pages.bodies, listKey: "associatedAccessPolicies", allPages: paging.allPages) {
                    AccessPolicyCommand.table(pages.items)
                }
            }
        }
    }

    /// `eksauth access-policy list-available`.
    struct ListAvailable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list-available",
            abstract: "List the access policies EKS offers (ListAccessPolicies, 'aws eks list-access-policies').",
            discussion: """
                Example:
                  eksauth access-policy list-available --output json
                """)

        @OptionGroup var paging: PagingOptions
        @OptionGroup var connection: EKSConnectionOptions

        func run() async throws {
            try await reportingFailures {
                let pages = try await connection.withClient { client in
                    try await paging.collect { maxResults, nextToken in
                        try await client.listAccessPolicies(maxResults: maxResults, nextToken: nextToken)
                    }
                }
                try connection.output.print(pages: pages.bodies, listKey: "accessPolicies", allPages: paging.allPages) {
                    var table = TextTable(headers: ["NAME", "ARN"])
                    table.rows = pages.items.map { [$0.name, $0.arn] }
                    return table.rendered
                }
            }
        }
    }
}
