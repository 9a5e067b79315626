#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// The AWS shared config (`~/.aws/config`) and credentials (`~/.aws/credentials`) files, read the way
/// botocore reads them.
///
/// - The config file names profiles `[default]` and `[profile NAME]`; the credentials file names them
///   `[NAME]`.
/// - When both files have the same profile, the credentials file's value wins key by key.
/// - `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` move the files (`~` and `$VAR` expanded).
/// - A missing file is empty, not an error; a file that is not valid INI is an error.
/// - A key with an empty value followed by indented `key = value` lines is a nested block; it is kept
///   apart from the plain values (see ``nestedValues(_:profile:)``).
public struct SharedConfig: Sendable, Hashable {
    /// The config file's path after expansion (it need not exist).
    public let configFilePath: String
    /// The credentials file's path after expansion (it need not exist).
    public let credentialsFilePath: String

    /// Profiles as the config file defines them.
    package let configProfiles: [String: INISection]
    /// Sections of the credentials file (each one a profile).
    package let credentialsProfiles: [String: INISection]
    /// Config file sections that are not profiles (`[sso-session x]`, `[services y]`, …), by raw name.
    package let otherSections: [String: INISection]
    /// Profile names: the config file's in order, then the credentials file's new ones.
    public let profileNames: [String]

