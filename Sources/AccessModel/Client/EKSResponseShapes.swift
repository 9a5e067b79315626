import Foundation

// The shapes of EKS answers as a client reads them: every member optional, so an answer from real
// EKS that leaves one out (a cluster's `id` outside Outposts, `tags` of an untagged entry) still
// decodes, with the member empty.

/// `{"accessEntry": {...}}` of Create, Describe and UpdateAccessEntry.
struct AccessEntryOutput: Decodable {
    var accessEntry: AccessEntryWire
}

/// The `accessEntry` object, leniently.
struct AccessEntryWire: Decodable {
    var clusterName: String?
    var principalArn: String?
    var kubernetesGroups: [String]?
    var accessEntryArn: String?
    var createdAt: EpochTime?
    var modifiedAt: EpochTime?
    var tags: [String: String]?
    var username: String?
    var type: String?

    var value: AccessEntry.Description {
        AccessEntry.Description(
            clusterName: clusterName ?? "", principalArn: principalArn ?? "", kubernetesGroups: kubernetesGroups ?? [],
            accessEntryArn: accessEntryArn ?? "", createdAt: createdAt ?? .epoch, modifiedAt: modifiedAt ?? createdAt ?? .epoch,
            tags: tags ?? [:], username: username ?? "", type: type ?? "")
    }
}

/// An `associatedAccessPolicy`, leniently.
struct AssociatedAccessPolicyWire: Decodable {
    var policyArn: String?
    var accessScope: ScopeWire?
    var associatedAt: EpochTime?
    var modifiedAt: EpochTime?

    struct ScopeWire: Decodable {
        var type: String?
        var namespaces: [String]?
    }

    var value: AssociatedAccessPolicy {
        AssociatedAccessPolicy(
            policyArn: policyArn ?? "",
            accessScope: AccessScope(type: AccessScope.Kind(rawValue: accessScope?.type ?? "") ?? .cluster, namespaces: accessScope?.namespaces ?? []),
            associatedAt: associatedAt ?? .epoch, modifiedAt: modifiedAt ?? associatedAt ?? .epoch)
    }
}

/// A `cluster` object, leniently (only the members ``Cluster`` keeps).
struct ClusterWire: Decodable {
    var name: String?
    var arn: String?
    var createdAt: EpochTime?
    var version: String?
    var endpoint: String?
    var roleArn: String?
    var resourcesVpcConfig: Cluster.VpcConfig?
    var status: String?
    var certificateAuthority: CertificateAuthorityWire?
    var platformVersion: String?
    var tags: [String: String]?
    var accessConfig: AccessConfigWire?
    var id: String?
    var identity: Cluster.Identity?

    struct CertificateAuthorityWire: Decodable { var data: String? }

    struct AccessConfigWire: Decodable {
        var bootstrapClusterCreatorAdminPermissions: Bool?
        var authenticationMode: String?
    }

    var value: Cluster {
        Cluster(
            name: name ?? "", arn: arn ?? "", createdAt: createdAt ?? .epoch, version: version ?? "", endpoint: endpoint ?? "",
            roleArn: roleArn ?? "", resourcesVpcConfig: resourcesVpcConfig ?? Cluster.VpcConfig(), status: status ?? "",
            certificateAuthority: Cluster.CertificateAuthority(data: certificateAuthority?.data ?? ""), platformVersion: platformVersion ?? "",
            tags: tags ?? [:],
            accessConfig: Cluster.AccessConfig(
                bootstrapClusterCreatorAdminPermissions: accessConfig?.bootstrapClusterCreatorAdminPermissions ?? false,
                authenticationMode: AuthenticationMode(rawValue: accessConfig?.authenticationMode ?? "") ?? .configMap),
            id: id ?? "", identity: identity)
    }
}

extension EpochTime {
    /// 1970-01-01T00:00:00Z, for a timestamp an answer left out.
    static var epoch: EpochTime { EpochTime(Date(timeIntervalSince1970: 0)) }
}
