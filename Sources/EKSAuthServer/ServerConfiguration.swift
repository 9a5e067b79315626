import Foundation
import Yams

/// The server's settings, read from a YAML file (`eksauth server --config FILE`); flags override
/// the file and the file overrides the defaults. Every key is optional:
///
/// ```yaml
/// host: 127.0.0.1        # address to listen on
/// port: 8080
/// stateDir: /var/lib/eksauth
/// accountId: "123456789012"   # quoted: YAML would read 12 digits as a number
/// region: us-east-1
/// database: postgres://eksauth:secret@db.internal:5432/eksauth?sslmode=require   # default: STATE/eksauth.sqlite
/// clusterId: demo          # serve POST /authenticate for tokens of this cluster
/// awsAuthFile: /etc/eksauth/aws-auth.yaml   # an aws-auth ConfigMap, re-read when it changes
/// mapRoles:                # aws-auth entries, as in the ConfigMap (here as YAML lists)
///   - rolearn: arn:aws:iam::123456789012:role/eks-developer
///     username: eks-developer:{{SessionName}}
///     groups: [developers]
/// mapUsers: []
/// mapAccounts: []
/// serviceAccountIssuer: https://oidc.example.com/id/demo     # serve this OIDC issuer (discovery + JWKS)
/// serviceAccountSigningKeyFile: /etc/kubernetes/pki/sa.key    # kube-apiserver's --service-account-signing-key-file
/// registerOIDCProvider: true   # register the issuer in the embedded IAM at start
/// oidcClientIds: [sts.amazonaws.com]   # the provider's client ids when it is created
/// podWebhookKubeconfig: /etc/eksauth/kubeconfig   # serve POST /mutate-pods, ServiceAccounts read from this cluster
/// podWebhookInCluster: false   # … or from the cluster the server runs in
/// podWebhookRegion: us-west-2  # inject AWS_REGION / AWS_DEFAULT_REGION
/// podWebhookRegionalSTS: false # inject AWS_STS_REGIONAL_ENDPOINTS=regional unless a ServiceAccount says otherwise
/// podWebhookAudience: sts.amazonaws.com
/// podWebhookTokenExpiration: 86400
/// ```
public struct ServerConfiguration: Sendable, Hashable, Codable {
    /// The address to listen on.
    public var host: String?
    /// The port to listen on.
    public var port: Int?
    /// The state directory.
    public var stateDir: String?
    /// The 12-digit account id of a new identity store.
    public var accountId: String?
    /// The region the generated AWS profile names.
    public var region: String?
    /// Where state is stored: a `postgres://` URL, or the path of an SQLite file.
    public var database: String?
    /// The cluster id EKS tokens are checked for; the webhook authenticator is served when set.
    public var clusterId: String?
    /// An aws-auth ConfigMap (YAML) whose mappings apply after the configuration's.
    public var awsAuthFile: String?
    /// The TLS certificate (PEM) to serve HTTPS with; `tlsKey` must be set too.
    public var tlsCertificate: String?
    /// The TLS private key (PEM).
    public var tlsKey: String?
    /// The plain-HTTP health port used with TLS (default 21363).
    public var healthPort: Int?
    /// `embedded` (default: in process against the embedded STS) or `aws` (STS over HTTPS).
    public var verification: String?
    /// With `aws` verification, where STS requests go instead of the token's host (for tests).
    public var stsEndpointOverride: String?
    /// `text` (default) or `json`: the format of the server's log lines.
    public var logFormat: String?
    /// How many verified tokens the webhook keeps until they expire (default 100000; 0 turns the cache off).
    public var tokenCacheSize: Int?
    /// The authentication mode of the cluster `clusterId` when the server first creates it:
    /// `CONFIG_MAP`, `API_AND_CONFIG_MAP` (the default) or `API`; later changes go through
    /// UpdateClusterConfig.
    public var authenticationMode: String?
    /// The API server URL DescribeCluster reports for clusters (for `aws eks update-kubeconfig`).
    public var clusterEndpoint: String?
    /// A PEM file with the API server's CA, reported by DescribeCluster.
    public var clusterCertificateAuthorityFile: String?
    /// A kubeconfig whose cluster's `kube-system/aws-auth` ConfigMap is watched and mapped.
    public var awsAuthKubeconfig: String?
    /// The kubeconfig context to use (default: its current context).
    public var awsAuthKubeconfigContext: String?
    /// Watch the aws-auth ConfigMap of the cluster this server runs in, with its service account.
    public var awsAuthInCluster: Bool?
    /// The order in which aws-auth sources are consulted: `config`, `file`, `cluster` (the default order).
    public var awsAuthSources: [String]?
    /// Instance id → private DNS name, for `{{EC2PrivateDNSName}}` in embedded mode.
    public var ec2Instances: [String: String]?
    /// With `verification: aws`, send EC2 DescribeInstances here instead of EC2 (testing).
    public var ec2EndpointOverride: String?
    /// The service-account issuer URL served (kube-apiserver's `--service-account-issuer`).
    public var serviceAccountIssuer: String?
    /// The PEM private key service-account tokens are signed with.
    public var serviceAccountSigningKeyFile: String?
    /// Register the issuer as an OIDC provider of the embedded IAM when the server starts.
    public var registerOIDCProvider: Bool?
    /// The client ids (audiences) of the OIDC provider registration creates (default `sts.amazonaws.com`).
    public var oidcClientIds: [String]?
    /// A kubeconfig whose cluster's ServiceAccounts the pod webhook reads; the webhook is served when set.
    public var podWebhookKubeconfig: String?
    /// The kubeconfig context to use for the pod webhook.
    public var podWebhookKubeconfigContext: String?
    /// Serve the pod webhook, reading the ServiceAccounts of the cluster this server runs in.
    public var podWebhookInCluster: Bool?
    /// The region the pod webhook injects.
    public var podWebhookRegion: String?
    /// Whether the pod webhook injects `AWS_STS_REGIONAL_ENDPOINTS=regional` by default.
    public var podWebhookRegionalSTS: Bool?
    /// The default token audience of the pod webhook.
    public var podWebhookAudience: String?
    /// The default token lifetime of the pod webhook, in seconds.
    public var podWebhookTokenExpiration: Int?
    /// `mapRoles`, `mapUsers` and `mapAccounts` as YAML text, as the ConfigMap's data holds them.
    public var mappingData: [String: String] = [:]

