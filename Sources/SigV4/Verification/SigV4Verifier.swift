#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Verifies incoming requests signed with AWS Signature Version 4, in the `Authorization` header or
/// as a presigned URL, as AWS's own services do.
///
/// The canonical request is rebuilt with the very functions ``SigV4Signer`` signs with
/// (``CanonicalRequest``), from the request as it arrived: only the headers it lists as signed, the
/// query without `X-Amz-Signature` when presigned, and the payload hash from `x-amz-content-sha256`
/// or the body. The signature is compared in constant time.
///
/// A server verifies in two steps so that it can look the key up in between:
/// ```swift
/// let info = try verifier.parse(request)           // IncompleteSignature, MissingAuthenticationToken, …
/// try verifier.prevalidate(info, now: now)          // time window, before touching the store
/// guard let credentials = store.credentials(for: info.accessKeyID) else { throw SigV4VerificationError.invalidClientTokenId() }
/// try verifier.verify(request, info, credentials: credentials, now: now)
/// ```
/// The time is a parameter of every call; the verifier itself is a `Sendable` value.
public struct SigV4Verifier: Sendable {
    /// How far the request time may be from the server's clock: 15 minutes, as AWS allows.
    public static let defaultClockSkew: TimeInterval = 15 * 60
    /// How long STS honours a presigned `GetCallerIdentity` URL after its `X-Amz-Date`, whatever
    /// its `X-Amz-Expires`: 15 minutes (EKS tokens carry `X-Amz-Expires=60` and work for 15).
    public static let stsPresignedAge: TimeInterval = 15 * 60

    /// The service the credential scope must name (`sts`, `eks`, …), or `nil` to accept any.
    public var service: String?
    /// The regions the credential scope may name, or `nil` to accept any.
    public var regions: Set<String>?
    /// How far a request time may be from `now`, either way (header-signed requests), and how far in
    /// the future a presigned URL's `X-Amz-Date` may be.
    public var allowedClockSkew: TimeInterval
    /// How presigned URLs expire.
    ///
    /// - `nil`: as Amazon S3 does, at `X-Amz-Date` + `X-Amz-Expires`, which is then required;
    ///   a late request fails with `AccessDenied` "Request has expired".
    /// - a duration: as STS and the other AWS services do, at `X-Amz-Date` + this duration,
    ///   **whatever `X-Amz-Expires` says** (it is still range-checked when present); a late request
    ///   fails with `SignatureDoesNotMatch` "Signature expired". Use ``stsPresignedAge`` for EKS tokens.
    public var maximumPresignedAge: TimeInterval?
    /// Whether `x-amz-content-sha256: UNSIGNED-PAYLOAD` is accepted. Off by default: STS, IAM and
    /// EKS carry their parameters in the body, which must then be signed.
    public var allowsUnsignedPayload: Bool
    /// Where derived signing keys are kept, or `nil` to derive the key for every request.
    public var keyCache: SigningKeyCache?

    /// Creates a verifier.
    public init(
        service: String? = nil,
        regions: Set<String>? = nil,
        allowedClockSkew: TimeInterval = SigV4Verifier.defaultClockSkew,
        maximumPresignedAge: TimeInterval? = nil,
        allowsUnsignedPayload: Bool = false,
        keyCache: SigningKeyCache? = nil
    ) {
        self.service = service
        self.regions = regions
        self.allowedClockSkew = allowedClockSkew
        self.maximumPresignedAge = maximumPresignedAge
        self.allowsUnsignedPayload = allowsUnsignedPayload
        self.keyCache = keyCache
    }

    /// A verifier for EKS tokens (presigned STS `GetCallerIdentity` URLs): scope service `sts`,
    /// valid for 15 minutes after `X-Amz-Date` whatever `X-Amz-Expires` says.
    public static func eksToken(regions: Set<String>? = nil, keyCache: SigningKeyCache? = nil) -> SigV4Verifier {
        SigV4Verifier(service: "sts", regions: regions, maximumPresignedAge: stsPresignedAge, keyCache: keyCache)
    }

    // MARK: - Steps

    /// Reads the signature of `request` (see ``SignedRequestParser/parse(_:)``) and checks that its
    /// credential scope names the expected service and an accepted region.
    public func parse(_ request: SigV4Request) throws(SigV4VerificationError) -> SignedRequestInfo {
        let info = try SignedRequestParser.parse(request)
        try checkScope(info)
        return info
    }

