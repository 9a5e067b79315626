@testable import AWSCore
import Foundation
import LocalAWS
import SigV4
import Testing

/// Builds header-signed IAM requests as the AWS CLI sends them and reads the XML answers.
struct IAMHarness {
    typealias F = IdentityFixtures
    static let endpoint = "https://iam.amazonaws.com/"
    static let requestID = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"

    let store: IdentityStore
    let service: IAMService
    let root: AccessKey

    /// A store with the root's key only.
    static func make() async throws -> IAMHarness {
        let store = try F.store()
        let root = try await store.bootstrap(now: F.now)
        return IAMHarness(store: store, service: IAMService(store: store, requestID: { requestID }), root: root)
    }

    /// A header-signed form POST (botocore's form encoding: a space is `+`), scope `us-east-1/iam`.
    static func post(
        _ action: String, _ parameters: [(String, String)] = [], credentials: AWSCredentials, date: Date = F.now,
        version: String = IAMService.apiVersion, region: String = "us-east-1", service: String = "iam"
    ) throws -> SigV4Request {
        func encode(_ value: String) -> String { PercentEncoding.encodeQueryComponent(value).replacingOccurrences(of: "%20", with: "+") }
        let body = ([("Action", action), ("Version", version)] + parameters).map { encode($0.0) + "=" + encode($0.1) }
            .joined(separator: "&")
        let unsigned = try SigV4Request(
            method: "POST", url: endpoint,
            headers: [HeaderField("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: Array(body.utf8))
        let signed = SigV4Signer(credentials: credentials, region: region, service: service).signHeaders(unsigned, date: date)
        return try SigV4Request(method: "POST", receivedURL: signed.url, headers: signed.headers, body: signed.body)
    }

    /// Sends `action` signed with `credentials` (the root's by default).
    func call(_ action: String, _ parameters: [(String, String)] = [], as credentials: AWSCredentials? = nil) async throws -> STSResponse {
        await service.handle(try Self.post(action, parameters, credentials: credentials ?? root.credentials), now: F.now)
    }

    /// The `<Action>Result` of a success (checked: status, namespace-free root name, request id).
    static func result(_ response: STSResponse, _ action: String) throws -> AWSCore.XMLElement {
        #expect(response.status == 200, "\(response.text)")
        #expect(response.header("Content-Type") == "text/xml")
        #expect(response.text.contains("<\(action)Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"))
        let root = try XMLReader.parse(response.body)
        #expect(root.name == action + "Response")
        #expect(root.text(at: "ResponseMetadata", "RequestId") == requestID)
        return try #require(root.child(action + "Result"))
    }

    /// Checks a success without a result element.
    static func empty(_ response: STSResponse, _ action: String) throws {
        #expect(response.status == 200, "\(response.text)")
        let root = try XMLReader.parse(response.body)
        #expect(root.name == action + "Response")
        #expect(root.child(action + "Result") == nil)
        #expect(root.text(at: "ResponseMetadata", "RequestId") == requestID)
    }

    /// The status, `Type`, `Code` and `Message` of an IAM `ErrorResponse`.
    static func error(_ response: STSResponse) throws -> (status: Int, type: String, code: String, message: String) {
        #expect(response.text.hasPrefix("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>"))
        let root = try XMLReader.parse(response.body)
        #expect(root.name == "ErrorResponse")
        #expect(root.text(at: "RequestId") == requestID)
        return (
            response.status, try #require(root.text(at: "Error", "Type")), try #require(root.text(at: "Error", "Code")),
            try #require(root.text(at: "Error", "Message"))
        )
    }
}

@Suite("IAM service")
struct IAMServiceTests {
    typealias F = IdentityFixtures
    typealias H = IAMHarness
    static let allowAllIAM = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#

    @Test("the root creates a user, a key and a role; the answers have IAM's XML shapes")
    func rootCreates() async throws {
        let h = try await H.make()
        let user = try H.result(try await h.call("CreateUser", [("UserName", "alice"), ("Path", "/team/")]), "CreateUser")
        #expect(user.text(at: "User", "UserName") == "alice")
        #expect(user.text(at: "User", "Path") == "/team/")
        #expect(user.text(at: "User", "Arn") == "arn:aws:iam::123456789012:user/team/alice")
        #expect(user.text(at: "User", "UserId")?.hasPrefix("AIDA") == true)
        #expect(user.text(at: "User", "CreateDate") == "2027-01-15T08:00:00Z")
        #expect(try await h.store.user(named: "alice").id == user.text(at: "User", "UserId"))

        let key = try H.result(try await h.call("CreateAccessKey", [("UserName", "alice")]), "CreateAccessKey")
        #expect(key.text(at: "AccessKey", "UserName") == "alice")
        #expect(key.text(at: "AccessKey", "Status") == "Active")
        #expect(key.text(at: "AccessKey", "SecretAccessKey")?.count == 40)
        let keyID = try #require(key.text(at: "AccessKey", "AccessKeyId"))
        #expect(await h.store.lookup(accessKeyID: keyID) != nil)

        let role = try H.result(
            try await h.call("CreateRole", [("RoleName", "deployer"), ("AssumeRolePolicyDocument", F.trustAccount), ("MaxSessionDuration", "7200")]),
            "CreateRole")
        #expect(role.text(at: "Role", "RoleName") == "deployer")
        #expect(role.text(at: "Role", "Arn") == "arn:aws:iam::123456789012:role/deployer")
        #expect(role.text(at: "Role", "RoleId")?.hasPrefix("AROA") == true)
        #expect(role.text(at: "Role", "MaxSessionDuration") == "7200")

        let users = try H.result(try await h.call("ListUsers"), "ListUsers")
        #expect(users.child("Users")?.children.map { $0.name } == ["member"])
        #expect(users.child("Users")?.children.first?.text(at: "UserName") == "alice")
        #expect(users.text(at: "IsTruncated") == "false")

        let keys = try H.result(try await h.call("ListAccessKeys", [("UserName", "alice")]), "ListAccessKeys")
        let member = try #require(keys.child("AccessKeyMetadata")?.children.first)
        #expect(member.name == "member" && member.text(at: "AccessKeyId") == keyID && member.text(at: "Status") == "Active")
        #expect(member.child("SecretAccessKey") == nil)
    }

    @Test("GetRole and ListRoles return the trust policy percent-encoded, as AWS does")
    func trustPolicyEncoded() async throws {
        let h = try await H.make()
        _ = try H.result(try await h.call("CreateRole", [("RoleName", "deployer"), ("Path", "/ci/"), ("AssumeRolePolicyDocument", F.trustAccount)]), "CreateRole")
        let response = try await h.call("GetRole", [("RoleName", "deployer")])
        let role = try H.result(response, "GetRole")
        let encoded = try #require(role.text(at: "Role", "AssumeRolePolicyDocument"))
        #expect(encoded.hasPrefix("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B"))
        #expect(encoded.removingPercentEncoding == F.trustAccount)
        #expect(role.text(at: "Role", "Path") == "/ci/")
        #expect(role.text(at: "Role", "Arn") == "arn:aws:iam::123456789012:role/ci/deployer")
        #expect(role.text(at: "Role", "MaxSessionDuration") == "3600")

        let newTrust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}"#
        try H.empty(try await h.call("UpdateAssumeRolePolicy", [("RoleName", "deployer"), ("PolicyDocument", newTrust)]), "UpdateAssumeRolePolicy")
        let roles = try H.result(try await h.call("ListRoles", [("PathPrefix", "/ci/")]), "ListRoles")
        #expect(roles.child("Roles")?.children.first?.text(at: "AssumeRolePolicyDocument")?.removingPercentEncoding == newTrust)
        let none = try H.result(try await h.call("ListRoles", [("PathPrefix", "/other/")]), "ListRoles")
        #expect(none.child("Roles")?.children.isEmpty == true)
    }

    @Test("a user without policies is denied with AccessDenied naming the action and resource")
    func deniedWithoutPolicy() async throws {
        let h = try await H.make()
        _ = try await h.store.createUser(name: "bob", now: F.now)
        let key = try await h.store.createAccessKey(userName: "bob", now: F.now)
        let error = try H.error(try await h.call("CreateUser", [("UserName", "carol")], as: key.credentials))
        #expect(error.status == 403 && error.code == "AccessDenied" && error.type == "Sender")
        #expect(
            error.message
                == "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::123456789012:user/carol")
        await #expect(throws: IdentityError(code: .noSuchEntity, message: "")) { try await h.store.user(named: "carol") }
        let list = try H.error(try await h.call("ListRoles", as: key.credentials))
        #expect(list.code == "AccessDenied" && list.message.hasSuffix("iam:ListRoles on resource: arn:aws:iam::123456789012:role/"))
        // Even its own user needs a policy for GetUser.
        #expect(try H.error(try await h.call("GetUser", as: key.credentials)).code == "AccessDenied")
    }

    @Test("a user with an allowing policy may act, only on the resources it names; a Deny wins")
    func allowedByPolicy() async throws {
        let h = try await H.make()
        _ = try await h.store.createUser(name: "admin", now: F.now)
        let key = try await h.store.createAccessKey(userName: "admin", now: F.now)
        let policy = #"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["iam:CreateUser","iam:GetUser","iam:PutUserPolicy","iam:CreateAccessKey","iam:ListAccessKeys"],
               "Resource":"arn:aws:iam::123456789012:user/dev-*"},
              {"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::123456789012:user/${aws:username}"},
              {"Effect":"Deny","Action":"iam:CreateUser","Resource":"arn:aws:iam::123456789012:user/dev-root"}]}
            """#
        try H.empty(try await h.call("PutUserPolicy", [("UserName", "admin"), ("PolicyName", "dev"), ("PolicyDocument", policy)]), "PutUserPolicy")

        let created = try H.result(try await h.call("CreateUser", [("UserName", "dev-1")], as: key.credentials), "CreateUser")
        #expect(created.text(at: "User", "UserName") == "dev-1")
        _ = try H.result(try await h.call("CreateAccessKey", [("UserName", "dev-1")], as: key.credentials), "CreateAccessKey")
        #expect(try H.error(try await h.call("CreateUser", [("UserName", "ops-1")], as: key.credentials)).code == "AccessDenied")
        #expect(try H.error(try await h.call("CreateUser", [("UserName", "dev-root")], as: key.credentials)).code == "AccessDenied")
        // GetUser without UserName is about the caller.
        let me = try H.result(try await h.call("GetUser", as: key.credentials), "GetUser")
        #expect(me.text(at: "User", "UserName") == "admin" && me.text(at: "User", "Arn") == "arn:aws:iam::123456789012:user/admin")
        // ListAccessKeys without UserName lists the caller's keys: not allowed on user/admin.
        #expect(try H.error(try await h.call("ListAccessKeys", as: key.credentials)).code == "AccessDenied")
    }

    @Test("GetUser without UserName for the root describes the account root")
    func rootGetUser() async throws {
        let h = try await H.make()
        let me = try H.result(try await h.call("GetUser"), "GetUser")
        #expect(me.text(at: "User", "Arn") == "arn:aws:iam::123456789012:root")
        #expect(me.text(at: "User", "UserId") == F.account)
        let keys = try H.result(try await h.call("ListAccessKeys"), "ListAccessKeys")
        #expect(keys.child("AccessKeyMetadata")?.children.first?.text(at: "AccessKeyId") == h.root.id)
    }

    @Test("NoSuchEntity, EntityAlreadyExists, MalformedPolicyDocument, LimitExceeded, DeleteConflict, ValidationError")
    func storeErrors() async throws {
        let h = try await H.make()
        let missing = try H.error(try await h.call("GetUser", [("UserName", "ghost")]))
        #expect(missing.status == 404 && missing.code == "NoSuchEntity" && missing.type == "Sender")
        #expect(missing.message == "The user with name ghost cannot be found.")
        #expect(try H.error(try await h.call("GetRole", [("RoleName", "ghost")])).code == "NoSuchEntity")
        #expect(try H.error(try await h.call("DeleteRolePolicy", [("RoleName", "ghost"), ("PolicyName", "p")])).code == "NoSuchEntity")

        _ = try H.result(try await h.call("CreateUser", [("UserName", "alice")]), "CreateUser")
        let exists = try H.error(try await h.call("CreateUser", [("UserName", "ALICE")]))
        #expect(exists.status == 409 && exists.code == "EntityAlreadyExists")

        let malformed = try H.error(
            try await h.call("PutUserPolicy", [("UserName", "alice"), ("PolicyName", "p"), ("PolicyDocument", "{not json")]))
        #expect(malformed.status == 400 && malformed.code == "MalformedPolicyDocument")
        let badTrust = try H.error(
            try await h.call("CreateRole", [("RoleName", "r"), ("AssumeRolePolicyDocument", Self.allowAllIAM)]))
        #expect(badTrust.code == "MalformedPolicyDocument")

        _ = try H.result(try await h.call("CreateAccessKey", [("UserName", "alice")]), "CreateAccessKey")
        _ = try H.result(try await h.call("CreateAccessKey", [("UserName", "alice")]), "CreateAccessKey")
        let limit = try H.error(try await h.call("CreateAccessKey", [("UserName", "alice")]))
        #expect(limit.status == 409 && limit.code == "LimitExceeded")

        let conflict = try H.error(try await h.call("DeleteUser", [("UserName", "alice")]))
        #expect(conflict.status == 409 && conflict.code == "DeleteConflict")

        let null = try H.error(try await h.call("CreateUser"))
        #expect(null.status == 400 && null.code == "ValidationError")
        #expect(null.message == "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null")
        let status = try H.error(try await h.call("UpdateAccessKey", [("UserName", "alice"), ("AccessKeyId", "AKIA0000000000000000"), ("Status", "On")]))
        #expect(status.code == "ValidationError")
    }

    @Test("keys are updated and deleted, users, roles and policies deleted; an inactive key is refused")
    func lifecycle() async throws {
        let h = try await H.make()
        _ = try H.result(try await h.call("CreateUser", [("UserName", "alice")]), "CreateUser")
        let key = try await h.store.createAccessKey(userName: "alice", now: F.now)
        try H.empty(try await h.call("PutUserPolicy", [("UserName", "alice"), ("PolicyName", "all"), ("PolicyDocument", Self.allowAllIAM)]), "PutUserPolicy")
        // alice may now manage her own key; without UserName the key is hers.
        try H.empty(try await h.call("UpdateAccessKey", [("AccessKeyId", key.id), ("Status", "Inactive")], as: key.credentials), "UpdateAccessKey")
        #expect(try await h.store.accessKeys(userName: "alice").first?.status == .inactive)
        let refused = try H.error(try await h.call("GetUser", as: key.credentials))
        #expect(refused.status == 403 && refused.code == "InvalidClientTokenId")

        try H.empty(try await h.call("DeleteAccessKey", [("UserName", "alice"), ("AccessKeyId", key.id)]), "DeleteAccessKey")
        try H.empty(try await h.call("DeleteUserPolicy", [("UserName", "alice"), ("PolicyName", "all")]), "DeleteUserPolicy")
        try H.empty(try await h.call("DeleteUser", [("UserName", "alice")]), "DeleteUser")
        #expect(await h.store.users().isEmpty)

        _ = try H.result(try await h.call("CreateRole", [("RoleName", "r"), ("AssumeRolePolicyDocument", F.trustAccount)]), "CreateRole")
        try H.empty(try await h.call("PutRolePolicy", [("RoleName", "r"), ("PolicyName", "p"), ("PolicyDocument", Self.allowAllIAM)]), "PutRolePolicy")
        #expect(try H.error(try await h.call("DeleteRole", [("RoleName", "r")])).code == "DeleteConflict")
        try H.empty(try await h.call("DeleteRolePolicy", [("RoleName", "r"), ("PolicyName", "p")]), "DeleteRolePolicy")
        try H.empty(try await h.call("DeleteRole", [("RoleName", "r")]), "DeleteRole")
        #expect(await h.store.roles().isEmpty)
    }

    @Test("a role session is authorized by the role's policies and must name the user of key actions")
    func roleSession() async throws {
        let h = try await H.make()
        _ = try await h.store.createRole(name: "admin", trustPolicy: F.trustAccount, now: F.now)
        try await h.store.putRolePolicy(roleName: "admin", policyName: "all", document: Self.allowAllIAM)
        let session = try await h.store.issueTemporaryCredentials(roleName: "admin", sessionName: "s", duration: 3600, now: F.now)
        let credentials = AWSCredentials(accessKeyID: session.accessKeyID, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken)
        _ = try H.result(try await h.call("CreateUser", [("UserName", "made-by-role")], as: credentials), "CreateUser")
        let error = try H.error(try await h.call("ListAccessKeys", as: credentials))
        #expect(error.code == "ValidationError" && error.message == "Must specify userName when calling with non-User credentials")
    }

    @Test("ListUsers pages with MaxItems and Marker")
    func pagination() async throws {
        let h = try await H.make()
        for name in ["a", "b", "c"] { _ = try await h.store.createUser(name: name, now: F.now) }
        let first = try H.result(try await h.call("ListUsers", [("MaxItems", "2")]), "ListUsers")
        #expect(first.child("Users")?.children.compactMap { $0.text(at: "UserName") } == ["a", "b"])
        #expect(first.text(at: "IsTruncated") == "true")
        let marker = try #require(first.text(at: "Marker"))
        let second = try H.result(try await h.call("ListUsers", [("MaxItems", "2"), ("Marker", marker)]), "ListUsers")
        #expect(second.child("Users")?.children.compactMap { $0.text(at: "UserName") } == ["c"])
        #expect(second.text(at: "IsTruncated") == "false" && second.child("Marker") == nil)
        #expect(try H.error(try await h.call("ListUsers", [("MaxItems", "0")])).code == "ValidationError")
    }

    @Test("authentication: unsigned, wrong service scope, unknown key; unknown action and version")
    func authenticationAndActions() async throws {
        let h = try await H.make()
        let unsigned = try SigV4Request(
            method: "POST", url: H.endpoint, headers: [HeaderField("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("Action=ListUsers&Version=2010-05-08".utf8))
        #expect(try H.error(await h.service.handle(unsigned, now: F.now)).code == "MissingAuthenticationToken")
        let stsScoped = try H.post("ListUsers", credentials: h.root.credentials, service: "sts")
        let scope = try H.error(await h.service.handle(stsScoped, now: F.now))
        #expect(scope.status == 403 && scope.code == "SignatureDoesNotMatch")
        #expect(scope.message == "Credential should be scoped to correct service: 'iam'.")
        let region = try H.error(await h.service.handle(try H.post("ListUsers", credentials: h.root.credentials, region: "eu-west-1"), now: F.now))
        #expect(region.code == "SignatureDoesNotMatch")
        let unknown = AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        #expect(try H.error(try await h.call("ListUsers", as: unknown)).code == "InvalidClientTokenId")
        let action = try H.error(try await h.call("CreateGroup", [("GroupName", "g")]))
        #expect(action.status == 400 && action.code == "InvalidAction")
        let version = try H.error(await h.service.handle(try H.post("ListUsers", credentials: h.root.credentials, version: "2011-06-15"), now: F.now))
        #expect(version.code == "InvalidAction")
    }
}
