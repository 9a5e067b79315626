@testable import AWSCore
import AsyncHTTPClient
import Foundation
import SigV4
import Synchronization
import Testing

@Suite("STS XML and errors")
struct STSXMLTests {
    @Test("entities, character references, CDATA, comments and namespace prefixes")
    func xmlText() throws {
        let document = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- leading comment -->
            <ns:Root xmlns:ns="https://sts.amazonaws.com/doc/2011-06-15/" a='1'>
              <Value>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#65;&#x42; caf\u{E9}</Value>
              <Data><![CDATA[<not & parsed>]]></Data>
              <Empty/>
              <!-- inner --><Nested><Deep>x</Deep></Nested>
            </ns:Root>
            """
        let root = try XMLReader.parse(Array(document.utf8))
        #expect(root.name == "Root")
        #expect(root.text(at: "Value") == "a & b <c> \"d\" 'e' AB caf\u{E9}")
        #expect(root.text(at: "Data") == "<not & parsed>")
        #expect(root.text(at: "Empty") == "")
        #expect(root.text(at: "Nested", "Deep") == "x")
        #expect(root.first(named: "Deep")?.text == "x")
    }

    @Test("malformed documents are rejected", arguments: [
        "", "<a>", "<a></b>", "<a>&bogus;</a>", "<a>x & y</a>", "<a><![CDATA[x</a>", "<a/><b/>", "<!DOCTYPE a [<!ENTITY x 'y'>]><a/>", "text",
    ])
    func malformed(_ document: String) {
        #expect(throws: XMLReader.ParseError.self) { try XMLReader.parse(Array(document.utf8)) }
    }

    @Test("AWS ErrorResponse", arguments: [
        // As AWS sends it.
        """
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>Incorrect token audience &amp; more</Message></Error>
          <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
        </ErrorResponse>
        """,
        // As moto sends it (an extra <Errors> level, no request id).
        """
        <?xml version="1.0" encoding="utf-8"?>
        <ErrorResponse><Errors><Error><Code>InvalidIdentityToken</Code><Message>Incorrect token audience &amp; more</Message><Type>Sender</Type></Error></Errors></ErrorResponse>
        """,
    ])
    func errorResponse(_ body: String) {
        let error = STSClient.serviceError(from: HTTPFetch.Response(status: 400, headers: [], body: Array(body.utf8)), action: "AssumeRoleWithWebIdentity")
        #expect(error.code == "InvalidIdentityToken")
        #expect(error.message == "Incorrect token audience & more")
        #expect(error.httpStatus == 400)
        #expect(error.faultType == "Sender")
        #expect(error.isServiceError)
        #expect(error.description.hasPrefix("STS AssumeRoleWithWebIdentity failed: InvalidIdentityToken (HTTP 400): Incorrect token audience & more"))
    }

    @Test("an error body that is not an ErrorResponse: the status is the code, as in botocore")
    func nonXMLError() {
        let error = STSClient.serviceError(from: HTTPFetch.Response(status: 503, headers: [], body: Array("Service Unavailable".utf8)), action: "GetCallerIdentity")
        #expect(error.code == "503")
        #expect(error.message == "Service Unavailable")
    }

    @Test("an AssumeRoleWithWebIdentity result with every field")
    func webIdentityResult() throws {
        let body = """
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <SubjectFromWebIdentityToken>system:serviceaccount:default:axess</SubjectFromWebIdentityToken>
                <Audience>sts.amazonaws.com</Audience>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::123456789012:assumed-role/axess-worker/test-session</Arn>
                  <AssumedRoleId>AROAEXAMPLE:test-session</AssumedRoleId>
                </AssumedRoleUser>
                <Provider>oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE</Provider>
                <Credentials>
                  <SessionToken>token+/=</SessionToken><SecretAccessKey>secret</SecretAccessKey>
                  <AccessKeyId>ASIAEXAMPLE</AccessKeyId><Expiration>2030-01-01T00:00:00Z</Expiration>
                </Credentials>
                <PackedPolicySize>6</PackedPolicySize>
                <SourceIdentity>me</SourceIdentity>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>
            """
        let root = try XMLReader.parse(Array(body.utf8))
        let role = try STSClient.assumedRole(from: try #require(root.child("AssumeRoleWithWebIdentityResult")), action: "AssumeRoleWithWebIdentity", status: 200)
        #expect(role == AssumedRole(
            credentials: AWSCredentials(
                accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "token+/=", expiration: ISO8601Timestamp.parse("2030-01-01T00:00:00Z")
            ),
            arn: "arn:aws:sts::123456789012:assumed-role/axess-worker/test-session",
            assumedRoleID: "AROAEXAMPLE:test-session",
            subjectFromWebIdentityToken: "system:serviceaccount:default:axess",
            audience: "sts.amazonaws.com",
            provider: "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE",
            packedPolicySize: 6,
            sourceIdentity: "me"
        ))
        #expect(role.accountID == "123456789012")
    }

    @Test("the request body and signature are byte-identical to botocore's")
    func requestMatchesBotocore() async throws {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "session/token+=")
        let client = STSClient(httpClient: HTTPClient.shared, endpoint: STSEndpoint(url: "https://sts.eu-west-1.amazonaws.com/", signingRegion: "eu-west-1"))
        let parameters = [
            ("RoleArn", "arn:aws:iam::123456789012:role/dev"), ("RoleSessionName", "me@corp.com,x=1"), ("DurationSeconds", "900"),
            ("ExternalId", "ext id/1"), ("SerialNumber", "arn:aws:iam::123456789012:mfa/alice"), ("TokenCode", "123456"),
        ]
        let request = try client.request(action: "AssumeRole", parameters: parameters, credentials: credentials, date: Date(timeIntervalSince1970: 1_704_164_645))
        #expect(request.url == "https://sts.eu-west-1.amazonaws.com/")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(request.header("X-Amz-Date") == "20240102T030405Z")
        #expect(request.header("X-Amz-Security-Token") == "session/token+=")

        let script = #"""
import datetime, json, botocore.auth, botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
FROZEN = datetime.datetime(2024, 1, 2, 3, 4, 5)
botocore.auth.get_current_datetime = lambda remove_tzinfo=True: FROZEN if remove_tzinfo else FROZEN.replace(tzinfo=datetime.timezone.utc)
client = botocore.session.get_session().create_client(
    "sts", region_name="eu-west-1", aws_access_key_id="AKIDEXAMPLE",
    aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", aws_session_token="session/token+=")
captured = {}
class Stop(Exception):
    pass
def capture(request, **kwargs):
    captured["url"] = request.url
    captured["body"] = request.body.decode() if isinstance(request.body, bytes) else request.body
    captured["content-type"] = request.headers["Content-Type"].decode() if isinstance(request.headers["Content-Type"], bytes) else request.headers["Content-Type"]
    raise Stop()
client.meta.events.register("before-send.sts.AssumeRole", capture)
try:
    client.assume_role(RoleArn="arn:aws:iam::123456789012:role/dev", RoleSessionName="me@corp.com,x=1", DurationSeconds=900,
                       ExternalId="ext id/1", SerialNumber="arn:aws:iam::123456789012:mfa/alice", TokenCode="123456")
except Stop:
    pass
request = AWSRequest(method="POST", url=captured["url"], data=captured["body"], headers={"Content-Type": captured["content-type"]})
SigV4Auth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session/token+="), "sts", "eu-west-1").add_auth(request)
captured["authorization"] = request.headers["Authorization"]
print(json.dumps(captured))
"""#
        let output = try await CredentialTestSupport.runPython(script)
        let botocore = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: String])
        #expect(botocore["url"] == request.url)
        #expect(botocore["body"] == String(decoding: request.body, as: UTF8.self))
        #expect(botocore["content-type"] == request.header("Content-Type"))
        #expect(botocore["authorization"] == request.header("Authorization"))
    }

    @Test("transport failures, timeouts and bodies that are not STS answers")
    func localFailures() async throws {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        let failFast = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        var refused = STSClient(httpClient: failFast, endpoint: STSEndpoint(url: "http://127.0.0.1:1", signingRegion: "us-east-1"))
        refused.timeout = .seconds(5)
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "not-in-any-message")
        let transport = try await #require(throws: STSError.self) { try await refused.getCallerIdentity(credentials: credentials) }
        try await failFast.shutdown()
        #expect(transport.code == STSError.transportFailureCode)
        #expect(transport.message.lowercased().contains("refused"), "\(transport.message)")
        #expect(transport.httpStatus == nil)
        #expect(!transport.isServiceError)

        let server = try await FakeMetadataServer.start()
        defer { server.stop() }
        var slow = STSClient(httpClient: HTTPClient.shared, endpoint: STSEndpoint(url: server.baseURL + "/slow/x", signingRegion: "us-east-1"))
        slow.timeout = .seconds(1)
        let timeout = try await #require(throws: STSError.self) { try await slow.getCallerIdentity(credentials: credentials) }
        #expect(timeout.code == STSError.timeoutCode)

        let garbage = STSClient(httpClient: HTTPClient.shared, endpoint: STSEndpoint(url: server.baseURL + "/sts-garbage", signingRegion: "us-east-1"))
        let malformed = try await #require(throws: STSError.self) { try await garbage.getCallerIdentity(credentials: credentials) }
        #expect(malformed.code == STSError.malformedResponseCode)
        #expect(malformed.httpStatus == 200)

        let unavailable = STSClient(httpClient: HTTPClient.shared, endpoint: STSEndpoint(url: server.baseURL + "/sts-error", signingRegion: "us-east-1"))
        let status = try await #require(throws: STSError.self) { try await unavailable.getCallerIdentity(credentials: credentials) }
        #expect(status.code == "503")
        #expect(status.httpStatus == 503)
        for error in [transport, timeout, malformed, status] {
            #expect(!error.message.contains("not-in-any-message"))
        }
    }
}

/// Against the real moto server (`python3 -m moto.server`), started and stopped by each test.
@Suite("STS client and chain against moto", .serialized)
struct STSClientTests {
    static let account = "123456789012"

    @Test("GetCallerIdentity, AssumeRole, AssumeRoleWithWebIdentity, and AWS error codes")
    func stsAgainstMoto() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let keys = try await moto.setUp(users: ["alice"])
        let alice = try #require(keys["alice"])
        let aliceCredentials = AWSCredentials(accessKeyID: alice.AccessKeyId, secretAccessKey: alice.SecretAccessKey)
        let sts = STSClient(httpClient: HTTPClient.shared, endpoint: moto.endpoint)

        let identity = try await sts.getCallerIdentity(credentials: aliceCredentials)
        #expect(identity.arn == "arn:aws:iam::\(Self.account):user/alice")
        #expect(identity.account == Self.account)
        #expect(!identity.userID.isEmpty)

        let assumed = try await sts.assumeRole(
            credentials: aliceCredentials, roleARN: "arn:aws:iam::\(Self.account):role/dev", sessionName: "unit-session",
            externalID: "ext", durationSeconds: 900
        )
        #expect(assumed.credentials.accessKeyID.hasPrefix("ASIA"))
        #expect(assumed.credentials.sessionToken?.isEmpty == false)
        #expect(assumed.credentials.expiration != nil)
        #expect(assumed.arn == "arn:aws:sts::\(Self.account):assumed-role/dev/unit-session")
        #expect(assumed.assumedRoleID.hasSuffix(":unit-session"))

        let roleIdentity = try await sts.getCallerIdentity(credentials: assumed.credentials)
        #expect(roleIdentity.arn == "arn:aws:sts::\(Self.account):assumed-role/dev/unit-session")
        #expect(roleIdentity.userID == assumed.assumedRoleID)

        let web = try await sts.assumeRoleWithWebIdentity(
            roleARN: "arn:aws:iam::\(Self.account):role/irsa", sessionName: "pod", webIdentityToken: "header.payload.signature"
        )
        #expect(web.credentials.accessKeyID.hasPrefix("ASIA"))
        #expect(web.arn == "arn:aws:sts::\(Self.account):assumed-role/irsa/pod")

        // With moto's authentication on: unknown keys and wrong secrets get AWS's codes.
        try await moto.enableAuthentication()
        let unknown = try await #require(throws: STSError.self) {
            try await sts.getCallerIdentity(credentials: AWSCredentials(accessKeyID: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: "x"))
        }
        #expect(unknown.code == "InvalidClientTokenId")
        #expect(unknown.httpStatus == 403)
        #expect(unknown.message == "The security token included in the request is invalid.")
        let wrongSecret = try await #require(throws: STSError.self) {
            try await sts.assumeRole(
                credentials: AWSCredentials(accessKeyID: alice.AccessKeyId, secretAccessKey: "wrong"),
                roleARN: "arn:aws:iam::\(Self.account):role/dev", sessionName: "s"
            )
        }
        #expect(wrongSecret.code == "SignatureDoesNotMatch")
        #expect(try await sts.getCallerIdentity(credentials: aliceCredentials).arn == identity.arn)
        #expect(try await sts.getCallerIdentity(credentials: assumed.credentials).arn == roleIdentity.arn)
    }

    @Test("profiles resolve end to end through moto: source_profile chains, MFA, credential_process, web identity")
    func chainAgainstMoto() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let keys = try await moto.setUp(users: ["alice", "bob"])
        let alice = try #require(keys["alice"])
        let bob = try #require(keys["bob"])
        let directory = try CredentialTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = try CredentialTestSupport.write(
            "#!/bin/sh\nprintf '{\"Version\": 1, \"AccessKeyId\": \"%s\", \"SecretAccessKey\": \"%s\"}' \(bob.AccessKeyId) \(bob.SecretAccessKey)\n",
            to: directory.appendingPathComponent("bob-creds.sh"), executable: true
        ).path
        let tokenFile = try CredentialTestSupport.write("eyJhbGciOiJSUzI1NiJ9.e30.c2ln", to: directory.appendingPathComponent("token")).path
        let config = try CredentialTestSupport.sharedConfig(
            directory: directory,
            config: """
                [default]
                region = eu-west-1
                [profile dev]
                role_arn = arn:aws:iam::\(Self.account):role/dev
                source_profile = base
                role_session_name = e2e
                external_id = team-x
                duration_seconds = 900
                [profile admin]
                role_arn = arn:aws:iam::\(Self.account):role/admin
                source_profile = dev
                [profile mfa]
                role_arn = arn:aws:iam::\(Self.account):role/dev
                source_profile = base
                mfa_serial = arn:aws:iam::\(Self.account):mfa/alice
                [profile proc]
                credential_process = \(process)
                [profile via-proc]
                role_arn = arn:aws:iam::\(Self.account):role/dev
                source_profile = proc
                role_session_name = from-process
                [profile self]
                role_arn = arn:aws:iam::\(Self.account):role/dev
                source_profile = self
                role_session_name = self-sourced
                aws_access_key_id = \(alice.AccessKeyId)
                aws_secret_access_key = \(alice.SecretAccessKey)
                [profile from-env]
                role_arn = arn:aws:iam::\(Self.account):role/admin
                credential_source = Environment
                role_session_name = env-sourced
                [profile irsa]
                web_identity_token_file = \(tokenFile)
                role_arn = arn:aws:iam::\(Self.account):role/irsa
                role_session_name = pod-session
                """,
            credentials: """
                [base]
                aws_access_key_id = \(alice.AccessKeyId)
                aws_secret_access_key = \(alice.SecretAccessKey)
                """
        )
        let regions = StringLog()
        let sts = STSClient(httpClient: HTTPClient.shared, endpoint: moto.endpoint)
        let epoch = Date(timeIntervalSince1970: 1_704_164_645)

        func chain(_ profile: String?, _ extra: [String: String] = [:], prompt: @escaping MFACodePrompt = { _ in "000000" }) -> CredentialChain {
            CredentialChain(
                environment: CredentialTestSupport.environment(directory: directory, extra), profile: profile, config: config,
                httpClient: HTTPClient.shared,
                stsEndpoint: { region in regions.record(region); return moto.endpoint },
                clock: { epoch }, mfaPrompt: prompt
            )
        }
        func arn(_ chain: CredentialChain) async throws -> (String, ResolvedCredentials) {
            let resolved = try await chain.resolve()
            return (try await sts.getCallerIdentity(credentials: resolved.credentials).arn, resolved)
        }
        let assumedRole = "arn:aws:sts::\(Self.account):assumed-role"

        let (devARN, dev) = try await arn(chain("dev"))
        #expect(devARN == "\(assumedRole)/dev/e2e")
        #expect(dev.method == "assume-role")
        #expect(dev.credentials.accessKeyID.hasPrefix("ASIA"))

        let (adminARN, _) = try await arn(chain("admin"))
        #expect(adminARN == "\(assumedRole)/admin/botocore-session-1704164645")

        let prompts = StringLog()
        let (mfaARN, _) = try await arn(chain("mfa", prompt: { text in prompts.record(text); return "123456" }))
        #expect(mfaARN.hasPrefix("\(assumedRole)/dev/botocore-session-"))
        #expect(prompts.values == ["Enter MFA code for arn:aws:iam::\(Self.account):mfa/alice: "])

        #expect(try await arn(chain("via-proc")).0 == "\(assumedRole)/dev/from-process")
        #expect(try await arn(chain("self")).0 == "\(assumedRole)/dev/self-sourced")
        #expect(
            try await arn(chain("from-env", ["AWS_ACCESS_KEY_ID": bob.AccessKeyId, "AWS_SECRET_ACCESS_KEY": bob.SecretAccessKey])).0
                == "\(assumedRole)/admin/env-sourced"
        )

        let (irsaARN, irsa) = try await arn(chain("irsa"))
        #expect(irsaARN == "\(assumedRole)/irsa/pod-session")
        #expect(irsa.method == "assume-role-with-web-identity")

        // The variables (not an explicit profile) win over the default profile's keys and settings.
        let (envWebARN, envWeb) = try await arn(chain(nil, [
            "AWS_PROFILE": "base", "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::\(Self.account):role/irsa",
            "AWS_ROLE_SESSION_NAME": "from-variables",
        ]))
        #expect(envWebARN == "\(assumedRole)/irsa/from-variables")
        #expect(envWeb.method == "assume-role-with-web-identity")

        // The STS endpoint factory gets the resolved region: the default profile's, or AWS_DEFAULT_REGION.
        regions.reset()
        _ = try await chain(nil, ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::\(Self.account):role/irsa"]).resolve()
        _ = try await chain("dev", ["AWS_DEFAULT_REGION": "ap-south-1"]).resolve()
        #expect(regions.values == ["eu-west-1", "ap-south-1"])

        // With authentication on, a base profile whose key moto does not know fails with STS's code.
        try await moto.enableAuthentication()
        let brokenConfig = try SharedConfig(
            configFile: "[profile broken]\nrole_arn = arn:aws:iam::\(Self.account):role/dev\nsource_profile = bad\n",
            credentialsFile: "[bad]\naws_access_key_id = AKIAUNKNOWNUNKNOWN00\naws_secret_access_key = nope-secret\n"
        )
        let broken = CredentialChain(
            environment: ["AWS_EC2_METADATA_DISABLED": "true"], profile: "broken", config: brokenConfig, httpClient: HTTPClient.shared,
            stsEndpoint: { _ in moto.endpoint }
        )
        let error = try await #require(throws: CredentialError.self) { try await broken.resolve() }
        #expect(error.code == .assumeRoleFailed)
        #expect(error.stsError?.code == "InvalidClientTokenId")
        #expect(error.message == "could not assume role arn:aws:iam::\(Self.account):role/dev for profile 'broken': The security token included in the request is invalid.")
        #expect(!error.message.contains("nope-secret"))
    }
}

/// A thread-safe list of strings the closures under test record.
final class StringLog: Sendable {
    private let storage = Mutex<[String]>([])
    func record(_ value: String?) { storage.withLock { $0.append(value ?? "<nil>") } }
    func reset() { storage.withLock { $0.removeAll() } }
    var values: [String] { storage.withLock { $0 } }
}
