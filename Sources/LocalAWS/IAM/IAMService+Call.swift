import Foundation

extension IAMService {
    /// One authenticated IAM request: its parameters, the caller and the time; performs an action and
    /// returns the content of `<Action>Result` (`nil` for actions without a result).
    struct Call {
        typealias W = IAMResponseWriter

        let service: IAMService
        let parameters: [String: String]
        let caller: KeyLookup
        let now: Date

        var store: IdentityStore { service.store }
        var accountID: String { caller.accountID }

        func perform(_ action: String) async throws -> String? {
            switch action {
            case "CreateUser": return try await createUser()
            case "GetUser": return try await getUser()
            case "ListUsers": return try await listUsers()
            case "DeleteUser":
                let name = try required("UserName")
                try await authorize(action, userARN(name))
                try await store.deleteUser(named: name)
            case "CreateAccessKey": return try await createAccessKey()
            case "ListAccessKeys": return try await listAccessKeys()
            case "UpdateAccessKey":
                let id = try required("AccessKeyId")
                let status = try required("Status")
                guard let value = AccessKey.Status(rawValue: status) else {
                    throw STSServiceError.constraint(value: status, at: "status", "Member must satisfy enum value set: [Active, Inactive]")
                }
                let owner = try keyOwner()
                try await authorize(action, await ownerARN(owner))
                try await store.updateAccessKey(id: id, userName: owner, status: value)
            case "DeleteAccessKey":
                let id = try required("AccessKeyId")
                let owner = try keyOwner()
                try await authorize(action, await ownerARN(owner))
                try await store.deleteAccessKey(id: id, userName: owner)
            case "CreateRole": return try await createRole()
            case "CreateOpenIDConnectProvider": return try await createOIDCProvider()
            case "GetOpenIDConnectProvider":
                let arn = try required("OpenIDConnectProviderArn")
                try await authorize(action, arn)
                return W.oidcProvider(try await store.oidcProvider(arn: arn))
            case "ListOpenIDConnectProviders":
                try await authorize(action, "arn:aws:iam::\(accountID):oidc-provider/")
                let members = await store.oidcProviders().map { "<member>" + W.element("Arn", $0.arn) + "</member>" }
                return "<OpenIDConnectProviderList>" + members.joined() + "</OpenIDConnectProviderList>"
            case "DeleteOpenIDConnectProvider":
                let arn = try required("OpenIDConnectProviderArn")
                try await authorize(action, arn)
                try await store.deleteOIDCProvider(arn: arn)
            case "SetOpenIDConnectProviderKeys":
                let arn = try required("OpenIDConnectProviderArn")
                let keys = try required("KeySet")
                try await authorize(action, arn)
                try await store.setOIDCProviderKeys(arn: arn, jwks: keys)
            case "GetRole":
                let name = try required("RoleName")
                try await authorize(action, roleARN(name))
                return "<Role>" + W.role(try await store.role(named: name)) + "</Role>"
            case "ListRoles":
                try await authorize(action, "arn:aws:iam::\(accountID):role/")
                let roles = await store.roles().filter { $0.path.hasPrefix(parameters["PathPrefix"] ?? "/") }
                let (page, marker) = try paginate(roles, key: \.name)
                return W.list("Roles", page.map(W.role), marker: marker)
            case "DeleteRole":
                let name = try required("RoleName")
                try await authorize(action, roleARN(name))
                try await store.deleteRole(named: name)
            case "UpdateAssumeRolePolicy":
                let name = try required("RoleName")
                let document = try required("PolicyDocument")
                try await authorize(action, roleARN(name))
                try await store.updateTrustPolicy(roleName: name, document: document)
            case "PutUserPolicy":
                let (name, policy, document) = (try required("UserName"), try required("PolicyName"), try required("PolicyDocument"))
                try await authorize(action, userARN(name))
                try await store.putUserPolicy(userName: name, policyName: policy, document: document)
            case "PutRolePolicy":
                let (name, policy, document) = (try required("RoleName"), try required("PolicyName"), try required("PolicyDocument"))
                try await authorize(action, roleARN(name))
                try await store.putRolePolicy(roleName: name, policyName: policy, document: document)
            case "DeleteUserPolicy":
                let (name, policy) = (try required("UserName"), try required("PolicyName"))
                try await authorize(action, userARN(name))
                try await store.deleteUserPolicy(userName: name, policyName: policy)
            case "DeleteRolePolicy":
                let (name, policy) = (try required("RoleName"), try required("PolicyName"))
                try await authorize(action, roleARN(name))
                try await store.deleteRolePolicy(roleName: name, policyName: policy)
            default:
                throw STSServiceError.internalFailure("Action \(action) is listed but not implemented.")
            }
            return nil
        }

        // MARK: - Users

        private func createUser() async throws -> String {
            let name = try required("UserName")
            let path = parameters["Path"] ?? "/"
            try await authorize("CreateUser", "arn:aws:iam::\(accountID):user\(path)\(name)")
            return "<User>" + W.user(try await store.createUser(name: name, path: path, now: now)) + "</User>"
        }

        private func getUser() async throws -> String {
            if let name = parameters["UserName"] {
                try await authorize("GetUser", userARN(name))
                return "<User>" + W.user(try await store.user(named: name)) + "</User>"
            }
            switch caller.principal {
            case .root(let accountID):
                return "<User>" + W.rootUser(accountID: accountID) + "</User>"
            case .user(let user):
                try await authorize("GetUser", user.arn)
                return "<User>" + W.user(try await store.user(named: user.name)) + "</User>"
            case .assumedRole:
                throw Self.needsUserName
            }
        }