    private enum CodingKeys: String, CodingKey {
        case host, port, stateDir, accountId, region, database, clusterId, awsAuthFile, tlsCertificate, tlsKey, healthPort, tokenCacheSize, logFormat, verification, stsEndpointOverride
        case authenticationMode, clusterEndpoint, clusterCertificateAuthorityFile
        case awsAuthKubeconfig, awsAuthKubeconfigContext, awsAuthInCluster, awsAuthSources
        case ec2Instances, ec2EndpointOverride
        case serviceAccountIssuer, serviceAccountSigningKeyFile, registerOIDCProvider, oidcClientIds
        case podWebhookKubeconfig, podWebhookKubeconfigContext, podWebhookInCluster, podWebhookRegion, podWebhookRegionalSTS
        case podWebhookAudience, podWebhookTokenExpiration
    }

    /// An empty configuration: every setting at its default.
    public init() {}

    /// The keys a configuration file may hold.
    static let knownKeys: Set<String> = [
        "host", "port", "stateDir", "accountId", "region", "database", "clusterId", "awsAuthFile", "mapRoles", "mapUsers",
        "mapAccounts", "tlsCertificate", "tlsKey", "healthPort", "tokenCacheSize", "logFormat", "verification", "stsEndpointOverride",
        "authenticationMode", "clusterEndpoint", "clusterCertificateAuthorityFile",
        "awsAuthKubeconfig", "awsAuthKubeconfigContext", "awsAuthInCluster", "awsAuthSources", "ec2Instances", "ec2EndpointOverride",
        "serviceAccountIssuer", "serviceAccountSigningKeyFile", "registerOIDCProvider", "oidcClientIds", "podWebhookKubeconfig",
        "podWebhookKubeconfigContext", "podWebhookInCluster", "podWebhookRegion", "podWebhookRegionalSTS", "podWebhookAudience",
        "podWebhookTokenExpiration",
    ]

    /// Reads the configuration file at `path`.
    ///
    /// - Throws: ``ServerConfigurationError`` naming the file, and the line for YAML errors or the key
    ///   for an unknown key or a value of the wrong type.
    public static func load(path: String) throws(ServerConfigurationError) -> ServerConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServerConfigurationError("cannot read the configuration file \(path): check that it exists and is readable")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    /// Parses configuration `text` from `source` (a file name, for messages).
    public static func parse(_ text: String, source: String) throws(ServerConfigurationError) -> ServerConfiguration {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ServerConfigurationError("\(source) is not valid YAML: \(error)")
        }
        guard let node else { return ServerConfiguration() }
        guard let mapping = node.mapping else {
            throw ServerConfigurationError("\(source) must be a YAML mapping of settings (\(knownKeys.sorted().joined(separator: ", ")))")
        }
        for key in mapping.keys {
            let name = key.string ?? "\(key)"
            guard knownKeys.contains(name) else {
                let line = key.mark.map { " (line \($0.line))" } ?? ""
                throw ServerConfigurationError(
                    "\(source)\(line): unknown setting \(name); the settings are \(knownKeys.sorted().joined(separator: ", "))")
            }
        }
        if let id = mapping["accountId"], id.int != nil, id.scalar?.style == .plain {
            throw ServerConfigurationError("\(source): quote accountId (\"\(id.string ?? "")\"): YAML reads unquoted digits as a number")
        }
        var mappingData: [String: String] = [:]
        for key in ["mapRoles", "mapUsers", "mapAccounts"] {
            guard let value = mapping[key] else { continue }
            do {
                mappingData[key] = try Yams.serialize(node: value)
            } catch {
                throw ServerConfigurationError("\(source): \(key) cannot be read: \(error)")
            }
        }
        do {
            var configuration = try YAMLDecoder().decode(ServerConfiguration.self, from: node)
            configuration.mappingData = mappingData
            return configuration
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ServerConfigurationError("\(source): the value of \(key) has the wrong type (\(context.debugDescription))")
        } catch {
            throw ServerConfigurationError("\(source): \(error)")
        }
    }
}

/// The server's configuration file could not be used.
public struct ServerConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong and what to do.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
