/// One rule of a Role or ClusterRole (`rbac.authorization.k8s.io/v1` `PolicyRule`): the verbs it
/// allows on resources of API groups (optionally only the named objects), or on non-resource URLs.
///
/// Absent and `null` lists decode as empty. Matching is ``allows(verb:target:)``, exactly upstream's
/// `RuleAllows`.
public struct PolicyRule: Sendable, Hashable, Codable {
    /// The verbs (`get`, `list`, … or `*`).
    public var verbs: [String]
    /// The API groups (`""` is the core group, `*` any).
    public var apiGroups: [String]
    /// The resources: `pods`, `pods/log`, `*/scale` or `*`.
    public var resources: [String]
    /// The object names the rule is limited to; empty means every name.
    public var resourceNames: [String]
    /// The non-resource URL paths (`/healthz`, `/api/*`, `*`).
    public var nonResourceURLs: [String]

    /// Creates a rule.
    public init(
        verbs: [String], apiGroups: [String] = [], resources: [String] = [], resourceNames: [String] = [],
        nonResourceURLs: [String] = []
    ) {
        self.verbs = verbs
        self.apiGroups = apiGroups
        self.resources = resources
        self.resourceNames = resourceNames
        self.nonResourceURLs = nonResourceURLs
    }

    private enum CodingKeys: String, CodingKey { case verbs, apiGroups, resources, resourceNames, nonResourceURLs }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        verbs = try container.decodeIfPresent([String].self, forKey: .verbs) ?? []
        apiGroups = try container.decodeIfPresent([String].self, forKey: .apiGroups) ?? []
        resources = try container.decodeIfPresent([String].self, forKey: .resources) ?? []
        resourceNames = try container.decodeIfPresent([String].self, forKey: .resourceNames) ?? []
        nonResourceURLs = try container.decodeIfPresent([String].self, forKey: .nonResourceURLs) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !apiGroups.isEmpty { try container.encode(apiGroups, forKey: .apiGroups) }
        if !resources.isEmpty { try container.encode(resources, forKey: .resources) }
        if !resourceNames.isEmpty { try container.encode(resourceNames, forKey: .resourceNames) }
        if !nonResourceURLs.isEmpty { try container.encode(nonResourceURLs, forKey: .nonResourceURLs) }
        try container.encode(verbs, forKey: .verbs)
    }
}
