import AccessModel
import ArgumentParser
import EKSAuthServer
import Foundation
import RBAC

/// The picture of a cluster that `can-i`, `who-can` and `explain` analyse: its RBAC objects,
/// aws-auth ConfigMap, access entries and authentication mode, read from files or — RBAC and
/// aws-auth — from a live cluster through a kubeconfig.
struct ClusterSnapshotOptions: ParsableArguments {
    @Option(
        name: .customLong("rbac"),
        help: ArgumentHelp(
            "RBAC objects as 'kubectl get roles,clusterroles,rolebindings,clusterrolebindings -A -o yaml' prints them (YAML or JSON; repeatable).",
            valueName: "file"))
    var rbacFiles: [String] = []

    @Option(
        help: ArgumentHelp(
            "Read the RBAC objects and the aws-auth ConfigMap from the cluster of this kubeconfig's current context (files given with --rbac or --aws-auth are used instead).",
            valueName: "file"))
    var kubeconfig: String?

    @Flag(name: .customLong("no-bootstrap"), help: "Do not add Kubernetes' default ClusterRoles and ClusterRoleBindings (cluster-admin, view, edit, …).")
    var noBootstrap = false

    @Option(
        name: .customLong("aws-auth"),
        help: ArgumentHelp("The aws-auth ConfigMap ('kubectl get configmap aws-auth -n kube-system -o yaml').", valueName: "file"))
    var awsAuthFile: String?

    @Option(
        name: .customLong("access-entries"),
        help: ArgumentHelp(
            "Access entries as JSON: an array (or {\"accessEntries\": […]}) of 'aws eks describe-access-entry' outputs, each optionally with an associatedAccessPolicies array; 'aws eks list-associated-access-policies' outputs and bare principal ARNs are accepted too.",
            valueName: "file"))
    var accessEntriesFile: String?

    @Flag(
        name: .customLong("access-entries-from-api"),
        help: "Read the cluster's access entries, their policies and its authentication mode from the EKS API (eksauth server or EKS; --region, --profile, --endpoint-url).")
    var accessEntriesFromAPI = false

    @OptionGroup var api: EKSEndpointOptions

    @Option(
        name: .customLong("authentication-mode"),
        help: "The cluster's authentication mode: CONFIG_MAP, API_AND_CONFIG_MAP (the default) or API (with --access-entries-from-api: the cluster's).")
    var authenticationMode: String?

    @Option(name: .customLong("cluster"), help: "The cluster's name (for suggested commands).")
    var cluster: String = "my-cluster"

