@testable import AWSCore
import Foundation
import LocalAWS
import SigV4
import Testing

/// Builds signed requests as clients send them and reads answers with AWSCore's STS parser.
struct STSHarness {
    typealias F = IdentityFixtures
    static let endpoint = "https://sts.us-east-1.amazonaws.com/"
    static let region = "us-east-1"

    let store: IdentityStore
    let service: STSService
    let root: AccessKey
    let user: IAMUser
    let userKey: AccessKey
    let role: IAMRole

    /// A store with root keys, user `alice` (one key, allowed to assume any role) and role `deployer`
    /// (path `/ci/`, trusting the account, sessions up to 2 hours).
    static func make(trustPolicy: String = F.trustAccount) async throws -> STSHarness {
        let store = try F.store()
        let root = try await store.bootstrap(now: F.now)
        let user = try await store.createUser(name: "alice", now: F.now)
        let userKey = try await store.createAccessKey(userName: "alice", now: F.now)
        try await store.putUserPolicy(userName: "alice", policyName: "assume", document: F.allowAssumeAll)
        let role = try await store.createRole(name: "deployer", path: "/ci/", trustPolicy: trustPolicy, maxSessionDuration: 7200, now: F.now)
        let service = STSService(store: store, requestID: { "c6104cbe-af31-11e0-8154-cbc7ccf896c7" })
        return STSHarness(store: store, service: service, root: root, user: user, userKey: userKey, role: role)
    }

    /// A header-signed form POST, as the AWS CLI sends it (botocore's form encoding: a space is `+`).
    static func post(
        _ action: String, _ parameters: [(String, String)] = [], credentials: AWSCredentials, date: Date = F.now,
        headers: [HeaderField] = []
    ) throws -> SigV4Request {
        func encode(_ value: String) -> String { PercentEncoding.encodeQueryComponent(value).replacingOccurrences(of: "%20", with: "+") }
        let body = ([("Action", action), ("Version", "2011-06-15")] + parameters).map { encode($0.0) + "=" + encode($0.1) }
            .joined(separator: "&")
        let unsigned = try SigV4Request(
            method: "POST", url: endpoint,
            headers: [HeaderField("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")] + headers, body: Array(body.utf8))
        let signed = SigV4Signer(credentials: credentials, region: region, service: "sts").signHeaders(unsigned, date: date)
        return try SigV4Request(method: "POST", receivedURL: signed.url, headers: signed.headers, body: signed.body)
    }

    /// An EKS-token style presigned `GetCallerIdentity` URL signing `x-k8s-aws-id: cluster`, as received
    /// with `x-k8s-aws-id: replayedCluster` (nil: the header is not sent).
    static func presigned(credentials: AWSCredentials, cluster: String, replayedCluster: String?, date: Date = F.now) throws -> SigV4Request {
        let unsigned = try SigV4Request(
            method: "GET", url: endpoint + "?Action=GetCallerIdentity&Version=2011-06-15", headers: [HeaderField("x-k8s-aws-id", cluster)])
        let url = SigV4Signer(credentials: credentials, region: region, service: "sts").presignedURL(unsigned, expires: 60, date: date)
        return try SigV4Request(method: "GET", receivedURL: url, headers: replayedCluster.map { [HeaderField("x-k8s-aws-id", $0)] } ?? [])
    }

    /// The `<Action>Result` of a success, read by the STS client's XML reader.
    static func result(_ response: STSResponse, _ action: String) throws -> AWSCore.XMLElement {
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/xml")
        let root = try XMLReader.parse(response.body)
        #expect(root.name == action + "Response")
        #expect(root.text(at: "ResponseMetadata", "RequestId") == "c6104cbe-af31-11e0-8154-cbc7ccf896c7")
        return try #require(root.child(action + "Result"))
    }

    /// A caller identity read exactly as `STSClient.getCallerIdentity` reads it.
    static func callerIdentity(_ response: STSResponse) throws -> CallerIdentity {
        let result = try result(response, "GetCallerIdentity")
        return CallerIdentity(
            arn: try #require(result.text(at: "Arn")), userID: try #require(result.text(at: "UserId")),
            account: try #require(result.text(at: "Account")))
    }

    /// The error the STS client makes of a failure.
    static func error(_ response: STSResponse, _ action: String = "GetCallerIdentity") -> STSError {
        STSClient.serviceError(
            from: HTTPFetch.Response(status: response.status, headers: response.headers.map { ($0.name, $0.value) }, body: response.body),
            action: action)
    }

    func assumeRole(
        _ parameters: [(String, String)], credentials: AWSCredentials? = nil, date: Date = F.now
    ) async throws -> STSResponse {
        await service.handle(try Self.post("AssumeRole", parameters, credentials: credentials ?? userKey.credentials, date: date), now: date)
    }
}

@Suite("STS service")
struct STSServiceTests {
    typealias F = IdentityFixtures
    typealias H = STSHarness

