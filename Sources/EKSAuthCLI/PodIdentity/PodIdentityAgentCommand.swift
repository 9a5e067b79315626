import ArgumentParser
import AsyncHTTPClient
import AWSCore
import EKSAuthServer
import Foundation
import Hummingbird
import Logging
import SigV4

/// `eksauth pod-identity-agent`: the EKS Pod Identity agent — serves `/v1/credentials` to the AWS
/// SDKs' container-credential provider and exchanges pods' service-account tokens for role
/// credentials with EKS Auth AssumeRoleForPodIdentity, signed with the node's credentials.
struct PodIdentityAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pod-identity-agent",
        abstract: "Serve EKS Pod Identity credentials to pods (the eks-pod-identity-agent).",
        discussion: """
            Pods get AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.23/v1/credentials and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE pointing at a projected service-account token with audience pods.eks.amazonaws.com. The SDK sends the token verbatim in Authorization; the agent calls AssumeRoleForPodIdentity for the cluster with the node's credentials (the usual AWS credential chain: environment, profile, …) and answers {"AccessKeyId","SecretAccessKey","Token","AccountId","Expiration"}.

            Credentials are cached per token and renewed when half their lifetime (at most --max-credential-retention seconds) has passed.

            The agent answers requests addressed to 169.254.170.23, fd00:ec2::23 or one of its --bind addresses. Off EKS (or in tests) bind it to loopback and point the SDK at http://127.0.0.1:PORT/v1/credentials (the SDKs allow loopback for FULL_URI).

            Example, against an eksauth server that holds the associations:
              eksauth pod-identity-agent --cluster-name demo --bind 127.0.0.1 --port 2703 \\
                --endpoint http://127.0.0.1:8080
            """)

    @Option(help: "The cluster whose Pod Identity associations apply.")
    var clusterName: String

    @Option(name: .customLong("bind"), help: "An address to listen on (repeatable; default 169.254.170.23).")
    var bindAddresses: [String] = []

    @Option(help: "The port to listen on.")
    var port: Int = 80

    @Option(help: "The EKS Auth API to call (default: AWS_ENDPOINT_URL_EKS_AUTH, AWS_ENDPOINT_URL, then https://eks-auth.REGION.api.aws).")
    var endpoint: String?

    @Option(help: "The AWS region (default: AWS_DEFAULT_REGION, the profile's region, then AWS_REGION).")
    var region: String?

    @Option(help: "The AWS profile holding the node's credentials.")
    var profile: String?

    @Option(help: "How many tokens' credentials to keep.")
    var maxCacheSize: Int = 2000

    @Option(help: "The longest time, in seconds, credentials are served before they are renewed.")
    var maxCredentialRetention: Int = 3 * 3600

    @Option(help: "The log line format: text or json.")
    var logFormat: String = "text"

    func run() async throws {
        guard let format = LineLogHandler.Format(rawValue: logFormat) else { throw CLIFailure("the log format must be text or json, not \(logFormat)") }
        guard (1...65535).contains(port) else { throw CLIFailure("the port must be between 1 and 65535, not \(port)") }
        guard maxCacheSize > 0, maxCredentialRetention > 0 else {
            throw CLIFailure("--max-cache-size and --max-credential-retention must be positive")
        }
        var logger = Logger(label: "eksauth.pod-identity-agent", factory: { LineLogHandler(label: $0, format: format) })
        logger.logLevel = .info
        let environment = ProcessInfo.processInfo.environment
        let config = try SharedConfig.load(environment: environment)
        let profileName = profile ?? SharedConfig.profileName(environment: environment) ?? "default"
        guard let region = SharedConfig.resolveRegion(explicit: region, environment: environment, config: config, profile: profileName) else {
            throw CLIFailure("no region: pass --region, set AWS_DEFAULT_REGION, or set 'region' in your AWS profile")
        }
        let endpoint = EKSAuthClient.endpoint(region: region, override: endpoint, environment: environment)
        let addresses = bindAddresses.isEmpty ? [PodIdentityAgent.agentAddresses[0]] : bindAddresses
        let profileValues = config.profile(profileName) ?? [:]
        let cluster = clusterName
        let profile = self.profile

        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.redirectConfiguration = .disallow
        httpConfiguration.timeout.connect = .milliseconds(500)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        let chain = CredentialChain(
            environment: environment, profile: profile, config: config, httpClient: http,
            stsEndpoint: { stsRegion in
                var settings = STSEndpointSettings.from(environment: environment, profile: profileValues)
                settings.region = stsRegion ?? region
                return try STSEndpoint.resolve(settings)
            }, clock: { Date() })
        var eks = EKSClient(httpClient: http, endpoint: endpoint, region: region)
        eks.timeoutSeconds = 5
        let client = EKSAuthClient(eks)
        let cache = PodIdentityCredentialCache(capacity: maxCacheSize, maximumRetention: TimeInterval(maxCredentialRetention)) {
            token throws(EKSError) in
            let credentials: AWSCredentials
            do {
                credentials = try await chain.credentials()
            } catch {
                throw EKSError(code: "NodeCredentialsUnavailable", message: "the agent has no AWS credentials to call EKS Auth with: \(error)", httpStatus: 500)
            }
            return try await client.assumeRoleForPodIdentity(cluster: cluster, token: token, credentials: credentials)
        }
        let agent = PodIdentityAgent(cache: cache, listenAddresses: addresses, logger: logger)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for address in addresses {
                    let app = Application(
                        router: agent.router(), configuration: .init(address: .hostname(address, port: port), serverName: "eksauth-pod-identity-agent"),
                        onServerRunning: { _ in
                            printError("eksauth pod-identity-agent: serving http://\(address.contains(":") ? "[\(address)]" : address):\(port)/v1/credentials for cluster \(cluster) via \(endpoint)")
                        }, logger: logger)
                    group.addTask { try await app.runService() }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            try? await http.shutdown()
            throw CLIFailure("the pod identity agent stopped: \(error)")
        }
        try? await http.shutdown()
    }
}
