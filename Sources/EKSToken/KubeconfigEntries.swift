public import Yams

/// The cluster and user entries `update-kubeconfig` writes for one cluster, shaped as the AWS CLI
/// shapes them, with a user that runs `eksauth token` as its exec plugin.
public struct KubeconfigEntries: Sendable {
    /// The cluster's ARN: the name of both entries unless `userAlias` is set.
    public var clusterARN: String
    /// The API server URL.
    public var server: String
    /// Base64 PEM of the cluster CA (empty when unknown).
    public var certificateAuthorityData: String
    /// The cluster's name, for `--cluster-name`.
    public var clusterName: String
    /// The cluster's id: used instead of the name for Outposts local clusters.
    public var clusterID: String?
    /// The region of the token's STS endpoint (from the cluster ARN).
    public var region: String
    /// A role to assume before signing (`--role-arn`).
    public var roleARN: String?
    /// A profile to put in the exec environment as `AWS_PROFILE`.
    public var profile: String?
    /// The name of the user entry, instead of the cluster ARN.
    public var userAlias: String?
    /// `proxy-url` for the cluster entry.
    public var proxyURL: String?
    /// The command kubectl runs.
    public var command: String

    /// Creates the entries' description.
    public init(
        clusterARN: String, server: String, certificateAuthorityData: String, clusterName: String, clusterID: String? = nil,
        region: String, roleARN: String? = nil, profile: String? = nil, userAlias: String? = nil, proxyURL: String? = nil,
        command: String = "eksauth"
    ) {
        self.clusterARN = clusterARN
        self.server = server
        self.certificateAuthorityData = certificateAuthorityData
        self.clusterName = clusterName
        self.clusterID = clusterID
        self.region = region
        self.roleARN = roleARN
        self.profile = profile
        self.userAlias = userAlias
        self.proxyURL = proxyURL
        self.command = command
    }

    /// `- cluster: {certificate-authority-data, server[, proxy-url]}, name: <arn>`.
    public var cluster: Node {
        var cluster: [(Node, Node)] = [("certificate-authority-data", Node.string(certificateAuthorityData)), ("server", Node.string(server))]
        if let proxyURL { cluster.append(("proxy-url", Node.string(proxyURL))) }
        return .mapping(Node.Mapping([("cluster", .mapping(Node.Mapping(cluster))), ("name", Node.string(clusterARN))]))
    }

    /// The exec arguments: `token --cluster-name NAME --region R [--role-arn ARN]`.
    public var execArguments: [String] {
        var args = ["token"]
        if let clusterID { args += ["--cluster-id", clusterID] } else { args += ["--cluster-name", clusterName] }
        args += ["--region", region]
        if let roleARN { args += ["--role-arn", roleARN] }
        return args
    }

    /// `- name: <arn or alias>, user: {exec: {apiVersion, args, command[, env]}}`.
    public var user: Node {
        var exec: [(Node, Node)] = [
            ("apiVersion", Node.string(ExecCredentialAPIVersion.v1beta1.rawValue)),
            ("args", .sequence(Node.Sequence(execArguments.map { Node.string($0) }))),
            ("command", Node.string(command)),
        ]
        if let profile {
            exec.append(("env", .sequence(Node.Sequence([.mapping(Node.Mapping([("name", "AWS_PROFILE"), ("value", Node.string(profile))]))]))))
        }
        return .mapping(Node.Mapping([
            ("name", Node.string(userAlias ?? clusterARN)),
            ("user", .mapping(Node.Mapping([("exec", .mapping(Node.Mapping(exec)))]))),
        ]))
    }
}
