extension AccessRegistry {
    /// ListAccessPolicies.
    public func listAccessPolicies(maxResults: Int?, nextToken: String?) throws(EKSAPIError) -> Page<AccessPolicySummary> {
        try Page.of(AccessPolicyCatalog.policies(partition: partition), key: \.name, maxResults: maxResults, nextToken: nextToken)
    }

    /// AssociateAccessPolicy: adds the policy to a STANDARD entry, or replaces the scope of an
    /// association that exists.
    public mutating func associateAccessPolicy(
        cluster: String, principalArn: String, policyArn: String?, scope: AccessScopeInput?, context: AccessRequestContext
    ) throws(EKSAPIError) -> AssociatedAccessPolicy {
        var (key, entry) = try existingEntry(cluster: cluster, principalArn: principalArn)
        guard let policyArn else { throw .invalidParameter("policyArn is required.", cluster: cluster) }
        guard AccessPolicyCatalog.policyName(arn: policyArn, partition: partition) != nil else {
            throw Self.unknownPolicy(policyArn, partition: partition, cluster: cluster)
        }
        let accessScope = try Self.validateScope(scope, cluster: cluster)
        guard entry.type.isStandard else {
            throw .invalidParameter("This operation can only be performed on Access Entries with a type of \"STANDARD\".", cluster: cluster)
        }
        let now = EpochTime(context.now)
        let association: AssociatedAccessPolicy
        if let index = entry.accessPolicies.firstIndex(where: { $0.policyArn == policyArn }) {
            entry.accessPolicies[index].accessScope = accessScope
            entry.accessPolicies[index].modifiedAt = now
            association = entry.accessPolicies[index]
        } else {
            association = AssociatedAccessPolicy(policyArn: policyArn, accessScope: accessScope, associatedAt: now, modifiedAt: now)
            entry.accessPolicies.append(association)
        }
        entries[key] = entry
        return association
    }

    /// DisassociateAccessPolicy.
    public mutating func disassociateAccessPolicy(cluster: String, principalArn: String, policyArn: String) throws(EKSAPIError) {
        var (key, entry) = try existingEntry(cluster: cluster, principalArn: principalArn)
        guard let index = entry.accessPolicies.firstIndex(where: { $0.policyArn == policyArn }) else {
            throw .notFound(
                "The access policy \(EKSAPIError.clip(policyArn)) is not associated with this access entry. "
                    + "You can view the associated policies with 'list-associated-access-policies'.",
                cluster: cluster)
        }
        entry.accessPolicies.remove(at: index)
        entries[key] = entry
    }

    /// ListAssociatedAccessPolicies, in policy ARN order.
    public func listAssociatedAccessPolicies(
        cluster: String, principalArn: String, maxResults: Int?, nextToken: String?
    ) throws(EKSAPIError) -> (entry: AccessEntry, page: Page<AssociatedAccessPolicy>) {
        let entry = try existingEntry(cluster: cluster, principalArn: principalArn).entry
        let page = try Page.of(
            entry.accessPolicies.sorted { $0.policyArn < $1.policyArn }, key: \.policyArn, maxResults: maxResults, nextToken: nextToken,
            cluster: cluster)
        return (entry, page)
    }

    static func unknownPolicy(_ arn: String, partition: String, cluster: String) -> EKSAPIError {
        .invalidParameter(
            "The specified policyArn \(EKSAPIError.clip(arn)) is invalid: use the ARN of an access policy that list-access-policies returns, "
                + "such as \(AccessPolicyCatalog.arnPrefix(partition: partition))AmazonEKSViewPolicy.",
            cluster: cluster)
    }

    /// Checks a scope: `cluster` without namespaces, or `namespace` with at least one namespace
    /// name (a DNS label, optionally ending in `*`).
    static func validateScope(_ input: AccessScopeInput?, cluster: String) throws(EKSAPIError) -> AccessScope {
        guard let input, let rawType = input.type else {
            throw .invalidParameter("accessScope.type is required: cluster, or namespace with namespaces.", cluster: cluster)
        }
        guard let type = AccessScope.Kind(rawValue: rawType) else {
            throw .invalidParameter("The access scope type \(EKSAPIError.clip(rawType)) is invalid: use cluster or namespace.", cluster: cluster)
        }
        let namespaces = input.namespaces ?? []
        switch type {
        case .cluster:
            guard namespaces.isEmpty else {
                throw .invalidParameter("Namespaces cannot be given with an access scope of type cluster; use type namespace.", cluster: cluster)
            }
        case .namespace:
            guard !namespaces.isEmpty else {
                throw .invalidParameter("An access scope of type namespace needs at least one namespace.", cluster: cluster)
            }
            for namespace in namespaces where !isNamespacePattern(namespace) {
                throw .invalidParameter(
                    "The namespace \(EKSAPIError.clip(namespace)) is invalid: use a namespace name (lower-case letters, digits and '-', at most 63), "
                        + "optionally ending in * to match every namespace with that prefix.",
                    cluster: cluster)
            }
        }
        var unique: [String] = []
        for namespace in namespaces where !unique.contains(namespace) { unique.append(namespace) }
        return AccessScope(type: type, namespaces: unique)
    }

    static func isNamespacePattern(_ pattern: String) -> Bool {
        let wildcard = pattern.hasSuffix("*")
        let name = wildcard ? pattern.dropLast() : pattern[...]
        guard name.count <= 63, wildcard || !name.isEmpty else { return false }
        guard name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else { return false }
        if name.first == "-" { return false }
        return wildcard || name.last != "-"
    }
}

/// `accessScope` as sent; the type stays a string so an unknown value is refused with a message.
public struct AccessScopeInput: Sendable, Hashable, Decodable {
    public var type: String?
    public var namespaces: [String]?

    /// Creates the input.
    public init(type: String?, namespaces: [String]? = nil) {
        self.type = type
        self.namespaces = namespaces
    }
}
