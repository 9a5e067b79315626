#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Signs requests with AWS Signature Version 4, in the Authorization header or as a presigned URL.
///
/// A small value: credentials, region and service. The time is a parameter of each call, so tests
/// sign deterministically.
public struct SigV4Signer: Sendable {
    /// The credentials that sign.
    public var credentials: AWSCredentials
    /// The region of the credential scope (`us-east-1`, …).
    public var region: String
    /// The service of the credential scope (`sts`, `eks`, …).
    public var service: String

    /// Creates a signer.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// `yyyyMMdd/region/service/aws4_request`.
    public func credentialScope(_ timestamp: SigV4Timestamp) -> String {
        "\(timestamp.dateStamp)/\(region)/\(service)/aws4_request"
    }

    /// Signs `request` in its headers: sets `X-Amz-Date` (and `X-Amz-Security-Token` for temporary
    /// credentials), then `Authorization`. The payload is hashed unless `unsignedPayload` is set, in
    /// which case `X-Amz-Content-SHA256: UNSIGNED-PAYLOAD` is sent and signed, as botocore does.
    public func signHeaders(_ request: SigV4Request, date: Date = Date(), unsignedPayload: Bool = false) -> SigV4Request {
        let timestamp = SigV4Timestamp(date)
        var signed = request
        signed.removeHeaders(named: "Authorization")
        signed.setHeader("X-Amz-Date", timestamp.amzDate)
        if let token = credentials.sessionToken, !token.isEmpty {
            signed.setHeader("X-Amz-Security-Token", token)
        }
        if unsignedPayload {
            signed.setHeader("X-Amz-Content-SHA256", CanonicalRequest.unsignedPayload)
        }
        let headers = CanonicalRequest.headersToSign(signed)
        let payloadHash = unsignedPayload ? CanonicalRequest.unsignedPayload : CanonicalRequest.hexSHA256(signed.body)
        let canonical = CanonicalRequest.text(
            method: signed.method, path: signed.path, query: signed.query, headers: headers, payloadHash: payloadHash
        )
        let scope = credentialScope(timestamp)
        let signature = signingKey(timestamp).signature(
            for: CanonicalRequest.stringToSign(canonicalRequest: canonical, timestamp: timestamp.amzDate, scope: scope)
        )
        signed.headers.append(
            HeaderField(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
                    + "SignedHeaders=\(CanonicalRequest.signedHeaders(headers)), Signature=\(signature)"
            )
        )
        return signed
    }

    /// A presigned URL for `request`, as botocore's `SigV4QueryAuth` makes it: the request's own
    /// parameters first (one per name, the last value winning), then `X-Amz-Algorithm`,
    /// `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`,
    /// `X-Amz-Security-Token`, and `X-Amz-Signature` last. Every header of the request is signed.
    public func presignedURL(_ request: SigV4Request, expires: Int, date: Date = Date()) -> String {
        let timestamp = SigV4Timestamp(date)
        let headers = CanonicalRequest.headersToSign(request)
        var operationParameters: [QueryItem] = []
        for item in request.query {
            if let index = operationParameters.firstIndex(where: { $0.name == item.name }) {
                operationParameters[index].value = item.value
            } else {
                operationParameters.append(item)
            }
        }
        let scope = credentialScope(timestamp)
        var authParameters = [
            QueryItem("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            QueryItem("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"),
            QueryItem("X-Amz-Date", timestamp.amzDate),
            QueryItem("X-Amz-Expires", String(expires)),
            QueryItem("X-Amz-SignedHeaders", CanonicalRequest.signedHeaders(headers)),
        ]
        if let token = credentials.sessionToken {
            authParameters.append(QueryItem("X-Amz-Security-Token", token))
        }
        let query = operationParameters + authParameters
        let canonical = CanonicalRequest.text(
            method: request.method, path: request.path, query: query, headers: headers,
            payloadHash: CanonicalRequest.hexSHA256(request.body)
        )
        let signature = signingKey(timestamp).signature(
            for: CanonicalRequest.stringToSign(canonicalRequest: canonical, timestamp: timestamp.amzDate, scope: scope)
        )
        var url = request
        url.query = query + [QueryItem("X-Amz-Signature", signature)]
        return url.url
    }

    private func signingKey(_ timestamp: SigV4Timestamp) -> SigningKey {
        SigningKey(secretAccessKey: credentials.secretAccessKey, dateStamp: timestamp.dateStamp, region: region, service: service)
    }
}
