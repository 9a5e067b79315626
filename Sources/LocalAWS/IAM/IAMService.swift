public import Foundation
public import SigV4

/// The embedded IAM: users, access keys, roles and inline policies over the IAM query API
/// (`Version=2010-05-08`), answering with the XML AWS IAM sends.
///
/// A pure request → response function, no HTTP server. Requests are authenticated as
/// ``STSService`` authenticates them (SigV4, credential scope `us-east-1/iam`, keys from the
/// ``IdentityStore``). The account root may do anything; any other caller needs an identity policy
/// allowing `iam:<Action>` on the resource (`arn:aws:iam::<account>:user/<name>`,
/// `…:role/<name>`; `…:user/` and `…:role/` for the list actions), else `AccessDenied`.
public struct IAMService: Sendable {
    /// The IAM API version, `2010-05-08`.
    public static let apiVersion = "2010-05-08"
    /// The XML namespace of IAM responses.
    public static let xmlNamespace = "https://iam.amazonaws.com/doc/2010-05-08/"
    /// The region of IAM's credential scope: IAM is global and signs in `us-east-1`.
    public static let region = "us-east-1"
    /// The actions this IAM implements.
    public static let actions: Set<String> = [
        "CreateUser", "GetUser", "ListUsers", "DeleteUser", "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey",
        "DeleteAccessKey", "CreateRole", "GetRole", "ListRoles", "DeleteRole", "UpdateAssumeRolePolicy", "PutUserPolicy",
        "PutRolePolicy", "DeleteUserPolicy", "DeleteRolePolicy", "CreateOpenIDConnectProvider", "GetOpenIDConnectProvider",
        "ListOpenIDConnectProviders", "DeleteOpenIDConnectProvider", "SetOpenIDConnectProviderKeys",
    ]

    /// The identities requests are authenticated against and acted on.
    public let store: IdentityStore
    /// The regions a signature's credential scope may name: `us-east-1`, where AWS signs IAM, and the
    /// region of a profile that points at this endpoint (the AWS CLI then signs IAM in that region).
    public var regions: Set<String>
    /// Where derived signing keys are kept, or `nil` to derive them for each request.
    public var keyCache: SigningKeyCache?
    private let makeRequestID: @Sendable () -> String

    /// Creates the service.
    ///
    /// - Parameters:
    ///   - store: the identity store.
    ///   - profileRegion: the region of the AWS CLI profile that uses this endpoint, accepted in
    ///     credential scopes besides `us-east-1`.
    ///   - keyCache: a signing-key cache shared across requests, if any.
    ///   - requestID: makes the `RequestId` of each answer (a lower-case UUID by default).
    public init(
        store: IdentityStore, profileRegion: String? = nil, keyCache: SigningKeyCache? = nil,
        requestID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.store = store
        self.regions = Set([Self.region] + (profileRegion.map { [$0] } ?? []))
        self.keyCache = keyCache
        self.makeRequestID = requestID
    }

    /// Answers `request` as IAM would at time `now`. Every failure becomes an IAM `ErrorResponse`.
    public func handle(_ request: SigV4Request, now: Date) async -> STSResponse {
        let requestID = makeRequestID()
        do {
            return try await perform(request, now: now, requestID: requestID)
        } catch let error as STSServiceError {
            return IAMResponseWriter.error(error, requestID: requestID)
        } catch let error as IdentityError {
            return IAMResponseWriter.error(STSServiceError(error), requestID: requestID)
        } catch {
            return IAMResponseWriter.error(.internalFailure("The request could not be processed: \(error)"), requestID: requestID)
        }
    }

    private func perform(_ request: SigV4Request, now: Date, requestID: String) async throws -> STSResponse {
        let parameters = STSService.parameters(of: request)
        guard let action = parameters["Action"], Self.actions.contains(action) else { throw Self.invalidAction(parameters["Action"]) }
        guard parameters["Version"] == Self.apiVersion else {
            throw STSServiceError(
                code: "InvalidAction", httpStatus: 400,
                message: "Could not find operation \(STSServiceError.clip(action)) for version \(parameters["Version"] ?? "(none)"); "
                    + "send Version=\(Self.apiVersion).")
        }
        let caller = try await authenticate(request, now: now)
        let call = Call(service: self, parameters: parameters, caller: caller, now: now)
        let result = try await call.perform(action)
        return IAMResponseWriter.success(action, result: result, requestID: requestID)
    }

    private static func invalidAction(_ action: String?) -> STSServiceError {
        STSServiceError(
            code: "InvalidAction", httpStatus: 400,
            message: action.map { "Could not find operation \(STSServiceError.clip($0)) for version \(apiVersion)" }
                ?? "The request has no Action parameter; send Action=<operation> with Version=\(apiVersion).")
    }

    // MARK: - Authentication

    /// Verifies the signature of `request` (scope `us-east-1/iam`) and returns who signed it.
    ///
    /// - Throws: the verifier's errors (`MissingAuthenticationToken`, `SignatureDoesNotMatch`, …),
    ///   `InvalidClientTokenId` for an unknown or inactive key.
    func authenticate(_ request: SigV4Request, now: Date) async throws(STSServiceError) -> KeyLookup {
        try await store.authenticate(request, verifier: SigV4Verifier(service: "iam", regions: regions, keyCache: keyCache), now: now)
    }

    // MARK: - Authorization

    /// Checks that `caller` may perform `iam:<action>` on `resource`: always for the account root,
    /// otherwise when the caller's identity policies allow it.
    ///
    /// - Throws: `AccessDenied` (403).
    func authorize(_ caller: KeyLookup, action: String, resource: String, now: Date) async throws(STSServiceError) {
        if case .root = caller.principal { return }
        let context = RequestContext(principal: caller.requestPrincipal, action: "iam:\(action)", resource: resource, date: now)
        let policies = await store.identityPolicies(for: caller.principal)
        guard PolicyEvaluator.evaluateIdentityPolicies(policies, context: context).isAllowed else {
            throw .accessDenied(caller: caller.arn, action: "iam:\(action)", resource: resource)
        }
    }
}

extension STSServiceError {
    /// The wire form of an identity-store failure: its IAM code, status and message.
    init(_ error: IdentityError) {
        self.init(
            code: error.awsCode, httpStatus: error.httpStatus, message: error.message, type: error.httpStatus >= 500 ? "Receiver" : "Sender")
    }
}
