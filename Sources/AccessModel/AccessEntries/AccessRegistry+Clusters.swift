import Foundation

/// The parameters of CreateCluster that eksauth keeps.
public struct CreateClusterInput: Sendable, Hashable, Decodable {
    public var name: String?
    public var version: String?
    public var roleArn: String?
    public var resourcesVpcConfig: Cluster.VpcConfig?
    public var tags: [String: String]?
    public var accessConfig: AccessConfigInput?
    public var clientRequestToken: String?

    /// Creates the input.
    public init(
        name: String?, version: String? = nil, roleArn: String?, resourcesVpcConfig: Cluster.VpcConfig? = nil, tags: [String: String]? = nil,
        accessConfig: AccessConfigInput? = nil, clientRequestToken: String? = nil
    ) {
        self.name = name
        self.version = version
        self.roleArn = roleArn
        self.resourcesVpcConfig = resourcesVpcConfig
        self.tags = tags
        self.accessConfig = accessConfig
        self.clientRequestToken = clientRequestToken
    }

    /// `accessConfig` of CreateCluster and UpdateClusterConfig; unknown enum values stay strings
    /// so they are refused with a message rather than a decoding error.
    public struct AccessConfigInput: Sendable, Hashable, Decodable {
        public var bootstrapClusterCreatorAdminPermissions: Bool?
        public var authenticationMode: String?

        /// Creates the input.
        public init(bootstrapClusterCreatorAdminPermissions: Bool? = nil, authenticationMode: String? = nil) {
            self.bootstrapClusterCreatorAdminPermissions = bootstrapClusterCreatorAdminPermissions
            self.authenticationMode = authenticationMode
        }
    }
}

extension Cluster.VpcConfig {
    enum CodingKeys: String, CodingKey {
        case subnetIds, securityGroupIds, endpointPublicAccess, endpointPrivateAccess, publicAccessCidrs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            subnetIds: try container.decodeIfPresent([String].self, forKey: .subnetIds) ?? [],
            securityGroupIds: try container.decodeIfPresent([String].self, forKey: .securityGroupIds) ?? [],
            endpointPublicAccess: try container.decodeIfPresent(Bool.self, forKey: .endpointPublicAccess) ?? true,
            endpointPrivateAccess: try container.decodeIfPresent(Bool.self, forKey: .endpointPrivateAccess) ?? false,
            publicAccessCidrs: try container.decodeIfPresent([String].self, forKey: .publicAccessCidrs) ?? ["0.0.0.0/0"])
    }
}

/// Where clusters' API servers are, for DescribeCluster (eksauth does not run them).
public struct ClusterEndpointDefaults: Sendable, Hashable {
    /// The API server URL given to new clusters; `nil`: a placeholder under `eks.<region>.localhost`.
    public var endpoint: String?
    /// Base64 of the API server CA's PEM; empty when unknown.
    public var certificateAuthorityData: String
    /// The service-account issuer cluster ``oidcIssuerCluster`` reports as `identity.oidc.issuer`, if any.
    public var oidcIssuer: String?
    /// The one cluster whose issuer ``oidcIssuer`` is (each EKS cluster has its own).
    public var oidcIssuerCluster: String?

    /// Creates the defaults.
    public init(endpoint: String? = nil, certificateAuthorityData: String = "", oidcIssuer: String? = nil, oidcIssuerCluster: String? = nil) {
        self.endpoint = endpoint
        self.certificateAuthorityData = certificateAuthorityData
        self.oidcIssuer = oidcIssuer
        self.oidcIssuerCluster = oidcIssuerCluster
    }

    /// The issuer cluster `name` reports, if any.
    public func issuer(of name: String) -> String? {
        name == oidcIssuerCluster ? oidcIssuer : nil
    }
}

extension AccessRegistry {
    /// The Kubernetes version new clusters report when none is given.
    public static let defaultKubernetesVersion = "1.32"

    /// The ARN of cluster `name`.
    public func clusterARN(_ name: String) -> String { "arn:\(partition):eks:\(region):\(accountID):cluster/\(name)" }

    /// The record of cluster `name`.
    ///
    /// - Throws: `ResourceNotFoundException` "No cluster found for name: NAME.".
    public func record(_ name: String) throws(EKSAPIError) -> ClusterRecord {
        guard let record = clusters[name] else { throw .clusterNotFound(name) }
        return record
    }

