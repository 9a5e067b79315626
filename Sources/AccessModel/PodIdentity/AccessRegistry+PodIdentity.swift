extension AccessRegistry {
    /// The key of association `associationID` of `cluster` in ``podIdentityAssociations``.
    static func associationKey(cluster: String, associationID: String) -> String { "\(cluster)\n\(associationID)" }

    /// The associations of `cluster`, by association id.
    public func podIdentityAssociations(of cluster: String) -> [PodIdentityAssociation] {
        let prefix = cluster + "\n"
        return podIdentityAssociations.filter { $0.key.hasPrefix(prefix) }.map(\.value).sorted { $0.associationId < $1.associationId }
    }

    /// The association for service account `serviceAccount` in `namespace` of `cluster`, if any
    /// (what `AssumeRoleForPodIdentity` looks up).
    public func podIdentityAssociation(cluster: String, namespace: String, serviceAccount: String) -> PodIdentityAssociation? {
        podIdentityAssociations(of: cluster).first { $0.namespace == namespace && $0.serviceAccount == serviceAccount }
    }

    /// CreatePodIdentityAssociation: one role for one service account of a cluster. The service
    /// account and its namespace need not exist yet. The caller checks `iam:PassRole`.
    public mutating func createPodIdentityAssociation(
        cluster: String, _ input: CreatePodIdentityAssociationInput, context: AccessRequestContext
    ) throws(EKSAPIError) -> PodIdentityAssociation {
        var record = try record(cluster)
        guard let namespace = input.namespace else { throw .invalidParameter("namespace is required.", cluster: cluster) }
        guard let serviceAccount = input.serviceAccount else { throw .invalidParameter("serviceAccount is required.", cluster: cluster) }
        guard let roleArn = input.roleArn else { throw .invalidParameter("roleArn is required.", cluster: cluster) }
        try Self.validateNamespace(namespace, cluster: cluster)
        try Self.validateServiceAccount(serviceAccount, cluster: cluster)
        try validateOwnRole(roleArn, cluster: cluster)
        let target = try Self.targetRole(input.targetRoleArn, cluster: cluster)
        try Self.refuseSessionPolicy(input.policy, cluster: cluster)
        try Self.validateTags(input.tags ?? [:], cluster: cluster)
        let purpose =
            "CreatePodIdentityAssociation \(namespace) \(serviceAccount) \(roleArn) \(target ?? "") \(input.disableSessionTags ?? false)"
        if let token = input.clientRequestToken, let used = record.purpose(of: token) {
            guard used == purpose, let existing = podIdentityAssociation(cluster: cluster, namespace: namespace, serviceAccount: serviceAccount)
            else { throw Self.tokenReused(token, cluster: cluster) }
            return existing
        }
        if let existing = podIdentityAssociation(cluster: cluster, namespace: namespace, serviceAccount: serviceAccount) {
            throw .inUse("Association already exists: \(existing.associationId)", cluster: cluster)
        }
        var id = Self.associationID(context.newID())
        for _ in 0..<16 where podIdentityAssociations[Self.associationKey(cluster: cluster, associationID: id)] != nil {
            id = Self.associationID(context.newID())
        }
        guard podIdentityAssociations[Self.associationKey(cluster: cluster, associationID: id)] == nil else {
            throw .server("Could not make a unique association id; retry the request.")
        }
        let association = PodIdentityAssociation(
            clusterName: cluster, namespace: namespace, serviceAccount: serviceAccount, roleArn: roleArn,
            associationArn: "arn:\(partition):eks:\(region):\(accountID):podidentityassociation/\(cluster)/\(id)", associationId: id,
            tags: input.tags ?? [:], createdAt: EpochTime(context.now), disableSessionTags: input.disableSessionTags ?? false,
            targetRoleArn: target, externalId: target.map { _ in context.newID() })
        podIdentityAssociations[Self.associationKey(cluster: cluster, associationID: id)] = association
        record.remember(token: input.clientRequestToken, purpose: purpose)
        clusters[cluster] = record
        return association
    }

    /// DescribePodIdentityAssociation.
    public func describePodIdentityAssociation(cluster: String, associationID: String) throws(EKSAPIError) -> PodIdentityAssociation {
        _ = try record(cluster)
        guard let association = podIdentityAssociations[Self.associationKey(cluster: cluster, associationID: associationID)] else {
            throw Self.associationNotFound(associationID, cluster: cluster)
        }
        return association
    }

    /// ListPodIdentityAssociations, optionally only those of a namespace and/or service account.
    public func listPodIdentityAssociations(
        cluster: String, namespace: String?, serviceAccount: String?, maxResults: Int?, nextToken: String?
    ) throws(EKSAPIError) -> Page<PodIdentityAssociation.Summary> {
        _ = try record(cluster)
        let matching = podIdentityAssociations(of: cluster).filter { association in
            (namespace.map { $0 == association.namespace } ?? true) && (serviceAccount.map { $0 == association.serviceAccount } ?? true)
        }
        return try Page.of(matching.map(\.summary), key: \.associationId, maxResults: maxResults, nextToken: nextToken, cluster: cluster)
    }

    /// UpdatePodIdentityAssociation: a new role, target role or session-tag choice. An empty
    /// `targetRoleArn` removes the target role.
    public mutating func updatePodIdentityAssociation(
        cluster: String, associationID: String, _ input: UpdatePodIdentityAssociationInput, context: AccessRequestContext
    ) throws(EKSAPIError) -> PodIdentityAssociation {
        var record = try record(cluster)
        var association = try describePodIdentityAssociation(cluster: cluster, associationID: associationID)
        let purpose =
            "UpdatePodIdentityAssociation \(associationID) \(input.roleArn ?? "") \(input.targetRoleArn ?? "-") \(input.disableSessionTags.map(String.init) ?? "")"
        if let token = input.clientRequestToken, let used = record.purpose(of: token) {
            guard used == purpose else { throw Self.tokenReused(token, cluster: cluster) }
            return association
        }
        try Self.refuseSessionPolicy(input.policy, cluster: cluster)
        if let roleArn = input.roleArn {
            try validateOwnRole(roleArn, cluster: cluster)
            association.roleArn = roleArn
        }
        if let raw = input.targetRoleArn {
            let target = try Self.targetRole(raw, cluster: cluster)
            if target != association.targetRoleArn { association.externalId = target.map { _ in context.newID() } }
            association.targetRoleArn = target
        }
        if let disable = input.disableSessionTags { association.disableSessionTags = disable }
        association.modifiedAt = EpochTime(context.now)
        podIdentityAssociations[Self.associationKey(cluster: cluster, associationID: associationID)] = association
        record.remember(token: input.clientRequestToken, purpose: purpose)
        clusters[cluster] = record
        return association
    }

    /// DeletePodIdentityAssociation; returns what was deleted. Credentials already issued stay
    /// valid until they expire, as on EKS.
    public mutating func deletePodIdentityAssociation(cluster: String, associationID: String) throws(EKSAPIError) -> PodIdentityAssociation {
        let association = try describePodIdentityAssociation(cluster: cluster, associationID: associationID)
        podIdentityAssociations[Self.associationKey(cluster: cluster, associationID: associationID)] = nil
        return association
    }

    // MARK: - Rules

    /// `a-` and the last 17 letters and digits of a UUID.
    static func associationID(_ uuid: String) -> String {
        "a-" + String(uuid.lowercased().filter { $0.isLetter || $0.isNumber }.suffix(17))
    }

    static func associationNotFound(_ id: String, cluster: String) -> EKSAPIError {
        .notFound(
            "No Pod Identity Association found for id \(EKSAPIError.clip(id)) on cluster \(cluster); list them with list-pod-identity-associations.",
            cluster: cluster)
    }

    /// A Kubernetes namespace name: an RFC 1123 label (1…63 lower-case letters, digits and `-`,
    /// beginning and ending with a letter or digit).
    static func validateNamespace(_ name: String, cluster: String) throws(EKSAPIError) {
        guard name.utf8.count <= 63, isDNSName(name, allowDots: false) else {
            throw .invalidParameter(
                "The namespace '\(EKSAPIError.clip(name))' is not a valid Kubernetes namespace name: use 1 to 63 lower-case letters, digits and '-', beginning and ending with a letter or digit.",
                cluster: cluster)
        }
    }

    /// A Kubernetes service account name: an RFC 1123 subdomain (1…253 characters).
    static func validateServiceAccount(_ name: String, cluster: String) throws(EKSAPIError) {
        guard name.utf8.count <= 253, isDNSName(name, allowDots: true) else {
            throw .invalidParameter(
                "The serviceAccount '\(EKSAPIError.clip(name))' is not a valid Kubernetes service account name: use 1 to 253 lower-case letters, digits, '-' and '.', beginning and ending with a letter or digit.",
                cluster: cluster)
        }
    }

    private static func isDNSName(_ name: String, allowDots: Bool) -> Bool {
        let bytes = Array(name.utf8)
        func isAlphanumeric(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == 0x2D || (allowDots && $0 == 0x2E) }
    }

    /// An IAM role ARN (`arn:…:iam::ACCOUNT:role/[path/]NAME`).
    static func validateRoleARN(_ arn: String, member: String, cluster: String) throws(EKSAPIError) {
        guard let principal = try? AccessPrincipal(arn: arn), principal.kind == .role else {
            throw .invalidParameter(
                "The \(member) '\(EKSAPIError.clip(arn))' is not an IAM role ARN: use arn:aws:iam::ACCOUNT:role/NAME.", cluster: cluster)
        }
    }

    /// The association's own role: an IAM role of the cluster's account (EKS Pod Identity assumes
    /// only those directly; another account's role is reached through `targetRoleArn`).
    func validateOwnRole(_ arn: String, cluster: String) throws(EKSAPIError) {
        try Self.validateRoleARN(arn, member: "roleArn", cluster: cluster)
        guard let principal = try? AccessPrincipal(arn: arn), principal.accountID == accountID else {
            throw .invalidParameter(
                "The roleArn must be a role in the cluster's account \(accountID); reach a role in another account with targetRoleArn.",
                cluster: cluster)
        }
    }

    /// The target role (nil when absent or empty).
    static func targetRole(_ raw: String?, cluster: String) throws(EKSAPIError) -> String? {
        guard let raw, !raw.isEmpty else { return nil }
        try validateRoleARN(raw, member: "targetRoleArn", cluster: cluster)
        return raw
    }

    /// Session policies on associations narrow the role's permissions; eksauth's STS has no
    /// session policies, so it refuses them rather than ignore them.
    static func refuseSessionPolicy(_ policy: String?, cluster: String) throws(EKSAPIError) {
        guard let policy, !policy.isEmpty else { return }
        throw .invalidParameter(
            "eksauth does not support session policies on Pod Identity associations; leave policy out and narrow the role's own policies instead.",
            cluster: cluster)
    }
}
