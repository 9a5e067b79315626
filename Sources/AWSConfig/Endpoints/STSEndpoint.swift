/// Where STS requests go and which region signs them: `https://sts.us-east-1.amazonaws.com` signed
/// for `us-east-1`, the legacy global `https://sts.amazonaws.com` signed for `us-east-1`, or an
/// override such as `http://127.0.0.1:5000`.
public struct STSEndpoint: Sendable, Hashable {
    /// Scheme, authority and optional base path, without a trailing `/` (`https://sts.eu-west-1.amazonaws.com`).
    public var url: String
    /// The region of the SigV4 credential scope.
    public var signingRegion: String

    /// Creates an endpoint; a trailing `/` on `url` is removed.
    public init(url: String, signingRegion: String) {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        self.url = url
        self.signingRegion = signingRegion
    }
}