    /// The credential scope names ``service`` and one of ``regions``.
    private func checkScope(_ info: SignedRequestInfo) throws(SigV4VerificationError) {
        if let service, info.service != service {
            throw .signatureDoesNotMatch("Credential should be scoped to correct service: '\(service)'.")
        }
        if let regions, !regions.contains(info.region) {
            throw .signatureDoesNotMatch(
                "Credential should be scoped to a valid region, not '\(SignedRequestParser.clip(info.region))'."
            )
        }
    }

    /// Checks what needs no key, so a server can call it before its store: the credential scope
    /// (``service``, ``regions``) and the request time against `now` — within ``allowedClockSkew``
    /// for a header-signed request; for a presigned URL not too far in the future and not expired
    /// (see ``maximumPresignedAge``).
    public func prevalidate(_ info: SignedRequestInfo, now: Date) throws(SigV4VerificationError) {
        try checkScope(info)
        let requestTime = info.timestamp.date.timeIntervalSince1970
        let now = now.timeIntervalSince1970.rounded(.down)
        if requestTime > now + allowedClockSkew {
            throw .signatureDoesNotMatch(
                "Signature not yet current: \(info.timestamp.amzDate) is still later than "
                    + "\(Self.amzDate(now + allowedClockSkew)) (\(Self.amzDate(now)) + \(Self.minutes(allowedClockSkew))). "
                    + "Check the clock of the client."
            )
        }
        let maximumAge: TimeInterval
        if !info.isPresigned {
            maximumAge = allowedClockSkew
        } else if let maximumPresignedAge {
            maximumAge = maximumPresignedAge
        } else {
            guard let expires = info.expires else {
                throw .incompleteSignature("AWS query-string parameters must include 'X-Amz-Expires'. Re-examine the query-string parameters.")
            }
            guard expires > 0 else {
                throw .incompleteSignature(
                    "X-Amz-Expires must be a whole number of seconds from 1 to \(SignedRequestParser.maximumExpires) (7 days). Got '0'.")
            }
            let end = requestTime + TimeInterval(expires)
            guard now <= end else { throw .requestExpired(validUntil: Self.amzDate(end), now: Self.amzDate(now)) }
            return
        }
        if requestTime < now - maximumAge {
            throw .signatureDoesNotMatch(
                "Signature expired: \(info.timestamp.amzDate) is now earlier than "
                    + "\(Self.amzDate(now - maximumAge)) (\(Self.amzDate(now)) - \(Self.minutes(maximumAge)))."
                    + (info.isPresigned ? " Create a new presigned URL." : " Check the clock of the client.")
            )
        }
    }

    /// Verifies that `request`, described by `info` (from ``parse(_:)``), is signed by `credentials`
    /// and valid at `now`: the time window, the signature (in constant time), the session token
    /// (temporary credentials must present theirs, long-term ones none) and the expiry of temporary
    /// credentials.
    ///
    /// - Throws: `SignatureDoesNotMatch` (wrong signature, tampered request, a signed header
    ///   missing, time window), `AccessDenied` (presigned URL past `X-Amz-Expires`),
    ///   `InvalidClientTokenId` (session token or access key id not those of `credentials`),
    ///   `ExpiredToken` (temporary credentials expired), `IncompleteSignature` and
    ///   `XAmzContentSHA256Mismatch` (payload hash header).
    public func verify(
        _ request: SigV4Request,
        _ info: SignedRequestInfo,
        credentials: AWSCredentials,
        now: Date
    ) throws(SigV4VerificationError) {
        guard credentials.accessKeyID == info.accessKeyID else { throw .invalidClientTokenId() }
        try prevalidate(info, now: now)
        let stringToSign = try self.stringToSign(request, info)
        let key = keyCache?.signingKey(
            accessKeyID: info.accessKeyID, secretAccessKey: credentials.secretAccessKey,
            dateStamp: info.dateStamp, region: info.region, service: info.service
        ) ?? SigningKey(secretAccessKey: credentials.secretAccessKey, dateStamp: info.dateStamp, region: info.region, service: info.service)
        guard key.isValidSignature(info.signature, for: stringToSign) else { throw .signatureDoesNotMatch() }
        let expectedToken = credentials.sessionToken.flatMap { $0.isEmpty ? nil : $0 }
        guard Self.constantTimeEqual(info.sessionToken, expectedToken) else { throw .invalidClientTokenId() }
        if credentials.isExpired(at: now) { throw .expiredToken() }
    }