    // MARK: GetCallerIdentity

    @Test("GetCallerIdentity (header-signed POST) for a user, the root and a role session, parsed by the STS client")
    func getCallerIdentity() async throws {
        let h = try await H.make()
        let userResponse = await h.service.handle(try H.post("GetCallerIdentity", credentials: h.userKey.credentials), now: F.now)
        #expect(userResponse.header("x-amzn-RequestId") == "c6104cbe-af31-11e0-8154-cbc7ccf896c7")
        #expect(try H.callerIdentity(userResponse) == CallerIdentity(arn: "arn:aws:iam::123456789012:user/alice", userID: h.user.id, account: F.account))

        let rootResponse = await h.service.handle(try H.post("GetCallerIdentity", credentials: h.root.credentials), now: F.now)
        #expect(try H.callerIdentity(rootResponse) == CallerIdentity(arn: "arn:aws:iam::123456789012:root", userID: F.account, account: F.account))

        let assumed = try await h.assumeRole([("RoleArn", h.role.arn), ("RoleSessionName", "build-7")])
        let session = try STSClient.assumedRole(from: try H.result(assumed, "AssumeRole"), action: "AssumeRole", status: 200)
        let sessionResponse = await h.service.handle(
            try H.post("GetCallerIdentity", credentials: session.credentials, date: F.now.addingTimeInterval(60)), now: F.now.addingTimeInterval(60))
        #expect(
            try H.callerIdentity(sessionResponse)
                == CallerIdentity(arn: "arn:aws:sts::123456789012:assumed-role/deployer/build-7", userID: "\(h.role.id):build-7", account: F.account))
    }

    struct JSONIdentity: Decodable {
        struct Response: Decodable {
            struct Result: Decodable {
                var Account: String
                var Arn: String
                var UserId: String
            }
            struct Metadata: Decodable { var RequestId: String }
            var GetCallerIdentityResult: Result
            var ResponseMetadata: Metadata
        }
        var GetCallerIdentityResponse: Response
    }

    @Test("GetCallerIdentity answers JSON, in the shape aws-iam-authenticator parses, when asked with Accept: application/json")
    func getCallerIdentityJSON() async throws {
        let h = try await H.make()
        var request = try H.presigned(credentials: h.userKey.credentials, cluster: "prod", replayedCluster: "prod")
        request.headers.append(HeaderField("Accept", "application/json"))
        let response = await h.service.handle(request, now: F.now)
        #expect(response.status == 200 && response.header("Content-Type") == "application/json")
        let decoded = try JSONDecoder().decode(JSONIdentity.self, from: Data(response.body)).GetCallerIdentityResponse
        #expect(decoded.GetCallerIdentityResult.Arn == h.user.arn)
        #expect(decoded.GetCallerIdentityResult.UserId == h.user.id)
        #expect(decoded.GetCallerIdentityResult.Account == F.account)
        #expect(decoded.ResponseMetadata.RequestId == "c6104cbe-af31-11e0-8154-cbc7ccf896c7")

        let unsigned = try SigV4Request(method: "GET", receivedURL: H.endpoint + "?Action=GetCallerIdentity&Version=2011-06-15",
                                        headers: [HeaderField("Accept", "application/json")])
        let failure = await h.service.handle(unsigned, now: F.now)
        #expect(failure.status == 403 && failure.header("Content-Type") == "application/json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(failure.body)) as? [String: Any])
        #expect((object["Error"] as? [String: Any])?["Code"] as? String == "MissingAuthenticationToken")
    }

