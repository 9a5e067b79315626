import Foundation

extension IdentityState {
    mutating func issueTemporaryCredentials(
        roleName: String, sessionName: String, duration: Int, sourceIdentity: String?, sessionTags: [String: String]? = nil, now: Date,
        generator: inout IdentifierGenerator
    ) throws(IdentityError) -> TemporaryCredentials {
        let role = try role(named: roleName)
        var keyID = generator.temporaryAccessKeyID()
        while temporaryCredentials[keyID] != nil || accessKeys[keyID] != nil { keyID = generator.temporaryAccessKeyID() }
        let credentials = TemporaryCredentials(
            accessKeyID: keyID, secretAccessKey: generator.secretAccessKey(), sessionToken: generator.sessionToken(),
            expiration: now.addingTimeInterval(TimeInterval(duration)),
            assumedRoleARN: "arn:aws:sts::\(account.id):assumed-role/\(role.name)/\(sessionName)",
            assumedRoleID: "\(role.id):\(sessionName)", roleARN: role.arn, roleName: role.name, sessionName: sessionName,
            sourceIdentity: sourceIdentity, sessionTags: sessionTags?.isEmpty == true ? nil : sessionTags)
        temporaryCredentials[keyID] = credentials
        return credentials
    }

    mutating func removeExpiredCredentials(now: Date) -> Int {
        let expired = temporaryCredentials.values.filter { $0.expiration <= now }.map(\.accessKeyID)
        for id in expired { temporaryCredentials[id] = nil }
        return expired.count
    }

    /// Who `accessKeyID` belongs to, with its secret (and session token): what SigV4 verification
    /// needs. Inactive keys and expired temporary credentials are returned too, so the caller can
    /// answer as AWS does; `nil` for an unknown key.
    public func lookup(accessKeyID: String) -> KeyLookup? {
        let accountID = account.id
        if let key = accessKeys[accessKeyID] {
            let principal: KeyLookup.Principal
            if let userName = key.userName {
                guard let user = users[userName.lowercased()] else { return nil }
                principal = .user(user)
            } else {
                principal = .root(accountID: accountID)
            }
            return KeyLookup(
                accessKeyID: key.id, secretAccessKey: key.secret, isActive: key.status == .active, accountID: accountID,
                principal: principal)
        }
        if let session = temporaryCredentials[accessKeyID] {
            return KeyLookup(
                accessKeyID: session.accessKeyID, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken,
                expiration: session.expiration, accountID: accountID, principal: .assumedRole(session))
        }
        return nil
    }
}