    /// Reads both files from where `environment` says they are.
    ///
    /// - Throws: ``CredentialError`` `malformedConfigFile` when a file exists but is not valid INI.
    public static func load(environment: [String: String]) throws(CredentialError) -> SharedConfig {
        let configPath = expandPath(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config", environment: environment)
        let credentialsPath = expandPath(
            environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials", environment: environment
        )
        return try SharedConfig(
            configFile: try readIfPresent(configPath),
            credentialsFile: try readIfPresent(credentialsPath),
            configFilePath: configPath,
            credentialsFilePath: credentialsPath
        )
    }

    /// Builds the configuration from the two files' text (`nil` for a missing file).
    ///
    /// - Throws: ``CredentialError`` `malformedConfigFile` when a text is not valid INI.
    public init(
        configFile: String?,
        credentialsFile: String?,
        configFilePath: String = "~/.aws/config",
        credentialsFilePath: String = "~/.aws/credentials"
    ) throws(CredentialError) {
        self.configFilePath = configFilePath
        self.credentialsFilePath = credentialsFilePath
        var configProfiles: [String: INISection] = [:]
        var otherSections: [String: INISection] = [:]
        var names: [String] = []
        do {
            for section in try INIParser.parse(configFile ?? "") {
                if section.name.hasPrefix("profile") {
                    // botocore: shlex.split(name) must give exactly two words; the second is the profile.
                    guard let words = try? ShellWords.split(section.name), words.count == 2 else { continue }
                    if configProfiles.updateValue(section, forKey: words[1]) == nil { names.append(words[1]) }
                } else if section.name == "default" {
                    if configProfiles.updateValue(section, forKey: "default") == nil { names.append("default") }
                } else {
                    otherSections[section.name] = section
                }
            }
        } catch {
            throw .malformedConfigFile(path: configFilePath, error.reason)
        }
        var credentialsProfiles: [String: INISection] = [:]
        do {
            for section in try INIParser.parse(credentialsFile ?? "") {
                credentialsProfiles[section.name] = section
                if configProfiles[section.name] == nil { names.append(section.name) }
            }
        } catch {
            throw .malformedConfigFile(path: credentialsFilePath, error.reason)
        }
        self.configProfiles = configProfiles
        self.credentialsProfiles = credentialsProfiles
        self.otherSections = otherSections
        self.profileNames = names
    }

    /// The plain (not nested) values of profile `name`, credentials-file values over config-file ones;
    /// `nil` when neither file has the profile.
    public func profile(_ name: String) -> [String: String]? {
        guard configProfiles[name] != nil || credentialsProfiles[name] != nil else { return nil }
        var values: [String: String] = [:]
        for section in [configProfiles[name], credentialsProfiles[name]] {
            guard let section else { continue }
            for (key, value) in section.values {
                switch value {
                case .string(let string): values[key] = string
                case .nested: values[key] = nil
                }
            }
        }
        return values
    }

    /// A nested block of profile `name` (such as `s3 =` followed by indented lines), if it has one.
    public func nestedValues(_ key: String, profile name: String) -> [String: String]? {
        for section in [credentialsProfiles[name], configProfiles[name]] {
            switch section?.values[key] {
            case .nested(let values): return values
            case .string: return nil
            case nil: continue
            }
        }
        return nil
    }

    /// The plain values of a config-file section that is not a profile, by its name as written
    /// (`sso-session my-sso`, `services local`).
    public func section(_ name: String) -> [String: String]? {
        otherSections[name].map { section in
            section.values.compactMapValues { value in
                if case .string(let string) = value { return string }
                return nil
            }
        }
    }

    /// The profile the environment selects as botocore reads it: `AWS_DEFAULT_PROFILE`, then
    /// `AWS_PROFILE`; `nil` when neither is set (the `default` profile then applies).
    public static func profileName(environment: [String: String]) -> String? {
        for key in ["AWS_DEFAULT_PROFILE", "AWS_PROFILE"] {
            if let value = environment[key], !value.isEmpty { return value }
        }
        return nil
    }

    /// The region: `explicit` (a `--region` flag), then `AWS_DEFAULT_REGION`, then the profile's `region`
    /// — botocore 1.43's order — and last `AWS_REGION`, which botocore never reads but the other SDKs do.
    /// Empty values count as unset.
    public static func resolveRegion(
        explicit: String?,
        environment: [String: String],
        config: SharedConfig,
        profile: String
    ) -> String? {
        let candidates = [explicit, environment["AWS_DEFAULT_REGION"], config.profile(profile)?["region"], environment["AWS_REGION"]]
        return candidates.lazy.compactMap { $0 }.first { !$0.isEmpty }
    }

    /// Whether the plain values of profile `name` in the credentials file alone have `key`.
    package func credentialsFileValue(_ key: String, profile name: String) -> String? {
        if case .string(let value) = credentialsProfiles[name]?.values[key] { return value }
        return nil
    }

    /// The plain value of `key` in profile `name` of the config file alone.
    package func configFileValue(_ key: String, profile name: String) -> String? {
        if case .string(let value) = configProfiles[name]?.values[key] { return value }
        return nil
    }

    /// The credentials-file section of profile `name`, as plain values.
    package func credentialsFileProfile(_ name: String) -> [String: String]? {
        credentialsProfiles[name].map(Self.plainValues)
    }

    /// The config-file section of profile `name`, as plain values.
    package func configFileProfile(_ name: String) -> [String: String]? {
        configProfiles[name].map(Self.plainValues)
    }

    private static func plainValues(_ section: INISection) -> [String: String] {
        section.values.compactMapValues { value in
            if case .string(let string) = value { return string }
            return nil
        }
    }

    /// `os.path.expandvars` then `os.path.expanduser`, against `environment`.
    package static func expandPath(_ path: String, environment: [String: String]) -> String {
        var expanded = expandVariables(path, environment: environment)
        if expanded == "~" || expanded.hasPrefix("~/") {
            let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
            expanded = home + expanded.dropFirst()
        }
        return expanded
    }

    /// `$NAME` and `${NAME}` replaced by their values; unknown names are left as written.
    package static func expandVariables(_ string: String, environment: [String: String]) -> String {
        guard string.contains("$") else { return string }
        var output = ""
        var rest = Substring(string)
        let nameCharacter: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            let afterDollar = rest.index(after: dollar)
            if afterDollar < rest.endIndex, rest[afterDollar] == "{", let close = rest[afterDollar...].firstIndex(of: "}") {
                let name = String(rest[rest.index(after: afterDollar)..<close])
                if let value = environment[name] {
                    output += value
                } else {
                    output += rest[dollar...close]
                }
                rest = rest[rest.index(after: close)...]
            } else {
                let nameEnd = rest[afterDollar...].firstIndex { !nameCharacter($0) } ?? rest.endIndex
                let name = String(rest[afterDollar..<nameEnd])
                if !name.isEmpty, let value = environment[name] {
                    output += value
                } else {
                    output += rest[dollar..<nameEnd]
                }
                rest = rest[nameEnd...]
            }
        }
        return output + rest
    }

    /// The file's text, or `nil` when it is missing, a directory or unreadable (as botocore treats them).
    private static func readIfPresent(_ path: String) throws(CredentialError) -> String? {
        guard isNotDirectory(path), let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .malformedConfigFile(path: path, "it is not UTF-8 text")
        }
        return text
    }

    /// Whether something other than a directory is at `path` (a file, a link to one, a device such as `/dev/null`).
    private static func isNotDirectory(_ path: String) -> Bool {
        #if canImport(FoundationEssentials)
        var isDirectory = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory
        #else
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        #endif
    }
}
