public import Foundation
public import SigV4

/// The embedded STS: `GetCallerIdentity` and `AssumeRole` over the query API, answering as AWS STS
/// does (XML, or JSON for `GetCallerIdentity` when the request accepts `application/json`).
///
/// A pure request → response function, no HTTP server: parameters come from the query string and
/// from a form-encoded POST body (`+` is a space); requests are authenticated with ``SigV4Verifier``
/// against the ``IdentityStore``'s keys — signed headers within ±15 minutes, or a presigned URL
/// honoured for 15 minutes after its `X-Amz-Date` whatever its `X-Amz-Expires` (EKS tokens).
public struct STSService: Sendable {
    /// The STS API version, `2011-06-15`.
    public static let apiVersion = "2011-06-15"
    /// The XML namespace of STS responses.
    public static let xmlNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"
    /// The default session length of `AssumeRole`: 1 hour.
    public static let defaultSessionDuration = 3600
    /// The shortest session `AssumeRole` grants: 15 minutes.
    public static let minimumSessionDuration = 900
    /// The longest session of a role assumed by a role session (role chaining): 1 hour.
    public static let roleChainingMaximumDuration = 3600

    /// The identities requests are authenticated against and roles are assumed from.
    public let store: IdentityStore
    /// The regions a signature's credential scope may name, or `nil` for any.
    public var regions: Set<String>?
    /// Where derived signing keys are kept, or `nil` to derive them for each request.
    public var keyCache: SigningKeyCache?
    private let makeRequestID: @Sendable () -> String

    /// Creates the service.
    ///
    /// - Parameters:
    ///   - store: the identity store.
    ///   - regions: the regions accepted in credential scopes, `nil` for any.
    ///   - keyCache: a signing-key cache shared across requests, if any.
    ///   - requestID: makes the `RequestId` of each answer (a lower-case UUID by default).
    public init(
        store: IdentityStore, regions: Set<String>? = nil, keyCache: SigningKeyCache? = nil,
        requestID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.store = store
        self.regions = regions
        self.keyCache = keyCache
        self.makeRequestID = requestID
    }

    /// Answers `request` as STS would at time `now`. Every failure becomes an STS `ErrorResponse`.
    public func handle(_ request: SigV4Request, now: Date) async -> STSResponse {
        let requestID = makeRequestID()
        let json = request.header("accept")?.lowercased().contains("application/json") ?? false
        do {
            return try await perform(request, now: now, requestID: requestID, json: json)
        } catch {
            return STSResponseWriter.error(error, requestID: requestID, json: json)
        }
    }

    private func perform(_ request: SigV4Request, now: Date, requestID: String, json: Bool) async throws(STSServiceError) -> STSResponse {
        let parameters = Self.parameters(of: request)
        let action = parameters["Action"]
        guard let action, Self.actions.contains(action) else { throw .invalidAction(action) }
        if action == "AssumeRoleWithWebIdentity" {
            // Unsigned: the token is the credential.
            let (credentials, claims) = try await assumeRoleWithWebIdentity(parameters, now: now)
            return STSResponseWriter.assumeRoleWithWebIdentity(credentials, claims: claims, requestID: requestID)
        }
        let caller = try await authenticate(request, now: now)
        switch action {
        case "GetCallerIdentity":
            return STSResponseWriter.callerIdentity(caller, requestID: requestID, json: json)
        default:
            let credentials = try await assumeRole(parameters, caller: caller, now: now)
            return STSResponseWriter.assumeRole(credentials, requestID: requestID)
        }
    }

    /// The actions this STS implements.
    public static let actions: Set<String> = ["GetCallerIdentity", "AssumeRole", "AssumeRoleWithWebIdentity"]

    // MARK: - Parameters

    /// The request's parameters: the query string's (without the `X-Amz-*` signature parameters) and
    /// a form-encoded body's, `+` decoding to a space. The first value of a name wins.
    static func parameters(of request: SigV4Request) -> [String: String] {
        var items = request.query.filter { !$0.name.lowercased().hasPrefix("x-amz-") }
        let contentType = request.header("content-type")?.lowercased()
        if !request.body.isEmpty, contentType.map({ $0.hasPrefix("application/x-www-form-urlencoded") }) ?? true {
            items += SigV4Request.parseReceivedQuery(Substring(String(decoding: request.body, as: UTF8.self)))
        }
        var parameters: [String: String] = [:]
        for item in items where parameters[item.name] == nil { parameters[item.name] = item.value }
        return parameters
    }

    // MARK: - Authentication

