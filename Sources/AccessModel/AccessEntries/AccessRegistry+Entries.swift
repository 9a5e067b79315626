import Foundation

/// The parameters of CreateAccessEntry.
public struct CreateAccessEntryInput: Sendable, Hashable, Decodable {
    public var principalArn: String?
    public var kubernetesGroups: [String]?
    public var tags: [String: String]?
    public var clientRequestToken: String?
    public var username: String?
    public var type: String?

    /// Creates the input.
    public init(
        principalArn: String?, kubernetesGroups: [String]? = nil, tags: [String: String]? = nil, clientRequestToken: String? = nil,
        username: String? = nil, type: String? = nil
    ) {
        self.principalArn = principalArn
        self.kubernetesGroups = kubernetesGroups
        self.tags = tags
        self.clientRequestToken = clientRequestToken
        self.username = username
        self.type = type
    }
}

/// The parameters of UpdateAccessEntry.
public struct UpdateAccessEntryInput: Sendable, Hashable, Decodable {
    public var kubernetesGroups: [String]?
    public var clientRequestToken: String?
    public var username: String?

    /// Creates the input.
    public init(kubernetesGroups: [String]? = nil, clientRequestToken: String? = nil, username: String? = nil) {
        self.kubernetesGroups = kubernetesGroups
        self.clientRequestToken = clientRequestToken
        self.username = username
    }
}

extension AccessRegistry {
    /// The record of `cluster`, which must be in a mode that uses access entries.
    ///
    /// - Throws: `ResourceNotFoundException` for an unknown cluster; `InvalidRequestException`
    ///   "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to
    ///   perform this operation." in `CONFIG_MAP` mode.
    func recordAllowingEntries(_ cluster: String) throws(EKSAPIError) -> ClusterRecord {
        let record = try record(cluster)
        guard record.cluster.accessConfig.authenticationMode.usesAccessEntries else {
            throw .invalidRequest(
                "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.", cluster: cluster)
        }
        return record
    }

    /// The entry for `principalArn` on `cluster`, with its key.
    func existingEntry(cluster: String, principalArn: String) throws(EKSAPIError) -> (key: String, entry: AccessEntry) {
        _ = try recordAllowingEntries(cluster)
        guard let principal = try? AccessPrincipal(arn: principalArn) else { throw .accessEntryNotFound(cluster: cluster) }
        let key = Self.entryKey(cluster: cluster, principal: principal)
        guard let entry = entries[key] else { throw .accessEntryNotFound(cluster: cluster) }
        return (key, entry)
    }

    /// CreateAccessEntry. `principalID` is the principal's IAM unique id when the identity store
    /// knows it (the caller has checked that the principal exists).
    public mutating func createAccessEntry(
        cluster: String, _ input: CreateAccessEntryInput, principalID: String?, context: AccessRequestContext
    ) throws(EKSAPIError) -> AccessEntry {
        var record = try recordAllowingEntries(cluster)
        guard let arn = input.principalArn else { throw .invalidParameter("principalArn is required.", cluster: cluster) }
        let principal = try AccessPrincipal(arn: arn)
        let type = try Self.entryType(input.type, cluster: cluster)
        let key = Self.entryKey(cluster: cluster, principal: principal)
        let purpose = "CreateAccessEntry \(key) \(type.rawValue) \(input.username ?? "") \((input.kubernetesGroups ?? []).joined(separator: ","))"
        if let token = input.clientRequestToken, let used = record.purpose(of: token) {
            guard used == purpose, let entry = entries[key] else { throw Self.tokenReused(token, cluster: cluster) }
            return entry
        }
        guard entries[key] == nil else { throw .inUse("The specified access entry resource is already in use on this cluster.", cluster: cluster) }
        if !type.isStandard {
            guard principal.kind == .role else {
                throw .invalidParameter("Access entries of type \(type.rawValue) must name an IAM role, not a user.", cluster: cluster)
            }
            guard principal.accountID == accountID else {
                throw .invalidParameter("Access entries of type \(type.rawValue) must name an IAM role in the cluster's account \(accountID).", cluster: cluster)
            }
            if let groups = input.kubernetesGroups, !groups.isEmpty {
                throw .invalidParameter(
                    "kubernetesGroups cannot be set on access entries of type \(type.rawValue): EKS gives them \(type.impliedGroups.joined(separator: ", ")).",
                    cluster: cluster)
            }
            if input.username != nil {
                throw .invalidParameter(
                    "username cannot be set on access entries of type \(type.rawValue): EKS sets \(type.defaultUsername(for: principal)).",
                    cluster: cluster)
            }
        }
        if let username = input.username { try Self.validateUsername(username, cluster: cluster) }
        let groups = try Self.validateGroups(input.kubernetesGroups ?? [], cluster: cluster)
        try Self.validateTags(input.tags ?? [:], cluster: cluster)
        let entry = makeEntry(
            cluster: cluster, principal: principal, principalID: principalID, type: type, username: input.username, groups: groups,
            tags: input.tags ?? [:], context: context)
        entries[key] = entry
        record.remember(token: input.clientRequestToken, purpose: purpose)
        clusters[cluster] = record
        return entry
    }

