import Foundation
public import Logging
public import PodIdentity

/// The ServiceAccounts of the cluster as the pod webhook needs them — namespace/name → what their
/// annotations ask for — kept by list + watch (a ``ListWatcher`` over `/api/v1/serviceaccounts`).
///
/// A pod whose account is not (yet) in the cache is not admitted without credentials, as upstream
/// does when its informer is behind (aws/amazon-eks-pod-identity-webhook#174): the account is read
/// with a GET and the answer cached until the watch reports it. An account the API server does not
/// have gets no mutation.
public actor ServiceAccountCache: PodMutationSource {
    /// One account's entry: the role its annotations name, or none.
    struct Entry {
        var role: WebIdentityRole?
        var resourceVersion: String?
    }

    let settings: PodWebhookSettings
    let watcher: ListWatcher
    let logger: Logger
    var entries: [String: Entry] = [:]
    var synced = false

    /// Creates a cache reading from `connection`.
    public init(connection: KubernetesConnection, settings: PodWebhookSettings, logger: Logger) {
        self.settings = settings
        self.watcher = ListWatcher(connection: connection, collectionPath: "/api/v1/serviceaccounts", noun: "ServiceAccounts", logger: logger)
        self.logger = logger
    }

    /// Follows the ServiceAccounts until the task is cancelled.
    public func run() async {
        await watcher.run { event in await self.apply(event) }
    }

    /// Applies a watch event.
    func apply(_ event: ListWatchEvent) {
        switch event {
        case .listed(let items):
            entries = [:]
            for item in items { store(item) }
            synced = true
            logger.info("service accounts listed", metadata: ["count": "\(items.count)"])
        case .upserted(let item): store(item)
        case .deleted(let item):
            if let key = Self.key(of: item) { entries[key] = nil }
        case .failed: break
        }
    }

    private func store(_ item: [String: Any]) {
        guard let key = Self.key(of: item) else { return }
        let metadata = item["metadata"] as? [String: Any]
        let annotations = (metadata?["annotations"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
        entries[key] = Entry(
            role: WebIdentityRole(serviceAccountAnnotations: annotations, settings: settings),
            resourceVersion: metadata?["resourceVersion"] as? String)
    }

    static func key(of item: [String: Any]) -> String? {
        guard let metadata = item["metadata"] as? [String: Any], let name = metadata["name"] as? String,
            let namespace = metadata["namespace"] as? String
        else { return nil }
        return "\(namespace)/\(name)"
    }

    /// The mutation for pods of `namespace/serviceAccount`: from the cache, or — on a miss — from a GET.
    public func mutation(namespace: String, serviceAccount: String) async throws -> PodCredentialMutation? {
        let key = "\(namespace)/\(serviceAccount)"
        if let entry = entries[key] { return entry.role.map { PodCredentialMutation.webIdentity($0) } }
        let path = "/api/v1/namespaces/\(Self.segment(namespace))/serviceaccounts/\(Self.segment(serviceAccount))"
        logger.info("service account not in the cache; reading it", metadata: ["serviceAccount": "\(key)", "synced": "\(synced)"])
        guard let item = try await watcher.get(path) else { return nil }
        if entries[key] == nil { store(item) }
        return entries[key]?.role.map { PodCredentialMutation.webIdentity($0) }
    }

    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) ?? text
    }
}
