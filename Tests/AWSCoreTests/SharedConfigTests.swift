@testable import AWSCore
import Foundation
import Testing

@Suite("Shared config files")
struct SharedConfigTests {
    /// One INI parsing case: the file text and, per section, its values (`nil`: a parse error).
    struct INICase: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let sections: [String: [String: INIValue]]?
        var testDescription: String { name }
    }

    static let iniCases: [INICase] = [
        INICase(
            name: "plain keys",
            text: "[default]\nregion = us-east-1\naws_access_key_id=AKIDEXAMPLE\n",
            sections: ["default": ["region": .string("us-east-1"), "aws_access_key_id": .string("AKIDEXAMPLE")]]
        ),
        INICase(
            name: "full-line comments only; ; and # inside a value stay",
            text: "# top\n; top\n[default]\n  # indented comment\nregion = eu-west-1 ; not a comment\nx = a#b\n",
            sections: ["default": ["region": .string("eu-west-1 ; not a comment"), "x": .string("a#b")]]
        ),
        INICase(name: "colon delimiter", text: "[default]\nregion: ap-south-1\n", sections: ["default": ["region": .string("ap-south-1")]]),
        INICase(
            name: "key names are lower-cased, values are not",
            text: "[default]\nAWS_Access_Key_ID = AbC\n",
            sections: ["default": ["aws_access_key_id": .string("AbC")]]
        ),
        INICase(
            name: "first delimiter splits",
            text: "[default]\nkey = a=b:c\nother:x=y\n",
            sections: ["default": ["key": .string("a=b:c"), "other": .string("x=y")]]
        ),
        INICase(
            name: "white space around keys and values",
            text: "[default]\n   region   =   us-west-2   \n\tempty =\n",
            sections: ["default": ["region": .string("us-west-2"), "empty": .string("")]]
        ),
        INICase(
            name: "nested block",
            text: "[profile dev]\ns3 =\n  addressing_style = path\n\n  signature_version=s3v4\nregion = us-west-2\n",
            sections: [
                "profile dev": [
                    "s3": .nested(["addressing_style": "path", "signature_version": "s3v4"]),
                    "region": .string("us-west-2"),
                ]
            ]
        ),
        INICase(
            name: "continuation of a non-empty value is a multi-line string",
            text: "[default]\nkey = first\n    second\n\n\nnext = 1\n",
            sections: ["default": ["key": .string("first\nsecond"), "next": .string("1")]]
        ),
        INICase(
            name: "tab-indented continuation",
            text: "[default]\nkey =\n\tinner = v\n",
            sections: ["default": ["key": .nested(["inner": "v"])]]
        ),
        INICase(
            name: "[DEFAULT] is inherited, a section's own value wins",
            text: "[DEFAULT]\nregion = r1\noutput = json\n[profile a]\nregion = r2\n[b]\n",
            sections: ["profile a": ["region": .string("r2"), "output": .string("json")], "b": ["region": .string("r1"), "output": .string("json")]]
        ),
        INICase(
            name: "CRLF and CR line endings",
            text: "[default]\r\nregion = us-east-2\r\n[x]\rk = v\r",
            sections: ["default": ["region": .string("us-east-2")], "x": ["k": .string("v")]]
        ),
        INICase(
            name: "header up to the last bracket, trailing text ignored",
            text: "[default] ; comment\na = 1\n[odd]name]\nb = 2\n",
            sections: ["default": ["a": .string("1")], "odd]name": ["b": .string("2")]]
        ),
        INICase(name: "empty file", text: "", sections: [:]),
        INICase(name: "only comments and blanks", text: "\n# x\n\n; y\n", sections: [:]),
        INICase(name: "key before any section", text: "region = x\n[default]\n", sections: nil),
        INICase(name: "line without a delimiter", text: "[default]\nnot a pair\n", sections: nil),
        INICase(name: "duplicate section", text: "[default]\na = 1\n[default]\nb = 2\n", sections: nil),
        INICase(name: "duplicate key", text: "[default]\na = 1\nA = 2\n", sections: nil),
        INICase(name: "nested line without =", text: "[default]\ns3 =\n  oops\n", sections: nil),
    ]

    @Test("INI parsing", arguments: iniCases)
    func iniParsing(_ testCase: INICase) throws {
        guard let expected = testCase.sections else {
            #expect(throws: INIParser.ParseError.self) { try INIParser.parse(testCase.text) }
            return
        }
        let sections = try INIParser.parse(testCase.text)
        #expect(Dictionary(uniqueKeysWithValues: sections.map { ($0.name, $0.values) }) == expected)
    }

    /// Every INI case, and the profile mapping of the config file, agree with botocore's own parser.
    @Test("INI parsing matches botocore's raw_config_parse and load_config")
    func matchesBotocore() async throws {
        let directory = try CredentialTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var texts = Self.iniCases.map(\.text)
        texts.append(
            "[default]\nregion = d\n[profile \"my profile\"]\nregion = q\n[profile a b]\nx = 1\n[profilefoo]\ny = 2\n"
                + "[ profile spaced ]\nz = 3\n[profiles plural]\nw = 4\n[sso-session s]\nsso_region = r\n[profile default]\nregion = pd\n"
        )
        var paths: [String] = []
        for (index, text) in texts.enumerated() {
            paths.append(try CredentialTestSupport.write(text, to: directory.appendingPathComponent("case\(index)")).path)
        }
        let script = #"""
import json, sys
from botocore import configloader
out = []
for path in sys.argv[1:]:
    try:
        out.append({"raw": configloader.raw_config_parse(path), "profiles": configloader.load_config(path)["profiles"]})
    except Exception as e:
        out.append(None)
print(json.dumps(out))
"""#
        let output = try await CredentialTestSupport.runPython(script, paths)
        let botocore = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [Any])
        #expect(botocore.count == texts.count)
        for (index, text) in texts.enumerated() {
            let theirs = botocore[index] as? [String: Any]
            let ours = try? INIParser.parse(text)
            #expect((ours == nil) == (theirs == nil), "case \(index): error agreement")
            guard let ours, let theirs else { continue }
            let raw = try #require(theirs["raw"] as? [String: [String: Any]])
            #expect(Set(raw.keys) == Set(ours.map(\.name)), "case \(index)")
            for section in ours {
                for (key, value) in section.values {
                    switch value {
                    case .string(let string): #expect(raw[section.name]?[key] as? String == string, "case \(index) [\(section.name)] \(key)")
                    case .nested(let nested): #expect(raw[section.name]?[key] as? [String: String] == nested, "case \(index) \(key)")
                    }
                }
            }
            let config = try SharedConfig(configFile: text, credentialsFile: nil)
            let profiles = try #require(theirs["profiles"] as? [String: [String: Any]])
            #expect(Set(config.profileNames) == Set(profiles.keys), "case \(index) profile names")
            for name in config.profileNames {
                let theirPlain = (profiles[name] ?? [:]).compactMapValues { $0 as? String }
                #expect(config.profile(name) == theirPlain, "case \(index) profile \(name)")
            }
        }
    }

    @Test("profile sections: [profile x] and [default] in config, [x] in credentials")
    func profileSections() throws {
        let config = try SharedConfig(
            configFile: """
                [default]
                region = us-east-1
                [profile dev]
                region = eu-west-1
                output = json
                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                [shared]
                k = v
                """,
            credentialsFile: """
                [dev]
                aws_access_key_id = AKIADEV
                aws_secret_access_key = devsecret
                region = eu-central-1
                [ci]
                aws_access_key_id = AKIACI
                aws_secret_access_key = cisecret
                [profile literal]
                aws_access_key_id = AKIALIT
                """
        )
        #expect(config.profileNames == ["default", "dev", "ci", "profile literal"])
        #expect(config.profile("dev") == [
            "region": "eu-central-1", "output": "json", "aws_access_key_id": "AKIADEV", "aws_secret_access_key": "devsecret",
        ])
        #expect(config.profile("ci")?["aws_access_key_id"] == "AKIACI")
        #expect(config.profile("shared") == nil)
        #expect(config.profile("sso-session corp") == nil)
        #expect(config.section("sso-session corp")?["sso_start_url"] == "https://corp.awsapps.com/start")
        #expect(config.profile("nope") == nil)
    }

    @Test("nested values are kept apart from plain ones")
    func nestedValues() throws {
        let config = try SharedConfig(configFile: "[profile p]\ns3 =\n  addressing_style = path\nregion = r\n", credentialsFile: nil)
        #expect(config.profile("p") == ["region": "r"])
        #expect(config.nestedValues("s3", profile: "p") == ["addressing_style": "path"])
        #expect(config.nestedValues("region", profile: "p") == nil)
    }

    @Test("files come from AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws; missing files are empty")
    func fileLocations() throws {
        let home = try CredentialTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try CredentialTestSupport.write("[profile home]\nregion = r\n", to: home.appendingPathComponent(".aws/config"))
        try CredentialTestSupport.write("[home]\naws_access_key_id = AKIAHOME\n", to: home.appendingPathComponent(".aws/credentials"))

        let defaults = try SharedConfig.load(environment: ["HOME": home.path])
        #expect(defaults.configFilePath == home.path + "/.aws/config")
        #expect(defaults.credentialsFilePath == home.path + "/.aws/credentials")
        #expect(defaults.profile("home") == ["region": "r", "aws_access_key_id": "AKIAHOME"])

        try CredentialTestSupport.write("[profile moved]\nregion = m\n", to: home.appendingPathComponent("elsewhere"))
        let moved = try SharedConfig.load(environment: [
            "HOME": home.path, "DIR": home.path,
            "AWS_CONFIG_FILE": "$DIR/elsewhere", "AWS_SHARED_CREDENTIALS_FILE": "~/missing/credentials",
        ])
        #expect(moved.configFilePath == home.path + "/elsewhere")
        #expect(moved.credentialsFilePath == home.path + "/missing/credentials")
        #expect(moved.profileNames == ["moved"])

        let nothing = try SharedConfig.load(environment: ["HOME": home.path + "/nowhere"])
        #expect(nothing.profileNames.isEmpty)
    }

    @Test("a malformed file is an error that names the file and the line")
    func malformedFile() throws {
        let home = try CredentialTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let path = try CredentialTestSupport.write("[default]\nregion\n", to: home.appendingPathComponent("config")).path
        let error = try #require(throws: CredentialError.self) {
            try SharedConfig.load(environment: ["HOME": home.path, "AWS_CONFIG_FILE": path])
        }
        #expect(error.code == .malformedConfigFile)
        #expect(error.message.contains(path))
        #expect(error.message.contains("line 2"))
    }

    @Test("path expansion as os.path.expandvars + expanduser", arguments: [
        ("~/.aws/config", "/home/u/.aws/config"),
        ("~", "/home/u"),
        ("$X/config", "/x/config"),
        ("${X}/config", "/x/config"),
        ("$UNSET/config", "$UNSET/config"),
        ("${UNSET}/c", "${UNSET}/c"),
        ("/abs/$", "/abs/$"),
        ("~other/config", "~other/config"),
    ])
    func pathExpansion(_ input: String, _ expected: String) {
        #expect(SharedConfig.expandPath(input, environment: ["HOME": "/home/u", "X": "/x"]) == expected)
    }

    struct RegionCase: Sendable, CustomTestStringConvertible {
        let name: String
        let explicit: String?
        let environment: [String: String]
        let expected: String?
        var testDescription: String { name }
    }

    @Test("region precedence: explicit, AWS_DEFAULT_REGION, profile region (botocore), then AWS_REGION", arguments: [
        RegionCase(name: "explicit wins", explicit: "ap-south-1", environment: ["AWS_DEFAULT_REGION": "eu-west-1", "AWS_REGION": "us-west-1"], expected: "ap-south-1"),
        RegionCase(name: "AWS_DEFAULT_REGION over profile and AWS_REGION", explicit: nil, environment: ["AWS_DEFAULT_REGION": "eu-west-1", "AWS_REGION": "us-west-1"], expected: "eu-west-1"),
        RegionCase(name: "profile region over AWS_REGION", explicit: nil, environment: ["AWS_REGION": "us-west-1"], expected: "eu-north-1"),
        RegionCase(name: "empty values are unset", explicit: "", environment: ["AWS_DEFAULT_REGION": ""], expected: "eu-north-1"),
    ])
    func regionPrecedence(_ testCase: RegionCase) throws {
        let config = try SharedConfig(configFile: "[profile p]\nregion = eu-north-1\n[profile bare]\n", credentialsFile: nil)
        #expect(SharedConfig.resolveRegion(explicit: testCase.explicit, environment: testCase.environment, config: config, profile: "p") == testCase.expected)
    }

    @Test("AWS_REGION is the last resort; no region at all is nil")
    func regionFallbacks() throws {
        let config = try SharedConfig(configFile: "[profile bare]\n", credentialsFile: nil)
        #expect(SharedConfig.resolveRegion(explicit: nil, environment: ["AWS_REGION": "us-west-1"], config: config, profile: "bare") == "us-west-1")
        #expect(SharedConfig.resolveRegion(explicit: nil, environment: [:], config: config, profile: "bare") == nil)
        #expect(SharedConfig.resolveRegion(explicit: nil, environment: [:], config: config, profile: "missing") == nil)
    }

    @Test("botocore 1.43 reads AWS_DEFAULT_REGION and the profile, never AWS_REGION")
    func botocoreRegionCheck() async throws {
        let home = try CredentialTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let path = try CredentialTestSupport.write("[default]\nregion = eu-north-1\n", to: home.appendingPathComponent("config")).path
        let script = """
            import os, botocore.session
            os.environ.clear()
            os.environ.update({"AWS_CONFIG_FILE": "\(path)", "AWS_REGION": "us-west-1"})
            print(botocore.session.get_session().get_config_variable("region"))
            os.environ["AWS_DEFAULT_REGION"] = "eu-west-1"
            print(botocore.session.get_session().get_config_variable("region"))
            """
        let lines = try await CredentialTestSupport.runPython(script).split(separator: "\n")
        #expect(lines == ["eu-north-1", "eu-west-1"])
        let config = try SharedConfig(configFile: "[default]\nregion = eu-north-1\n", credentialsFile: nil)
        #expect(SharedConfig.resolveRegion(explicit: nil, environment: ["AWS_REGION": "us-west-1"], config: config, profile: "default") == "eu-north-1")
        #expect(
            SharedConfig.resolveRegion(explicit: nil, environment: ["AWS_REGION": "us-west-1", "AWS_DEFAULT_REGION": "eu-west-1"], config: config, profile: "default")
                == "eu-west-1"
        )
    }

    @Test("profile name: AWS_DEFAULT_PROFILE before AWS_PROFILE, as botocore")
    func profileNameFromEnvironment() {
        #expect(SharedConfig.profileName(environment: ["AWS_PROFILE": "a", "AWS_DEFAULT_PROFILE": "b"]) == "b")
        #expect(SharedConfig.profileName(environment: ["AWS_PROFILE": "a"]) == "a")
        #expect(SharedConfig.profileName(environment: ["AWS_PROFILE": ""]) == nil)
        #expect(SharedConfig.profileName(environment: [:]) == nil)
    }

    @Test("shell-word splitting as shlex.split", arguments: [
        ("aws-vault exec dev --json", ["aws-vault", "exec", "dev", "--json"]),
        ("'/path with space/tool' --x", ["/path with space/tool", "--x"]),
        (#""a \"b\" \$c" d"#, [#"a "b" \$c"#, "d"]),
        (#"a\ b c"#, ["a b", "c"]),
        ("a''b \"\" c", ["ab", "", "c"]),
        ("  lead  trail  ", ["lead", "trail"]),
        ("x#y #z", ["x#y", "#z"]),
    ])
    func shellWords(_ input: String, _ expected: [String]) throws {
        #expect(try ShellWords.split(input) == expected)
    }

    @Test("shell-word splitting errors", arguments: ["'open", "\"open", "trailing\\"])
    func shellWordErrors(_ input: String) {
        #expect(throws: ShellWords.SplitError.self) { try ShellWords.split(input) }
    }

    @Test("ISO 8601 times", arguments: [
        ("2024-01-02T03:04:05Z", 1_704_164_645.0),
        ("2024-01-02T03:04:05.5Z", 1_704_164_645.5),
        ("2026-11-23T17:20:08.714668Z", 1_795_454_408.714668),
        ("2024-01-02T04:04:05+01:00", 1_704_164_645.0),
        ("2024-01-02T02:04:05-0100", 1_704_164_645.0),
        ("2024-01-02T03:04:05", 1_704_164_645.0),
        ("1969-12-31T23:59:59Z", -1.0),
    ])
    func iso8601(_ text: String, _ seconds: Double) throws {
        let date = try #require(ISO8601Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_01)
    }

    @Test("not ISO 8601", arguments: ["", "2024-01-02", "2024-13-02T00:00:00Z", "2024-01-02T03:04:05ZZ", "yesterday", "2024-01-02T03:04:05."])
    func notISO8601(_ text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
    }

    @Test("ISO 8601 formatting")
    func iso8601Format() {
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: 1_704_164_645.9)) == "2024-01-02T03:04:05Z")
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
    }
}
