#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads the signature of an incoming request — the `Authorization: AWS4-HMAC-SHA256 …` header or
/// the `X-Amz-*` parameters of a presigned URL — into a ``SignedRequestInfo``, rejecting anything
/// garbled, incomplete or ambiguous. It checks form only; ``SigV4Verifier`` checks time and signature.
///
/// Header and parameter names are matched case-insensitively, so `x-amz-credential` and
/// `X-Amz-Credential` together are a duplicate, not two different parameters.
public enum SignedRequestParser {
    /// The only algorithm SigV4 verification accepts.
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The credential scope's terminator.
    public static let terminator = "aws4_request"
    /// The longest `X-Amz-Expires` AWS accepts: seven days, in seconds.
    public static let maximumExpires = 604_800

    /// The query parameters of a presigned URL, in the order of their slots.
    private static let queryParameters = [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
        "X-Amz-Signature", "X-Amz-Security-Token",
    ]
    private static let loweredQueryParameters = queryParameters.map { $0.lowercased() }

    /// Parses the signature of `request`.
    ///
    /// - Throws: `MissingAuthenticationToken` when the request carries no signature at all;
    ///   `IncompleteSignature` for a missing, duplicated or malformed part, an algorithm other than
    ///   `AWS4-HMAC-SHA256`, or `host` not among the signed headers; `SignatureDoesNotMatch` when the
    ///   credential scope's date is not the request's day or its terminator is not `aws4_request`.
    public static func parse(_ request: SigV4Request) throws(SigV4VerificationError) -> SignedRequestInfo {
        var authorization: HeaderField?
        var authorizationCount = 0
        for field in request.headers where equalsIgnoringASCIICase(field.name, "authorization") {
            authorization = field
            authorizationCount += 1
        }
        var values = [String?](repeating: nil, count: queryParameters.count)
        var duplicate: String?
        for item in request.query {
            guard let slot = querySlot(item.name) else { continue }
            if values[slot] != nil { duplicate = duplicate ?? item.name }
            values[slot] = item.value
        }
        let isPresigned = values[0] != nil || values[1] != nil || values[5] != nil
        if authorization != nil, isPresigned {
            throw .incompleteSignature(
                "The request is signed both in its Authorization header and in its query string (X-Amz-*); use one or the other."
            )
        }
        if isPresigned {
            if let duplicate { throw .incompleteSignature("Query-string parameter '\(clip(duplicate))' appears more than once.") }
            return try parseQuery(values)
        }
        guard let authorization else { throw .missingAuthenticationToken() }
        guard authorizationCount == 1 else {
            throw .incompleteSignature("The request has \(authorizationCount) Authorization headers; send exactly one.")
        }
        return try parseHeader(authorization.value, request: request)
    }

    /// The slot of a presigned-URL parameter in ``queryParameters``, matched ignoring case.
    private static func querySlot(_ name: String) -> Int? {
        func match(_ slot: Int) -> Int? { equalsIgnoringASCIICase(name, loweredQueryParameters[slot]) ? slot : nil }
        switch name.utf8.count {
        case 10: return match(2)
        case 13: return match(3)
        case 15: return match(0) ?? match(5)
        case 16: return match(1)
        case 19: return match(4)
        case 20: return match(6)
        default: return nil
        }
    }

    // MARK: - Authorization header

    private static func parseHeader(_ value: String, request: SigV4Request) throws(SigV4VerificationError) -> SignedRequestInfo {
        let trimmed = trimSpaces(Substring(value))
        let algorithmEnd = trimmed.utf8.firstIndex(where: isSeparator(space:)) ?? trimmed.utf8.endIndex
        let algorithm = trimmed[..<algorithmEnd]
        guard algorithm.utf8.elementsEqual(Self.algorithm.utf8) else { throw unsupportedAlgorithm(algorithm) }

        // Credential, SignedHeaders, Signature; separated by commas and/or white space.
        var parts: [Substring?] = [nil, nil, nil]
        let names = ["Credential", "SignedHeaders", "Signature"]
        for piece in trimmed[algorithmEnd...].utf8.split(whereSeparator: { $0 == UInt8(ascii: ",") || isSeparator(space: $0) }) {
            let piece = Substring(piece)
            guard let equals = piece.utf8.firstIndex(of: UInt8(ascii: "=")) else {
                throw .incompleteSignature("Authorization header part '\(clip(piece))' is not of the form Name=value.")
            }
            let name = piece[..<equals]
            guard let slot = names.firstIndex(where: { name.utf8.elementsEqual($0.utf8) }) else {
                throw .incompleteSignature(
                    "Authorization header has an unknown part '\(clip(name))'; expected Credential, SignedHeaders and Signature."
                )
            }
            guard parts[slot] == nil else {
                throw .incompleteSignature("Authorization header has '\(names[slot])' more than once.")
            }
            parts[slot] = piece[piece.utf8.index(after: equals)...]
        }
        for slot in names.indices where parts[slot]?.isEmpty ?? true {
            throw .incompleteSignature("Authorization header requires '\(names[slot])' parameter.")
        }
        return try assemble(
            credential: parts[0]!, signedHeaders: parts[1]!, signature: String(parts[2]!),
            timestamp: try headerTimestamp(request),
            sessionToken: try singleHeader("x-amz-security-token", displayName: "X-Amz-Security-Token", in: request),
            isPresigned: false, expires: nil
        )
    }

