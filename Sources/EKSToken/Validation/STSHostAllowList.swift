public import AWSCore

/// The STS hosts a token of one partition may name, decided as aws-iam-authenticator decides them, a
/// little stricter where upstream's algorithm lets odd hosts through.
///
/// A host is accepted when:
/// - it is `sts.amazonaws.com` (region `global`) and the partition is `aws`; or
/// - its second label is a region name (`^[[:alnum:]]([[:alnum:]-]*[[:alnum:]])?$`) and the host is one
///   of the four endpoints ``STSEndpoint/resolve(_:)`` gives for that region (regional, FIPS,
///   dual-stack, FIPS dual-stack, as the AWS SDKs build them), on the partition's STS or dual-stack
///   domain; or
/// - it is `sts.<server region>.<partition's STS domain>` or `sts.<server region>.<dual-stack domain>`
///   (regions newer than the SDK's tables).
///
/// Stricter than upstream, each failing with upstream's `unexpected hostname "…" in pre-signed URL`
/// or `partition {…} does not support hostname …`:
/// - the host must be lower case (upstream would accept `sts.US-WEST-2.amazonaws.com`);
/// - the region must belong to the partition (upstream accepts GovCloud hosts in `aws` and commercial
///   hosts in `aws-us-gov`, which share the `amazonaws.com` domain).
///
/// A host with a port, a trailing dot, or anything else is not in the set, and is rejected.
public struct STSHostAllowList: Sendable, Hashable {
    /// The partition whose hosts are accepted.
    public let partition: Partition
    /// The server's own region, whose `sts.<region>.<domain>` hosts are accepted even when the SDK
    /// tables do not know the region; `nil` when unknown.
    public let serverRegion: String?

    /// The only host whose region is `global` (and only in `aws`).
    public static let globalHost = "sts.amazonaws.com"

    /// Creates the allow-list of `partition`, with the fallback for `serverRegion`.
    public init(partition: Partition = .aws, serverRegion: String? = nil) {
        self.partition = partition
        self.serverRegion = serverRegion
    }

    /// Checks `host` (a URL's host, with its port if it has one) and returns its region label:
    /// the second label (`us-west-2` for `sts-fips.us-west-2.amazonaws.com`), or `global` for
    /// `sts.amazonaws.com`.
    ///
    /// - Throws: ``TokenValidationError`` with code ``TokenValidationError/Code/hostNotAllowed`` and
    ///   upstream's message.
    public func region(ofHost host: String) throws(TokenValidationError) -> String {
        try region(ofHost: Array(host.utf8))
    }

    /// Whether `host` is accepted.
    public func contains(_ host: String) -> Bool {
        (try? region(ofHost: host)) != nil
    }

    /// ``region(ofHost:)`` on the bytes of a host as Go's `net/url` decoded them.
    func region(ofHost host: [UInt8]) throws(TokenValidationError) -> String {
        // Upstream's `getStsRegion`.
        guard !host.isEmpty else { throw .unparsableRegion(host, invalidFormat: false) }
        let labels = host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 3 else {
            throw .unparsableRegion(host, invalidFormat: true)
        }
        if host.elementsEqual(Self.globalHost.utf8) {
            guard partition == .aws else { throw .globalEndpointUnsupported(partition.id) }
            return "global"
        }
        let regionLabel = Array(labels[1])
        guard Self.isRegionIdentifier(regionLabel) else { throw .invalidRegion(regionLabel) }
        // Stricter: DNS names are case-insensitive but the host must be written as the SDKs write it.
        guard !host.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            throw .unexpectedHostname(host)
        }
        let region = GoText.string(regionLabel)
        let hostText = GoText.string(host)
        guard Self.resolvedHosts(region: region).contains(hostText) else {
            if let serverRegion, Self.isRegionIdentifier(Array(serverRegion.utf8)),
               fallbackHosts(serverRegion: serverRegion).contains(hostText) {
                return region
            }
            throw .unexpectedHostname(host)
        }
        let domain = GoText.string(host[(labels[0].count + labels[1].count + 2)...])
        guard domain == partition.stsDomain || domain == partition.dualStackDomain else {
            throw .partitionMismatch(partition.id, host)
        }
        // Stricter: the region must be one of this partition's (closes the aws / aws-us-gov overlap).
        guard Partition.forRegion(region) == partition else { throw .partitionMismatch(partition.id, host) }
        return region
    }

    /// The hosts the SDK endpoint rules give for `region` with FIPS and dual-stack on and off; a
    /// combination the resolver refuses is left out.
    static func resolvedHosts(region: String) -> [String] {
        if let known = knownRegionHosts[region] { return known }
        return resolveHosts(region: region)
    }

    /// The resolved hosts of every region the partitions list, worked out once: resolving is the
    /// costliest step of a token check, and nearly every token names one of these.
    static let knownRegionHosts: [String: [String]] = {
        var table: [String: [String]] = [:]
        for partition in Partition.all {
            for region in partition.regions { table[region] = resolveHosts(region: region) }
        }
        return table
    }()

    private static func resolveHosts(region: String) -> [String] {
        var hosts: [String] = []
        for useFIPS in [true, false] {
            for useDualStack in [true, false] {
                let settings = STSEndpointSettings(region: region, useFIPS: useFIPS, useDualStack: useDualStack)
                guard let endpoint = try? STSEndpoint.resolve(settings), endpoint.url.hasPrefix("https://") else { continue }
                hosts.append(String(endpoint.url.dropFirst("https://".count)))
            }
        }
        return hosts
    }

    /// Upstream's `getDefaultHostNamesForRegion`: `sts.<region>.<STS domain>` and, where the partition
    /// has one, `sts.<region>.<dual-stack domain>`.
    func fallbackHosts(serverRegion: String) -> [String] {
        var hosts = ["sts.\(serverRegion).\(partition.stsDomain)"]
        if let dualStack = partition.dualStackDomain { hosts.append("sts.\(serverRegion).\(dualStack)") }
        return hosts
    }

    /// `^[[:alnum:]]([[:alnum:]\-]*[[:alnum:]])?$` (ASCII letters and digits, inner `-`).
    static func isRegionIdentifier(_ label: [UInt8]) -> Bool {
        guard let first = label.first, let last = label.last else { return false }
        return GoURL.isASCIIAlphanumeric(first) && GoURL.isASCIIAlphanumeric(last)
            && label.allSatisfy { GoURL.isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }
}
