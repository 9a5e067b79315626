import ArgumentParser
import AsyncHTTPClient
import AWSCore
import EKSToken
import Foundation
import NIOCore
import NIOSSL
import SigV4

/// `eksauth token`: prints an ExecCredential for kubectl, byte-identical to `aws eks get-token`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a Kubernetes ExecCredential with an EKS token (a drop-in for 'aws eks get-token').",
        discussion: """
            The token is a presigned STS GetCallerIdentity URL bound to the cluster by the signed header \
            x-k8s-aws-id. Credentials come from the usual AWS places: environment variables, the profile \
            (--profile or AWS_PROFILE) in ~/.aws/credentials and ~/.aws/config, web identity, container \
            credentials, and EC2 instance metadata. Set AWS_ENDPOINT_URL_STS to sign for a local STS.

            The output is the same bytes 'aws eks get-token' prints for the same credentials, region, \
            cluster and instant; KUBERNETES_EXEC_INFO selects the API version (v1beta1 by default).

            Examples:
              eksauth token --cluster-name my-cluster --region us-east-1
              eksauth token -i my-cluster -r arn:aws:iam::111122223333:role/eks-admin --cache
            """
    )

    @Option(name: .customLong("cluster-name"), help: "The cluster's name (sent as x-k8s-aws-id).")
    var clusterName: String?

    @Option(name: [.customLong("cluster-id"), .customShort("i")], help: "The cluster id (for aws-iam-authenticator clusters and Outposts); instead of --cluster-name.")
    var clusterID: String?

    @Option(name: [.customLong("role-arn"), .customLong("role"), .customShort("r")], help: "Assume this IAM role and sign with its credentials.")
    var roleARN: String?

    @Option(name: [.customLong("session-name"), .customShort("s")], help: "The role session name for --role-arn (default EKSGetTokenAuth).")
    var sessionName: String?

    @Option(name: [.customLong("external-id"), .customShort("e")], help: "The external id for --role-arn.")
    var externalID: String?

    @Flag(name: .customLong("forward-session-name"), help: "Use the caller's own session name for the --role-arn session.")
    var forwardSessionName = false

    @Option(help: "The AWS region of the STS endpoint (default: AWS_DEFAULT_REGION, the profile's region, then AWS_REGION).")
    var region: String?

    @Option(help: "The AWS profile to take credentials from (default: AWS_DEFAULT_PROFILE, AWS_PROFILE, then 'default').")
    var profile: String?

    @Flag(name: .customLong("token-only"), help: "Print only the token, not the ExecCredential.")
    var tokenOnly = false

    @Flag(help: "Keep temporary credentials (assumed roles, MFA sessions) in ~/.kube/cache/eksauth so they are not fetched on every call. The token itself is never stored.")
    var cache = false

    @Option(help: "Output format: json (the AWS CLI's) or compact (aws-iam-authenticator's one line).")
    var output: OutputFormat = .json

    @Option(name: .customLong("ca-bundle"), help: "A PEM file of the certificate authorities to trust for STS over HTTPS (default: AWS_CA_BUNDLE, then the profile's ca_bundle).")
    var caBundle: String?

    @Option(name: .customLong("signing-time"), help: .hidden)
    var signingTime: String?

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case json, compact
    }

    func run() async throws {
        try await reportingFailures {
            let environment = ProcessInfo.processInfo.environment
            if clusterName != nil, clusterID != nil {
                throw CLIFailure("give either --cluster-name or --cluster-id, not both")
            }
            guard let identifier = clusterID ?? clusterName ?? environment["KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID"], !identifier.isEmpty else {
                throw CLIFailure("Either parameter --cluster-name or --cluster-id must be specified.")
            }
            if forwardSessionName, sessionName != nil {
                throw CLIFailure("cannot specify both --forward-session-name and --session-name")
            }
            let execInfo: ExecInfo
            do {
                execInfo = try ExecInfo(environmentValue: environment["KUBERNETES_EXEC_INFO"])
            } catch {
                throw CLIFailure("\(error)")
            }
            let date: Date
            do {
                date = try SigningTime.date(option: signingTime, environment: environment, now: Date())
            } catch {
                throw CLIFailure("\(error)")
            }
            let request = TokenRequest(
                clusterID: identifier, region: region, profile: profile, roleARN: roleARN ?? environment["DEFAULT_ROLE"],
                sessionName: sessionName, externalID: externalID, forwardSessionName: forwardSessionName, useCache: cache, date: date
            )
            let token = try await HTTPClient.withShortLivedClient(caBundle: try Self.caBundle(caBundle, profile: profile, environment: environment)) { client in
                try await TokenIssuer(environment: environment, httpClient: client, home: Self.home(environment)).issue(request)
            }
            if let warning = execInfo.warning { printError(warning) }
            let credential = ExecCredential(apiVersion: execInfo.apiVersion, token: token)
            if tokenOnly {
                printOutput(token.value + "\n")
            } else {
                printOutput(output == .json ? credential.awsCLIJSON : credential.compactJSON)
            }
        }
    }

    /// The CA bundle for `--ca-bundle`, `AWS_CA_BUNDLE` or the profile's `ca_bundle`.
    static func caBundle(_ explicit: String?, profile: String?, environment: [String: String]) throws -> String? {
        let config = try SharedConfig.load(environment: environment)
        let values = config.profile(profile ?? SharedConfig.profileName(environment: environment) ?? "default") ?? [:]
        return CABundle.path(explicit: explicit, environment: environment, profile: values)
    }

    static func home(_ environment: [String: String]) -> String {
        environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
    }
}

extension HTTPClient {
    /// Runs `body` with a client that is shut down afterwards, whatever happens. With `caBundle`, HTTPS
    /// trusts only the certificate authorities in that PEM file (see ``CABundle``).
    static func withShortLivedClient<T>(caBundle: String? = nil, _ body: (HTTPClient) async throws -> T) async throws -> T {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(10))
        if let caBundle {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(caBundle)
            configuration.tlsConfiguration = tls
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
