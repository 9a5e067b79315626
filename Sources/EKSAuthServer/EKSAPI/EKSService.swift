public import Foundation
public import AccessModel
public import LocalAWS
public import Logging
public import SigV4
public import Storage

/// The EKS access management API (clusters, access entries, access policies) over rest-json, as
/// the AWS CLI and SDKs call it with `--endpoint-url`.
///
/// A request is SigV4-verified against the identity store (service `eks`, the server's region),
/// then allowed by the caller's IAM identity policies (`eks:<Operation>` on the cluster or
/// access-entry ARN; the account root may do anything), then applied to the ``AccessStore``,
/// which commits it before the answer is sent.
public struct EKSService: Sendable {
    /// The identities requests are signed by.
    public let identities: IdentityStore
    /// The clusters and access entries.
    public let access: AccessStore
    /// The regions a signature's credential scope may name (the server's region).
    public let regions: Set<String>
    /// Where new clusters' API servers are.
    public var endpoints: ClusterEndpointDefaults
    /// Whether principals of access entries in the store's account must exist in the identity
    /// store (true when tokens are verified by the embedded STS; in AWS mode the principals live
    /// in real IAM, which this server cannot see).
    public var checksPrincipals: Bool
    /// Checks the service-account tokens of `AssumeRoleForPodIdentity` (the cluster's issuer keys);
    /// `nil` when the server has no service-account issuer, so EKS Pod Identity is unavailable.
    public var podIdentityTokens: ServiceAccountTokenVerifier?
    /// The cluster whose issuer ``podIdentityTokens`` checks (the server's `--cluster-id`); tokens
    /// for other clusters are refused, as each EKS cluster has its own issuer.
    public var podIdentityCluster: String?
    let keyCache: SigningKeyCache?
    let logger: Logger
    private let makeRequestID: @Sendable () -> String

    /// Creates the service.
    public init(
        identities: IdentityStore, access: AccessStore, regions: Set<String>, endpoints: ClusterEndpointDefaults = ClusterEndpointDefaults(),
        checksPrincipals: Bool = true, podIdentityTokens: ServiceAccountTokenVerifier? = nil, podIdentityCluster: String? = nil,
        keyCache: SigningKeyCache? = nil,
        logger: Logger = Logger(label: "eksauth.eks"),
        requestID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.identities = identities
        self.access = access
        self.regions = regions
        self.endpoints = endpoints
        self.checksPrincipals = checksPrincipals
        self.podIdentityTokens = podIdentityTokens
        self.podIdentityCluster = podIdentityCluster
        self.keyCache = keyCache
        self.logger = logger
        self.makeRequestID = requestID
    }

    /// Answers `request` at time `now`; every failure becomes an EKS error response.
    public func handle(_ request: SigV4Request, now: Date) async -> STSResponse {
        let requestID = makeRequestID()
        guard let operation = EKSOperation(method: request.method, path: request.path) else {
            return EKSWire.error(
                EKSAPIError(
                    code: "UnknownOperationException", status: 404,
                    message: "eksauth serves no EKS operation at \(request.method) \(EKSAPIError.clip(request.path)); "
                        + "it implements the cluster, access entry, access policy and Pod Identity operations."),
                requestID: requestID)
        }
        do {
            let caller = try await authenticate(request, service: operation.service, now: now)
            let answer = try await perform(operation, request: request, caller: caller, now: now)
            logger.info(
                "eks api call",
                metadata: ["operation": "\(operation.name)", "caller": "\(caller.arn)", "cluster": "\(operation.cluster ?? "")", "status": "200"])
            return EKSWire.success(answer, requestID: requestID)
        } catch {
            logger.info(
                "eks api call",
                metadata: ["operation": "\(operation.name)", "cluster": "\(operation.cluster ?? "")", "status": "\(error.status)", "error": "\(error.code)"])
            return EKSWire.error(error, requestID: requestID)
        }
    }

    // MARK: - Authentication and authorization

    private func authenticate(_ request: SigV4Request, service: String, now: Date) async throws(EKSAPIError) -> KeyLookup {
        do {
            return try await identities.authenticate(request, verifier: SigV4Verifier(service: service, regions: regions, keyCache: keyCache), now: now)
        } catch {
            throw Self.authenticationError(error)
        }
    }

    /// The rest-json form of a signature failure.
    static func authenticationError(_ error: STSServiceError) -> EKSAPIError {
        switch error.code {
        case "InvalidClientTokenId":
            EKSAPIError(code: "UnrecognizedClientException", status: 403, message: "The security token included in the request is invalid.")
        case "SignatureDoesNotMatch": EKSAPIError(code: "InvalidSignatureException", status: 403, message: error.message)
        case "MissingAuthenticationToken": EKSAPIError(code: "MissingAuthenticationTokenException", status: 403, message: error.message)
        case "IncompleteSignature": EKSAPIError(code: "IncompleteSignatureException", status: 403, message: error.message)
        case "ExpiredToken": EKSAPIError(code: "ExpiredTokenException", status: 403, message: error.message)
        default: EKSAPIError(code: error.code.hasSuffix("Exception") ? error.code : error.code + "Exception", status: error.httpStatus, message: error.message)
        }
    }

    func authorize(_ caller: KeyLookup, _ operation: EKSOperation, resource: String, now: Date) async throws(EKSAPIError) {
        let action = "\(operation.service):\(operation.name)"
        guard await identities.isAllowed(caller, action: action, resource: resource, now: now) else {
            throw EKSAPIError(
                // EKS Auth's model gives AccessDeniedException status 400; EKS's is 403.
                code: "AccessDeniedException", status: operation.service == "eks-auth" ? 400 : 403,
                message: "User: \(caller.arn) is not authorized to perform: \(action) on resource: \(resource)")
        }
    }
}