    /// CreateCluster: records a cluster; with `bootstrapClusterCreatorAdminPermissions` (the
    /// default) the caller gets a STANDARD access entry with AmazonEKSClusterAdminPolicy at
    /// cluster scope — an ordinary entry, visible and deletable.
    public mutating func createCluster(
        _ input: CreateClusterInput, endpoints: ClusterEndpointDefaults, context: AccessRequestContext
    ) throws(EKSAPIError) -> Cluster {
        guard let name = input.name, !name.isEmpty else { throw .invalidParameter("The cluster name must not be empty.") }
        try Self.validateClusterName(name)
        let purpose = "CreateCluster \(name)"
        if let existing = clusters[name] {
            if let token = input.clientRequestToken, existing.purpose(of: token) == purpose { return existing.cluster }
            throw .inUse("Cluster already exists with name: \(name)", cluster: name)
        }
        guard let roleArn = input.roleArn, !roleArn.isEmpty else { throw .invalidParameter("roleArn must be the ARN of the cluster's IAM role.") }
        return try createClusterUnchecked(input, roleArn: roleArn, endpoints: endpoints, context: context)
    }

    private mutating func createClusterUnchecked(
        _ input: CreateClusterInput, roleArn: String, endpoints: ClusterEndpointDefaults, context: AccessRequestContext
    ) throws(EKSAPIError) -> Cluster {
        let name = input.name ?? ""
        let purpose = "CreateCluster \(name)"
        let mode: AuthenticationMode
        if let raw = input.accessConfig?.authenticationMode {
            guard let parsed = AuthenticationMode(rawValue: raw) else { throw Self.invalidMode(raw) }
            mode = parsed
        } else {
            mode = .configMap
        }
        let bootstrap = input.accessConfig?.bootstrapClusterCreatorAdminPermissions ?? true
        if mode == .configMap && !bootstrap {
            throw .invalidParameter("bootstrapClusterCreatorAdminPermissions must be true if cluster authentication mode is set to CONFIG_MAP")
        }
        try Self.validateTags(input.tags ?? [:])
        let id = context.newID()
        var cluster = Cluster(
            name: name, arn: clusterARN(name), createdAt: EpochTime(context.now), version: input.version ?? Self.defaultKubernetesVersion,
            endpoint: endpoints.endpoint ?? "https://\(id.replacingOccurrences(of: "-", with: "").uppercased()).eks.\(region).localhost",
            roleArn: roleArn, resourcesVpcConfig: input.resourcesVpcConfig ?? Cluster.VpcConfig(), status: "ACTIVE",
            certificateAuthority: .init(data: endpoints.certificateAuthorityData), platformVersion: "eks.1", tags: input.tags ?? [:],
            accessConfig: .init(bootstrapClusterCreatorAdminPermissions: bootstrap, authenticationMode: mode), id: id)
        cluster.identity = endpoints.issuer(of: name).map { Cluster.Identity(issuer: $0) }
        var record = ClusterRecord(cluster: cluster, creatorArn: nil)
        record.remember(token: input.clientRequestToken, purpose: purpose)
        clusters[name] = record
        if bootstrap, let caller = context.callerARN, let principal = try? AccessPrincipal(arn: Self.principalARN(ofCaller: caller)) {
            var entry = makeEntry(
                cluster: name, principal: principal, principalID: context.callerPrincipalID.map(Self.uniqueID), type: .standard,
                username: nil, groups: [], tags: [:], context: context)
            let now = EpochTime(context.now)
            entry.accessPolicies = [
                AssociatedAccessPolicy(
                    policyArn: AccessPolicyCatalog.arnPrefix(partition: partition) + "AmazonEKSClusterAdminPolicy",
                    accessScope: AccessScope(type: .cluster), associatedAt: now, modifiedAt: now)
            ]
            entries[Self.entryKey(cluster: name, principal: principal)] = entry
            clusters[name]?.creatorArn = principal.arn
        }
        return cluster
    }

    /// Creates cluster `name` in `mode`, without a creator entry, unless it exists: the cluster a
    /// server protects (`clusterId`) is there from its first start. Returns whether it was created.
    @discardableResult
    public mutating func ensureCluster(
        _ name: String, mode: AuthenticationMode, endpoints: ClusterEndpointDefaults, context: AccessRequestContext
    ) throws(EKSAPIError) -> Bool {
        guard clusters[name] == nil else { return false }
        var creatorless = context
        creatorless.callerARN = nil
        let input = CreateClusterInput(
            name: name, roleArn: "", accessConfig: .init(bootstrapClusterCreatorAdminPermissions: mode == .configMap, authenticationMode: mode.rawValue))
        try Self.validateClusterName(name)
        _ = try createClusterUnchecked(input, roleArn: "", endpoints: endpoints, context: creatorless)
        return true
    }

    /// ListClusters: names in order, a page at a time.
    public func listClusters(maxResults: Int?, nextToken: String?) throws(EKSAPIError) -> Page<String> {
        try Page.of(clusters.keys.sorted(), key: { $0 }, maxResults: maxResults, nextToken: nextToken)
    }

