import RBAC

/// Small builders shared by the suites.
enum Fixture {
    static func user(_ name: String, _ groups: String...) -> UserInfo { UserInfo(name: name, groups: groups) }

    static func request(
        _ user: UserInfo, _ verb: String, _ resource: String, group: String = "", subresource: String = "", name: String = "",
        namespace: String = ""
    ) -> AuthorizationRequest {
        .resource(user: user, verb: verb, group: group, resource: resource, subresource: subresource, name: name, namespace: namespace)
    }

    static func path(_ user: UserInfo, _ verb: String, _ path: String) -> AuthorizationRequest {
        .nonResource(user: user, verb: verb, path: path)
    }
}