    /// Reads every file given, and the live cluster when a kubeconfig is.
    func load() async throws -> ClusterSnapshot {
        var mode = AuthenticationMode.apiAndConfigMap
        if let authenticationMode {
            guard let given = AuthenticationMode(rawValue: authenticationMode.uppercased()) else {
                throw CLIFailure("--authentication-mode \(authenticationMode) is not one of CONFIG_MAP, API_AND_CONFIG_MAP, API")
            }
            mode = given
        }
        var snapshot = RBACSnapshot()
        for file in rbacFiles {
            do {
                snapshot = snapshot.merging(try RBACSnapshot(yaml: try Self.read(file)))
            } catch let failure as CLIFailure {
                throw failure
            } catch {
                throw CLIFailure("\(file): \(error)")
            }
        }
        var liveAWSAuth: [String: String]?
        if let kubeconfig {
            let connection: KubernetesConnection
            do { connection = try KubernetesConnection.kubeconfig(path: kubeconfig) } catch { throw CLIFailure(error.message) }
            if rbacFiles.isEmpty {
                do {
                    for list in try await KubernetesReader(connection: connection).rbacLists() {
                        snapshot = snapshot.merging(try RBACSnapshot(yaml: list))
                    }
                } catch {
                    throw CLIFailure("cannot read RBAC objects from \(connection.server): \(error)")
                }
            }
            if awsAuthFile == nil { liveAWSAuth = try await LiveAWSAuth.data(connection) }
        }
        if !noBootstrap && (kubeconfig == nil || !rbacFiles.isEmpty) { snapshot = BootstrapPolicy.adding(snapshot) }
        var awsAuth: AWSAuthMappings?
        var warnings: [String] = []
        if let liveAWSAuth {
            let result = AWSAuthParser.parse(data: liveAWSAuth)
            awsAuth = result.mappings()
            warnings += result.problems.map { "the cluster's aws-auth: \($0)" }
        }
        if let awsAuthFile {
            let data = try Self.configMapData(try Self.read(awsAuthFile), file: awsAuthFile)
            let result = AWSAuthParser.parse(data: data)
            awsAuth = result.mappings()
            warnings += result.problems.map { "\(awsAuthFile): \($0)" }
        }
        var entries: [AccessEntry] = []
        if let accessEntriesFile {
            let text = try Self.read(accessEntriesFile)
            do {
                entries = try AccessEntriesFile.parse(Array(text.utf8), cluster: cluster)
            } catch {
                throw CLIFailure("\(accessEntriesFile): \(error)")
            }
        }
        if accessEntriesFromAPI {
            guard accessEntriesFile == nil else { throw CLIFailure("give --access-entries FILE or --access-entries-from-api, not both") }
            let (apiMode, document) = try await api.withClient { client in try await Self.accessEntriesDocument(client, cluster: cluster) }
            if authenticationMode == nil { mode = apiMode }
            do {
                entries = try AccessEntriesFile.parse(document, cluster: cluster)
            } catch {
                throw CLIFailure("the access entries the API returned cannot be read: \(error)")
            }
        }
        let authorizer = RBACAuthorizer(snapshot)
        warnings += authorizer.aggregationProblems
        return ClusterSnapshot(
            cluster: cluster, mode: mode, chain: ClusterAuthorizer(rbac: authorizer), awsAuth: awsAuth, accessEntries: entries, warnings: warnings)
    }

