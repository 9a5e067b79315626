/// An AWS partition: a group of regions with its own domain names and its own IAM identities
/// (`aws`, `aws-cn`, `aws-us-gov`, the isolated `aws-iso*` partitions and the European Sovereign Cloud
/// `aws-eusc`).
///
/// The region lists, region patterns and SDK domain names are botocore 1.43's `endpoints/partitions.json`;
/// ``stsDomain`` and ``dualStackDomain`` are the STS domains aws-iam-authenticator accepts in token URLs
/// (`pkg/endpoints`).
public struct Partition: Sendable, Hashable, CustomStringConvertible {
    /// The partition ID as it appears in ARNs: `aws`, `aws-cn`, `aws-us-gov`, …
    public let id: String
    /// The domain of the partition's STS endpoints, `sts.<region>.<stsDomain>` (`amazonaws.com`,
    /// `amazonaws.com.cn`, `c2s.ic.gov`, …).
    public let stsDomain: String
    /// The dual-stack (IPv4 and IPv6) domain aws-iam-authenticator accepts for STS hosts in this partition,
    /// `sts.<region>.<dualStackDomain>`; `nil` where it accepts none (the `aws-iso*` partitions).
    public let dualStackDomain: String?
    /// The dual-stack domain the AWS SDKs build endpoints with (`dualStackDnsSuffix` in botocore's
    /// `partitions.json`). Every partition has one today, including the `aws-iso*` ones for which
    /// ``dualStackDomain`` is `nil`.
    public let sdkDualStackDomain: String
    /// The region that signs requests to the partition's global endpoints (`us-east-1` for `aws`).
    public let implicitGlobalRegion: String
    /// The regions botocore lists for the partition, including its pseudo-region such as `aws-global`.
    public let regions: [String]
    /// The pattern of the partition's region names, as botocore writes it (`^cn\-\w+\-\d+$`).
    public let regionRegex: String
    /// The region prefixes of ``regionRegex``: a region matches when it is `<prefix>-<word>-<digits>`.
    package let regionPrefixes: [String]

    /// The partition ID.
    public var description: String { id }

    /// Finds a partition by ID; `nil` when `id` is not one of ``all``.
    public init?(id: String) {
        guard let partition = Self.all.first(where: { $0.id == id }) else { return nil }
        self = partition
    }

    private init(
        id: String,
        stsDomain: String,
        dualStackDomain: String?,
        sdkDualStackDomain: String,
        implicitGlobalRegion: String,
        regions: [String],
        regionRegex: String,
        regionPrefixes: [String]
    ) {
        self.id = id
        self.stsDomain = stsDomain
        self.dualStackDomain = dualStackDomain
        self.sdkDualStackDomain = sdkDualStackDomain
        self.implicitGlobalRegion = implicitGlobalRegion
        self.regions = regions
        self.regionRegex = regionRegex
        self.regionPrefixes = regionPrefixes
    }

    /// The commercial partition.
    public static let aws = Partition(
        id: "aws",
        stsDomain: "amazonaws.com",
        dualStackDomain: "api.aws",
        sdkDualStackDomain: "api.aws",
        implicitGlobalRegion: "us-east-1",
        regions: [
            "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "aws-global", "ca-central-1", "ca-west-1",
            "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2",
            "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1",
            "us-east-2", "us-west-1", "us-west-2",
        ],
        regionRegex: #"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$"#,
        regionPrefixes: ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"]
    )

    /// The China partition.
    public static let awsCN = Partition(
        id: "aws-cn",
        stsDomain: "amazonaws.com.cn",
        dualStackDomain: "api.amazonwebservices.com.cn",
        sdkDualStackDomain: "api.amazonwebservices.com.cn",
        implicitGlobalRegion: "cn-northwest-1",
        regions: ["aws-cn-global", "cn-north-1", "cn-northwest-1"],
        regionRegex: #"^cn\-\w+\-\d+$"#,
        regionPrefixes: ["cn"]
    )

    /// The European Sovereign Cloud partition.
    public static let awsEUSC = Partition(
        id: "aws-eusc",
        stsDomain: "amazonaws.eu",
        dualStackDomain: "api.amazonwebservices.eu",
        sdkDualStackDomain: "api.amazonwebservices.eu",
        implicitGlobalRegion: "eusc-de-east-1",
        regions: ["eusc-de-east-1"],
        regionRegex: #"^eusc\-(de)\-\w+\-\d+$"#,
        regionPrefixes: ["eusc-de"]
    )