    @Test("a presigned GetCallerIdentity URL that signs x-k8s-aws-id verifies only with that header replayed, for 15 minutes")
    func presignedEKSToken() async throws {
        let h = try await H.make()
        let credentials = h.userKey.credentials
        let ok = await h.service.handle(try H.presigned(credentials: credentials, cluster: "prod", replayedCluster: "prod"), now: F.now)
        #expect(try H.callerIdentity(ok).arn == h.user.arn)
        // X-Amz-Expires is 60, but STS honours the URL for 15 minutes.
        let late = await h.service.handle(
            try H.presigned(credentials: credentials, cluster: "prod", replayedCluster: "prod"), now: F.now.addingTimeInterval(14 * 60))
        #expect(late.status == 200)

        let cases: [(SigV4Request, Date, String)] = [
            (try H.presigned(credentials: credentials, cluster: "prod", replayedCluster: "staging"), F.now, "SignatureDoesNotMatch"),
            (try H.presigned(credentials: credentials, cluster: "prod", replayedCluster: nil), F.now, "SignatureDoesNotMatch"),
            (try H.presigned(credentials: credentials, cluster: "prod", replayedCluster: "prod"), F.now.addingTimeInterval(16 * 60), "SignatureDoesNotMatch"),
        ]
        for (request, now, code) in cases {
            let response = await h.service.handle(request, now: now)
            #expect(response.status == 403)
            #expect(H.error(response).code == code)
        }
        // A token made from role-session credentials carries X-Amz-Security-Token in its query.
        let assumed = try await h.assumeRole([("RoleArn", h.role.arn), ("RoleSessionName", "node-1")])
        let session = try STSClient.assumedRole(from: try H.result(assumed, "AssumeRole"), action: "AssumeRole", status: 200)
        let sessionToken = try H.presigned(credentials: session.credentials, cluster: "prod", replayedCluster: "prod")
        #expect(sessionToken.query.contains { $0.name == "X-Amz-Security-Token" })
        #expect(try H.callerIdentity(await h.service.handle(sessionToken, now: F.now)).arn == session.arn)

        let expired = await h.service.handle(
            try H.presigned(credentials: credentials, cluster: "prod", replayedCluster: "prod"), now: F.now.addingTimeInterval(16 * 60))
        #expect(H.error(expired).message.contains("Signature expired"))
    }

    // MARK: Authentication failures

