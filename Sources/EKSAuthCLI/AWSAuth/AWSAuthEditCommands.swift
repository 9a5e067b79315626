import AccessModel
import ArgumentParser

/// `eksauth aws-auth add-role`: `eksctl create iamidentitymapping --arn ROLE`, safely.
struct AWSAuthAddRoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-role",
        abstract: "Map an IAM role to a Kubernetes username and groups (mapRoles).",
        discussion: """
            Appends one entry to mapRoles in the style of the entries already there; every other byte of the ConfigMap
            stays as it is. The write is made over the version read (resourceVersion, or the file's bytes) and re-applied
            on a conflict. Refused: a second entry for the same ARN (it would silently replace the first), an ARN that is
            not a role (sessions, instance profiles), a result with new lint errors. Adding the same mapping again does nothing.

            Examples:
              eksauth aws-auth add-role --file aws-auth.yaml --arn arn:aws:iam::111122223333:role/dev --username dev:{{SessionName}} --group developers --dry-run
              eksauth aws-auth add-role --kubeconfig ~/.kube/config --arn arn:aws:iam::111122223333:role/admin --username admin --group system:masters
            """)

    @Option(name: [.customLong("arn"), .customLong("role")], help: "The role ARN (arn:aws:iam::ACCOUNT:role/NAME).")
    var arn: String

    @OptionGroup var mapping: AWSAuthMappingOptions

    @OptionGroup var options: AWSAuthEditOptions

    func run() async throws {
        try await reportingFailures {
            try await options.run(
                .addRole(RoleMapping(roleARN: arn, username: mapping.username, groups: mapping.groups)), done: "added \(arn) to mapRoles")
        }
    }
}

/// `eksauth aws-auth add-user`: `eksctl create iamidentitymapping --arn USER`, safely.
struct AWSAuthAddUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-user",
        abstract: "Map an IAM user to a Kubernetes username and groups (mapUsers).",
        discussion: """
            As add-role, for mapUsers.

            Example:
              eksauth aws-auth add-user --file aws-auth.yaml --arn arn:aws:iam::111122223333:user/alice --username alice --group viewers
            """)

    @Option(help: "The user ARN (arn:aws:iam::ACCOUNT:user/NAME).")
    var arn: String

    @OptionGroup var mapping: AWSAuthMappingOptions

    @OptionGroup var options: AWSAuthEditOptions

    func run() async throws {
        try await reportingFailures {
            try await options.run(
                .addUser(UserMapping(userARN: arn, username: mapping.username, groups: mapping.groups)), done: "added \(arn) to mapUsers")
        }
    }
}

/// `eksauth aws-auth add-account`: `eksctl create iamidentitymapping --account`.
struct AWSAuthAddAccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-account",
        abstract: "Let every IAM principal of an account authenticate as its ARN, without groups (mapAccounts).",
        discussion: """
            Example:
              eksauth aws-auth add-account --file aws-auth.yaml --account 111122223333
            """)

    @Option(help: "The 12-digit account id.")
    var account: String

    @OptionGroup var options: AWSAuthEditOptions

    func run() async throws {
        try await reportingFailures {
            try await options.run(.addAccount(account), done: "added account \(account) to mapAccounts")
        }
    }
}

/// `eksauth aws-auth remove`: `eksctl delete iamidentitymapping`, with lockout protection.
struct AWSAuthRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a mapping (by exact ARN) or an account.",
        discussion: """
            Removes the first entry whose ARN is exactly --arn (--all: every one), cutting out exactly its lines; comments
            and other entries stay. Refused unless --force: removing a node role (username system:node:..., group
            system:nodes) or the last mapping with cluster-admin (group system:masters, or a group bound to cluster-admin
            by the ClusterRoleBindings of the cluster or of --rbac). The cluster creator and access entries are not seen.

            Examples:
              eksauth aws-auth remove --file aws-auth.yaml --arn arn:aws:iam::111122223333:role/dev --dry-run
              eksauth aws-auth remove --kubeconfig ~/.kube/config --account 111122223333
            """)

    @Option(name: [.customLong("arn"), .customLong("role")], help: "The ARN of the mapping to remove, exactly as written.")
    var arn: String?

    @Flag(help: "Remove every mapping with this ARN, not only the first.")
    var all = false

    @Option(help: "The account to remove from mapAccounts.")
    var account: String?

    @OptionGroup var options: AWSAuthEditOptions

    func run() async throws {
        try await reportingFailures {
            switch (arn, account) {
            case (let arn?, nil):
                try await options.run(.remove(arn: arn, all: all), done: "removed \(arn)")
            case (nil, let account?):
                try await options.run(.removeAccount(account), done: "removed account \(account) from mapAccounts")
            default:
                throw CLIFailure("give --arn ARN or --account ACCOUNT, not both or neither")
            }
        }
    }
}

/// What add-role and add-user map an ARN to, as `eksctl create iamidentitymapping` takes it.
struct AWSAuthMappingOptions: ParsableArguments {
    @Option(help: "The Kubernetes username; may use {{AccountID}}, and for roles {{SessionName}} and {{EC2PrivateDNSName}} (node roles).")
    var username: String

    @Option(name: .customLong("group"), help: "A Kubernetes group. Repeatable.")
    var groups: [String] = []

    @Flag(name: .customLong("no-duplicate-arns"), help: "Accepted for eksctl compatibility: a second mapping for an ARN is always refused.")
    var noDuplicateARNs = false
}
