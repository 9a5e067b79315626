/// The settings that decide where STS requests go, as the AWS SDKs and CLI read them.
///
/// ``from(environment:profile:)`` reads them from the environment and a shared-config profile; the
/// region is not read there (the caller resolves it with the rest of the region chain and fills
/// ``region``). ``STSEndpoint/resolve(_:)`` turns the settings into an endpoint.
public struct STSEndpointSettings: Sendable, Hashable {
    /// The region of the client, `nil` when none is configured.
    public var region: String?
    /// `regional` (the default when `nil` or empty) or `legacy` (`AWS_STS_REGIONAL_ENDPOINTS`,
    /// `sts_regional_endpoints`). With `legacy`, the regions that once used the global endpoint still do.
    public var regionalEndpoints: String?
    /// Use the FIPS endpoint (`AWS_USE_FIPS_ENDPOINT`, `use_fips_endpoint`).
    public var useFIPS: Bool
    /// Use the dual-stack (IPv4 and IPv6) endpoint (`AWS_USE_DUALSTACK_ENDPOINT`, `use_dualstack_endpoint`).
    public var useDualStack: Bool
    /// An endpoint URL for STS only (`AWS_ENDPOINT_URL_STS`); wins over ``endpointURL``.
    public var endpointURLSTS: String?
    /// An endpoint URL for every service (`AWS_ENDPOINT_URL`, profile `endpoint_url`).
    public var endpointURL: String?

    /// Creates settings; the defaults are the SDKs' defaults (regional endpoints, no FIPS, no dual-stack,
    /// no override).
    public init(
        region: String? = nil,
        regionalEndpoints: String? = nil,
        useFIPS: Bool = false,
        useDualStack: Bool = false,
        endpointURLSTS: String? = nil,
        endpointURL: String? = nil
    ) {
        self.region = region
        self.regionalEndpoints = regionalEndpoints
        self.useFIPS = useFIPS
        self.useDualStack = useDualStack
        self.endpointURLSTS = endpointURLSTS
        self.endpointURL = endpointURL
    }

    /// Reads the settings as botocore does: an environment variable that is set wins over the profile key,
    /// even when it is empty.
    ///
    /// | setting | environment | profile key |
    /// | --- | --- | --- |
    /// | ``regionalEndpoints`` | `AWS_STS_REGIONAL_ENDPOINTS` | `sts_regional_endpoints` |
    /// | ``useFIPS`` | `AWS_USE_FIPS_ENDPOINT` | `use_fips_endpoint` |
    /// | ``useDualStack`` | `AWS_USE_DUALSTACK_ENDPOINT` | `use_dualstack_endpoint` |
    /// | ``endpointURLSTS`` | `AWS_ENDPOINT_URL_STS` | — |
    /// | ``endpointURL`` | `AWS_ENDPOINT_URL` | `endpoint_url` |
    ///
    /// Booleans are true only for `true` in any case. Empty endpoint URLs count as unset, and both URLs
    /// are dropped when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (profile `ignore_configured_endpoint_urls`)
    /// is true. ``region`` is left `nil`.
    ///
    /// - Parameters:
    ///   - environment: the process environment, such as `ProcessInfo.processInfo.environment`.
    ///   - profile: the keys of the selected profile in the shared config file.
    public static func from(environment: [String: String], profile: [String: String] = [:]) -> STSEndpointSettings {
        func value(_ variable: String, _ key: String) -> String? {
            environment[variable] ?? profile[key]
        }
        func flag(_ variable: String, _ key: String) -> Bool {
            value(variable, key)?.lowercased() == "true"
        }
        func url(_ value: String?) -> String? {
            guard let value, !value.isEmpty else { return nil }
            return value
        }
        let ignoreURLs = flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls")
        return STSEndpointSettings(
            region: nil,
            regionalEndpoints: value("AWS_STS_REGIONAL_ENDPOINTS", "sts_regional_endpoints"),
            useFIPS: flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"),
            useDualStack: flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"),
            endpointURLSTS: ignoreURLs ? nil : url(environment["AWS_ENDPOINT_URL_STS"]),
            endpointURL: ignoreURLs ? nil : url(environment["AWS_ENDPOINT_URL"]) ?? url(profile["endpoint_url"])
        )
    }
}
