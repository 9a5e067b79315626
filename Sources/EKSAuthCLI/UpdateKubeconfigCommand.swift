import ArgumentParser
import AsyncHTTPClient
import AWSCore
import EKSToken
import Foundation
import SigV4

/// `eksauth update-kubeconfig`: writes or merges a kubeconfig whose user runs `eksauth token`.
struct UpdateKubeconfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update-kubeconfig",
        abstract: "Add or update a cluster, user and context in your kubeconfig (like 'aws eks update-kubeconfig').",
        discussion: """
            The cluster's endpoint and CA come from DescribeCluster on the EKS API (--endpoint-url for any \
            EKS-compatible server), or from --server and --certificate-authority[-data] without any API call. \
            Entries are replaced by name, other entries are kept, current-context is set, and the file is \
            written atomically with mode 0600. With KUBECONFIG set to a list, the first file that already \
            has the cluster is updated, else the first file.

            Examples:
              eksauth update-kubeconfig --name my-cluster --region us-east-1
              eksauth update-kubeconfig --name dev --server https://127.0.0.1:6443 --certificate-authority ca.pem
            """
    )

    @Option(help: "The cluster's name.")
    var name: String

    @Option(help: "The cluster's region (default: AWS_DEFAULT_REGION, the profile's region, then AWS_REGION).")
    var region: String?

    @Option(name: .customLong("role-arn"), help: "A role the token command assumes before signing.")
    var roleARN: String?

    @Option(help: "The AWS profile; it is also written into the exec environment as AWS_PROFILE.")
    var profile: String?

    @Option(help: "The context's name (default: the cluster ARN, or --user-alias).")
    var alias: String?

    @Option(name: .customLong("user-alias"), help: "The user entry's name (default: the cluster ARN).")
    var userAlias: String?

    @Option(help: "The kubeconfig to write (default: the KUBECONFIG list, then ~/.kube/config).")
    var kubeconfig: String?

    @Flag(name: .customLong("dry-run"), help: "Print the merged kubeconfig instead of writing it.")
    var dryRun = false

    @Flag(help: "Print the entries that were written.")
    var verbose = false

    @Option(name: .customLong("endpoint-url"), help: "The EKS API to call DescribeCluster on (default: https://eks.REGION.amazonaws.com).")
    var endpointURL: String?

    @Option(name: .customLong("ca-bundle"), help: "A PEM file of the certificate authorities to trust for the EKS API over HTTPS (default: AWS_CA_BUNDLE, then the profile's ca_bundle).")
    var caBundle: String?

    @Option(help: "The API server URL; with it no EKS API call is made.")
    var server: String?

    @Option(name: .customLong("certificate-authority"), help: "A PEM file with the API server's CA (with --server).")
    var certificateAuthority: String?

    @Option(name: .customLong("certificate-authority-data"), help: "The API server's CA as base64 PEM (with --server).")
    var certificateAuthorityData: String?

    @Option(name: .customLong("cluster-arn"), help: "The cluster ARN to name the entries by (with --server; default arn:aws:eks:REGION:000000000000:cluster/NAME).")
    var clusterARN: String?

    @Option(name: .customLong("proxy-url"), help: "A proxy for kubectl to reach the API server through.")
    var proxyURL: String?

    @Option(name: .customLong("exec-command"), help: "The command kubectl runs for tokens (default: eksauth).")
    var execCommand = "eksauth"

    func validate() throws {
        if server == nil, certificateAuthority != nil || certificateAuthorityData != nil || clusterARN != nil {
            throw ValidationError("--certificate-authority, --certificate-authority-data and --cluster-arn need --server")
        }
        if certificateAuthority != nil, certificateAuthorityData != nil {
            throw ValidationError("give --certificate-authority or --certificate-authority-data, not both")
        }
    }

    func run() async throws {
        try await reportingFailures {
            let environment = ProcessInfo.processInfo.environment
            let config = try SharedConfig.load(environment: environment)
            let profileName = profile ?? SharedConfig.profileName(environment: environment)
            guard let region = SharedConfig.resolveRegion(explicit: region, environment: environment, config: config, profile: profileName ?? "default") else {
                throw CLIFailure("no region: pass --region, set AWS_REGION, or set 'region' in your AWS profile")
            }
            let entries = try await clusterEntries(region: region, profileName: profileName, config: config, environment: environment)
            let selector = KubeconfigSelector(
                explicitPath: kubeconfig, kubeconfigVariable: environment["KUBECONFIG"],
                home: TokenCommand.home(environment), currentDirectory: FileManager.default.currentDirectoryPath
            )
            var file = try selector.choose(clusterName: entries.clusterARN)
            let updating = file.hasCluster(named: entries.clusterARN)
            let contextName = file.insert(cluster: entries.cluster, user: entries.user, alias: alias)
            if dryRun {
                printOutput(try file.render())
                return
            }
            try file.write()
            printOutput(updating ? "Updated context \(contextName) in \(file.path)\n" : "Added new context \(contextName) to \(file.path)\n")
            if verbose {
                var shown = Kubeconfig(path: file.path)
                shown.insert(cluster: entries.cluster, user: entries.user, alias: alias)
                printOutput("Entries:\n\n" + (try shown.render()))
            }
        }
    }

    private func clusterEntries(region: String, profileName: String?, config: SharedConfig, environment: [String: String]) async throws -> KubeconfigEntries {
        if let server {
            var caData = certificateAuthorityData ?? ""
            if let certificateAuthority {
                guard let pem = FileManager.default.contents(atPath: certificateAuthority) else {
                    throw CLIFailure("cannot read the CA file \(certificateAuthority)")
                }
                caData = pem.base64EncodedString()
            }
            return KubeconfigEntries(
                clusterARN: clusterARN ?? "arn:aws:eks:\(region):000000000000:cluster/\(name)", server: server,
                certificateAuthorityData: caData, clusterName: name, region: region, roleARN: roleARN, profile: profileName,
                userAlias: userAlias, proxyURL: proxyURL, command: execCommand
            )
        }
        let profileValues = config.profile(profileName ?? "default") ?? [:]
        let trusted = CABundle.path(explicit: caBundle, environment: environment, profile: profileValues)
        let cluster = try await HTTPClient.withShortLivedClient(caBundle: trusted) { client in
            let endpointFor: @Sendable (String?) throws -> STSEndpoint = { region in
                var settings = STSEndpointSettings.from(environment: environment, profile: config.profile(profileName ?? "default") ?? [:])
                settings.region = region
                return try STSEndpoint.resolve(settings)
            }
            let chain = CredentialChain(
                environment: environment, profile: profile, config: config, httpClient: client, stsEndpoint: endpointFor, clock: { Date() }
            )
            let credentials = try await chain.credentials()
            let eks = EKSClient(
                httpClient: client, endpoint: EKSClient.endpoint(region: region, override: endpointURL, environment: environment, profile: profileValues),
                region: region
            )
            do {
                return try await eks.describeCluster(name: name, credentials: credentials)
            } catch let error as EKSError {
                throw CLIFailure("An error occurred (\(error.code)) when calling the DescribeCluster operation: \(error.message)")
            }
        }
        guard let status = cluster.status, let arn = cluster.arn else { throw CLIFailure("Cluster not found") }
        guard status == "ACTIVE" || status == "UPDATING" else { throw CLIFailure("Cluster status is \(status)") }
        let arnParts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return KubeconfigEntries(
            clusterARN: arn, server: cluster.endpoint ?? "", certificateAuthorityData: cluster.certificateAuthority?.data ?? "",
            clusterName: name, clusterID: cluster.outpostConfig != nil ? cluster.id : nil,
            region: arnParts.count > 3 ? String(arnParts[3]) : region, roleARN: roleARN, profile: profileName,
            userAlias: userAlias, proxyURL: proxyURL, command: execCommand
        )
    }
}
