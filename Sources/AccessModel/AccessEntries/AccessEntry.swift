/// An access entry: one IAM principal's way into one cluster — its Kubernetes username and
/// groups, and the access policies associated with it. Stored as a whole; ``description`` is the
/// `accessEntry` object of the EKS API.
public struct AccessEntry: Sendable, Hashable, Codable {
    /// The cluster's name.
    public var clusterName: String
    /// The principal's ARN as given at creation.
    public var principalArn: String
    /// The IAM unique id of the principal when the entry was made (`AIDA…`, `AROA…`), when the
    /// identity store knows it: a principal deleted and re-created under the same ARN gets a new
    /// id and no longer matches, as on EKS.
    public var principalID: String?
    /// The entry's type.
    public var type: AccessEntryType
    /// The username, possibly with `{{SessionName}}`-style templates.
    public var username: String
    /// The groups given at creation or update (implied groups of node types are added by ``effectiveGroups``).
    public var kubernetesGroups: [String]
    /// `arn:…:eks:REGION:ACCOUNT:access-entry/CLUSTER/KIND/PRINCIPAL_ACCOUNT/NAME/UUID`.
    public var accessEntryArn: String
    /// When the entry was created.
    public var createdAt: EpochTime
    /// When it last changed.
    public var modifiedAt: EpochTime
    /// Its tags.
    public var tags: [String: String]
    /// The associated access policies, by policy ARN order of association.
    public var accessPolicies: [AssociatedAccessPolicy]

    /// Creates an entry.
    public init(
        clusterName: String, principalArn: String, principalID: String?, type: AccessEntryType, username: String,
        kubernetesGroups: [String], accessEntryArn: String, createdAt: EpochTime, tags: [String: String]
    ) {
        self.clusterName = clusterName
        self.principalArn = principalArn
        self.principalID = principalID
        self.type = type
        self.username = username
        self.kubernetesGroups = kubernetesGroups
        self.accessEntryArn = accessEntryArn
        self.createdAt = createdAt
        self.modifiedAt = createdAt
        self.tags = tags
        self.accessPolicies = []
    }

    /// The groups a principal of this entry belongs to: the given ones, and those its type implies.
    public var effectiveGroups: [String] {
        var groups = kubernetesGroups
        for group in type.impliedGroups where !groups.contains(group) { groups.append(group) }
        return groups
    }

    /// The entry as the EKS API returns it.
    public var description: Description {
        Description(
            clusterName: clusterName, principalArn: principalArn, kubernetesGroups: effectiveGroups, accessEntryArn: accessEntryArn,
            createdAt: createdAt, modifiedAt: modifiedAt, tags: tags, username: username, type: type.rawValue)
    }

    /// The `accessEntry` object of the EKS API.
    public struct Description: Sendable, Hashable, Codable {
        public var clusterName: String
        public var principalArn: String
        public var kubernetesGroups: [String]
        public var accessEntryArn: String
        public var createdAt: EpochTime
        public var modifiedAt: EpochTime
        public var tags: [String: String]
        public var username: String
        public var type: String
    }
}

/// An access policy associated with an access entry, with its own scope.
public struct AssociatedAccessPolicy: Sendable, Hashable, Codable {
    /// The policy's ARN.
    public var policyArn: String
    /// Where it applies.
    public var accessScope: AccessScope
    /// When it was first associated.
    public var associatedAt: EpochTime
    /// When its scope last changed.
    public var modifiedAt: EpochTime

    /// Creates an association.
    public init(policyArn: String, accessScope: AccessScope, associatedAt: EpochTime, modifiedAt: EpochTime) {
        self.policyArn = policyArn
        self.accessScope = accessScope
        self.associatedAt = associatedAt
        self.modifiedAt = modifiedAt
    }
}
