import Foundation

extension IdentityState {
    mutating func createRole(
        name: String, path: String, trustPolicy: String, maxSessionDuration: Int, now: Date, generator: inout IdentifierGenerator
    ) throws(IdentityError) -> IAMRole {
        try IdentityValidation.name(name, what: "roleName")
        try IdentityValidation.path(path)
        guard (IAMRole.minimumMaxSessionDuration...IAMRole.maximumMaxSessionDuration).contains(maxSessionDuration) else {
            throw .validation(
                "1 validation error detected: Value '\(maxSessionDuration)' at 'maxSessionDuration' failed to satisfy constraint: "
                    + "Member must have value between \(IAMRole.minimumMaxSessionDuration) and \(IAMRole.maximumMaxSessionDuration)")
        }
        _ = try IdentityValidation.policy(trustPolicy, kind: .trust)
        guard roles[name.lowercased()] == nil else { throw .alreadyExists("Role", name) }
        let role = IAMRole(
            path: path, name: name, arn: "arn:aws:iam::\(account.id):role\(path)\(name)", id: newUniqueID(user: false, &generator),
            createDate: now, trustPolicy: trustPolicy, maxSessionDuration: maxSessionDuration)
        roles[name.lowercased()] = role
        return role
    }

    /// The role named `name` (case-insensitively).
    ///
    /// - Throws: `NoSuchEntity`.
    public func role(named name: String) throws(IdentityError) -> IAMRole {
        guard let role = roles[name.lowercased()] else { throw .noSuchEntity("Role", name) }
        return role
    }

    /// The role whose ARN is `arn` (`arn:aws:iam::<account>:role/<path/><name>`), path included.
    ///
    /// - Throws: `NoSuchEntity` when no role of this account has that ARN.
    public func role(arn: String) throws(IdentityError) -> IAMRole {
        let prefix = "arn:aws:iam::\(account.id):role/"
        guard arn.hasPrefix(prefix), let name = arn.split(separator: "/").last,
              let role = roles[name.lowercased()], role.arn == arn
        else {
            throw IdentityError(code: .noSuchEntity, message: "The role with ARN \(IdentityError.clip(arn)) cannot be found.")
        }
        return role
    }

    mutating func deleteRole(named name: String) throws(IdentityError) {
        let role = try role(named: name)
        guard role.inlinePolicies.isEmpty else {
            throw IdentityError(code: .deleteConflict, message: "Cannot delete entity, must delete policies first.")
        }
        roles[name.lowercased()] = nil
    }

    mutating func updateTrustPolicy(roleName: String, document: String) throws(IdentityError) {
        let role = try role(named: roleName)
        _ = try IdentityValidation.policy(document, kind: .trust)
        roles[role.name.lowercased()]?.trustPolicy = document
    }

    mutating func putUserPolicy(userName: String, policyName: String, document: String) throws(IdentityError) {
        let user = try user(named: userName)
        try IdentityValidation.policyName(policyName)
        _ = try IdentityValidation.policy(document, kind: .identity)
        users[user.name.lowercased()]?.inlinePolicies[policyName] = document
    }

    mutating func deleteUserPolicy(userName: String, policyName: String) throws(IdentityError) {
        let user = try user(named: userName)
        guard user.inlinePolicies[policyName] != nil else { throw .noSuchEntity("Policy", policyName) }
        users[user.name.lowercased()]?.inlinePolicies[policyName] = nil
    }

    mutating func putRolePolicy(roleName: String, policyName: String, document: String) throws(IdentityError) {
        let role = try role(named: roleName)
        try IdentityValidation.policyName(policyName)
        _ = try IdentityValidation.policy(document, kind: .identity)
        roles[role.name.lowercased()]?.inlinePolicies[policyName] = document
    }

    mutating func deleteRolePolicy(roleName: String, policyName: String) throws(IdentityError) {
        let role = try role(named: roleName)
        guard role.inlinePolicies[policyName] != nil else { throw .noSuchEntity("Policy", policyName) }
        roles[role.name.lowercased()]?.inlinePolicies[policyName] = nil
    }

    /// The identity (permission) policies that apply to `principal`: a user's inline policies, the
    /// role's inline policies for a role session, none for the root (which needs none).
    public func identityPolicies(for principal: KeyLookup.Principal) -> [PolicyDocument] {
        let texts: [String]
        switch principal {
        case .root: texts = []
        case .user(let user): texts = users[user.name.lowercased()].map { Self.ordered($0.inlinePolicies) } ?? []
        case .assumedRole(let session): texts = roles[session.roleName.lowercased()].map { Self.ordered($0.inlinePolicies) } ?? []
        }
        return texts.compactMap { try? PolicyDocument(parsing: $0, kind: .identity) }
    }

    private static func ordered(_ policies: [String: String]) -> [String] {
        policies.sorted { $0.key < $1.key }.map(\.value)
    }
}
