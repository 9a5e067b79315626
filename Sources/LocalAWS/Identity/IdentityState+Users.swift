import Foundation

extension IdentityState {
    /// Makes sure the account root has an active access key and returns it: the existing one if
    /// there is one, else a new one.
    mutating func bootstrapRootKey(now: Date, generator: inout IdentifierGenerator) -> AccessKey {
        if let existing = accessKeys.values.filter({ $0.userName == nil && $0.status == .active })
            .min(by: { ($0.createDate, $0.id) < ($1.createDate, $1.id) }) {
            return existing
        }
        let key = AccessKey(id: newAccessKeyID(&generator), secret: generator.secretAccessKey(), userName: nil, createDate: now)
        accessKeys[key.id] = key
        return key
    }

    mutating func createUser(name: String, path: String, now: Date, generator: inout IdentifierGenerator) throws(IdentityError) -> IAMUser {
        try IdentityValidation.name(name, what: "userName")
        try IdentityValidation.path(path)
        guard users[name.lowercased()] == nil else { throw .alreadyExists("User", name) }
        let user = IAMUser(
            path: path, name: name, arn: "arn:aws:iam::\(account.id):user\(path)\(name)", id: newUniqueID(user: true, &generator),
            createDate: now)
        users[name.lowercased()] = user
        return user
    }

    /// The user named `name` (case-insensitively).
    ///
    /// - Throws: `NoSuchEntity`.
    public func user(named name: String) throws(IdentityError) -> IAMUser {
        guard let user = users[name.lowercased()] else { throw .noSuchEntity("User", name) }
        return user
    }

    mutating func deleteUser(named name: String) throws(IdentityError) {
        let user = try user(named: name)
        if accessKeys.values.contains(where: { $0.userName == user.name }) {
            throw IdentityError(code: .deleteConflict, message: "Cannot delete entity, must delete access keys first.")
        }
        if !user.inlinePolicies.isEmpty {
            throw IdentityError(code: .deleteConflict, message: "Cannot delete entity, must delete policies first.")
        }
        users[name.lowercased()] = nil
    }

    mutating func createAccessKey(userName: String, now: Date, generator: inout IdentifierGenerator) throws(IdentityError) -> AccessKey {
        let user = try user(named: userName)
        let limit = IdentityStore.maximumAccessKeysPerUser
        guard accessKeys.values.count(where: { $0.userName == user.name }) < limit else {
            throw IdentityError(
                code: .limitExceeded,
                message: "Cannot exceed quota for AccessKeysPerUser: \(limit). Delete an access key of \(user.name) first.")
        }
        let key = AccessKey(id: newAccessKeyID(&generator), secret: generator.secretAccessKey(), userName: user.name, createDate: now)
        accessKeys[key.id] = key
        return key
    }

    /// The access keys of user `userName`, oldest first.
    ///
    /// - Throws: `NoSuchEntity`.
    public func accessKeys(userName: String) throws(IdentityError) -> [AccessKey] {
        let user = try user(named: userName)
        return accessKeys.values.filter { $0.userName == user.name }.sorted { ($0.createDate, $0.id) < ($1.createDate, $1.id) }
    }

    /// Access key `id` of user `userName` (`nil`: a root key).
    ///
    /// - Throws: `NoSuchEntity`.
    func accessKey(id: String, userName: String?) throws(IdentityError) -> AccessKey {
        let owner = try userName.map { name throws(IdentityError) in try user(named: name).name }
        guard let key = accessKeys[id], key.userName == owner else {
            throw IdentityError(code: .noSuchEntity, message: "The Access Key with id \(IdentityError.clip(id)) cannot be found.")
        }
        return key
    }

    mutating func newAccessKeyID(_ generator: inout IdentifierGenerator) -> String {
        var id = generator.accessKeyID()
        while accessKeys[id] != nil { id = generator.accessKeyID() }
        return id
    }

    func newUniqueID(user: Bool, _ generator: inout IdentifierGenerator) -> String {
        let taken = Set(users.values.map(\.id)).union(roles.values.map(\.id))
        var id = user ? generator.userID() : generator.roleID()
        while taken.contains(id) { id = user ? generator.userID() : generator.roleID() }
        return id
    }
}