    @Test("authentication failures answer with AWS's codes and never echo a secret or a session token")
    func authenticationFailures() async throws {
        let h = try await H.make()
        let assumed = try await h.assumeRole([("RoleArn", h.role.arn), ("RoleSessionName", "s1"), ("DurationSeconds", "900")])
        let session = try STSClient.assumedRole(from: try H.result(assumed, "AssumeRole"), action: "AssumeRole", status: 200).credentials
        var stripped = session
        stripped.sessionToken = nil
        var otherToken = session
        otherToken.sessionToken = "IQoJb3JpZ2luX2VjEnotthetoken"

        let inactiveKey = try await h.store.createAccessKey(userName: "alice", now: F.now)
        try await h.store.updateAccessKey(id: inactiveKey.id, userName: "alice", status: .inactive)

        let wrongSecret = AWSCredentials(accessKeyID: h.userKey.id, secretAccessKey: String(repeating: "x", count: 40))
        let unknown = AWSCredentials(accessKeyID: "AKIAUNKNOWNKEY000000", secretAccessKey: h.userKey.secret)
        let cases: [(String, SigV4Request, Date, String, Int)] = [
            ("wrong secret", try H.post("GetCallerIdentity", credentials: wrongSecret), F.now, "SignatureDoesNotMatch", 403),
            ("unknown key", try H.post("GetCallerIdentity", credentials: unknown), F.now, "InvalidClientTokenId", 403),
            ("inactive key", try H.post("GetCallerIdentity", credentials: inactiveKey.credentials), F.now, "InvalidClientTokenId", 403),
            ("stripped session token", try H.post("GetCallerIdentity", credentials: stripped), F.now, "InvalidClientTokenId", 403),
            ("another session token", try H.post("GetCallerIdentity", credentials: otherToken), F.now, "InvalidClientTokenId", 403),
            ("expired session", try H.post("GetCallerIdentity", credentials: session, date: F.now.addingTimeInterval(901)),
             F.now.addingTimeInterval(901), "ExpiredToken", 403),
            ("clock skew", try H.post("GetCallerIdentity", credentials: h.userKey.credentials), F.now.addingTimeInterval(16 * 60),
             "SignatureDoesNotMatch", 403),
            ("no signature", try SigV4Request(method: "POST", receivedURL: H.endpoint, headers: [HeaderField("Content-Type", "application/x-www-form-urlencoded")],
                                              body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8)), F.now, "MissingAuthenticationToken", 403),
            ("unknown action", try H.post("GetSessionToken", credentials: h.userKey.credentials), F.now, "InvalidAction", 400),
            ("no action", try SigV4Request(method: "GET", receivedURL: H.endpoint), F.now, "InvalidAction", 400),
        ]
        for (name, request, now, code, status) in cases {
            let response = await h.service.handle(request, now: now)
            let error = H.error(response)
            #expect(response.status == status, "\(name)")
            #expect(error.code == code, "\(name): \(error.message)")
            #expect(error.faultType == "Sender", "\(name)")
            #expect(error.requestID == "c6104cbe-af31-11e0-8154-cbc7ccf896c7", "\(name)")
            for secret in [session.secretAccessKey, session.sessionToken!, h.userKey.secret, inactiveKey.secret] {
                #expect(!response.text.contains(secret), "\(name)")
            }
        }
    }

    @Test("the error body is STS's ErrorResponse")
    func errorShape() async throws {
        let h = try await H.make()
        let response = await h.service.handle(try H.post("Nope", credentials: h.userKey.credentials), now: F.now)
        #expect(
            response.text == #"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>"#
                + "<Code>InvalidAction</Code><Message>Could not find operation Nope for version 2011-06-15</Message></Error>"
                + "<RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>\n")
    }

    // MARK: AssumeRole

    @Test("AssumeRole returns credentials and the assumed-role user, parsed by the STS client, and they work")
    func assumeRole() async throws {
        let h = try await H.make()
        let response = try await h.assumeRole([
            ("RoleArn", h.role.arn), ("RoleSessionName", "user@example.com"), ("DurationSeconds", "7200"), ("SourceIdentity", "alice"),
        ])
        let result = try H.result(response, "AssumeRole")
        #expect(result.child("PackedPolicySize") == nil)
        let assumed = try STSClient.assumedRole(from: result, action: "AssumeRole", status: 200)
        #expect(assumed.arn == "arn:aws:sts::123456789012:assumed-role/deployer/user@example.com")
        #expect(assumed.assumedRoleID == "\(h.role.id):user@example.com")
        #expect(assumed.sourceIdentity == "alice")
        #expect(assumed.credentials.accessKeyID.hasPrefix("ASIA") && assumed.credentials.accessKeyID.count == 20)
        #expect(assumed.credentials.expiration == F.now.addingTimeInterval(7200))
        let stored = try #require(await h.store.temporaryCredentials(accessKeyID: assumed.credentials.accessKeyID))
        #expect(stored.credentials == assumed.credentials && stored.roleARN == h.role.arn)

        // The root may assume a role that trusts its account, with no identity policy.
        let byRoot = try await h.assumeRole([("RoleArn", h.role.arn), ("RoleSessionName", "root-session")], credentials: h.root.credentials)
        #expect(byRoot.status == 200)
        // The session may chain into a role for up to an hour when the role's own policies allow it,
        // and keeps its source identity.
        let chainDenied = try await h.assumeRole([("RoleArn", h.role.arn), ("RoleSessionName", "chained")], credentials: assumed.credentials)
        #expect(H.error(chainDenied, "AssumeRole").code == "AccessDenied")
        try await h.store.putRolePolicy(roleName: "deployer", policyName: "chain", document: F.allowAssumeAll)
        let chained = try await h.assumeRole(
            [("RoleArn", h.role.arn), ("RoleSessionName", "chained"), ("DurationSeconds", "3600")], credentials: assumed.credentials)
        let chainedRole = try STSClient.assumedRole(from: try H.result(chained, "AssumeRole"), action: "AssumeRole", status: 200)
        #expect(chainedRole.sourceIdentity == "alice")
    }

    @Test("AssumeRole is denied as AWS words it when the trust and identity policies do not allow, or the role does not exist")
    func assumeRoleDenied() async throws {
        let h = try await H.make()
        try await h.store.deleteUserPolicy(userName: "alice", policyName: "assume")
        // The trust policy trusts the account only: alice's identity policies must allow too.
        let denied = try await h.assumeRole([("RoleArn", h.role.arn), ("RoleSessionName", "s1")])
        #expect(denied.status == 403)
        let error = H.error(denied, "AssumeRole")
        #expect(error.code == "AccessDenied")
        #expect(
            error.message == "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on resource: "
                + "arn:aws:iam::123456789012:role/ci/deployer")

        try await h.store.putUserPolicy(userName: "alice", policyName: "assume", document: F.allowAssumeAll)
        let missing = try await h.assumeRole([("RoleArn", "arn:aws:iam::123456789012:role/ghost"), ("RoleSessionName", "s1")])
        #expect(H.error(missing, "AssumeRole").code == "AccessDenied" && missing.status == 403)
        let withoutPath = try await h.assumeRole([("RoleArn", "arn:aws:iam::123456789012:role/deployer"), ("RoleSessionName", "s1")])
        #expect(H.error(withoutPath, "AssumeRole").code == "AccessDenied")

        // An explicit deny in the trust policy wins.
        try await h.store.updateTrustPolicy(
            roleName: "deployer",
            document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"},"#
                + #"{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"sts:AssumeRole"}]}"#)
        let explicit = try await h.assumeRole([("RoleArn", h.role.arn), ("RoleSessionName", "s1")])
        #expect(H.error(explicit, "AssumeRole").code == "AccessDenied")
    }

    @Test("ExternalId reaches the trust policy as sts:ExternalId")
    func externalID() async throws {
        let trust = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"#
            + #""Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"Unique:ID-42"}}}}"#
        let h = try await H.make(trustPolicy: trust)
        try await h.store.deleteUserPolicy(userName: "alice", policyName: "assume")  // the trust policy names alice: enough
        let ok = try await h.assumeRole([("RoleArn", h.role.arn), ("RoleSessionName", "s1"), ("ExternalId", "Unique:ID-42")])
        #expect(ok.status == 200)
        for parameters in [[("ExternalId", "Unique:ID-43")], []] {
            let response = try await h.assumeRole([("RoleArn", h.role.arn), ("RoleSessionName", "s1")] + parameters)
            #expect(H.error(response, "AssumeRole").code == "AccessDenied")
        }
    }

    struct ValidationCase: Sendable, CustomTestStringConvertible {
        var name: String
        var parameters: [String: String]
        var chained = false
        var message: String
        var testDescription: String { name }
    }

    static let roleARN = "arn:aws:iam::123456789012:role/ci/deployer"

    @Test("AssumeRole rejects bad parameters with ValidationError", arguments: [
        ValidationCase(name: "no RoleArn", parameters: ["RoleSessionName": "s1"], message: "Value null at 'roleArn'"),
        ValidationCase(name: "no session name", parameters: ["RoleArn": roleARN], message: "Value null at 'roleSessionName'"),
        ValidationCase(name: "session name too short", parameters: ["RoleArn": roleARN, "RoleSessionName": "s"], message: "length between 2 and 64"),
        ValidationCase(name: "session name too long", parameters: ["RoleArn": roleARN, "RoleSessionName": String(repeating: "s", count: 65)],
                       message: "length between 2 and 64"),
        ValidationCase(name: "space in session name (form + decodes to a space)", parameters: ["RoleArn": roleARN, "RoleSessionName": "my session"],
                       message: "Value 'my session' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern"),
        ValidationCase(name: "colon in session name", parameters: ["RoleArn": roleARN, "RoleSessionName": "a:b"], message: "regular expression"),
        ValidationCase(name: "duration below 900", parameters: ["RoleArn": roleARN, "RoleSessionName": "s1", "DurationSeconds": "899"],
                       message: "greater than or equal to 900"),
        ValidationCase(name: "duration above 43200", parameters: ["RoleArn": roleARN, "RoleSessionName": "s1", "DurationSeconds": "43201"],
                       message: "less than or equal to 43200"),
        ValidationCase(name: "duration not a number", parameters: ["RoleArn": roleARN, "RoleSessionName": "s1", "DurationSeconds": "1h"],
                       message: "not an integer"),
        ValidationCase(name: "duration above the role's maximum", parameters: ["RoleArn": roleARN, "RoleSessionName": "s1", "DurationSeconds": "7201"],
                       message: "exceeds the MaxSessionDuration set for this role"),
        ValidationCase(name: "role chaining above an hour", parameters: ["RoleArn": roleARN, "RoleSessionName": "s1", "DurationSeconds": "3601"],
                       chained: true, message: "1 hour session limit for roles assumed by role chaining"),
        ValidationCase(name: "external id too short", parameters: ["RoleArn": roleARN, "RoleSessionName": "s1", "ExternalId": "x"],
                       message: "'externalId'"),
        ValidationCase(name: "bad source identity", parameters: ["RoleArn": roleARN, "RoleSessionName": "s1", "SourceIdentity": "a b"],
                       message: "'sourceIdentity'"),
    ])
    func assumeRoleValidation(_ c: ValidationCase) async throws {
        let h = try await H.make()
        var credentials = h.userKey.credentials
        if c.chained {
            let first = try await h.assumeRole([("RoleArn", h.role.arn), ("RoleSessionName", "first")])
            credentials = try STSClient.assumedRole(from: try H.result(first, "AssumeRole"), action: "AssumeRole", status: 200).credentials
        }
        let response = try await h.assumeRole(c.parameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, credentials: credentials)
        #expect(response.status == 400)
        let error = H.error(response, "AssumeRole")
        #expect(error.code == "ValidationError")
        #expect(error.message.contains(c.message), "\(error.message)")
    }
}