    /// Verifies the signature of `request` and returns who signed it.
    ///
    /// - Throws: the verifier's errors (`MissingAuthenticationToken`, `IncompleteSignature`,
    ///   `SignatureDoesNotMatch`, `ExpiredToken`, …), `InvalidClientTokenId` for an unknown or
    ///   inactive key or a session token that is not the key's.
    func authenticate(_ request: SigV4Request, now: Date) async throws(STSServiceError) -> KeyLookup {
        try await store.authenticate(
            request,
            verifier: SigV4Verifier(service: "sts", regions: regions, keyCache: keyCache),
            presignedVerifier: SigV4Verifier.eksToken(regions: regions, keyCache: keyCache),
            now: now
        )
    }

    /// Verifies, in process, a presigned `GetCallerIdentity` request — an EKS token replayed with
    /// its `x-k8s-aws-id` header — exactly as this STS would answer it over HTTP, and returns the caller.
    ///
    /// - Throws: what the STS endpoint would answer: `SignatureDoesNotMatch` (another cluster, a
    ///   tampered token), `InvalidClientTokenId`, `ExpiredToken`, `AccessDenied` (not GetCallerIdentity), …
    public func verifyPresignedGetCallerIdentity(_ request: SigV4Request, now: Date) async throws(STSServiceError) -> KeyLookup {
        guard Self.parameters(of: request)["Action"] == "GetCallerIdentity" else {
            throw STSServiceError(code: "AccessDenied", httpStatus: 403, message: "An EKS token must presign GetCallerIdentity.")
        }
        return try await authenticate(request, now: now)
    }

    // MARK: - AssumeRole

