#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import AWSConfig
import SigV4

/// `eksauth token` for the calls that need no network: credentials written in environment variables or
/// as a profile's static keys, or (with `--cache`) still-fresh credentials of an earlier role assumption,
/// signed on the spot. kubectl runs the token command before every request, so this path avoids loading
/// full Foundation, the HTTP client and the argument parser.
///
/// It reads the arguments after `token` and the environment exactly as the full command does, with the
/// same credential order (botocore's) and the same output. Whenever a call needs anything more — a role
/// to assume, web identity, a credential process, container or instance credentials, help — or whenever
/// something is wrong (the full command words every error), it answers ``Outcome/delegate(_:)`` and the
/// caller hands the whole call to the full command.
public enum TokenFastPath {
    /// What to do with the call.
    public enum Outcome: Sendable, Hashable {
        /// Print `standardOutput`, and `warning` (when there is one) as a line on standard error.
        case token(standardOutput: String, warning: String?)
        /// The full command must answer; the text says why, for diagnosis.
        case delegate(String)
    }

    /// Serves one `eksauth token` call.
    ///
    /// - Parameters:
    ///   - arguments: The arguments after `token`.
    ///   - environment: The process environment.
    ///   - now: The current time (the signing instant unless `--signing-time` or `EKSAUTH_SIGNING_TIME` names one).
    public static func run(arguments: [String], environment: [String: String], now: Date) -> Outcome {
        let options: Options
        switch Options.parse(arguments) {
        case .success(let parsed): options = parsed
        case .failure(let reason): return .delegate(reason.text)
        }
        if options.clusterName != nil, options.clusterID != nil { return .delegate("both --cluster-name and --cluster-id") }
        guard let cluster = options.clusterID ?? options.clusterName ?? environment["KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID"],
              !cluster.isEmpty
        else { return .delegate("no cluster named") }
        if options.forwardSessionName, options.sessionName != nil { return .delegate("both --forward-session-name and --session-name") }
        let roleARN = options.roleARN ?? environment["DEFAULT_ROLE"]
        let cacheHome = environment["HOME"]
        if options.cache, cacheHome == nil { return .delegate("--cache without HOME") }
        let execInfo: ExecInfo
        let date: Date
        let config: SharedConfig
        do {
            execInfo = try ExecInfo(environmentValue: environment["KUBERNETES_EXEC_INFO"])
            date = try SigningTime.date(option: options.signingTime, environment: environment, now: now)
            config = try SharedConfig.load(environment: environment)
        } catch {
            return .delegate("\(error)")
        }
        let profileName = options.profile ?? SharedConfig.profileName(environment: environment) ?? "default"
        let region = SharedConfig.resolveRegion(explicit: options.region, environment: environment, config: config, profile: profileName)
        var settings = STSEndpointSettings.from(environment: environment, profile: config.profile(profileName) ?? [:])
        settings.region = region
        let credentials: AWSCredentials
        let token: EKSToken
        do {
            let endpoint = try STSEndpoint.resolve(settings)
            if options.cache, let cacheHome,
               let cached = try cachedCredentials(options, home: cacheHome, profile: profileName, roleARN: roleARN, region: region, date: date) {
                credentials = cached
            } else if roleARN != nil {
                return .delegate("a role to assume")
            } else {
                switch try writtenCredentials(config: config, explicitProfile: options.profile, environment: environment) {
                case .found(let found): credentials = found
                case .elsewhere(let reason): return .delegate(reason)
                }
            }
            token = try EKSTokenGenerator(endpoint: endpoint).token(clusterID: cluster, credentials: credentials, date: date)
        } catch {
            return .delegate("\(error)")
        }
        let credential = ExecCredential(apiVersion: execInfo.apiVersion, token: token)
        let output = options.tokenOnly ? token.value + "\n" : options.output == .json ? credential.awsCLIJSON : credential.compactJSON
        return .token(standardOutput: output, warning: execInfo.warning)
    }

    /// What `TokenIssuer` finds in the credential cache before it looks anywhere else: the entry for this
    /// profile, role, external id, session name and region, when it is fresh at the signing instant.
    private static func cachedCredentials(
        _ options: Options, home: String, profile: String, roleARN: String?, region: String?, date: Date
    ) throws(CredentialCacheError) -> AWSCredentials? {
        let key = CredentialCache.key(
            profile: profile, roleARN: roleARN, externalID: options.externalID, sessionName: options.sessionName, region: region
        )
        return try CredentialCache(file: CredentialCache.defaultFile(home: home)).lookup(key, date: date)
    }

    private enum WrittenCredentials {
        case found(AWSCredentials)
        case elsewhere(String)
    }

