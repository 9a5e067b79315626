public import AWSCore
public import Foundation
public import Hummingbird
import HTTPTypes
public import Logging
import NIOCore
import SigV4

/// The EKS Pod Identity agent's credential endpoint, `/v1/credentials` (any method), as
/// aws/eks-pod-identity-agent answers the AWS SDKs' container-credential provider: the pod's
/// service-account token arrives verbatim in `Authorization`, is checked for shape and time, and is
/// exchanged (through ``PodIdentityCredentialCache``) for role credentials, answered as
/// `{"AccessKeyId","SecretAccessKey","Token","AccountId","Expiration"}`.
///
/// Refusals: 403 when the request did not come to an agent address (the `Host` is not
/// `169.254.170.23`, `fd00:ec2::23` or one of the addresses the agent listens on); 400 for an
/// empty, unparseable or expired token; EKS Auth's own errors pass through with their status as
/// `[request-id]: (Code): message, fault: client|server`.
public struct PodIdentityAgent: Sendable {
    /// The addresses the agent answers on EKS nodes.
    public static let agentAddresses = ["169.254.170.23", "fd00:ec2::23"]

    /// The credentials per token.
    public let cache: PodIdentityCredentialCache
    /// The hosts a request may be addressed to: ``agentAddresses`` plus the listen addresses.
    public let allowedHosts: Set<String>
    let logger: Logger
    let clock: @Sendable () -> Date

    /// Creates the agent.
    ///
    /// - Parameters:
    ///   - cache: where credentials come from.
    ///   - listenAddresses: the addresses the agent listens on (accepted as `Host` besides
    ///     ``agentAddresses``, so an agent on loopback can be called as `127.0.0.1`).
    public init(
        cache: PodIdentityCredentialCache, listenAddresses: [String], logger: Logger = Logger(label: "eksauth.pod-identity-agent"),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.cache = cache
        self.allowedHosts = Set((Self.agentAddresses + listenAddresses).map { Self.bareHost($0) })
        self.logger = logger
        self.clock = clock
    }

    /// An answer: status, content type and body.
    public struct Answer: Sendable, Equatable {
        public var status: Int
        public var contentType: String
        public var body: String
    }

    /// The router: `/v1/credentials` for any method, `GET /healthz`.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ in "ok\n" }
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let answer = await self.answer(host: request.head.authority, authorization: request.headers[.authorization])
            return Response(
                status: HTTPResponse.Status(code: answer.status), headers: [.contentType: answer.contentType],
                body: .init(byteBuffer: ByteBuffer(string: answer.body)))
        }
        for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch, .head] {
            router.on("/v1/credentials", method: method, use: handler)
        }
        return router
    }

    /// Answers a credentials request addressed to `host` with `authorization`.
    public func answer(host: String?, authorization: String?) async -> Answer {
        let bare = Self.bareHost(host ?? "")
        guard allowedHosts.contains(bare) else {
            return Self.text(
                403,
                "Access Denied. Called agent through invalid address, please use either [\(Self.agentAddresses.joined(separator: " "))] address not \(bare)")
        }
        let token = authorization ?? ""
        guard !token.isEmpty else { return Self.text(400, "Service account token cannot be empty") }
        let now = clock()
        switch Self.basicClaimCheck(token, now: now) {
        case .unparseable(let reason): return Self.text(400, "Service account token cannot be parsed: \(reason)")
        case .invalidClaims(let reason): return Self.text(400, "Service account token failed basic claim validations: \(reason)")
        case .valid: break
        }
        do {
            let fresh = try await cache.credentials(for: token, now: now)
            logger.debug("served credentials", metadata: ["role": "\(fresh.assumedRoleARN)", "namespace": "\(fresh.namespace)", "serviceAccount": "\(fresh.serviceAccount)"])
            return Answer(status: 200, contentType: "application/json", body: Self.json(fresh))
        } catch {
            logger.info("AssumeRoleForPodIdentity failed", metadata: ["code": "\(error.code)", "status": "\(error.httpStatus)"])
            let status = (400...599).contains(error.httpStatus) ? error.httpStatus : 500
            let fault = (400..<500).contains(status) ? "client" : "server"
            return Self.text(status, "[\(error.requestID ?? "-")]: (\(error.code)): \(error.message), fault: \(fault)")
        }
    }

    /// The container-credentials JSON.
    static func json(_ fresh: PodIdentityCredentials) -> String {
        var object: [String: String] = [
            "AccessKeyId": fresh.credentials.accessKeyID, "SecretAccessKey": fresh.credentials.secretAccessKey,
        ]
        object["Token"] = fresh.credentials.sessionToken
        object["AccountId"] = fresh.accountID
        object["Expiration"] = fresh.credentials.expiration.map(rfc3339Nano)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(object)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Go's RFC 3339 with nanoseconds, trailing zeros dropped: `2024-01-02T03:04:05Z`, `…05.5Z`.
    static func rfc3339Nano(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let whole = Date(timeIntervalSince1970: TimeInterval(seconds.quotient)).formatted(
            Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
        guard seconds.remainder != 0 else { return whole }
        var fraction = String(format: "%03lld", seconds.remainder)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return String(whole.dropLast()) + "." + fraction + "Z"
    }

    enum ClaimCheck: Equatable {
        case valid
        case unparseable(String)
        case invalidClaims(String)
    }

    /// The agent's local checks (no signature: EKS Auth checks that): three parts, a JSON header
    /// and payload, and `exp`/`nbf`/`iat` consistent with `now`.
    static func basicClaimCheck(_ token: String, now: Date) -> ClaimCheck {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return .unparseable("token is malformed: token contains an invalid number of segments") }
        guard let header = base64URL(parts[0]), (try? JSONSerialization.jsonObject(with: header)) is [String: Any] else {
            return .unparseable("token is malformed: could not base64 decode header")
        }
        guard let payload = base64URL(parts[1]), let claims = (try? JSONSerialization.jsonObject(with: payload)) as? [String: Any] else {
            return .unparseable("token is malformed: could not base64 decode claim")
        }
        let current = now.timeIntervalSince1970
        if let exp = claims["exp"] as? Double, current >= exp { return .invalidClaims("token has invalid claims: token is expired") }
        if let nbf = claims["nbf"] as? Double, current < nbf { return .invalidClaims("token has invalid claims: token is not valid yet") }
        if let iat = claims["iat"] as? Double, current < iat { return .invalidClaims("token has invalid claims: token used before issued") }
        return .valid
    }

    private static func base64URL(_ part: Substring) -> Data? {
        var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return Data(base64Encoded: text)
    }

    /// A host without its port and IPv6 brackets.
    static func bareHost(_ host: String) -> String {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") { return String(host[host.index(after: host.startIndex)..<close]) }
        if host.filter({ $0 == ":" }).count == 1, let colon = host.lastIndex(of: ":") { return String(host[..<colon]) }
        return host
    }

    private static func text(_ status: Int, _ message: String) -> Answer {
        Answer(status: status, contentType: "text/plain; charset=utf-8", body: message + "\n")
    }
}
