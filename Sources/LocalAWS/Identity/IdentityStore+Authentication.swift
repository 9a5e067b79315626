public import Foundation
public import SigV4

extension IdentityStore {
    /// Verifies the signature of `request` against this store's keys and returns who signed it: parse
    /// and check scope and time first, then look the key up, then check the signature and session token.
    ///
    /// - Parameters:
    ///   - verifier: checks header-signed requests (and presigned ones when `presignedVerifier` is `nil`).
    ///   - presignedVerifier: checks presigned URLs, when their rules differ (the STS 15-minute rule).
    /// - Throws: the verifier's errors as the query APIs answer them (`MissingAuthenticationToken`,
    ///   `IncompleteSignature`, `SignatureDoesNotMatch`, `ExpiredToken`, …); `InvalidClientTokenId`
    ///   for an unknown or inactive key (AWS does not tell them apart).
    public func authenticate(
        _ request: SigV4Request, verifier: SigV4Verifier, presignedVerifier: SigV4Verifier? = nil, now: Date
    ) async throws(STSServiceError) -> KeyLookup {
        do throws(SigV4VerificationError) {
            let info = try verifier.parse(request)
            let chosen = info.isPresigned ? (presignedVerifier ?? verifier) : verifier
            try chosen.prevalidate(info, now: now)
            guard let caller = await lookupRefreshing(accessKeyID: info.accessKeyID), caller.isActive else {
                throw SigV4VerificationError.invalidClientTokenId()
            }
            try chosen.verify(request, info, credentials: caller.credentials, now: now)
            return caller
        } catch {
            throw STSServiceError(code: error.awsCode, httpStatus: error.httpStatus, message: error.message, type: error.errorType)
        }
    }

    /// Whether `caller` may perform `action` (`eks:CreateAccessEntry`) on `resource`: always for the
    /// account root, otherwise when its identity policies allow it (an explicit deny wins).
    public func isAllowed(_ caller: KeyLookup, action: String, resource: String, now: Date) -> Bool {
        if case .root = caller.principal { return true }
        let context = RequestContext(principal: caller.requestPrincipal, action: action, resource: resource, date: now)
        return PolicyEvaluator.evaluateIdentityPolicies(identityPolicies(for: caller.principal), context: context).isAllowed
    }

    /// The unique id (`AIDA…`, `AROA…`) of the IAM user or role whose ARN is `arn` (compared without
    /// regard to case), or `nil` when this account has none.
    public func principalID(arn: String) -> String? {
        let wanted = arn.lowercased()
        let state = snapshot()
        if let user = state.users.values.first(where: { $0.arn.lowercased() == wanted }) { return user.id }
        if let role = state.roles.values.first(where: { $0.arn.lowercased() == wanted }) { return role.id }
        return nil
    }
}
