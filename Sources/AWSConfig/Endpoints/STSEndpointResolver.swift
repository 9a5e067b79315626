extension STSEndpoint {
    /// The regions that use the global endpoint `https://sts.amazonaws.com` (signed for `us-east-1`) when
    /// regional endpoints are `legacy` (botocore's `LEGACY_GLOBAL_STS_REGIONS`).
    public static let legacyGlobalRegions: Set<String> = [
        "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "aws-global", "ca-central-1",
        "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "us-east-1",
        "us-east-2", "us-west-1", "us-west-2",
    ]

    /// The global STS endpoint, `https://sts.amazonaws.com` signed for `us-east-1`.
    public static let global = STSEndpoint(url: "https://sts.amazonaws.com", signingRegion: "us-east-1")

    /// The STS endpoint and signing region botocore 1.43 (and so the AWS CLI's `aws eks get-token`) uses for
    /// these settings.
    ///
    /// - An endpoint URL (``STSEndpointSettings/endpointURLSTS``, else ``STSEndpointSettings/endpointURL``)
    ///   is used as is, signed for the region; FIPS and dual-stack are then ignored.
    /// - A FIPS pseudo-region (`fips-us-east-1`, `us-east-1-fips`) means FIPS in that region.
    /// - Regional endpoints by default: `https://sts.<region>.<domain>` with the partition's domain
    ///   (`amazonaws.com`, `amazonaws.com.cn`, …), signed for the region. The pseudo-region `aws-global`,
    ///   no region at all, and `legacy` with a region of ``legacyGlobalRegions`` give ``global``.
    /// - FIPS: `sts-fips.<region>.<domain>`, except in `aws-us-gov`, whose regional endpoints are FIPS
    ///   already (`sts.us-gov-west-1.amazonaws.com`). Dual-stack: `sts.<region>.<dual-stack domain>`
    ///   (`api.aws`). Both: `sts-fips.<region>.<dual-stack domain>`. Without a region these are built for
    ///   `aws-global` (`sts-fips.aws-global.amazonaws.com`, signed for `us-east-1`), as botocore does.
    ///
    /// - Throws: ``STSEndpointError``: `invalidRegion` for a region that is not a DNS label (`us east 1`,
    ///   `-bad`, `123`, empty), `invalidRegionalEndpoints`, `invalidEndpointURL`, `missingRegion` for an
    ///   endpoint URL without a region, `dualStackUnsupported` for dual-stack in `aws-iso-e` and `aws-iso-f`.
    public static func resolve(_ settings: STSEndpointSettings) throws(STSEndpointError) -> STSEndpoint {
        var region = settings.region
        var useFIPS = settings.useFIPS
        if let given = region {
            guard isValidRegionName(given) else { throw .invalidRegion(given) }
            // botocore's `_normalize_fips_region`.
            let normalized = given.replacing("fips-", with: "").replacing("-fips", with: "")
            if normalized != given {
                region = normalized
                useFIPS = true
            }
        }

        let legacy: Bool
        switch settings.regionalEndpoints {
        case nil, "", "regional": legacy = false
        case "legacy": legacy = true
        case let other?: throw .invalidRegionalEndpoints(other)
        }
        // botocore accepts the empty region at first and fails later (`https://sts..amazonaws.com`), after
        // checking the regional endpoints option; it is rejected here, also with an endpoint URL.
        if region == "" { throw .invalidRegion("") }

        // The endpoint the region resolves to when none is given: the aws partition's `aws-global`.
        let endpointRegion = region ?? "aws-global"
        if settings.useDualStack, let partition = partitionWithoutSDKDualStack(endpointRegion) {
            throw .dualStackUnsupported(partition: partition, region: endpointRegion)
        }

        if let url = nonEmpty(settings.endpointURLSTS) ?? nonEmpty(settings.endpointURL) {
            guard isValidEndpointURL(url) else { throw .invalidEndpointURL(url) }
            guard let region else { throw .missingRegion(endpointURL: url) }
            return STSEndpoint(url: url, signingRegion: region)
        }

        // The signing region of botocore's endpoints.json: `aws-global` has credential scope us-east-1.
        let signingRegion = endpointRegion == "aws-global" ? "us-east-1" : endpointRegion
        let partition = Partition.forRegion(endpointRegion)
        let useDualStack = settings.useDualStack
        let host: String
        switch (useFIPS, useDualStack) {
        case (true, true):
            host = "sts-fips.\(endpointRegion).\(partition.sdkDualStackDomain)"
        case (true, false):
            host =
                partition == .awsUSGov
                ? "sts.\(endpointRegion).amazonaws.com"
                : "sts-fips.\(endpointRegion).\(partition.stsDomain)"
        case (false, true):
            host = "sts.\(endpointRegion).\(partition.sdkDualStackDomain)"
        case (false, false):
            if endpointRegion == "aws-global" || (legacy && legacyGlobalRegions.contains(endpointRegion)) {
                return .global
            }
            host = "sts.\(endpointRegion).\(partition.stsDomain)"
        }
        return STSEndpoint(url: "https://\(host)", signingRegion: signingRegion)
    }

    /// botocore's `validate_region_name`: up to 63 letters, digits and `-`, not only digits, not starting
    /// or ending with `-`. Like botocore's, it lets the empty string through.
    package static func isValidRegionName(_ region: String) -> Bool {
        guard region.utf8.count <= 63 else { return false }
        guard region.utf8.allSatisfy({ isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") }) else { return false }
        guard region.first != "-", region.last != "-" else { return false }
        return region.isEmpty || !region.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The partition whose botocore `endpoints.json` data has no dual-stack STS variant for `region`
    /// (`aws-iso-e`, `aws-iso-f`); botocore refuses dual-stack there, even with an endpoint URL.
    private static func partitionWithoutSDKDualStack(_ region: String) -> String? {
        for partition in [Partition.awsISOE, .awsISOF] where partition.matchesRegionPattern(region) {
            return partition.id
        }
        return nil
    }

    /// Whether `url` is `http://` or `https://` followed by a DNS name, an IPv4 address or a bracketed
    /// IPv6 address, an optional port, and an optional path.
    package static func isValidEndpointURL(_ url: String) -> Bool {
        let lowered = url.lowercased()
        guard let schemeEnd = lowered.firstRange(of: "://"),
            ["http", "https"].contains(lowered[..<schemeEnd.lowerBound])
        else { return false }
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else { return false }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        var host: Substring
        var port: Substring = ""
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            let address = authority[authority.index(after: authority.startIndex)..<close]
            guard address.contains(":"),
                address.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." || $0 == "%" })
            else { return false }
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return false }
                port = after.dropFirst()
            }
            return port.allSatisfy { $0.isASCII && $0.isNumber }
        }
        if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        if host.hasSuffix(".") { host = host.dropLast() }
        guard !host.isEmpty, host.utf8.count <= 255 else { return false }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