    /// `X-Amz-Date`, or else `Date` (IMF-fixdate, `Tue, 02 Jan 2024 03:04:05 GMT`).
    private static func headerTimestamp(_ request: SigV4Request) throws(SigV4VerificationError) -> SigV4Timestamp {
        if let amzDate = try singleHeader("x-amz-date", displayName: "X-Amz-Date", in: request) {
            let value = String(trimSpaces(Substring(amzDate)))
            guard let timestamp = SigV4Timestamp(amzDate: value) else {
                throw .incompleteSignature("Date must be in ISO-8601 'basic format' (yyyyMMddTHHmmssZ). Got '\(clip(value))'.")
            }
            return timestamp
        }
        if let date = try singleHeader("date", displayName: "Date", in: request) {
            guard let parsed = parseHTTPDate(date) else {
                throw .incompleteSignature("Date header '\(clip(date))' is not an HTTP date such as 'Tue, 02 Jan 2024 03:04:05 GMT'.")
            }
            return SigV4Timestamp(parsed)
        }
        throw .incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
    }

    /// The value of header `lowercasedName`, `nil` when absent; more than one line is an error.
    private static func singleHeader(
        _ lowercasedName: String,
        displayName: String,
        in request: SigV4Request
    ) throws(SigV4VerificationError) -> String? {
        var found: String?
        var count = 0
        for field in request.headers where equalsIgnoringASCIICase(field.name, lowercasedName) {
            found = field.value
            count += 1
        }
        guard count <= 1 else {
            throw .incompleteSignature("The request has \(count) '\(displayName)' headers; send exactly one.")
        }
        return found
    }

    // MARK: - Presigned query

    private static func parseQuery(_ values: [String?]) throws(SigV4VerificationError) -> SignedRequestInfo {
        func required(_ slot: Int) throws(SigV4VerificationError) -> String {
            guard let value = values[slot], !value.isEmpty else {
                throw .incompleteSignature(
                    "AWS query-string parameters must include '\(queryParameters[slot])'. Re-examine the query-string parameters."
                )
            }
            return value
        }
        let algorithm = try required(0)
        guard algorithm == Self.algorithm else { throw unsupportedAlgorithm(Substring(algorithm)) }
        let credential = try required(1)
        let signedHeaders = try required(4)
        let signature = try required(5)
        let amzDate = try required(2)
        guard let timestamp = SigV4Timestamp(amzDate: amzDate) else {
            throw .incompleteSignature("X-Amz-Date must be in ISO-8601 'basic format' (yyyyMMddTHHmmssZ). Got '\(clip(amzDate))'.")
        }
        var expires: Int?
        if let raw = values[3] {
            guard let seconds = parseExpires(raw) else {
                throw .incompleteSignature(
                    "X-Amz-Expires must be a whole number of seconds from 1 to \(maximumExpires) (7 days). Got '\(clip(raw))'."
                )
            }
            expires = seconds
        }
        return try assemble(
            credential: Substring(credential), signedHeaders: Substring(signedHeaders), signature: signature, timestamp: timestamp,
            sessionToken: values[6], isPresigned: true, expires: expires
        )
    }

    private static func parseExpires(_ raw: String) -> Int? {
        // 0 parses: STS ignores X-Amz-Expires, and EKS token clients sent 0 until aws-iam-authenticator
        // PR #753; verifiers that honour it refuse 0 (see SigV4Verifier.prevalidate).
        guard !raw.isEmpty, raw.utf8.count <= 7, raw.utf8.allSatisfy(isDigit), let seconds = Int(raw), (0...maximumExpires).contains(seconds)
        else { return nil }
        return seconds
    }

    // MARK: - Shared parts