    /// The US ISO partition (C2S).
    public static let awsISO = Partition(
        id: "aws-iso",
        stsDomain: "c2s.ic.gov",
        dualStackDomain: nil,
        sdkDualStackDomain: "api.aws.ic.gov",
        implicitGlobalRegion: "us-iso-east-1",
        regions: ["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
        regionRegex: #"^us\-iso\-\w+\-\d+$"#,
        regionPrefixes: ["us-iso"]
    )

    /// The US ISOB partition (SC2S).
    public static let awsISOB = Partition(
        id: "aws-iso-b",
        stsDomain: "sc2s.sgov.gov",
        dualStackDomain: nil,
        sdkDualStackDomain: "api.aws.scloud",
        implicitGlobalRegion: "us-isob-east-1",
        regions: ["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"],
        regionRegex: #"^us\-isob\-\w+\-\d+$"#,
        regionPrefixes: ["us-isob"]
    )

    /// The EU ISOE partition.
    public static let awsISOE = Partition(
        id: "aws-iso-e",
        stsDomain: "cloud.adc-e.uk",
        dualStackDomain: nil,
        sdkDualStackDomain: "api.cloud-aws.adc-e.uk",
        implicitGlobalRegion: "eu-isoe-west-1",
        regions: ["aws-iso-e-global", "eu-isoe-west-1"],
        regionRegex: #"^eu\-isoe\-\w+\-\d+$"#,
        regionPrefixes: ["eu-isoe"]
    )

    /// The US ISOF partition.
    public static let awsISOF = Partition(
        id: "aws-iso-f",
        stsDomain: "csp.hci.ic.gov",
        dualStackDomain: nil,
        sdkDualStackDomain: "api.aws.hci.ic.gov",
        implicitGlobalRegion: "us-isof-south-1",
        regions: ["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
        regionRegex: #"^us\-isof\-\w+\-\d+$"#,
        regionPrefixes: ["us-isof"]
    )

    /// The AWS GovCloud (US) partition.
    public static let awsUSGov = Partition(
        id: "aws-us-gov",
        stsDomain: "amazonaws.com",
        dualStackDomain: "api.aws",
        sdkDualStackDomain: "api.aws",
        implicitGlobalRegion: "us-gov-west-1",
        regions: ["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
        regionRegex: #"^us\-gov\-\w+\-\d+$"#,
        regionPrefixes: ["us-gov"]
    )

    /// All 8 partitions, in the order botocore's `partitions.json` lists them (the order in which
    /// ``forRegion(_:)`` tries them).
    public static let all: [Partition] = [.aws, .awsCN, .awsEUSC, .awsISO, .awsISOB, .awsISOE, .awsISOF, .awsUSGov]

    /// The partition a region belongs to, as the AWS SDKs decide it (the `aws.partition` function of the
    /// endpoint rules): the first partition that lists the region or whose ``regionRegex`` matches it;
    /// `aws` when none does, so regions newer than this table still resolve in the commercial partition.
    ///
    /// `cn-*` → `aws-cn`, `us-gov-*` → `aws-us-gov`, `us-iso-*` → `aws-iso`, `us-isob-*` → `aws-iso-b`,
    /// `eu-isoe-*` → `aws-iso-e`, `us-isof-*` → `aws-iso-f`, `eusc-de-*` → `aws-eusc`, each followed by
    /// exactly `-<name>-<number>`.
    public static func forRegion(_ region: String) -> Partition {
        all.first { $0.regions.contains(region) || $0.matchesRegionPattern(region) } ?? .aws
    }

    /// Whether `region` matches ``regionRegex``: `<prefix>-<word characters>-<digits>`.
    package func matchesRegionPattern(_ region: String) -> Bool {
        regionPrefixes.contains { prefix in
            guard region.hasPrefix(prefix + "-") else { return false }
            let rest = region.dropFirst(prefix.count + 1).split(separator: "-", omittingEmptySubsequences: false)
            guard rest.count == 2, !rest[0].isEmpty, !rest[1].isEmpty else { return false }
            return rest[0].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                && rest[1].allSatisfy { $0.isASCII && $0.isNumber }
        }
    }
}