    /// DeleteCluster: removes the cluster with its entries; returns it as `DELETING`.
    public mutating func deleteCluster(_ name: String) throws(EKSAPIError) -> Cluster {
        var cluster = try record(name).cluster
        clusters[name] = nil
        for entry in entries(of: name) {
            if let principal = try? AccessPrincipal(arn: entry.principalArn) { entries[Self.entryKey(cluster: name, principal: principal)] = nil }
        }
        for association in podIdentityAssociations(of: name) {
            podIdentityAssociations[Self.associationKey(cluster: name, associationID: association.associationId)] = nil
        }
        cluster.status = "DELETING"
        return cluster
    }

    /// UpdateClusterConfig with `accessConfig.authenticationMode`: one step forward
    /// (`CONFIG_MAP` → `API_AND_CONFIG_MAP` → `API`), applied at once.
    public mutating func updateAuthenticationMode(
        cluster name: String, to raw: String?, clientRequestToken: String?, context: AccessRequestContext
    ) throws(EKSAPIError) -> ClusterUpdate {
        var record = try record(name)
        guard let raw else {
            throw .invalidParameter("accessConfig.authenticationMode is required: eksauth updates only the authentication mode.", cluster: name)
        }
        guard let mode = AuthenticationMode(rawValue: raw) else { throw Self.invalidMode(raw, cluster: name) }
        let purpose = "UpdateClusterConfig \(name) \(mode.rawValue)"
        if let token = clientRequestToken, let used = record.purpose(of: token) {
            guard used == purpose, let update = record.updates.last(where: { $0.params.first?.value == mode.rawValue }) else {
                throw Self.tokenReused(token, cluster: name)
            }
            return update
        }
        let current = record.cluster.accessConfig.authenticationMode
        guard current.canChange(to: mode) else {
            throw .invalidParameter("Unsupported authentication mode update from \(current.rawValue) to \(mode.rawValue)", cluster: name)
        }
        record.cluster.accessConfig.authenticationMode = mode
        let update = ClusterUpdate(
            id: context.newID(), status: "Successful", type: "AccessConfigUpdate",
            params: [.init(type: "AuthenticationMode", value: mode.rawValue)], createdAt: EpochTime(context.now))
        record.updates.append(update)
        record.remember(token: clientRequestToken, purpose: purpose)
        clusters[name] = record
        return update
    }

    /// DescribeUpdate.
    public func describeUpdate(cluster name: String, updateID: String) throws(EKSAPIError) -> ClusterUpdate {
        guard let update = try record(name).updates.first(where: { $0.id == updateID }) else {
            throw .notFound("No update found for ID: \(EKSAPIError.clip(updateID)).", cluster: name)
        }
        return update
    }

    /// The IAM principal behind a caller: the role of an assumed-role session, else the ARN itself.
    static func principalARN(ofCaller arn: String) -> String {
        guard arn.contains(":assumed-role/") else { return arn }
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return arn }
        let resource = parts[5].split(separator: "/")
        guard resource.count >= 3 else { return arn }
        return "arn:\(parts[1]):iam::\(parts[4]):role/\(resource[1])"
    }

    /// `AROA…` from `AROA…:session`.
    static func uniqueID(_ principalID: String) -> String {
        principalID.split(separator: ":", maxSplits: 1).first.map(String.init) ?? principalID
    }

    static func validateClusterName(_ name: String) throws(EKSAPIError) {
        let allowed = name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }
        guard name.utf8.count <= 100, allowed, let first = name.utf8.first, first != 0x2D, first != 0x5F else {
            throw .invalidParameter(
                "The cluster name '\(EKSAPIError.clip(name))' is invalid: use 1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit.")
        }
    }

    static func invalidMode(_ raw: String, cluster: String? = nil) -> EKSAPIError {
        .invalidParameter(
            "The authentication mode \(EKSAPIError.clip(raw)) is invalid: use one of \(AuthenticationMode.allCases.map(\.rawValue).joined(separator: ", ")).",
            cluster: cluster)
    }

    static func tokenReused(_ token: String, cluster: String) -> EKSAPIError {
        .invalidRequest(
            "The clientRequestToken \(EKSAPIError.clip(token)) was already used for a different request; retry with the same parameters or use a new token.",
            cluster: cluster)
    }

    static func validateTags(_ tags: [String: String], cluster: String? = nil) throws(EKSAPIError) {
        guard tags.count <= 50 else { throw .invalidParameter("At most 50 tags are allowed; \(tags.count) were given.", cluster: cluster) }
        for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
            guard (1...128).contains(key.count) else {
                throw .invalidParameter("The tag key '\(EKSAPIError.clip(key))' must be 1 to 128 characters long.", cluster: cluster)
            }
            guard value.count <= 256 else {
                throw .invalidParameter("The value of tag '\(EKSAPIError.clip(key))' must be at most 256 characters long.", cluster: cluster)
            }
            guard !key.lowercased().hasPrefix("aws:") else {
                throw .invalidParameter("The tag key '\(EKSAPIError.clip(key))' is invalid: the aws: prefix is reserved for AWS.", cluster: cluster)
            }
        }
    }
}
