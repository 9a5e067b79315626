public import AWSCore
import SigV4

extension EKSAccessClient {
    /// The Pod Identity association of service account `serviceAccount` in `namespace` of
    /// `cluster`, or `nil` when it has none: ListPodIdentityAssociations filtered to it, then
    /// DescribePodIdentityAssociation.
    public func podIdentityAssociation(cluster: String, namespace: String, serviceAccount: String) async throws(EKSError) -> PodIdentityAssociation? {
        struct Output: Decodable { var associations: [PodIdentityAssociation.Summary]? }
        let path = "/clusters/\(EKSClient.label(cluster))/pod-identity-associations"
        let list = try await call(
            "GET", path, query: [QueryItem("namespace", namespace), QueryItem("serviceAccount", serviceAccount)], as: Output.self)
        guard let summary = list.value.associations?.first(where: { $0.namespace == namespace && $0.serviceAccount == serviceAccount }) else {
            return nil
        }
        struct Described: Decodable { var association: PodIdentityAssociation }
        return try await call("GET", path + "/" + EKSClient.label(summary.associationId), as: Described.self).value.association
    }
}