    private static func assemble(
        credential: Substring,
        signedHeaders: Substring,
        signature: String,
        timestamp: SigV4Timestamp,
        sessionToken: String?,
        isPresigned: Bool,
        expires: Int?
    ) throws(SigV4VerificationError) -> SignedRequestInfo {
        let scope = credential.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { Substring($0) }
        guard scope.count == 5 else {
            throw .incompleteSignature(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '\(clip(credential))'."
            )
        }
        guard !scope[0].isEmpty, !scope[2].isEmpty, !scope[3].isEmpty else {
            throw .incompleteSignature("Credential '\(clip(credential))' has an empty access key id, region or service.")
        }
        guard scope[4].utf8.elementsEqual(terminator.utf8) else {
            throw .signatureDoesNotMatch("Credential should be scoped with a valid terminator: 'aws4_request', not '\(clip(scope[4]))'.")
        }
        guard scope[1].utf8.elementsEqual(timestamp.dateStamp.utf8) else {
            throw .signatureDoesNotMatch(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    + "'\(clip(scope[1]))' != '\(timestamp.dateStamp)', from '\(timestamp.amzDate)'."
            )
        }
        let names = signedHeaders.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
        var wellFormed = true
        for (index, name) in names.enumerated() {
            // Visible ASCII but no upper-case letter, and each name after the one before it.
            wellFormed = wellFormed && !name.isEmpty && name.allSatisfy { $0 > 0x20 && $0 < 0x7F && !(0x41...0x5A).contains($0) }
                && (index == 0 || names[index - 1].lexicographicallyPrecedes(name))
        }
        guard wellFormed else {
            throw .incompleteSignature(
                "SignedHeaders must list lower-case header names, sorted, each once, separated by ';'. Got '\(clip(signedHeaders))'."
            )
        }
        guard names.contains(where: { $0.elementsEqual("host".utf8) }) else {
            throw .incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }
        return SignedRequestInfo(
            accessKeyID: String(scope[0]),
            dateStamp: String(scope[1]),
            region: String(scope[2]),
            service: String(scope[3]),
            signedHeaders: names.map { String(Substring($0)) },
            signature: signature,
            timestamp: timestamp,
            sessionToken: sessionToken.flatMap { $0.isEmpty ? nil : $0 },
            isPresigned: isPresigned,
            expires: expires
        )
    }

    private static func unsupportedAlgorithm(_ algorithm: Substring) -> SigV4VerificationError {
        algorithm.isEmpty
            ? .incompleteSignature("The signature has no algorithm; expected 'AWS4-HMAC-SHA256'.")
            : .incompleteSignature("Unsupported AWS 'algorithm': '\(clip(algorithm))'; expected 'AWS4-HMAC-SHA256'.")
    }

    // MARK: - Byte helpers

    /// Whether `value` equals `lowercased` (which must be lower-case ASCII) ignoring ASCII case,
    /// without allocating.
    static func equalsIgnoringASCIICase(_ value: String, _ lowercased: String) -> Bool {
        value.utf8.count == lowercased.utf8.count && hasASCIIPrefixIgnoringCase(value, lowercased)
    }

    /// Whether `value` starts with `lowercased` (lower-case ASCII) ignoring ASCII case.
    static func hasASCIIPrefixIgnoringCase(_ value: String, _ lowercased: String) -> Bool {
        func compare(_ bytes: UnsafeBufferPointer<UInt8>, _ expected: UnsafeBufferPointer<UInt8>) -> Bool {
            guard bytes.count >= expected.count else { return false }
            for index in 0..<expected.count {
                let byte = bytes[index]
                guard (0x41...0x5A).contains(byte) ? byte | 0x20 == expected[index] : byte == expected[index] else { return false }
            }
            return true
        }
        let fast = value.utf8.withContiguousStorageIfAvailable { bytes in
            lowercased.utf8.withContiguousStorageIfAvailable { expected in compare(bytes, expected) }
        }
        if let fast, let result = fast { return result }
        let bytes = Array(value.utf8)
        let expected = Array(lowercased.utf8)
        return bytes.withUnsafeBufferPointer { bytes in expected.withUnsafeBufferPointer { compare(bytes, $0) } }
    }

    private static func isSeparator(space byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func trimSpaces(_ value: Substring) -> Substring {
        guard let start = value.utf8.firstIndex(where: { !isSeparator(space: $0) }) else { return value[value.endIndex...] }
        let last = value.utf8.lastIndex(where: { !isSeparator(space: $0) })!
        return value[start..<value.utf8.index(after: last)]
    }

    /// At most 64 characters of a client-supplied value, for messages.
    static func clip(_ value: some StringProtocol) -> String {
        value.count <= 64 ? String(value) : String(value.prefix(64)) + "…"
    }

    /// Parses an IMF-fixdate (`Tue, 02 Jan 2024 03:04:05 GMT`), the form of the HTTP `Date` header.
    static func parseHTTPDate(_ value: String) -> Date? {
        let fields = value.split(separator: " ", omittingEmptySubsequences: true)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func number(_ text: Substring, digits: Int) -> Int64? {
            guard text.utf8.count == digits, text.utf8.allSatisfy(isDigit) else { return nil }
            return Int64(text)
        }
        guard fields.count == 6, fields[0].count == 4, fields[0].hasSuffix(","), fields[5] == "GMT",
              let day = number(fields[1], digits: 2),
              let monthIndex = months.firstIndex(of: String(fields[2])),
              let year = number(fields[3], digits: 4)
        else { return nil }
        let time = fields[4].split(separator: ":", omittingEmptySubsequences: false)
        guard time.count == 3, let hour = number(time[0], digits: 2), let minute = number(time[1], digits: 2),
              let second = number(time[2], digits: 2),
              let civil = CivilTime(year: year, month: Int64(monthIndex + 1), day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(civil.epochSeconds))
    }
}
