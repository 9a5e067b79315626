/// The part of a Kubernetes object's `metadata` that RBAC reads: name, namespace, labels and
/// annotations. Everything else (`uid`, `resourceVersion`, `creationTimestamp`, managed fields …)
/// is ignored when decoding.
public struct ObjectMeta: Sendable, Hashable, Codable {
    /// The object's name.
    public var name: String
    /// The namespace of a namespaced object (`Role`, `RoleBinding`); empty for cluster-scoped ones.
    public var namespace: String
    /// The labels (aggregation selects ClusterRoles by them).
    public var labels: [String: String]
    /// The annotations.
    public var annotations: [String: String]

    /// Creates metadata.
    public init(name: String, namespace: String = "", labels: [String: String] = [:], annotations: [String: String] = [:]) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }

    private enum CodingKeys: String, CodingKey { case name, namespace, labels, annotations }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        namespace = try container.decodeIfPresent(String.self, forKey: .namespace) ?? ""
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        annotations = try container.decodeIfPresent([String: String].self, forKey: .annotations) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        if !namespace.isEmpty { try container.encode(namespace, forKey: .namespace) }
        if !labels.isEmpty { try container.encode(labels, forKey: .labels) }
        if !annotations.isEmpty { try container.encode(annotations, forKey: .annotations) }
    }
}