    private func assumeRole(_ parameters: [String: String], caller: KeyLookup, now: Date) async throws(STSServiceError) -> TemporaryCredentials {
        let (roleARN, sessionName) = try Self.roleAndSessionName(parameters)
        let duration = try Self.duration(parameters)
        let externalID = parameters["ExternalId"]
        if let externalID { try Self.check(externalID, at: "externalId", length: 2...1224, extra: ":/") }
        var sourceIdentity = parameters["SourceIdentity"]
        if let sourceIdentity { try Self.check(sourceIdentity, at: "sourceIdentity", length: 2...64, extra: "") }

        let denied = STSServiceError.accessDenied(caller: caller.arn, action: "sts:AssumeRole", resource: roleARN)
        guard let role = try? await store.role(arn: roleARN),
              let trustPolicy = try? PolicyDocument(parsing: role.trustPolicy, kind: .trust)
        else { throw denied }
        var inheritedTags: [String: String]?
        if case .assumedRole(let session) = caller.principal {
            inheritedTags = session.sessionTags
            if parameters["DurationSeconds"] != nil, duration > Self.roleChainingMaximumDuration {
                throw .validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
            }
            if sourceIdentity == nil { sourceIdentity = session.sourceIdentity }
        }

        var keys = ["sts:RoleSessionName": [sessionName]]
        if let externalID { keys["sts:ExternalId"] = [externalID] }
        if let sourceIdentity { keys["sts:SourceIdentity"] = [sourceIdentity] }
        let context = RequestContext(
            principal: caller.requestPrincipal, action: "sts:AssumeRole", resource: role.arn, conditionKeys: keys, date: now)
        let identityPolicies = await store.identityPolicies(for: caller.principal)
        let decision = PolicyEvaluator.evaluateRoleAssumption(trustPolicy: trustPolicy, identityPolicies: identityPolicies, context: context)
        guard decision.isAllowed else { throw denied }
        // Checked once the caller is known to be trusted, so the limit says nothing to others.
        guard duration <= role.maxSessionDuration else {
            throw .validation(
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role (\(role.maxSessionDuration) seconds).")
        }
        do {
            return try await store.issueTemporaryCredentials(
                roleName: role.name, sessionName: sessionName, duration: duration, sourceIdentity: sourceIdentity, sessionTags: inheritedTags,
                now: now)
        } catch where error.code == .serviceFailure {
            throw .internalFailure(error.message)
        } catch {
            throw denied  // the role was deleted meanwhile
        }
    }

    /// `AssumeRole` on behalf of an already authenticated `caller` (role chaining inside eksauth,
    /// such as EKS Pod Identity's target roles), with the checks and errors of the query API.
    /// The caller's transitive session tags carry over to the new session.
    public func assumeRole(
        roleARN: String, sessionName: String, externalID: String? = nil, caller: KeyLookup, now: Date
    ) async throws(STSServiceError) -> TemporaryCredentials {
        var parameters = ["RoleArn": roleARN, "RoleSessionName": sessionName]
        parameters["ExternalId"] = externalID
        return try await assumeRole(parameters, caller: caller, now: now)
    }

    // MARK: - AssumeRoleWithWebIdentity

    private func assumeRoleWithWebIdentity(
        _ parameters: [String: String], now: Date
    ) async throws(STSServiceError) -> (TemporaryCredentials, WebIdentityClaims) {
        let (roleARN, sessionName) = try Self.roleAndSessionName(parameters)
        guard let token = parameters["WebIdentityToken"] else {
            throw .constraint(value: nil, at: "webIdentityToken", "Member must not be null")
        }
        do throws(WebIdentityError) {
            try WebIdentityTokenVerifier.checkLength(token)
        } catch {
            throw error.stsServiceError
        }
        let duration = try Self.duration(parameters)

        let claims: WebIdentityClaims
        do throws(WebIdentityError) {
            claims = try await WebIdentityTokenVerifier().verify(token, providers: await store.oidcProviders(), now: now)
        } catch {
            throw error.stsServiceError
        }
        let denied = STSServiceError(
            code: "AccessDenied", httpStatus: 403, message: "Not authorized to perform sts:AssumeRoleWithWebIdentity")
        guard let role = try? await store.role(arn: roleARN),
              let trustPolicy = try? PolicyDocument(parsing: role.trustPolicy, kind: .trust)
        else { throw denied }
        var keys = claims.conditionKeys
        keys["sts:RoleSessionName"] = [sessionName]
        let context = RequestContext(
            principal: .webIdentity(provider: claims.provider.arn), action: "sts:AssumeRoleWithWebIdentity", resource: role.arn,
            conditionKeys: keys, date: now)
        guard PolicyEvaluator.evaluateRoleAssumption(trustPolicy: trustPolicy, identityPolicies: [], context: context).isAllowed else {
            throw denied
        }
        guard duration <= role.maxSessionDuration else {
            throw .validation(
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role (\(role.maxSessionDuration) seconds).")
        }
        do {
            let credentials = try await store.issueTemporaryCredentials(
                roleName: role.name, sessionName: sessionName, duration: duration, now: now)
            return (credentials, claims)
        } catch where error.code == .serviceFailure {
            throw .internalFailure(error.message)
        } catch {
            throw denied  // the role was deleted meanwhile
        }
    }

    /// `RoleArn` (20…2048 characters) and `RoleSessionName` (2…64 of `[\w+=,.@-]`), both required.
    private static func roleAndSessionName(_ parameters: [String: String]) throws(STSServiceError) -> (String, String) {
        guard let roleARN = parameters["RoleArn"] else { throw .constraint(value: nil, at: "roleArn", "Member must not be null") }
        guard (20...2048).contains(roleARN.count) else {
            throw .constraint(value: roleARN, at: "roleArn", "Member must have length between 20 and 2048")
        }
        guard let sessionName = parameters["RoleSessionName"] else {
            throw .constraint(value: nil, at: "roleSessionName", "Member must not be null")
        }
        try check(sessionName, at: "roleSessionName", length: 2...64, extra: "")
        return (roleARN, sessionName)
    }

    /// `DurationSeconds`: 900…43200, 3600 when absent.
    private static func duration(_ parameters: [String: String]) throws(STSServiceError) -> Int {
        guard let text = parameters["DurationSeconds"] else { return defaultSessionDuration }
        guard let value = Int(text) else {
            throw .validation("Value '\(STSServiceError.clip(text))' for DurationSeconds is not an integer number of seconds.")
        }
        guard value >= minimumSessionDuration else {
            throw .constraint(value: text, at: "durationSeconds", "Member must have value greater than or equal to \(minimumSessionDuration)")
        }
        guard value <= IAMRole.maximumMaxSessionDuration else {
            throw .constraint(value: text, at: "durationSeconds", "Member must have value less than or equal to \(IAMRole.maximumMaxSessionDuration)")
        }
        return value
    }

    /// Checks a length and the pattern `[\w+=,.@-]*` (plus `extra` characters).
    private static func check(_ value: String, at field: String, length: ClosedRange<Int>, extra: String) throws(STSServiceError) {
        guard length.contains(value.count) else {
            throw .constraint(value: value, at: field, "Member must have length between \(length.lowerBound) and \(length.upperBound)")
        }
        guard IdentityValidation.isNameCharacters(value, extra: extra) else {
            throw .constraint(value: value, at: field, "Member must satisfy regular expression pattern: [\\w+=,.@\(extra.isEmpty ? "" : ":\\/")-]*")
        }
    }
}
