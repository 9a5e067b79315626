import AccessModel
import ArgumentParser
import AsyncHTTPClient
import AWSCore
import Foundation
import SigV4

/// The options every EKS API command shares: where to send the call, whose credentials sign it
/// (``EKSEndpointOptions``), and how to print the answer — as `aws eks` reads them.
struct EKSConnectionOptions: ParsableArguments {
    @OptionGroup var endpoint: EKSEndpointOptions

    @Option(help: "How to print the answer: table (for people), json (as 'aws eks' prints it) or yaml.")
    var output: APIOutputFormat = .table

    /// Resolves the region, endpoint and credentials, then runs `body` with a client for them.
    func withClient<T>(_ body: (EKSAccessClient) async throws -> T) async throws -> T {
        try await endpoint.withClient(body)
    }

    var profile: String? { endpoint.profile }
}

/// Where an EKS API call goes and whose credentials sign it, as `aws eks` reads them.
struct EKSEndpointOptions: ParsableArguments {
    @Option(help: "The AWS region (default: AWS_DEFAULT_REGION, the profile's region, then AWS_REGION).")
    var region: String?

    @Option(help: "The AWS profile to take credentials and settings from (default: AWS_DEFAULT_PROFILE, AWS_PROFILE, then 'default').")
    var profile: String?

    @Option(
        name: .customLong("endpoint-url"),
        help: "The EKS API to call (default: AWS_ENDPOINT_URL_EKS, AWS_ENDPOINT_URL, the profile's endpoint_url, then https://eks.REGION.amazonaws.com).")
    var endpointURL: String?

    @Option(name: .customLong("ca-bundle"), help: "A PEM file of the certificate authorities to trust for HTTPS (default: AWS_CA_BUNDLE, then the profile's ca_bundle).")
    var caBundle: String?

    /// Resolves the region, endpoint and credentials, then runs `body` with a client for them.
    /// An EKS error becomes one `Code: message` line.
    func withClient<T>(_ body: (EKSAccessClient) async throws -> T) async throws -> T {
        let environment = ProcessInfo.processInfo.environment
        let config = try SharedConfig.load(environment: environment)
        let profileName = profile ?? SharedConfig.profileName(environment: environment)
        let profileValues = config.profile(profileName ?? "default") ?? [:]
        guard let region = SharedConfig.resolveRegion(explicit: region, environment: environment, config: config, profile: profileName ?? "default") else {
            throw CLIFailure("no region: pass --region, set AWS_DEFAULT_REGION, or set 'region' in your AWS profile")
        }
        let endpoint = EKSClient.endpoint(region: region, override: endpointURL, environment: environment, profile: profileValues)
        let trusted = CABundle.path(explicit: caBundle, environment: environment, profile: profileValues)
        return try await HTTPClient.withShortLivedClient(caBundle: trusted) { http in
            let stsEndpoint: @Sendable (String?) throws -> STSEndpoint = { region in
                var settings = STSEndpointSettings.from(environment: environment, profile: profileValues)
                settings.region = region
                return try STSEndpoint.resolve(settings)
            }
            let chain = CredentialChain(
                environment: environment, profile: profile, config: config, httpClient: http, stsEndpoint: stsEndpoint, clock: { Date() })
            let credentials = try await chain.credentials()
            let client = EKSAccessClient(eks: EKSClient(httpClient: http, endpoint: endpoint, region: region), credentials: credentials)
            do {
                return try await body(client)
            } catch let error as EKSError {
                throw CLIFailure("\(error.code): \(error.message)")
            }
        }
    }
}

/// How an EKS API command prints its answer.
enum APIOutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned columns with a header row.
    case table
    /// The API's JSON objects, indented by four spaces, as the AWS CLI prints them.
    case json
    /// The same objects as YAML.
    case yaml
}
