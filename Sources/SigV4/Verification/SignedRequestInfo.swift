/// What an incoming request says about its own signature, read from the `Authorization` header or
/// from the `X-Amz-*` query parameters of a presigned URL. Nothing here is trusted until
/// ``SigV4Verifier`` has checked the signature.
public struct SignedRequestInfo: Sendable, Hashable {
    /// The access key id of the credential (`AKIA…`, `ASIA…`): the key to look up.
    public var accessKeyID: String
    /// The credential scope's date, `yyyyMMdd` (equal to the day of ``timestamp``).
    public var dateStamp: String
    /// The credential scope's region (`us-east-1`, …).
    public var region: String
    /// The credential scope's service (`sts`, `eks`, …).
    public var service: String
    /// The signed header names, lower-case and sorted; `host` is always among them.
    public var signedHeaders: [String]
    /// The signature, as sent (lower-case hex when well-formed).
    public var signature: String
    /// The request time: `X-Amz-Date` (header or query), or the `Date` header.
    public var timestamp: SigV4Timestamp
    /// The session token (`X-Amz-Security-Token` header or query parameter) of temporary credentials.
    public var sessionToken: String?
    /// Whether the signature travels in the query string (a presigned URL).
    public var isPresigned: Bool
    /// `X-Amz-Expires` of a presigned URL, in seconds (1…604800), if it has one.
    public var expires: Int?

    /// Creates the description of a signature from its parts.
    public init(
        accessKeyID: String,
        dateStamp: String,
        region: String,
        service: String,
        signedHeaders: [String],
        signature: String,
        timestamp: SigV4Timestamp,
        sessionToken: String? = nil,
        isPresigned: Bool,
        expires: Int? = nil
    ) {
        self.accessKeyID = accessKeyID
        self.dateStamp = dateStamp
        self.region = region
        self.service = service
        self.signedHeaders = signedHeaders
        self.signature = signature
        self.timestamp = timestamp
        self.sessionToken = sessionToken
        self.isPresigned = isPresigned
        self.expires = expires
    }

    /// `yyyyMMdd/region/service/aws4_request`.
    public var credentialScope: String { "\(dateStamp)/\(region)/\(service)/aws4_request" }
}

extension SignedRequestInfo: CustomStringConvertible {
    /// A one-line summary for logs; the session token is never shown.
    public var description: String {
        "SignedRequestInfo(\(isPresigned ? "presigned" : "header"), credential: \(accessKeyID)/\(credentialScope), "
            + "signedHeaders: \(signedHeaders.joined(separator: ";")), date: \(timestamp.amzDate)"
            + (expires.map { ", expires: \($0)" } ?? "") + (sessionToken == nil ? "" : ", sessionToken: <redacted>") + ")"
    }
}
