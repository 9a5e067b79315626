import AWSCore
@testable import EKSAuthServer
import Foundation
import SigV4
import Testing

/// The Pod Identity agent's endpoint logic (addresses, token checks, the credentials JSON, error
/// pass-through) and its per-token cache (one call per renewal, renewal at half-life, eviction).
/// The exchange with EKS Auth is injected here; the end-to-end tests run it against the server.
@Suite("Pod Identity agent")
struct PodIdentityAgentTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Counts exchanges and answers from a script.
    actor Exchanges {
        var calls = 0
        var failures: [EKSError] = []
        var lifetime: TimeInterval = 6 * 3600
        func next(now: Date) throws(EKSError) -> PodIdentityCredentials {
            calls += 1
            if !failures.isEmpty { throw failures.removeFirst() }
            return PodIdentityAgentTests.credentials(key: "ASIAEXAMPLE\(calls)", expiration: now.addingTimeInterval(lifetime))
        }
        func fail(_ error: EKSError) { failures.append(error) }
    }

    static func credentials(key: String, expiration: Date) -> PodIdentityCredentials {
        PodIdentityCredentials(
            credentials: AWSCredentials(
                accessKeyID: key, secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", sessionToken: "session-token", expiration: expiration),
            assumedRoleARN: "arn:aws:sts::111122223333:assumed-role/payments-app/eks-demo-api-1", assumedRoleID: "AROAEXAMPLE:eks-demo-api-1",
            namespace: "payments", serviceAccount: "api", associationARN: "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/demo/a-1")
    }

    static func token(exp: Double = 1_800_003_600, nbf: Double? = nil) -> String {
        func part(_ json: String) -> String {
            Data(json.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let nbfField = nbf.map { #","nbf":\#(Int($0))"# } ?? ""
        return part(#"{"alg":"RS256","kid":"k"}"#) + "." + part(#"{"sub":"system:serviceaccount:payments:api","exp":\#(Int(exp))\#(nbfField)}"#) + ".c2ln"
    }

    static func agent(_ exchanges: Exchanges, clock: @escaping @Sendable () -> Date = { now }) -> PodIdentityAgent {
        let cache = PodIdentityCredentialCache { _ throws(EKSError) in try await exchanges.next(now: clock()) }
        return PodIdentityAgent(cache: cache, listenAddresses: ["127.0.0.1"], clock: clock)
    }

    @Test("requests must be addressed to an agent address or a listen address (port and brackets ignored)")
    func hosts() async {
        let agent = Self.agent(Exchanges())
        for host in ["169.254.170.23", "169.254.170.23:80", "[fd00:ec2::23]", "[fd00:ec2::23]:80", "127.0.0.1:2703"] {
            #expect(await agent.answer(host: host, authorization: Self.token()).status == 200, "\(host)")
        }
        let refused = await agent.answer(host: "evil.example.com:80", authorization: Self.token())
        #expect(refused.status == 403)
        #expect(
            refused.body
                == "Access Denied. Called agent through invalid address, please use either [169.254.170.23 fd00:ec2::23] address not evil.example.com\n")
    }

    @Test("empty, unparseable and expired tokens are 400 with the agent's messages")
    func tokenChecks() async {
        let agent = Self.agent(Exchanges())
        let host = "169.254.170.23"
        #expect(await agent.answer(host: host, authorization: nil) == .init(status: 400, contentType: "text/plain; charset=utf-8", body: "Service account token cannot be empty\n"))
        let bearer = await agent.answer(host: host, authorization: "Bearer " + Self.token())
        #expect(bearer.status == 400)
        #expect(bearer.body == "Service account token cannot be parsed: token is malformed: could not base64 decode header\n")
        #expect(await agent.answer(host: host, authorization: "a.b").body.contains("invalid number of segments"))
        let expired = await agent.answer(host: host, authorization: Self.token(exp: 1_799_999_999))
        #expect(expired.status == 400)
        #expect(expired.body == "Service account token failed basic claim validations: token has invalid claims: token is expired\n")
        let early = await agent.answer(host: host, authorization: Self.token(nbf: 1_800_000_100))
        #expect(early.body.contains("token is not valid yet"))
    }

    @Test("credentials are answered in the container-credentials JSON with AccountId and an RFC 3339 Expiration")
    func credentialsJSON() async throws {
        let answer = await Self.agent(Exchanges()).answer(host: "169.254.170.23", authorization: Self.token())
        #expect(answer.status == 200)
        #expect(answer.contentType == "application/json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: String])
        #expect(json == [
            "AccessKeyId": "ASIAEXAMPLE1", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "Token": "session-token",
            "AccountId": "111122223333", "Expiration": "2027-01-15T14:00:00Z",
        ])
        #expect(PodIdentityAgent.rfc3339Nano(Date(timeIntervalSince1970: 1_800_000_000.25)) == "2027-01-15T08:00:00.25Z")
    }

    @Test("EKS Auth errors pass through with their status as [request-id]: (Code): message, fault: …")
    func errorPassThrough() async {
        let exchanges = Exchanges()
        var missing = EKSError(code: "ResourceNotFoundException", message: "No Pod Identity Association exists", httpStatus: 404)
        missing.requestID = "req-1"
        await exchanges.fail(missing)
        await exchanges.fail(EKSError(code: "RequestFailed", message: "could not reach EKS Auth", httpStatus: 0))
        let agent = Self.agent(exchanges)
        let first = await agent.answer(host: "169.254.170.23", authorization: Self.token())
        #expect(first.status == 404)
        #expect(first.body == "[req-1]: (ResourceNotFoundException): No Pod Identity Association exists, fault: client\n")
        let second = await agent.answer(host: "169.254.170.23", authorization: Self.token())
        #expect(second.status == 500)
        #expect(second.body == "[-]: (RequestFailed): could not reach EKS Auth, fault: server\n")
    }

    @Test("one exchange per token until half the lifetime has passed; concurrent requests share it")
    func caching() async throws {
        let exchanges = Exchanges()
        let clock = TestClock(Self.now)
        let cache = PodIdentityCredentialCache { _ throws(EKSError) in try await exchanges.next(now: clock.now) }
        try await withThrowingTaskGroup(of: PodIdentityCredentials.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.credentials(for: "token-a", now: Self.now) } }
            for try await credentials in group { #expect(credentials.credentials.accessKeyID == "ASIAEXAMPLE1") }
        }
        #expect(await exchanges.calls == 1)
        _ = try await cache.credentials(for: "token-b", now: Self.now)
        #expect(await exchanges.calls == 2)
        // Six-hour credentials are renewed after three hours (the retention limit), not before.
        clock.now = Self.now.addingTimeInterval(3 * 3600 - 1)
        #expect(try await cache.credentials(for: "token-a", now: clock.now).credentials.accessKeyID == "ASIAEXAMPLE1")
        clock.now = Self.now.addingTimeInterval(3 * 3600)
        #expect(try await cache.credentials(for: "token-a", now: clock.now).credentials.accessKeyID == "ASIAEXAMPLE3")
        #expect(await cache.count == 2)
    }

    @Test("a renewal refused for good evicts the entry; a transient failure keeps serving the old credentials")
    func renewalFailures() async throws {
        let exchanges = Exchanges()
        let cache = PodIdentityCredentialCache { _ throws(EKSError) in try await exchanges.next(now: Self.now) }
        _ = try await cache.credentials(for: "t", now: Self.now)
        let later = Self.now.addingTimeInterval(4 * 3600)
        await exchanges.fail(EKSError(code: "ThrottlingException", message: "slow down", httpStatus: 429))
        #expect(try await cache.credentials(for: "t", now: later).credentials.accessKeyID == "ASIAEXAMPLE1")
        // Retried a minute later, not on every request.
        #expect(try await cache.credentials(for: "t", now: later.addingTimeInterval(30)).credentials.accessKeyID == "ASIAEXAMPLE1")
        #expect(await exchanges.calls == 2)
        await exchanges.fail(EKSError(code: "AccessDeniedException", message: "role no longer trusts pods", httpStatus: 400))
        await #expect(throws: EKSError.self) { _ = try await cache.credentials(for: "t", now: later.addingTimeInterval(61)) }
        #expect(await cache.count == 0)
    }

    @Test("the cache holds at most its capacity, dropping the least recently used token")
    func capacity() async throws {
        let exchanges = Exchanges()
        let cache = PodIdentityCredentialCache(capacity: 2) { _ throws(EKSError) in try await exchanges.next(now: Self.now) }
        _ = try await cache.credentials(for: "a", now: Self.now)
        _ = try await cache.credentials(for: "b", now: Self.now)
        _ = try await cache.credentials(for: "a", now: Self.now)
        _ = try await cache.credentials(for: "c", now: Self.now)
        #expect(await cache.count == 2)
        #expect(await exchanges.calls == 3)
        _ = try await cache.credentials(for: "a", now: Self.now)
        #expect(await exchanges.calls == 3)
        _ = try await cache.credentials(for: "b", now: Self.now)
        #expect(await exchanges.calls == 4)
    }
}

/// A settable clock for the cache tests.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ start: Date) { value = start }
    var now: Date {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
