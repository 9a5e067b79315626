import AccessModel
import ArgumentParser

/// `eksauth aws-auth get`: the mappings, as `eksctl get iamidentitymapping` lists them.
struct AWSAuthGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "List the mappings of the aws-auth ConfigMap.",
        discussion: """
            Every entry as written, duplicates included, in columns ARN, USERNAME, GROUPS, ACCOUNT (as eksctl get
            iamidentitymapping prints them), or as JSON/YAML objects (rolearn|userarn, username, groups; account).

            Examples:
              eksauth aws-auth get --file aws-auth.yaml
              eksauth aws-auth get --kubeconfig ~/.kube/config --arn arn:aws:iam::111122223333:role/dev --output json
            """)

    @OptionGroup var target: AWSAuthTargetOptions

    @Option(help: "Only the mappings of this ARN (exact).")
    var arn: String?

    @Option(help: "table (default), json or yaml.")
    var output: APIOutputFormat = .table

    func run() async throws {
        try await reportingFailures {
            let text = try await target.store().read().text
            let data: [String: String]
            do { data = try ConfigMapYAMLSplice.data(of: text) } catch let error as AWSAuthEditError { throw CLIFailure(error.message) }
            var listings = AWSAuthListing.all(data)
            if let arn {
                listings = listings.filter { $0.arn == arn }
                if listings.isEmpty { throw CLIFailure("no mapping with arn \(arn) found; ARNs are matched exactly") }
            }
            switch output {
            case .table:
                var table = TextTable(headers: ["ARN", "USERNAME", "GROUPS", "ACCOUNT"])
                table.rows = listings.map { [$0.arn, $0.username, $0.groups.joined(separator: ","), $0.account ?? ""] }
                printOutput(table.rendered)
            case .json, .yaml:
                let documents: [JSONDocument] = listings.map { listing in
                    if let account = listing.account { return .object([("account", .string(account))]) }
                    var members: [(key: String, value: JSONDocument)] = [
                        (listing.list == "mapUsers" ? "userarn" : "rolearn", .string(listing.arn)), ("username", .string(listing.username)),
                    ]
                    if !listing.groups.isEmpty { members.append(("groups", .strings(listing.groups))) }
                    return .object(members)
                }
                try JSONDocument.array(documents).print(as: output)
            }
        }
    }
}
