import AccessModel
public import PodIdentity
public import Storage

/// The pod webhook's EKS Pod Identity source: the pods of a service account that has a Pod Identity
/// association on the server's cluster get container credentials. Read from the access store the
/// EKS API writes, so an association made a moment ago applies to the next pod (upstream's webhook
/// learns associations from a file EKS syncs, and misses fresh ones).
public struct PodIdentityAssociationSource: PodMutationSource {
    /// Where associations are kept.
    public let access: AccessStore
    /// The cluster whose associations count.
    public let cluster: String

    /// Creates the source.
    public init(access: AccessStore, cluster: String) {
        self.access = access
        self.cluster = cluster
    }

    public func mutation(namespace: String, serviceAccount: String) async throws -> PodCredentialMutation? {
        let registry = await access.snapshot
        return registry.podIdentityAssociation(cluster: cluster, namespace: namespace, serviceAccount: serviceAccount) == nil ? nil : .containerCredentials
    }
}
