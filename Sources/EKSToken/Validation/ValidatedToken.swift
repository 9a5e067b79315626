public import Foundation
public import SigV4

/// An EKS token that passed every check ``TokenValidator`` makes: its presigned STS URL and what
/// the URL says. Its signature is not checked yet: verify ``request(clusterID:)`` in process, or send
/// it to STS.
public struct ValidatedToken: Sendable, Hashable {
    /// The decoded presigned URL, as the token carries it: `https://<host>/?<query>`.
    public let url: String
    /// The STS host, such as `sts.us-west-2.amazonaws.com`: always one of the validator's allow-list.
    public let host: String
    /// The region label of the host (`us-west-2`), or `global` for `sts.amazonaws.com`.
    public let region: String
    /// The access key ID: `X-Amz-Credential` up to its first `/`.
    public let accessKeyID: String
    /// When the URL was signed: `X-Amz-Date`.
    public let signedAt: Date
    /// `X-Amz-Expires`, 0…900 (STS ignores it: the URL is good for 15 minutes after ``signedAt``).
    public let expiresIn: Int

    init(url: String, host: String, region: String, accessKeyID: String, signedAt: Date, expiresIn: Int) {
        self.url = url
        self.host = host
        self.region = region
        self.accessKeyID = accessKeyID
        self.signedAt = signedAt
        self.expiresIn = expiresIn
    }

    /// When STS stops accepting the URL: ``signedAt`` plus 15 minutes.
    public var expiration: Date { signedAt + EKSToken.validity }

    /// The request whose signature proves the token, for the cluster `clusterID`: a GET of ``url``
    /// with the headers `x-k8s-aws-id: <clusterID>` and `host: <host>`. Verify it in process, or send
    /// it to ``host`` (adding `accept: application/json` as aws-iam-authenticator does); a token made
    /// for another cluster fails there.
    ///
    /// - Throws: ``TokenValidationError`` (``TokenValidationError/Code/badURL``) only if the URL cannot
    ///   be read as a request, which a validated URL always can.
    public func request(clusterID: String) throws(TokenValidationError) -> SigV4Request {
        // The SigV4 error would quote the URL, session token included: it is not passed on.
        guard let request = try? SigV4Request(
            method: "GET",
            receivedURL: url,
            headers: [HeaderField(EKSTokenGenerator.clusterIDHeader, clusterID), HeaderField("host", host)]
        ) else { throw .unbuildableRequest() }
        return request
    }
}
