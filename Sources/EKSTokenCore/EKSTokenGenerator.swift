public import AWSConfig
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import SigV4

/// A bearer token for an EKS-style cluster: `k8s-aws-v1.` followed by the unpadded base64url form
/// of a presigned STS `GetCallerIdentity` URL that signs the header `x-k8s-aws-id: <cluster>`.
public struct EKSToken: Sendable, Hashable {
    /// The prefix every token starts with.
    public static let prefix = "k8s-aws-v1."
    /// How long after signing STS accepts the presigned URL.
    public static let validity: TimeInterval = 15 * 60
    /// How long after signing the client should stop using the token (one minute of cushion).
    public static let clientLifetime: TimeInterval = 14 * 60

    /// The token string.
    public let value: String
    /// When the client should fetch a new token: the signing instant plus 14 minutes.
    public let expiration: Date

    /// Creates a token from its parts.
    public init(value: String, expiration: Date) {
        self.value = value
        self.expiration = expiration
    }
}

/// Makes EKS tokens exactly as `aws eks get-token` does: the same URL, parameter order, signed
/// headers and payload hash, so the same credentials, region, cluster and instant give the same bytes.
public struct EKSTokenGenerator: Sendable {
    /// The header that binds a token to one cluster.
    public static let clusterIDHeader = "x-k8s-aws-id"
    /// `X-Amz-Expires` as the AWS CLI and aws-iam-authenticator send it (STS ignores it).
    public static let presignExpiry = 60

    /// The STS endpoint the token names.
    public var endpoint: STSEndpoint

    /// Creates a generator for an endpoint.
    public init(endpoint: STSEndpoint) {
        self.endpoint = endpoint
    }

    /// The presigned `GetCallerIdentity` URL for `clusterID`, signed by `credentials` at `date`.
    public func presignedURL(clusterID: String, credentials: AWSCredentials, date: Date = Date()) throws(SigV4Error) -> String {
        let base = try SigV4Request(method: "GET", url: endpoint.url + "/")
        let request = SigV4Request(
            method: "GET",
            scheme: base.scheme,
            authority: base.authority,
            path: base.path,
            query: [QueryItem("Action", "GetCallerIdentity"), QueryItem("Version", "2011-06-15")],
            headers: [HeaderField(Self.clusterIDHeader, clusterID)]
        )
        let signer = SigV4Signer(credentials: credentials, region: endpoint.signingRegion, service: "sts")
        return signer.presignedURL(request, expires: Self.presignExpiry, date: date)
    }

    /// The token for `clusterID`, signed by `credentials` at `date`.
    public func token(clusterID: String, credentials: AWSCredentials, date: Date = Date()) throws(SigV4Error) -> EKSToken {
        let url = try presignedURL(clusterID: clusterID, credentials: credentials, date: date)
        let signedAt = SigV4Timestamp(date).date
        return EKSToken(value: EKSToken.prefix + Base64URL.encode(Array(url.utf8)), expiration: signedAt + EKSToken.clientLifetime)
    }
}
