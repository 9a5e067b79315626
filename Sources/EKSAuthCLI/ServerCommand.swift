import ArgumentParser
import AccessModel
import AsyncHTTPClient
import AWSCore
import EKSAuthServer
import Foundation
import Hummingbird
import LocalAWS
import Logging
import PodIdentity
import Storage

/// `eksauth server`: the embedded AWS endpoint (STS and IAM) on its own state directory.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the eksauth server with its embedded STS and IAM (no AWS account needed).",
        discussion: """
            On first start it creates the identity store and the account root's access key, and writes \
            a ready AWS CLI profile into the state directory:

              export AWS_CONFIG_FILE=STATE/aws-config AWS_SHARED_CREDENTIALS_FILE=STATE/credentials AWS_PROFILE=eksauth
              aws sts get-caller-identity
              aws iam create-role --role-name dev --assume-role-policy-document file://trust.json
              aws sts assume-role --role-arn arn:aws:iam::123456789012:role/dev --role-session-name me
              AWS_ENDPOINT_URL_STS=http://127.0.0.1:8080 aws eks get-token --cluster-name demo

            Every change (users, keys, roles, policies, temporary credentials) is saved before it is \
            acknowledged: in STATE/eksauth.sqlite by default, or in PostgreSQL with \
            --database postgres://USER:PASSWORD@HOST:5432/DB, which several servers can share.

            Settings come from flags, then the --config file (YAML: host, port, stateDir, accountId, \
            region, database), then the defaults.
            """
    )

    @Option(help: "A YAML configuration file (keys host, port, stateDir, accountId, region, database).")
    var config: String?

    @Option(help: "The address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on (default 8080).")
    var port: Int?

    @Option(name: .customLong("state-dir"), help: "Where the database and the generated AWS profile live (default ~/.eksauth).")
    var stateDirectory: String?

    @Option(name: .customLong("account-id"), help: "The 12-digit account id of a new identity store (default 123456789012).")
    var accountID: String?

    @Option(help: "The region the generated AWS profile names (default us-east-1).")
    var region: String?

    @Option(help: "Where state is kept: a postgres:// URL, or an SQLite file (default STATE/eksauth.sqlite).")
    var database: String?

    @Option(name: .customLong("cluster-id"), help: "Serve POST /authenticate (the webhook token authenticator) for this cluster's tokens.")
    var clusterID: String?

    @Option(help: "How tokens are verified: embedded (in process, the default) or aws (STS over HTTPS).")
    var verification: String?

    @Option(name: .customLong("sts-endpoint-override"), help: "With --verification aws, send STS requests here instead of the token's host (testing).")
    var stsEndpointOverride: String?

    @Option(name: .customLong("log-format"), help: "text or json: the format of the log lines on stderr (default text).")
    var logFormat: String?

    @Option(name: .customLong("aws-auth-file"), help: "An aws-auth ConfigMap (YAML) to map identities with; re-read when it changes.")
    var awsAuthFile: String?

    @Option(
        name: .customLong("aws-auth-kubeconfig"),
        help: "A kubeconfig: watch its cluster's kube-system/aws-auth ConfigMap (list + watch) and map identities with it.")
    var awsAuthKubeconfig: String?

    @Flag(name: .customLong("aws-auth-in-cluster"), help: "Watch the aws-auth ConfigMap of the cluster this server runs in, with the pod's service account.")
    var awsAuthInCluster = false

    @Option(help: "Serve this service-account issuer's OIDC discovery document and JWKS (kube-apiserver's --service-account-issuer).")
    var issuer: String?

    @Option(
        name: .customLong("service-account-signing-key-file"),
        help: "The PEM private key the issuer signs with (kube-apiserver's --service-account-signing-key-file; RSA, or EC P-256).")
    var signingKeyFile: String?

    @Flag(
        name: .customLong("register-oidc-provider"),
        help: "Register the issuer as an OIDC provider of the embedded IAM (client id sts.amazonaws.com) and set its keys, at start.")
    var registerOIDCProvider = false

    @Option(
        name: .customLong("oidc-client-id"),
        help: "A client id (audience) of the registered OIDC provider (repeatable; default sts.amazonaws.com).")
    var oidcClientIDs: [String] = []

    @Option(
        name: .customLong("pod-webhook-kubeconfig"),
        help: "Serve POST /mutate-pods (the IRSA pod webhook), reading ServiceAccounts from this kubeconfig's cluster (list + watch).")
    var podWebhookKubeconfig: String?

    @Flag(name: .customLong("pod-webhook-in-cluster"), help: "Serve POST /mutate-pods, reading ServiceAccounts of the cluster this server runs in.")
    var podWebhookInCluster = false

    @Option(name: .customLong("pod-webhook-region"), help: "The region the pod webhook injects as AWS_REGION and AWS_DEFAULT_REGION.")
    var podWebhookRegion: String?

    func run() async throws {
        try await reportingFailures {
            let environment = ProcessInfo.processInfo.environment
            var file = ServerConfiguration()
            let defaultConfig = (stateDirectory ?? (TokenCommand.home(environment) + "/.eksauth")) + "/server.yaml"
            if let path = config ?? (FileManager.default.fileExists(atPath: defaultConfig) ? defaultConfig : nil) {
                do throws(ServerConfigurationError) { file = try ServerConfiguration.load(path: path) } catch { throw CLIFailure(error.message) }
            }
            var tls: ServerTLS?
            switch (file.tlsCertificate, file.tlsKey) {
            case (let certificate?, let key?): tls = ServerTLS(certificateFile: certificate, keyFile: key, healthPort: file.healthPort ?? 21363)
            case (nil, nil): tls = nil
            default: throw CLIFailure("the configuration must set both tlsCertificate and tlsKey, or neither")
            }
            let host = host ?? file.host ?? "127.0.0.1"
            let port = port ?? file.port ?? 8080
            let region = region ?? file.region ?? "us-east-1"
            let accountID = accountID ?? file.accountId ?? IdentityStore.defaultAccountID
            let path = stateDirectory ?? file.stateDir ?? (TokenCommand.home(environment) + "/.eksauth")
            let state = try StateDirectory(path: path)
            let format = logFormat ?? file.logFormat ?? "text"
            guard let lineFormat = LineLogHandler.Format(rawValue: format) else { throw CLIFailure("the log format must be text or json, not \(format)") }
            var serverLogger = Logger(label: "eksauth", factory: { LineLogHandler(label: $0, format: lineFormat) })
            serverLogger.logLevel = .info
            let logger = serverLogger
            let storage = try ServerStorage.open(
                database: database ?? file.database, defaultSQLitePath: state.databaseFile.path, logger: logger)

            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await storage.run() }
                try await storage.prepare()
                let legacy = try state.legacyIdentityState()
                let store: IdentityStore
                do throws(IdentityError) {
                    store = try await IdentityStore.open(
                        persistence: storage.persistence, accountID: legacy?.account.id ?? accountID, initial: legacy)
                } catch {
                    throw CLIFailure(error.message)
                }
                if legacy != nil { try state.retireLegacyIdentityFile() }
                let rootKey: AccessKey
                do throws(IdentityError) { rootKey = try await store.bootstrap() } catch { throw CLIFailure(error.message) }
                let endpoint = "\(tls == nil ? "http" : "https")://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)"
                try state.writeProfile(rootKey: rootKey, endpoint: endpoint, region: region, caBundle: tls?.certificateFile)
                let accessStore: AccessStore
                do throws(EKSAPIError) {
                    accessStore = try await AccessStore.open(storage: storage.backend, accountID: await store.account.id, region: region)
                } catch {
                    throw CLIFailure(error.message)
                }
                var clusterEndpoints = ClusterEndpointDefaults(endpoint: file.clusterEndpoint)
                if let caFile = file.clusterCertificateAuthorityFile {
                    guard let pem = FileManager.default.contents(atPath: caFile) else {
                        throw CLIFailure("cannot read clusterCertificateAuthorityFile \(caFile): check the path and its permissions")
                    }
                    clusterEndpoints.certificateAuthorityData = pem.base64EncodedString()
                }
                if let cluster = clusterID ?? file.clusterId {
                    let raw = file.authenticationMode ?? AuthenticationMode.apiAndConfigMap.rawValue
                    guard let mode = AuthenticationMode(rawValue: raw) else {
                        throw CLIFailure("authenticationMode must be CONFIG_MAP, API_AND_CONFIG_MAP or API, not \(raw)")
                    }
                    do throws(EKSAPIError) {
                        try await accessStore.write { registry throws(EKSAPIError) in
                            try registry.ensureCluster(cluster, mode: mode, endpoints: clusterEndpoints, context: AccessRequestContext())
                        }
                    } catch {
                        throw CLIFailure("cannot set up cluster \(cluster): \(error.message)")
                    }
                }
                group.addTask { await Self.maintain(store, logger: logger) }
                group.addTask { await Self.follow(accessStore, logger: logger) }
                let configured = AWSAuthParser.parse(data: file.mappingData)
                if let problem = configured.problems.first {
                    throw CLIFailure("the configuration's mappings have a problem: \(problem)")
                }
                let metrics = WebhookMetrics()
                var order = MappingSource.Kind.allCases
                if let names = file.awsAuthSources {
                    order = try names.map { name throws(CLIFailure) in
                        guard let kind = MappingSource.Kind(rawValue: name) else {
                            throw CLIFailure("awsAuthSources lists \(name); the sources are config, file and cluster")
                        }
                        return kind
                    }
                }
                let mappings = MappingSource(
                    configured: configured.mappings(), file: awsAuthFile ?? file.awsAuthFile, order: order, logger: logger, metrics: metrics)
                await mappings.reloadIfChanged()
                group.addTask { await Self.watch(mappings) }
                var liveCluster: KubernetesConnection?
                do throws(KubernetesError) {
                    if let kubeconfig = awsAuthKubeconfig ?? file.awsAuthKubeconfig {
                        liveCluster = try KubernetesConnection.kubeconfig(path: kubeconfig, context: file.awsAuthKubeconfigContext)
                    } else if awsAuthInCluster || file.awsAuthInCluster == true {
                        liveCluster = try KubernetesConnection.inCluster()
                    }
                } catch {
                    throw CLIFailure("cannot watch the cluster's aws-auth ConfigMap: \(error.message)")
                }
                if let liveCluster {
                    let watcher = ConfigMapWatcher(connection: liveCluster, logger: logger)
                    group.addTask { await watcher.run { event in await mappings.apply(event) } }
                }
                let mode = verification ?? file.verification ?? "embedded"
                guard ["embedded", "aws"].contains(mode) else { throw CLIFailure("--verification must be embedded or aws, not \(mode)") }
                var awsVerification: PresignedIdentityClient?
                var stsClient: HTTPClient?
                if mode == "aws" {
                    var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
                    configuration.connectionPool.retryConnectionEstablishment = false
                    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
                    stsClient = client
                    awsVerification = PresignedIdentityClient(
                        httpClient: client, endpointOverride: stsEndpointOverride ?? file.stsEndpointOverride)
                }
                var privateDNSNames: PrivateDNSNameResolver?
                if let client = stsClient {
                    let config: SharedConfig
                    do throws(CredentialError) { config = try SharedConfig.load(environment: environment) } catch {
                        throw CLIFailure("cannot read the AWS config files for EC2 lookups: \(error)")
                    }
                    let chain = CredentialChain(
                        environment: environment, config: config, httpClient: client,
                        stsEndpoint: { region in
                            var settings = STSEndpointSettings.from(environment: environment, profile: [:])
                            settings.region = region ?? "us-east-1"
                            return try STSEndpoint.resolve(settings)
                        }, region: region)
                    privateDNSNames = PrivateDNSNameResolver(
                        source: .ec2(EC2Client(httpClient: client, region: region, endpointOverride: file.ec2EndpointOverride), chain))
                } else if let table = file.ec2Instances {
                    privateDNSNames = PrivateDNSNameResolver(source: .table(table))
                }
                let issuerRoute = try await podIdentityIssuer(file: file, store: store, logger: logger)
                let mutatePods = try podWebhook(file: file, access: accessStore, cluster: clusterID ?? file.clusterId, logger: logger)
                if let cache = mutatePods?.cache { group.addTask { await cache.run() } }
                let server = EmbeddedAWSServer(
                    store: store, profileRegion: region, clusterID: clusterID ?? file.clusterId, mappings: mappings, access: accessStore,
                    clusterEndpoints: clusterEndpoints, awsVerification: awsVerification, privateDNSNames: privateDNSNames,
                    cacheCapacity: file.tokenCacheSize ?? 100_000, metrics: metrics, issuer: issuerRoute, mutatePods: mutatePods?.route,
                    logger: logger)
                let account = await store.account.id
                let app = try server.application(host: host, port: port, tls: tls, logger: logger) { _ in
                    printError("""
                        eksauth server: embedded STS and IAM for account \(account) listening on \(endpoint), state in \(storage.description)
                        eksauth server: point the AWS CLI at it with
                          export AWS_CONFIG_FILE=\(state.configFile.path) AWS_SHARED_CREDENTIALS_FILE=\(state.credentialsFile.path) AWS_PROFILE=eksauth
                        """)
                }
                try await app.runService()
                try? await stsClient?.shutdown()
                group.cancelAll()
            }
        }
    }

    /// The issuer route when an issuer is configured; registers it in the embedded IAM when asked.
    func podIdentityIssuer(file: ServerConfiguration, store: IdentityStore, logger: Logger) async throws -> OIDCIssuerRoute? {
        let url = issuer ?? file.serviceAccountIssuer
        let keyFile = signingKeyFile ?? file.serviceAccountSigningKeyFile
        let register = registerOIDCProvider || file.registerOIDCProvider == true
        guard let url else {
            if keyFile != nil || register { throw CLIFailure("a service-account signing key or --register-oidc-provider needs --issuer URL too") }
            return nil
        }
        guard let keyFile else {
            throw CLIFailure("--issuer \(url) needs --service-account-signing-key-file: the PEM key kube-apiserver signs service-account tokens with")
        }
        let issuer: ServiceAccountIssuer
        do throws(IssuerError) {
            issuer = try ServiceAccountIssuer(url: url, key: try ServiceAccountSigningKey.load(path: keyFile))
        } catch {
            throw CLIFailure(error.message)
        }
        if !issuer.key.acceptedByAWSSTS {
            logger.warning(
                "the service-account signing key is EC P-256: its tokens are ES256, which AWS STS (and the embedded STS) refuse — only RS256 is accepted; use an RSA key for IRSA",
                metadata: ["issuer": "\(issuer.url)"])
        }
        if register {
            do throws(IdentityError) {
                let clientIDs = oidcClientIDs.isEmpty ? (file.oidcClientIds ?? ["sts.amazonaws.com"]) : oidcClientIDs
                switch try await OIDCProviderRegistration.register(issuer, in: store, clientIDs: clientIDs) {
                case .created(let arn): logger.info("OIDC provider registered", metadata: ["arn": "\(arn)", "kid": "\(issuer.key.keyID)"])
                case .updated(let arn): logger.info("OIDC provider keys updated", metadata: ["arn": "\(arn)", "kid": "\(issuer.key.keyID)"])
                }
            } catch {
                throw CLIFailure("cannot register the issuer \(issuer.url) as an OIDC provider: \(error.message)")
            }
        }
        return OIDCIssuerRoute(issuer: issuer)
    }

    /// The pod webhook and its ServiceAccount cache, when a cluster to read ServiceAccounts from is configured.
    /// Pods of a service account with a Pod Identity association on `cluster` (the server's
    /// `--cluster-id`) get container credentials; other pods get IRSA from their ServiceAccount.
    func podWebhook(
        file: ServerConfiguration, access: AccessStore, cluster: String?, logger: Logger
    ) throws -> (route: MutatePodsRoute, cache: ServiceAccountCache)? {
        let connection: KubernetesConnection
        do throws(KubernetesError) {
            if let kubeconfig = podWebhookKubeconfig ?? file.podWebhookKubeconfig {
                connection = try KubernetesConnection.kubeconfig(path: kubeconfig, context: file.podWebhookKubeconfigContext)
            } else if podWebhookInCluster || file.podWebhookInCluster == true {
                connection = try KubernetesConnection.inCluster()
            } else {
                return nil
            }
        } catch {
            throw CLIFailure("cannot read ServiceAccounts for the pod webhook: \(error.message)")
        }
        var settings = PodWebhookSettings()
        settings.region = podWebhookRegion ?? file.podWebhookRegion
        settings.regionalSTSByDefault = file.podWebhookRegionalSTS ?? false
        if let audience = file.podWebhookAudience { settings.defaultAudience = audience }
        if let expiration = file.podWebhookTokenExpiration {
            settings.defaultTokenExpiration = PodWebhookSettings.validated(expiration: Int64(expiration))
        }
        let cache = ServiceAccountCache(connection: connection, settings: settings, logger: logger)
        let sources: [any PodMutationSource] = cluster.map { [PodIdentityAssociationSource(access: access, cluster: $0), cache] } ?? [cache]
        let reviewer = PodAdmissionReviewer(patcher: PodPatcher(settings: settings), source: ChainedMutationSource(sources))
        return (MutatePodsRoute(reviewer: reviewer, logger: logger), cache)
    }

    /// Re-reads the aws-auth file every two seconds when it changed, until cancelled.
    static func watch(_ mappings: MappingSource) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(2)) } catch { return }
            await mappings.reloadIfChanged()
        }
    }

    /// Picks up other replicas' changes every second and forgets expired temporary credentials every
    /// ten minutes, until cancelled.
    /// Picks up access entries other replicas wrote: a cheap version check four times a second, so a
    /// change made through one replica applies on the others within a second.
    static func follow(_ access: AccessStore, logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .milliseconds(250))
                try await access.refresh()
            } catch is CancellationError {
                return
            } catch {
                logger.warning("access entry refresh failed; the last loaded entries stay in force", metadata: ["error": "\(error)"])
            }
        }
    }

    static func maintain(_ store: IdentityStore, logger: Logger) async {
        var lastCleanup = ContinuousClock.now
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .seconds(1))
                try await store.refresh()
                if ContinuousClock.now - lastCleanup > .seconds(600) {
                    lastCleanup = .now
                    try await store.removeExpiredCredentials()
                }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("identity store maintenance failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