    func makeEntry(
        cluster: String, principal: AccessPrincipal, principalID: String?, type: AccessEntryType, username: String?, groups: [String],
        tags: [String: String], context: AccessRequestContext
    ) -> AccessEntry {
        let arn =
            "arn:\(partition):eks:\(region):\(accountID):access-entry/\(cluster)/\(principal.kind.rawValue)/\(principal.accountID)/\(principal.name)/\(context.newID())"
        return AccessEntry(
            clusterName: cluster, principalArn: principal.arn, principalID: principalID, type: type,
            username: username ?? type.defaultUsername(for: principal), kubernetesGroups: groups, accessEntryArn: arn,
            createdAt: EpochTime(context.now), tags: tags)
    }

    /// DescribeAccessEntry.
    public func describeAccessEntry(cluster: String, principalArn: String) throws(EKSAPIError) -> AccessEntry {
        try existingEntry(cluster: cluster, principalArn: principalArn).entry
    }

    /// ListAccessEntries: principal ARNs, optionally only entries with `associatedPolicyArn`.
    public func listAccessEntries(
        cluster: String, associatedPolicyArn: String?, maxResults: Int?, nextToken: String?
    ) throws(EKSAPIError) -> Page<String> {
        _ = try recordAllowingEntries(cluster)
        if let associatedPolicyArn, AccessPolicyCatalog.policyName(arn: associatedPolicyArn, partition: partition) == nil {
            throw Self.unknownPolicy(associatedPolicyArn, partition: partition, cluster: cluster)
        }
        let matching = entries(of: cluster).filter { entry in
            associatedPolicyArn.map { arn in entry.accessPolicies.contains { $0.policyArn == arn } } ?? true
        }
        return try Page.of(matching.map(\.principalArn), key: { $0 }, maxResults: maxResults, nextToken: nextToken, cluster: cluster)
    }

    /// UpdateAccessEntry: a new username and/or groups (STANDARD entries only).
    public mutating func updateAccessEntry(
        cluster: String, principalArn: String, _ input: UpdateAccessEntryInput, context: AccessRequestContext
    ) throws(EKSAPIError) -> AccessEntry {
        var record = try recordAllowingEntries(cluster)
        var (key, entry) = try existingEntry(cluster: cluster, principalArn: principalArn)
        let purpose = "UpdateAccessEntry \(key) \(input.username ?? "") \((input.kubernetesGroups ?? []).joined(separator: ","))"
        if let token = input.clientRequestToken, let used = record.purpose(of: token) {
            guard used == purpose else { throw Self.tokenReused(token, cluster: cluster) }
            return entry
        }
        if !entry.type.isStandard, input.username != nil || !(input.kubernetesGroups ?? []).isEmpty {
            throw .invalidParameter("This operation can only be performed on Access Entries with a type of \"STANDARD\".", cluster: cluster)
        }
        if let username = input.username {
            try Self.validateUsername(username, cluster: cluster)
            entry.username = username
        }
        if let groups = input.kubernetesGroups { entry.kubernetesGroups = try Self.validateGroups(groups, cluster: cluster) }
        entry.modifiedAt = EpochTime(context.now)
        entries[key] = entry
        record.remember(token: input.clientRequestToken, purpose: purpose)
        clusters[cluster] = record
        return entry
    }

