import AccessModel
import ArgumentParser
import AsyncHTTPClient
import AWSCore
import EKSAuthServer
import Foundation
import LocalAWS
import SigV4

/// `eksauth pod-identity`: the commands about pods' AWS credentials.
struct PodIdentityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pod-identity",
        abstract: "Check how a service account's pods get AWS credentials (IRSA or EKS Pod Identity).",
        subcommands: [PodIdentityCheckCommand.self])
}

/// `eksauth pod-identity check`: walks what must line up for a service account's pods to get
/// credentials and names the first thing that breaks, in the words of the pod's error.
struct PodIdentityCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Find why a service account's pods get no AWS credentials, in the words of the error they see.",
        discussion: """
            Looks up, in order: the ServiceAccount (with --kubeconfig), its Pod Identity association (EKS ListPodIdentityAssociations) or its eks.amazonaws.com/role-arn annotation (IRSA), then the role (IAM GetRole) and its trust policy, and for IRSA the cluster's OIDC provider and its audiences. Trust policies are evaluated as STS would for the pod's token (sub system:serviceaccount:NS:SA, aud from eks.amazonaws.com/audience or sts.amazonaws.com).

            It stops at the first thing that breaks, prints what the pod would see ("Unable to locate credentials", "Not authorized to perform sts:AssumeRoleWithWebIdentity", "Incorrect token audience", …) and how to fix it, and exits 1. It exits 0 when everything lines up.

            The issuer is --issuer, else the cluster's identity.oidc.issuer from DescribeCluster. EKS and IAM calls go where the AWS CLI would send them (--endpoint-url, AWS_ENDPOINT_URL, the profile's endpoint_url), signed with the usual credential chain.

            Example:
              eksauth pod-identity check --cluster-name demo \\
                --namespace payments --service-account api --kubeconfig ~/.kube/config
            """)

    @Option(help: "The cluster whose associations and issuer apply.")
    var clusterName: String

    @Option(help: "The service account's namespace.")
    var namespace: String

    @Option(help: "The service account's name.")
    var serviceAccount: String

    @Option(help: "Read the ServiceAccount (and its annotations) from this kubeconfig's cluster; without it only Pod Identity is checked.")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use.")
    var context: String?

    @Option(help: "The cluster's service-account issuer URL (default: the cluster's identity.oidc.issuer).")
    var issuer: String?

    @OptionGroup var endpoint: EKSEndpointOptions

    @Option(help: "How to print the result: text or json.")
    var output: CheckOutput = .text

    enum CheckOutput: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func run() async throws {
        var facts = PodCredentialCheck.Facts(namespace: namespace, serviceAccount: serviceAccount, serviceAccountExists: nil)
        if let kubeconfig {
            let (exists, annotations) = try await Self.serviceAccount(namespace: namespace, name: serviceAccount, kubeconfig: kubeconfig, context: context)
            facts.serviceAccountExists = exists
            facts.annotations = annotations
        }
        let explicitIssuer = issuer
        let (cluster, namespace, serviceAccount) = (clusterName, self.namespace, self.serviceAccount)
        let environment = ProcessInfo.processInfo.environment
        let iamOverride = IAMClient.endpointOverride(
            endpoint.endpointURL, environment: environment,
            profile: (try? SharedConfig.load(environment: environment))?.profile(endpoint.profile ?? SharedConfig.profileName(environment: environment) ?? "default") ?? [:])
        facts = try await endpoint.withClient { client in
            var facts = facts
            let described = try await client.describeCluster(name: cluster).value
            facts.accountID = described.arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init)
            facts.clusterARN = described.arn
            facts.issuer = explicitIssuer ?? described.identity?.oidc?.issuer
            if let association = try await client.podIdentityAssociation(cluster: cluster, namespace: namespace, serviceAccount: serviceAccount) {
                facts.association = PodCredentialCheck.Association(
                    associationID: association.associationId, roleARN: association.roleArn, disableSessionTags: association.disableSessionTags,
                    targetRoleARN: association.targetRoleArn)
            }
            let partition = Partition(id: described.arn.split(separator: ":").dropFirst().first.map(String.init) ?? "aws") ?? .aws
            let iam = IAMClient(httpClient: client.eks.httpClient, partition: partition, endpointOverride: iamOverride)
            do throws(IAMClientError) {
                for role in [facts.association?.roleARN, facts.annotatedRole].compactMap({ $0 }) {
                    let name = role.split(separator: "/").last.map(String.init) ?? role
                    let found = try await iam.role(named: name, credentials: client.credentials)
                    // A role is the one named only when its ARN (with its path) matches.
                    facts.trustPolicies[role] = found.flatMap { $0.arn.lowercased() == role.lowercased() ? $0.trustPolicy : nil }
                }
                if facts.association == nil, facts.annotatedRole != nil {
                    facts.providers = try await iam.openIDConnectProviders(credentials: client.credentials).map {
                        PodCredentialCheck.Provider(arn: $0.arn, url: $0.url, clientIDs: $0.clientIDs)
                    }
                }
            } catch {
                throw CLIFailure(error.message)
            }
            return facts
        }
        let steps = PodCredentialCheck.run(facts)
        switch output {
        case .text: print(Self.text(steps, facts: facts, cluster: cluster), terminator: "")
        case .json: print(try Self.json(steps))
        }
        if steps.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }

    /// Whether the ServiceAccount exists, and its annotations.
    static func serviceAccount(namespace: String, name: String, kubeconfig: String, context: String?) async throws -> (Bool, [String: String]) {
        let connection: KubernetesConnection
        do {
            connection = try KubernetesConnection.kubeconfig(path: kubeconfig, context: context)
        } catch {
            throw CLIFailure(error.message)
        }
        let body: String?
        do {
            body = try await KubernetesReader(connection: connection).getIfPresent(
                "/api/v1/namespaces/\(PercentEncoding.encodeQueryComponent(namespace))/serviceaccounts/\(PercentEncoding.encodeQueryComponent(name))")
        } catch {
            throw CLIFailure("cannot read ServiceAccount \(namespace)/\(name) from \(connection.server): \(error)")
        }
        guard let body else { return (false, [:]) }
        struct Object: Decodable {
            struct Metadata: Decodable { var annotations: [String: String]? }
            var metadata: Metadata?
        }
        let object = try? JSONDecoder().decode(Object.self, from: Data(body.utf8))
        return (true, object?.metadata?.annotations ?? [:])
    }

    static func text(_ steps: [PodCredentialCheck.Step], facts: PodCredentialCheck.Facts, cluster: String) -> String {
        var lines = ["pod credentials for \(facts.namespace)/\(facts.serviceAccount) on cluster \(cluster):"]
        for step in steps {
            lines.append("  \(step.passed ? "ok  " : "FAIL") \(step.subject): \(step.detail)")
            if let error = step.podError { lines.append("       the pod sees: \(error)") }
            if let fix = step.fix { lines.append("       fix: \(fix)") }
        }
        if !steps.contains(where: { !$0.passed }) { lines.append("everything lines up: the pod gets credentials") }
        if facts.serviceAccountExists == nil {
            lines.append("note: without --kubeconfig the ServiceAccount and its IRSA annotation were not read")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ steps: [PodCredentialCheck.Step]) throws -> String {
        let objects: [[String: Any]] = steps.map { step in
            var object: [String: Any] = ["check": step.subject, "passed": step.passed, "detail": step.detail]
            object["podError"] = step.podError
            object["fix"] = step.fix
            return object
        }
        let data = try JSONSerialization.data(
            withJSONObject: ["ok": !steps.contains { !$0.passed }, "steps": objects], options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