    /// The cluster's mode, and its access entries with their policies in the `--access-entries` file format.
    static func accessEntriesDocument(_ client: EKSAccessClient, cluster: String) async throws -> (AuthenticationMode, [UInt8]) {
        let mode = try await client.describeCluster(name: cluster).value.accessConfig.authenticationMode
        guard mode.usesAccessEntries else { return (mode, Array("[]".utf8)) }
        var principals: [String] = []
        var token: String?
        repeat {
            let page = try await client.listAccessEntries(cluster: cluster, nextToken: token).value
            principals += page.items
            token = page.nextToken
        } while token != nil
        var documents: [Any] = []
        for principal in principals {
            guard var entry = try JSONSerialization.jsonObject(with: Data(try await client.describeAccessEntry(cluster: cluster, principalArn: principal).body))
                as? [String: Any]
            else { continue }
            var policies: [Any] = []
            var policyToken: String?
            repeat {
                let reply = try await client.listAssociatedAccessPolicies(cluster: cluster, principalArn: principal, nextToken: policyToken)
                let object = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
                policies += object?["associatedAccessPolicies"] as? [Any] ?? []
                policyToken = object?["nextToken"] as? String
            } while policyToken != nil
            entry["associatedAccessPolicies"] = policies
            documents.append(entry)
        }
        return (mode, Array(try JSONSerialization.data(withJSONObject: documents)))
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure("cannot read \(path)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The `data` of a ConfigMap in YAML or JSON.
    static func configMapData(_ text: String, file: String) throws -> [String: String] {
        do {
            return try ConfigMapFile.data(of: text)
        } catch {
            throw CLIFailure("\(file): \(error) (expected 'kubectl get configmap aws-auth -n kube-system -o yaml' output)")
        }
    }
}

/// What the options read.
struct ClusterSnapshot {
    var cluster: String
    var mode: AuthenticationMode
    var chain: ClusterAuthorizer
    var awsAuth: AWSAuthMappings?
    var accessEntries: [AccessEntry]
    var warnings: [String]

    /// Prints the warnings on stderr.
    func printWarnings() {
        for warning in warnings { printError("eksauth: warning: \(warning)") }
    }

    /// Traces `arn` through this cluster's mappings.
    func trace(arn: String, sessionName: String) -> IdentityTrace {
        IdentityTrace(arn: arn, cluster: cluster, mode: mode, awsAuth: awsAuth, accessEntries: accessEntries, sessionName: sessionName)
    }
}

/// What a request is about, as kubectl spells it: `VERB RESOURCE [NAME] [-n NS] [-A]`.
struct RequestArguments: ParsableArguments {
    @Option(name: .shortAndLong, help: "The namespace (default: default).")
    var namespace: String = "default"

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Ask across all namespaces (namespace empty, as 'kubectl get -A').")
    var allNamespaces = false

    @Option(help: "The subresource, as kubectl's --subresource (the same as RESOURCE/SUBRESOURCE).")
    var subresource: String?

    /// The request's namespace: empty with `-A`.
    var effectiveNamespace: String { allNamespaces ? "" : namespace }

    /// Parses a verb and kubectl resource spelling into a target.
    func target(resource: String, name: String?) throws -> (spelling: ResourceSpelling, target: AuthorizationRequest.Target) {
        var spelling: ResourceSpelling
        do {
            spelling = try ResourceSpelling(resource)
        } catch {
            throw CLIFailure("\(error)")
        }
        if let subresource, !spelling.isNonResourceURL {
            guard spelling.subresource.isEmpty || spelling.subresource == subresource else {
                throw CLIFailure("--subresource \(subresource) contradicts \(resource)")
            }
            spelling.subresource = subresource
        }
        if spelling.isNonResourceURL, name != nil { throw CLIFailure("a non-resource URL (\(resource)) takes no NAME") }
        return (spelling, spelling.target(name: name ?? "", namespace: effectiveNamespace))
    }
}

/// Builders for `--output json|yaml` documents.
extension JSONDocument {
    static func bool(_ value: Bool) -> JSONDocument { .literal(value ? "true" : "false") }
    static func strings(_ values: [String]) -> JSONDocument { .array(values.map { .string($0) }) }
    static func optional(_ value: String?) -> JSONDocument { value.map { .string($0) } ?? .literal("null") }

    /// Prints the document as JSON or YAML.
    func print(as format: APIOutputFormat) throws {
        switch format {
        case .yaml: printOutput(try yaml())
        default: printOutput(awsCLIJSON + "\n")
        }
    }

    /// A request target as JSON.
    static func target(verb: String, _ target: AuthorizationRequest.Target) -> JSONDocument {
        switch target {
        case .nonResource(let path):
            return .object([("verb", .string(verb)), ("nonResourceURL", .string(path))])
        case .resource(let attributes):
            return .object([
                ("verb", .string(verb)), ("group", .string(attributes.apiGroup)), ("resource", .string(attributes.resource)),
                ("subresource", .string(attributes.subresource)), ("name", .string(attributes.name)), ("namespace", .string(attributes.namespace)),
            ])
        }
    }

    /// A policy rule as JSON.
    static func rule(_ rule: PolicyRule) -> JSONDocument {
        var members: [(key: String, value: JSONDocument)] = [("verbs", .strings(rule.verbs))]
        if !rule.apiGroups.isEmpty { members.append(("apiGroups", .strings(rule.apiGroups))) }
        if !rule.resources.isEmpty { members.append(("resources", .strings(rule.resources))) }
        if !rule.resourceNames.isEmpty { members.append(("resourceNames", .strings(rule.resourceNames))) }
        if !rule.nonResourceURLs.isEmpty { members.append(("nonResourceURLs", .strings(rule.nonResourceURLs))) }
        return .object(members)
    }
}

/// Describes a request in words: `list pods in namespace "default"`.
func describeRequest(verb: String, _ target: AuthorizationRequest.Target) -> String {
    switch target {
    case .nonResource(let path):
        return "\(verb) path \(path)"
    case .resource(let attributes):
        var text = "\(verb) "
        text += attributes.apiGroup.isEmpty ? attributes.combinedResource : "\(attributes.resource).\(attributes.apiGroup)" + (attributes.subresource.isEmpty ? "" : "/" + attributes.subresource)
        if !attributes.name.isEmpty { text += " \"\(attributes.name)\"" }
        text += attributes.namespace.isEmpty ? " at the cluster scope" : " in namespace \"\(attributes.namespace)\""
        return text
    }
}