    /// The first source of `CredentialChain` that applies, when it is one that holds the keys as text.
    private static func writtenCredentials(
        config: SharedConfig, explicitProfile: String?, environment: [String: String]
    ) throws(CredentialError) -> WrittenCredentials {
        let fromEnvironment = SharedConfig.profileName(environment: environment)
        let name = explicitProfile ?? fromEnvironment ?? "default"
        let profile = config.profile(name)
        if explicitProfile != nil || fromEnvironment != nil, profile == nil { return .elsewhere("profile '\(name)' does not exist") }
        if explicitProfile == nil, let credentials = try StaticCredentials.environment(environment) {
            return credentials.expiration == nil ? .found(credentials) : .elsewhere("AWS_CREDENTIAL_EXPIRATION is set")
        }
        let values = profile ?? [:]
        if CredentialKeys.assumesRole(values) { return .elsewhere("profile '\(name)' assumes a role") }
        let webIdentityTokenFile = explicitProfile == nil
            ? environment["AWS_WEB_IDENTITY_TOKEN_FILE"] ?? values[CredentialKeys.webIdentityTokenFile]
            : values[CredentialKeys.webIdentityTokenFile]
        if let webIdentityTokenFile, !webIdentityTokenFile.isEmpty { return .elsewhere("web identity is configured") }
        if values["sso_role_name"] != nil || values["sso_account_id"] != nil { return .elsewhere("profile '\(name)' uses IAM Identity Center") }
        if let credentials = try StaticCredentials.profile(config.credentialsFileProfile(name), named: name, file: config.credentialsFilePath) {
            return .found(credentials)
        }
        if values["login_session"] != nil || values["credential_process"] != nil {
            return .elsewhere("profile '\(name)' runs a login session or a credential process")
        }
        if let credentials = try StaticCredentials.profile(config.configFileProfile(name), named: name, file: config.configFilePath) {
            return .found(credentials)
        }
        return .elsewhere("no credentials in the environment or the shared files")
    }
}

extension TokenFastPath {
    /// The options of `eksauth token` this path serves; any other argument sends the call to the full command.
    struct Options {
        enum Output: String { case json, compact }

        var clusterName: String?
        var clusterID: String?
        var region: String?
        var profile: String?
        var signingTime: String?
        var roleARN: String?
        var sessionName: String?
        var externalID: String?
        var output = Output.json
        var tokenOnly = false
        var forwardSessionName = false
        var cache = false

        struct Unserved: Error {
            let text: String
        }

        /// Sets the flag `argument` names; `false` when it names none.
        mutating func setFlag(_ argument: String) -> Bool {
            switch argument {
            case "--token-only": tokenOnly = true
            case "--forward-session-name": forwardSessionName = true
            case "--cache": cache = true
            default: return false
            }
            return true
        }

        /// The options' other spellings, by the long name they stand for.
        static let longNames = ["-i": "--cluster-id", "-r": "--role-arn", "--role": "--role-arn", "-s": "--session-name", "-e": "--external-id"]

        static func parse(_ arguments: [String]) -> Result<Options, Unserved> {
            var options = Options()
            var seen: Set<String> = []
            var index = arguments.startIndex
            while index < arguments.endIndex {
                let argument = arguments[index]
                index += 1
                if options.setFlag(argument) {
                    guard seen.insert(argument).inserted else { return .failure(Unserved(text: "\(argument) given twice")) }
                    continue
                }
                let name: String
                let value: String
                if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                    name = String(argument[..<equals])
                    value = String(argument[argument.index(after: equals)...])
                    // swift-argument-parser reads `--name=` as `--name` and takes the next argument as its value.
                    guard !value.isEmpty else { return .failure(Unserved(text: "the argument '\(argument)'")) }
                } else {
                    guard index < arguments.endIndex, !arguments[index].hasPrefix("-") else {
                        return .failure(Unserved(text: "the argument '\(argument)'"))
                    }
                    name = argument
                    value = arguments[index]
                    index += 1
                }
                let key = Self.longNames[name] ?? name
                guard seen.insert(key).inserted else { return .failure(Unserved(text: "\(name) given twice")) }
                switch key {
                case "--cluster-name": options.clusterName = value
                case "--cluster-id": options.clusterID = value
                case "--region": options.region = value
                case "--profile" where !value.isEmpty: options.profile = value
                case "--signing-time": options.signingTime = value
                case "--role-arn": options.roleARN = value
                case "--session-name": options.sessionName = value
                case "--external-id": options.externalID = value
                case "--ca-bundle": break  // trust for HTTPS calls; presigning makes none
                case "--output":
                    guard let output = Output(rawValue: value) else { return .failure(Unserved(text: "--output \(value)")) }
                    options.output = output
                default: return .failure(Unserved(text: "the argument '\(name)'"))
                }
            }
            return .success(options)
        }
    }
}