    /// Parses and verifies `request` in one call, for a caller that already knows the secret (and the
    /// session token, for temporary credentials). Returns what the signature says.
    @discardableResult
    public func verify(
        _ request: SigV4Request,
        secretAccessKey: String,
        sessionToken: String? = nil,
        now: Date
    ) throws(SigV4VerificationError) -> SignedRequestInfo {
        let info = try parse(request)
        let credentials = AWSCredentials(accessKeyID: info.accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
        try verify(request, info, credentials: credentials, now: now)
        return info
    }

    // MARK: - Canonical request

    /// The canonical request `request` must have been signed over, per `info`. It may contain the
    /// session token (in the query of a presigned URL): never log it.
    package func canonicalRequest(_ request: SigV4Request, _ info: SignedRequestInfo) throws(SigV4VerificationError) -> String {
        for name in info.signedHeaders where name != "host"
            && !request.headers.contains(where: { SignedRequestParser.equalsIgnoringASCIICase($0.name, name) }) {
            throw .signatureDoesNotMatch(
                "The request does not carry the header '\(SignedRequestParser.clip(name))' that its signature lists as signed."
            )
        }
        let query = info.isPresigned
            ? request.query.filter { !SignedRequestParser.equalsIgnoringASCIICase($0.name, "x-amz-signature") } : request.query
        return CanonicalRequest.text(
            method: request.method,
            path: request.path,
            query: query,
            headers: CanonicalRequest.headersToSign(request, only: Set(info.signedHeaders)),
            payloadHash: try payloadHash(request)
        )
    }

    private func stringToSign(_ request: SigV4Request, _ info: SignedRequestInfo) throws(SigV4VerificationError) -> String {
        CanonicalRequest.stringToSign(
            canonicalRequest: try canonicalRequest(request, info), timestamp: info.timestamp.amzDate, scope: info.credentialScope
        )
    }

    /// `x-amz-content-sha256` when sent (checked against the body, or `UNSIGNED-PAYLOAD` when
    /// allowed), else the SHA-256 of the body.
    private func payloadHash(_ request: SigV4Request) throws(SigV4VerificationError) -> String {
        var declared: HeaderField?
        for field in request.headers where SignedRequestParser.equalsIgnoringASCIICase(field.name, "x-amz-content-sha256") {
            guard declared == nil else {
                throw .incompleteSignature("The request has more than one 'x-amz-content-sha256' header; send at most one.")
            }
            declared = field
        }
        guard let header = declared else {
            return request.body.isEmpty ? CanonicalRequest.emptyPayloadHash : CanonicalRequest.hexSHA256(request.body)
        }
        let value = Self.trimmingOptionalWhitespace(header.value)
        if value == CanonicalRequest.unsignedPayload {
            guard allowsUnsignedPayload else {
                throw .incompleteSignature("This service does not accept UNSIGNED-PAYLOAD: sign the body (x-amz-content-sha256 must be its SHA-256).")
            }
            return value
        }
        guard value.utf8.count == 64, value.utf8.allSatisfy({ Self.isHexDigit($0) }) else {
            throw .incompleteSignature(
                "x-amz-content-sha256 '\(SignedRequestParser.clip(value))' is neither the hex SHA-256 of the body nor UNSIGNED-PAYLOAD."
            )
        }
        guard value.lowercased() == CanonicalRequest.hexSHA256(request.body) else { throw .contentSHA256Mismatch() }
        return value
    }

    // MARK: - Helpers

    /// `value` without the spaces and tabs HTTP allows around a field value.
    private static func trimmingOptionalWhitespace(_ value: String) -> String {
        let isOptionalWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = value.firstIndex(where: { !isOptionalWhitespace($0) }),
              let last = value.lastIndex(where: { !isOptionalWhitespace($0) }) else { return "" }
        return String(value[first...last])
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    /// Equal optional strings, compared without an early exit on the first differing byte.
    private static func constantTimeEqual(_ lhs: String?, _ rhs: String?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): return true
        case let (lhs?, rhs?):
            let left = Array(lhs.utf8)
            let right = Array(rhs.utf8)
            var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
            difference |= left.count == right.count ? 0 : 1
            for index in 0..<min(left.count, right.count) { difference |= left[index] ^ right[index] }
            return difference == 0
        default: return false
        }
    }

    private static func amzDate(_ seconds: TimeInterval) -> String { SigV4Timestamp(Date(timeIntervalSince1970: seconds)).amzDate }

    private static func minutes(_ interval: TimeInterval) -> String {
        let seconds = Int(interval.rounded())
        return seconds % 60 == 0 ? "\(seconds / 60) min." : "\(seconds) sec."
    }
}