    /// DeleteAccessEntry, with its policy associations.
    public mutating func deleteAccessEntry(cluster: String, principalArn: String) throws(EKSAPIError) {
        let (key, _) = try existingEntry(cluster: cluster, principalArn: principalArn)
        entries[key] = nil
    }

    // MARK: - Rules

    static func entryType(_ raw: String?, cluster: String) throws(EKSAPIError) -> AccessEntryType {
        guard let raw else { return .standard }
        guard let type = AccessEntryType(rawValue: raw) else {
            throw .invalidParameter(
                "The access entry type \(EKSAPIError.clip(raw)) is invalid: use one of \(AccessEntryType.allCases.map(\.rawValue).joined(separator: ", ")).",
                cluster: cluster)
        }
        return type
    }

    /// The username prefixes EKS reserves.
    public static let reservedUsernamePrefixes = ["system:", "eks:", "aws:", "amazon:", "iam:"]
    /// The templates an access entry's username may use.
    public static let usernameTemplates = ["{{SessionName}}", "{{SessionNameRaw}}", "{{AccountID}}", "{{AccessKeyID}}"]

    /// EKS's username rules: not empty, no reserved prefix, known templates only, and a colon
    /// before a session-name template (`:john{{SessionName}}`, not `john{{SessionName}}`).
    public static func validateUsername(_ username: String, cluster: String? = nil) throws(EKSAPIError) {
        guard !username.isEmpty else {
            throw .invalidParameter("The username must not be empty: leave it out to use the default for the entry's type.", cluster: cluster)
        }
        guard username.count <= 256 else { throw .invalidParameter("The username must be at most 256 characters long.", cluster: cluster) }
        if let prefix = reservedUsernamePrefixes.first(where: { username.lowercased().hasPrefix($0) }) {
            throw .invalidParameter("The username must not begin with \(prefix)", cluster: cluster)
        }
        var rest = username[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw .invalidParameter("The username \(EKSAPIError.clip(username)) has an unclosed {{ template.", cluster: cluster)
            }
            let template = String(rest[open.lowerBound..<close.upperBound])
            guard usernameTemplates.contains(template) else {
                throw .invalidParameter(
                    "The username template \(EKSAPIError.clip(template)) is not supported: use \(usernameTemplates.joined(separator: ", ")).",
                    cluster: cluster)
            }
            if template.hasPrefix("{{SessionName"), !username[..<open.lowerBound].contains(":") {
                throw .invalidParameter(
                    "The username \(EKSAPIError.clip(username)) is invalid: a username with \(template) must include a colon before it (for example name:\(template)).",
                    cluster: cluster)
            }
            rest = rest[close.upperBound...]
        }
    }

    /// EKS's group rules: no empty names, none starting with `system:`; duplicates are dropped.
    static func validateGroups(_ groups: [String], cluster: String) throws(EKSAPIError) -> [String] {
        var result: [String] = []
        for group in groups {
            guard !group.isEmpty else { throw .invalidParameter("A kubernetes group name must not be empty.", cluster: cluster) }
            guard !group.hasPrefix("system:") else {
                throw .invalidParameter("The kubernetes group name \(EKSAPIError.clip(group)) is invalid, it cannot start with system:", cluster: cluster)
            }
            if !result.contains(group) { result.append(group) }
        }
        return result
    }
}
