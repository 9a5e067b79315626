public import AccessModel
public import AWSCore
public import EKSToken
public import Foundation
public import LocalAWS
import SigV4
public import Storage

/// How a token's signature is verified.
public enum TokenVerification: Sendable {
    /// In process, against the embedded STS's identity store (no HTTP hop).
    case embedded(STSService)
    /// By STS itself over HTTPS (or the client's endpoint override).
    case aws(PresignedIdentityClient)
}

/// Decides TokenReviews: checks the token's form (``TokenValidator``, aws-iam-authenticator's rules),
/// verifies its signature (in process or by STS), and maps the identity through the cluster's access
/// entries and the aws-auth mappings, as the cluster's authentication mode says.
public struct TokenAuthenticator: Sendable {
    /// The outcome of one token.
    public enum Decision: Sendable {
        /// Authenticated as `user`.
        case granted(AWSIdentity, MappedUser)
        /// Refused for `reason`; the identity when the token verified but did not map.
        case denied(reason: String, identity: AWSIdentity?, result: WebhookMetrics.Result)
    }

    /// The cluster id tokens must be signed for (`x-k8s-aws-id`).
    public let clusterID: String
    let validator: TokenValidator
    let verification: TokenVerification
    let mappings: MappingSource
    let access: AccessStore?
    let privateDNSNames: PrivateDNSNameResolver?
    let cache: VerifiedIdentityCache
    let metrics: WebhookMetrics

    /// Creates the authenticator.
    public init(
        clusterID: String, validator: TokenValidator, verification: TokenVerification, mappings: MappingSource, access: AccessStore? = nil,
        privateDNSNames: PrivateDNSNameResolver? = nil, cache: VerifiedIdentityCache, metrics: WebhookMetrics
    ) {
        self.access = access
        self.privateDNSNames = privateDNSNames
        self.clusterID = clusterID
        self.validator = validator
        self.verification = verification
        self.mappings = mappings
        self.cache = cache
        self.metrics = metrics
    }

    /// Decides `token` at time `now`.
    public func authenticate(_ token: String, now: Date) async -> Decision {
        let identity: AWSIdentity
        // A cached identity belongs to a token that passed every check and verified, and leaves the
        // cache when the token expires; so the checks run only for tokens not seen yet (an oversized
        // token is not even hashed).
        if token.utf8.count <= validator.maximumSize, let cached = await cache.identity(for: token, now: now) {
            metrics.cacheLookup(hit: true)
            identity = cached
        } else {
            metrics.cacheLookup(hit: false)
            let validated: ValidatedToken
            do {
                validated = try validator.validate(token, now: now)
            } catch {
                return .denied(reason: error.message, identity: nil, result: .invalidToken)
            }
            let started = ContinuousClock.now
            defer { metrics.recordVerification(since: started) }
            do {
                identity = try await verify(validated, now: now)
            } catch let error as STSServiceError {
                return .denied(reason: "sts getCallerIdentity failed: \(error.code): \(error.message)", identity: nil, result: .stsError)
            } catch let error as TokenValidationError {
                return .denied(reason: error.message, identity: nil, result: .invalidToken)
            } catch let error as PresignedIdentityError {
                if case .throttled = error { return .denied(reason: error.description, identity: nil, result: .stsThrottling) }
                return .denied(reason: error.description, identity: nil, result: .stsError)
            } catch {
                return .denied(reason: "sts getCallerIdentity failed: \(error)", identity: nil, result: .stsError)
            }
            await cache.store(identity, for: token, until: validated.signedAt.addingTimeInterval(15 * 60), now: now)
        }
        let cluster = await access?.view(cluster: clusterID)
        let mappings = await mappings.mappings()
        do throws(MappingError) {
            do {
                return .granted(identity, try IdentityMapper.map(identity, cluster: cluster, mappings: mappings))
            } catch where error.needsPrivateDNSName {
                guard let privateDNSNames else { throw MappingError("\(error.message), and this server has no ec2Instances table or EC2 access") }
                let name = try await privateDNSNames.privateDNSName(of: identity.sessionName)
                return .granted(identity, try IdentityMapper.map(identity, cluster: cluster, mappings: mappings, privateDNSName: name))
            }
        } catch {
            return .denied(reason: error.message, identity: identity, result: .unknownUser)
        }
    }

    private func verify(_ validated: ValidatedToken, now: Date) async throws -> AWSIdentity {
        switch verification {
        case .embedded(let sts):
            let caller = try await sts.verifyPresignedGetCallerIdentity(try validated.request(clusterID: clusterID), now: now)
            return try AWSIdentity(
                arn: caller.arn, accountID: caller.accountID, userIDWithSession: caller.userID, accessKeyID: validated.accessKeyID,
                stsHost: validated.host)
        case .aws(let client):
            let caller = try await client.callerIdentity(
                presignedURL: validated.url, host: validated.host, region: validated.region, clusterID: clusterID)
            return try AWSIdentity(
                arn: caller.arn, accountID: caller.account, userIDWithSession: caller.userID, accessKeyID: validated.accessKeyID,
                stsHost: validated.host)
        }
    }
}
