import Foundation
import SigV4

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
    func authenticate(
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
}
