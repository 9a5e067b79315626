/// A cluster as the EKS API describes it: enough for `aws eks describe-cluster` and
/// `aws eks update-kubeconfig` (arn, endpoint, certificate authority, status) and for access
/// management (`accessConfig`). Its network settings are kept as given; eksauth does not run
/// control planes.
public struct Cluster: Sendable, Hashable, Codable {
    /// The name, unique in the account and region.
    public var name: String
    /// `arn:…:eks:REGION:ACCOUNT:cluster/NAME`.
    public var arn: String
    /// When it was created.
    public var createdAt: EpochTime
    /// The Kubernetes version.
    public var version: String
    /// The API server URL.
    public var endpoint: String
    /// The cluster's IAM role.
    public var roleArn: String
    /// The VPC settings as given.
    public var resourcesVpcConfig: VpcConfig
    /// `ACTIVE`: a cluster is usable as soon as it is created.
    public var status: String
    /// The API server's CA.
    public var certificateAuthority: CertificateAuthority
    /// `eks.1`.
    public var platformVersion: String
    /// Tags.
    public var tags: [String: String]
    /// How principals are authenticated.
    public var accessConfig: AccessConfig
    /// The cluster's unique id.
    public var id: String
    /// The service-account issuer (`identity.oidc.issuer`), when the server serves one.
    public var identity: Identity? = nil

    /// `identity`: the cluster's OpenID Connect issuer.
    public struct Identity: Sendable, Hashable, Codable {
        /// `oidc`.
        public var oidc: OIDC?
        /// Creates the value.
        public init(issuer: String) { self.oidc = OIDC(issuer: issuer) }

        /// `identity.oidc`.
        public struct OIDC: Sendable, Hashable, Codable {
            /// The issuer URL.
            public var issuer: String?
        }
    }

    /// `resourcesVpcConfig`.
    public struct VpcConfig: Sendable, Hashable, Codable {
        public var subnetIds: [String]
        public var securityGroupIds: [String]
        public var endpointPublicAccess: Bool
        public var endpointPrivateAccess: Bool
        public var publicAccessCidrs: [String]

        /// Creates a VPC configuration.
        public init(
            subnetIds: [String] = [], securityGroupIds: [String] = [], endpointPublicAccess: Bool = true,
            endpointPrivateAccess: Bool = false, publicAccessCidrs: [String] = ["0.0.0.0/0"]
        ) {
            self.subnetIds = subnetIds
            self.securityGroupIds = securityGroupIds
            self.endpointPublicAccess = endpointPublicAccess
            self.endpointPrivateAccess = endpointPrivateAccess
            self.publicAccessCidrs = publicAccessCidrs
        }
    }

    /// `certificateAuthority`: base64 of the CA's PEM.
    public struct CertificateAuthority: Sendable, Hashable, Codable {
        public var data: String
        /// Creates the value.
        public init(data: String) { self.data = data }
    }

    /// `accessConfig`.
    public struct AccessConfig: Sendable, Hashable, Codable {
        /// Whether the creator was given a cluster-admin access entry at creation.
        public var bootstrapClusterCreatorAdminPermissions: Bool
        /// The authentication mode.
        public var authenticationMode: AuthenticationMode

        /// Creates the value.
        public init(bootstrapClusterCreatorAdminPermissions: Bool, authenticationMode: AuthenticationMode) {
            self.bootstrapClusterCreatorAdminPermissions = bootstrapClusterCreatorAdminPermissions
            self.authenticationMode = authenticationMode
        }
    }
}

/// A change to a cluster's configuration, as UpdateClusterConfig and DescribeUpdate return it.
/// eksauth applies changes at once, so an update is `Successful` when it is returned.
public struct ClusterUpdate: Sendable, Hashable, Codable {
    /// The update's id (a UUID).
    public var id: String
    /// `Successful`.
    public var status: String
    /// `AccessConfigUpdate`.
    public var type: String
    /// What changed: `[{type: AuthenticationMode, value: API}]`.
    public var params: [Param]
    /// When it was requested.
    public var createdAt: EpochTime
    /// Always empty: an update that fails is refused before it is recorded.
    public var errors: [String]

    /// One parameter of an update.
    public struct Param: Sendable, Hashable, Codable {
        public var type: String
        public var value: String
        /// Creates the value.
        public init(type: String, value: String) {
            self.type = type
            self.value = value
        }
    }

    /// Creates an update.
    public init(id: String, status: String, type: String, params: [Param], createdAt: EpochTime) {
        self.id = id
        self.status = status
        self.type = type
        self.params = params
        self.createdAt = createdAt
        self.errors = []
    }
}
