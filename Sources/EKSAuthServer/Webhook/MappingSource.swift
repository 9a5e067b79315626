public import AccessModel
import Foundation
public import Logging

/// The aws-auth mappings in force, joined from up to three sources in a configured order: the
/// server configuration's `mapRoles`/`mapUsers`/`mapAccounts`, an aws-auth ConfigMap file (re-read
/// when it changes), and the aws-auth ConfigMap of a live cluster (fed by a ``ConfigMapWatcher``).
/// The first mapping that matches wins, so the order decides between sources.
///
/// A source that cannot be read, or a list in it that is not YAML, never empties anything: the last
/// good lists stay in force and the problem is logged, counted and kept for `/healthz`.
public actor MappingSource {
    /// The kinds of source, as the configuration names them.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The server configuration's mappings.
        case config
        /// The aws-auth ConfigMap file.
        case file
        /// The aws-auth ConfigMap of a live cluster.
        case cluster
    }

    /// Mappings from the configuration file (never reloaded).
    let configured: AWSAuthMappings
    /// The aws-auth ConfigMap file, if any.
    let file: String?
    /// The order in which sources are consulted.
    public let order: [Kind]
    private var fileMappings = AWSAuthMappings()
    private var clusterMappings = AWSAuthMappings()
    /// The sources joined in `order`, once per change rather than once per TokenReview.
    private var combined: AWSAuthMappings
    private var fileFingerprint: Data?
    private var problemsBySource: [Kind: [String]] = [:]
    private let logger: Logger
    let metrics: WebhookMetrics?

    /// A source over `configured` mappings, the ConfigMap at `file` and a live cluster's ConfigMap
    /// (when events are applied), consulted in `order`, counting reloads in `metrics`.
    public init(
        configured: AWSAuthMappings, file: String?, order: [Kind] = Kind.allCases, logger: Logger, metrics: WebhookMetrics? = nil
    ) {
        self.configured = configured
        self.combined = configured
        self.file = file
        self.order = order
        self.logger = logger
        self.metrics = metrics
        self.combined = Self.join(order, configured: configured, file: AWSAuthMappings(), cluster: AWSAuthMappings())
    }

    /// The mappings to use now.
    public func mappings() -> AWSAuthMappings { combined }

    /// Problems found by the last read of each source, in source order.
    public var problems: [String] { order.flatMap { problemsBySource[$0] ?? [] } }

    private func recombine() {
        combined = Self.join(order, configured: configured, file: fileMappings, cluster: clusterMappings)
    }

    private static func join(_ order: [Kind], configured: AWSAuthMappings, file: AWSAuthMappings, cluster: AWSAuthMappings) -> AWSAuthMappings {
        var joined = AWSAuthMappings()
        for kind in order {
            let mappings: AWSAuthMappings
            switch kind {
            case .config: mappings = configured
            case .file: mappings = file
            case .cluster: mappings = cluster
            }
            joined.roles += mappings.roles
            joined.users += mappings.users
            joined.accounts += mappings.accounts
        }
        return joined
    }

    /// Re-reads the file when its content changed; returns whether it did.
    @discardableResult
    public func reloadIfChanged() -> Bool {
        guard let file else { return false }
        guard let data = FileManager.default.contents(atPath: file) else {
            record(.file, ["cannot read the aws-auth file \(file); the previous mappings stay in force"], changed: fileFingerprint != nil)
            fileFingerprint = nil
            return false
        }
        guard data != fileFingerprint else { return false }
        fileFingerprint = data
        let parsed: AWSAuthParser.Result
        do {
            parsed = AWSAuthParser.parse(data: try ConfigMapFile.data(of: String(decoding: data, as: UTF8.self)))
        } catch {
            record(.file, ["\(file): \(error); the previous mappings stay in force"], changed: true)
            return true
        }
        fileMappings = parsed.mappings(keeping: fileMappings)
        recombine()
        record(.file, parsed.problems.map { "\(file): \($0)" }, changed: true)
        return true
    }

    /// Applies what the live cluster's watcher saw: new data (bad lists keep their last good
    /// version), a deleted ConfigMap (its mappings go), or a failure (everything stays).
    public func apply(_ event: ConfigMapEvent) {
        let source = "the cluster's aws-auth ConfigMap"
        switch event {
        case .data(let data):
            let parsed = AWSAuthParser.parse(data: data)
            clusterMappings = parsed.mappings(keeping: clusterMappings)
            recombine()
            record(.cluster, parsed.problems.map { "\(source): \($0)" }, changed: true)
        case .absent:
            clusterMappings = AWSAuthMappings()
            recombine()
            logger.info("the cluster has no aws-auth ConfigMap; it maps nobody")
            record(.cluster, [], changed: true)
        case .failed(let message):
            record(.cluster, [message], changed: problemsBySource[.cluster] != [message])
        }
    }

    private func record(_ kind: Kind, _ found: [String], changed: Bool) {
        guard changed else { return }
        metrics?.mappingReloaded(problems: found.count)
        problemsBySource[kind] = found
        for problem in found { logger.warning("aws-auth mapping problem", metadata: ["problem": "\(problem)"]) }
        if found.isEmpty { logger.info("aws-auth mappings loaded", metadata: ["source": "\(kind == .file ? file ?? "" : kind.rawValue)"]) }
    }
}
