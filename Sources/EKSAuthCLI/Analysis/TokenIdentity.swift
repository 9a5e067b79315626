import AsyncHTTPClient
import AWSCore
import EKSToken
import Foundation

/// Who an EKS token belongs to, learned as the authenticator learns it: the token's checks, then
/// STS GetCallerIdentity with its presigned URL and `x-k8s-aws-id: <cluster>`.
enum TokenIdentity {
    /// The caller's ARN and UserId.
    ///
    /// - Throws: ``CLIFailure`` when the token fails a check or STS refuses it — both of which the
    ///   API server answers with Unauthorized.
    static func ask(_ token: String, clusterID: String, endpointOverride: String?) async throws -> CallerIdentity {
        let validated: ValidatedToken
        do {
            validated = try TokenValidator().validate(token, now: Date())
        } catch {
            throw CLIFailure("the token is refused (\(error.message)); the API server would answer Unauthorized")
        }
        do {
            let trusted = CABundle.path(explicit: nil, environment: ProcessInfo.processInfo.environment, profile: [:])
            return try await HTTPClient.withShortLivedClient(caBundle: trusted) { client in
                try await PresignedIdentityClient(httpClient: client, endpointOverride: endpointOverride).callerIdentity(
                    presignedURL: validated.url, host: validated.host, region: validated.region, clusterID: clusterID)
            }
        } catch {
            throw CLIFailure("STS refused the token for cluster \(clusterID) (\(error)); the API server would answer Unauthorized")
        }
    }
}
