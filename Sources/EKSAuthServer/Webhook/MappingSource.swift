public import AccessModel
import Foundation
public import Logging

/// The aws-auth mappings in force: those of the server configuration, then an aws-auth ConfigMap
/// file (re-read when it changes). A file that cannot be read, or a list in it that is not YAML,
/// never empties anything: the last good lists stay in force and the problem is logged and kept
/// for `/healthz`.
public actor MappingSource {
    /// Mappings from the configuration file (never reloaded).
    let configured: AWSAuthMappings
    /// The aws-auth ConfigMap file, if any.
    let file: String?
    private var fileMappings = AWSAuthMappings() {
        didSet {
            combined = AWSAuthMappings(
                roles: configured.roles + fileMappings.roles, users: configured.users + fileMappings.users,
                accounts: configured.accounts + fileMappings.accounts)
        }
    }
    /// `configured` then `fileMappings`, joined once per reload rather than once per TokenReview.
    private var combined: AWSAuthMappings
    private var fileFingerprint: Data?
    /// Problems found by the last read of each source.
    public private(set) var problems: [String] = []
    private let logger: Logger
    let metrics: WebhookMetrics?

    /// A source over `configured` mappings and the ConfigMap at `file`, counting reloads in `metrics`.
    public init(configured: AWSAuthMappings, file: String?, logger: Logger, metrics: WebhookMetrics? = nil) {
        self.configured = configured
        self.combined = configured
        self.file = file
        self.logger = logger
        self.metrics = metrics
    }

    /// The mappings to use now: the configuration's entries first, then the file's.
    public func mappings() -> AWSAuthMappings { combined }

    /// Re-reads the file when its content changed; returns whether it did.
    @discardableResult
    public func reloadIfChanged() -> Bool {
        guard let file else { return false }
        guard let data = FileManager.default.contents(atPath: file) else {
            record(["cannot read the aws-auth file \(file); the previous mappings stay in force"], changed: fileFingerprint != nil)
            fileFingerprint = nil
            return false
        }
        guard data != fileFingerprint else { return false }
        fileFingerprint = data
        let parsed: AWSAuthParser.Result
        do {
            parsed = AWSAuthParser.parse(data: try ConfigMapFile.data(of: String(decoding: data, as: UTF8.self)))
        } catch {
            record(["\(file): \(error); the previous mappings stay in force"], changed: true)
            return true
        }
        fileMappings = parsed.mappings(keeping: fileMappings)
        record(parsed.problems.map { "\(file): \($0)" }, changed: true)
        return true
    }

    private func record(_ found: [String], changed: Bool) {
        guard changed else { return }
        metrics?.mappingReloaded(problems: found.count)
        problems = found
        for problem in found { logger.warning("aws-auth mapping problem", metadata: ["problem": "\(problem)"]) }
        if found.isEmpty { logger.info("aws-auth mappings loaded", metadata: ["file": "\(file ?? "")"]) }
    }
}