        private func listUsers() async throws -> String {
            try await authorize("ListUsers", "arn:aws:iam::\(accountID):user/")
            let users = await store.users().filter { $0.path.hasPrefix(parameters["PathPrefix"] ?? "/") }
            let (page, marker) = try paginate(users, key: \.name)
            return W.list("Users", page.map(W.user), marker: marker)
        }

        // MARK: - Access keys

        private func createAccessKey() async throws -> String {
            guard let owner = try keyOwner() else {
                throw STSServiceError.validation(
                    "This IAM creates access keys for IAM users only; pass UserName (the root's key comes from IdentityStore.bootstrap).")
            }
            try await authorize("CreateAccessKey", userARN(owner))
            return "<AccessKey>" + W.accessKey(try await store.createAccessKey(userName: owner, now: now)) + "</AccessKey>"
        }

        private func listAccessKeys() async throws -> String {
            let owner = try keyOwner()
            try await authorize("ListAccessKeys", await ownerARN(owner))
            let keys: [AccessKey]
            if let owner {
                keys = try await store.accessKeys(userName: owner)
            } else {
                keys = await store.snapshot().accessKeys.values.filter { $0.userName == nil }
                    .sorted { ($0.createDate, $0.id) < ($1.createDate, $1.id) }
            }
            let (page, marker) = try paginate(keys, key: \.id, sorted: false)
            return W.list("AccessKeyMetadata", page.map(W.accessKeyMetadata), marker: marker)
        }

        /// The user whose keys an access-key action is about: `UserName`, else the calling user;
        /// `nil` for the account root's own keys.
        private func keyOwner() throws(STSServiceError) -> String? {
            if let name = parameters["UserName"] { return name }
            switch caller.principal {
            case .root: return nil
            case .user(let user): return user.name
            case .assumedRole: throw Self.needsUserName
            }
        }

        private func ownerARN(_ owner: String?) async -> String {
            if let owner { return await userARN(owner) }
            return "arn:aws:iam::\(accountID):root"
        }

        private static let needsUserName = STSServiceError.validation("Must specify userName when calling with non-User credentials")

        // MARK: - Roles

        private func createRole() async throws -> String {
            let name = try required("RoleName")
            let document = try required("AssumeRolePolicyDocument")
            let path = parameters["Path"] ?? "/"
            var duration = IAMRole.minimumMaxSessionDuration
            if let text = parameters["MaxSessionDuration"] {
                guard let value = Int(text) else {
                    throw STSServiceError.validation("Value '\(STSServiceError.clip(text))' for MaxSessionDuration is not an integer number of seconds.")
                }
                duration = value
            }
            try await authorize("CreateRole", "arn:aws:iam::\(accountID):role\(path)\(name)")
            let role = try await store.createRole(name: name, path: path, trustPolicy: document, maxSessionDuration: duration, now: now)
            return "<Role>" + W.role(role) + "</Role>"
        }

        private func createOIDCProvider() async throws -> String {
            let url = try required("Url")
            let clientIDs = list("ClientIDList")
            let thumbprints = list("ThumbprintList")
            try await authorize("CreateOpenIDConnectProvider", OIDCProvider.arn(accountID: accountID, url: url))
            let provider = try await store.createOIDCProvider(url: url, clientIDs: clientIDs, thumbprints: thumbprints, now: now)
            return W.element("OpenIDConnectProviderArn", provider.arn)
        }

        // MARK: - Helpers

        /// The members of list parameter `name` (`name.member.1`, `name.member.2`, …), in order.
        private func list(_ name: String) -> [String] {
            var values: [String] = []
            while let value = parameters["\(name).member.\(values.count + 1)"] { values.append(value) }
            return values
        }

        private func authorize(_ action: String, _ resource: String) async throws(STSServiceError) {
            try await service.authorize(caller, action: action, resource: resource, now: now)
        }

        /// The ARN of user `name`: its own (with its path) when it exists, else `…:user/<name>`.
        private func userARN(_ name: String) async -> String {
            (try? await store.user(named: name))?.arn ?? "arn:aws:iam::\(accountID):user/\(name)"
        }

        /// The ARN of role `name`: its own (with its path) when it exists, else `…:role/<name>`.
        private func roleARN(_ name: String) async -> String {
            (try? await store.role(named: name))?.arn ?? "arn:aws:iam::\(accountID):role/\(name)"
        }

        /// Parameter `name`, which must be present (`ValidationError` naming the camel-cased field otherwise).
        private func required(_ name: String) throws(STSServiceError) -> String {
            guard let value = parameters[name] else {
                throw .constraint(value: nil, at: name.prefix(1).lowercased() + name.dropFirst(), "Member must not be null")
            }
            return value
        }

        /// One page of `items` per `MaxItems` (1…1000, default 100) and `Marker` (the key of the first
        /// item to return, as the previous page's `Marker` gave it); the marker of the next page, if any.
        private func paginate<T>(_ items: [T], key: (T) -> String, sorted: Bool = true) throws(STSServiceError) -> ([T], String?) {
            var maxItems = 100
            if let text = parameters["MaxItems"] {
                guard let value = Int(text), (1...1000).contains(value) else {
                    throw .constraint(value: text, at: "maxItems", "Member must have value between 1 and 1000")
                }
                maxItems = value
            }
            var start = items.startIndex
            if let marker = parameters["Marker"] {
                start = items.firstIndex { sorted ? key($0) >= marker : key($0) == marker } ?? items.endIndex
            }
            let end = min(start + maxItems, items.endIndex)
            return (Array(items[start..<end]), end < items.endIndex ? key(items[end]) : nil)
        }
    }
}
