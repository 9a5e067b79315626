/// An EKS Pod Identity association: the IAM role the pods of one service account in one namespace
/// of a cluster get credentials for, through the Pod Identity agent and `AssumeRoleForPodIdentity`.
///
/// Stored as a whole; it is also the `association` object of the EKS API (its JSON member names
/// are the wire's).
public struct PodIdentityAssociation: Sendable, Hashable, Codable {
    /// The cluster's name.
    public var clusterName: String
    /// The Kubernetes namespace of the service account.
    public var namespace: String
    /// The service account's name.
    public var serviceAccount: String
    /// The role whose credentials the pods get (assumed by the service principal `pods.eks.amazonaws.com`).
    public var roleArn: String
    /// `arn:…:eks:REGION:ACCOUNT:podidentityassociation/CLUSTER/a-…`.
    public var associationArn: String
    /// `a-` and 17 lower-case letters and digits.
    public var associationId: String
    /// Its tags.
    public var tags: [String: String]
    /// When it was created.
    public var createdAt: EpochTime
    /// When it last changed.
    public var modifiedAt: EpochTime
    /// Whether the six `kubernetes-…`/`eks-cluster-…` session tags are left off the role session.
    public var disableSessionTags: Bool
    /// A role in another account that the session of ``roleArn`` assumes next, when set.
    public var targetRoleArn: String?
    /// The `sts:ExternalId` EKS passes when it assumes ``targetRoleArn`` (made when that is set).
    public var externalId: String?

    /// Creates an association.
    public init(
        clusterName: String, namespace: String, serviceAccount: String, roleArn: String, associationArn: String, associationId: String,
        tags: [String: String], createdAt: EpochTime, disableSessionTags: Bool = false, targetRoleArn: String? = nil, externalId: String? = nil
    ) {
        self.clusterName = clusterName
        self.namespace = namespace
        self.serviceAccount = serviceAccount
        self.roleArn = roleArn
        self.associationArn = associationArn
        self.associationId = associationId
        self.tags = tags
        self.createdAt = createdAt
        self.modifiedAt = createdAt
        self.disableSessionTags = disableSessionTags
        self.targetRoleArn = targetRoleArn
        self.externalId = externalId
    }

    private enum CodingKeys: String, CodingKey {
        case clusterName, namespace, serviceAccount, roleArn, associationArn, associationId, tags, createdAt, modifiedAt
        case disableSessionTags, targetRoleArn, externalId
    }

    /// Decodes the API's object; members EKS may leave out (`tags`, `disableSessionTags`,
    /// `modifiedAt`) get their defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        clusterName = try container.decode(String.self, forKey: .clusterName)
        namespace = try container.decode(String.self, forKey: .namespace)
        serviceAccount = try container.decode(String.self, forKey: .serviceAccount)
        roleArn = try container.decode(String.self, forKey: .roleArn)
        associationArn = try container.decode(String.self, forKey: .associationArn)
        associationId = try container.decode(String.self, forKey: .associationId)
        tags = try container.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
        createdAt = try container.decode(EpochTime.self, forKey: .createdAt)
        modifiedAt = try container.decodeIfPresent(EpochTime.self, forKey: .modifiedAt) ?? createdAt
        disableSessionTags = try container.decodeIfPresent(Bool.self, forKey: .disableSessionTags) ?? false
        targetRoleArn = try container.decodeIfPresent(String.self, forKey: .targetRoleArn)
        externalId = try container.decodeIfPresent(String.self, forKey: .externalId)
    }

    /// The association as ListPodIdentityAssociations summarizes it.
    public var summary: Summary {
        Summary(
            clusterName: clusterName, namespace: namespace, serviceAccount: serviceAccount, associationArn: associationArn,
            associationId: associationId)
    }

    /// The `PodIdentityAssociationSummary` object of the EKS API.
    public struct Summary: Sendable, Hashable, Codable {
        public var clusterName: String
        public var namespace: String
        public var serviceAccount: String
        public var associationArn: String
        public var associationId: String
    }
}

/// The parameters of CreatePodIdentityAssociation (the cluster is in the path).
public struct CreatePodIdentityAssociationInput: Sendable, Hashable, Decodable {
    public var namespace: String?
    public var serviceAccount: String?
    public var roleArn: String?
    public var clientRequestToken: String?
    public var tags: [String: String]?
    public var disableSessionTags: Bool?
    public var targetRoleArn: String?
    public var policy: String?

    /// Creates the input.
    public init(
        namespace: String?, serviceAccount: String?, roleArn: String?, clientRequestToken: String? = nil, tags: [String: String]? = nil,
        disableSessionTags: Bool? = nil, targetRoleArn: String? = nil, policy: String? = nil
    ) {
        self.namespace = namespace
        self.serviceAccount = serviceAccount
        self.roleArn = roleArn
        self.clientRequestToken = clientRequestToken
        self.tags = tags
        self.disableSessionTags = disableSessionTags
        self.targetRoleArn = targetRoleArn
        self.policy = policy
    }
}

/// The parameters of UpdatePodIdentityAssociation (cluster and association id are in the path).
public struct UpdatePodIdentityAssociationInput: Sendable, Hashable, Decodable {
    public var roleArn: String?
    public var clientRequestToken: String?
    public var disableSessionTags: Bool?
    public var targetRoleArn: String?
    public var policy: String?

    /// Creates the input.
    public init(
        roleArn: String? = nil, clientRequestToken: String? = nil, disableSessionTags: Bool? = nil, targetRoleArn: String? = nil,
        policy: String? = nil
    ) {
        self.roleArn = roleArn
        self.clientRequestToken = clientRequestToken
        self.disableSessionTags = disableSessionTags
        self.targetRoleArn = targetRoleArn
        self.policy = policy
    }
}
