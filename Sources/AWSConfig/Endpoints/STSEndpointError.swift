/// Why no STS endpoint could be chosen from the settings.
///
/// Equality compares the code only, so tests can match on the kind of failure.
public struct STSEndpointError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kinds of failure.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The region is not a DNS label (letters, digits and inner `-`, at most 63, not only digits).
        case invalidRegion
        /// An endpoint URL is configured but no region to sign for.
        case missingRegion
        /// `AWS_STS_REGIONAL_ENDPOINTS` / `sts_regional_endpoints` is neither `regional` nor `legacy`.
        case invalidRegionalEndpoints
        /// The endpoint URL has no `http`/`https` scheme or no valid host.
        case invalidEndpointURL
        /// Dual-stack was asked for in a partition whose STS has no dual-stack endpoint.
        case dualStackUnsupported
    }

    /// The kind of failure.
    public let code: Code
    /// A message that says what was wrong and what to do.
    public let message: String

    /// The message.
    public var description: String { message }

    /// Compares the codes only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    package static func invalidRegion(_ region: String) -> Self {
        .init(
            code: .invalidRegion,
            message: "region '\(region)' is not a valid region name: use a name such as us-east-1 "
                + "(letters, digits and '-', not starting or ending with '-'); check AWS_REGION, --region or the profile's region"
        )
    }

    package static func missingRegion(endpointURL: String) -> Self {
        .init(
            code: .missingRegion,
            message: "an STS endpoint URL (\(endpointURL)) is configured but no region to sign requests for: "
                + "set AWS_REGION, pass --region or set region in the profile"
        )
    }

    package static func invalidRegionalEndpoints(_ value: String) -> Self {
        .init(
            code: .invalidRegionalEndpoints,
            message: "STS regional endpoints option '\(value)' is invalid: set AWS_STS_REGIONAL_ENDPOINTS "
                + "or sts_regional_endpoints to \"regional\" or \"legacy\""
        )
    }

    package static func invalidEndpointURL(_ url: String) -> Self {
        .init(
            code: .invalidEndpointURL,
            message: "endpoint URL '\(url)' is invalid: expected http://host[:port][/path] or https://… "
                + "(check AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL or the profile's endpoint_url)"
        )
    }

    package static func dualStackUnsupported(partition: String, region: String) -> Self {
        .init(
            code: .dualStackUnsupported,
            message: "STS has no dual-stack endpoint in partition \(partition) (region \(region)): "
                + "unset AWS_USE_DUALSTACK_ENDPOINT / use_dualstack_endpoint"
        )
    }
}
