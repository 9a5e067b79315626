import Foundation
import RBAC

// A synthetic cluster of 5,000 Roles and 20,000 RoleBindings/ClusterRoleBindings (plus the bootstrap
// policy), written as `kubectl get roles,clusterroles,rolebindings,clusterrolebindings -A -o yaml`
// prints it; measures loading it (YAML to an authorizer), one can-i check, and one who-can query.
// Run: swift run -c release eksauth-rbac-benchmark [ROLES] [BINDINGS]

let roleCount = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 5_000 : 5_000
let bindingCount = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 20_000 : 20_000
let namespaces = (0..<200).map { "team-\($0)" }
let resources = ["pods", "services", "configmaps", "secrets", "deployments", "jobs", "pods/log", "deployments/scale"]
var generator = SystemRandomNumberGenerator()

var yaml = "apiVersion: v1\nkind: List\nitems:\n"
for index in 0..<roleCount {
    let namespace = namespaces[index % namespaces.count]
    let resource = resources[index % resources.count]
    let group = resource.hasPrefix("deployments") ? "apps" : resource == "jobs" ? "batch" : ""
    yaml += """
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: Role
          metadata: {name: role-\(index), namespace: \(namespace)}
          rules:
          - apiGroups: ["\(group)"]
            resources: ["\(resource)"]
            verbs: ["get", "list", "watch"\(index % 3 == 0 ? ", \"update\"" : "")]
          - apiGroups: [""]
            resources: ["configmaps"]
            resourceNames: ["config-\(index)"]
            verbs: ["get"]

        """
}
for index in 0..<bindingCount {
    let namespace = namespaces[index % namespaces.count]
    let subjects = index % 4 == 0
        ? "[{kind: Group, name: group-\(index % 500), apiGroup: rbac.authorization.k8s.io}]"
        : index % 4 == 1 ? "[{kind: ServiceAccount, name: sa-\(index % 1000)}]" : "[{kind: User, name: user-\(index % 2000), apiGroup: rbac.authorization.k8s.io}]"
    if index % 10 == 9 {
        yaml += """
            - apiVersion: rbac.authorization.k8s.io/v1
              kind: ClusterRoleBinding
              metadata: {name: crb-\(index)}
              roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
              subjects: \(subjects)

            """
    } else {
        let role = (index * 7) % roleCount
        let roleNamespace = namespaces[role % namespaces.count]
        yaml += """
            - apiVersion: rbac.authorization.k8s.io/v1
              kind: RoleBinding
              metadata: {name: rb-\(index), namespace: \(roleNamespace)}
              roleRef: {apiGroup: rbac.authorization.k8s.io, kind: \(index % 5 == 0 ? "ClusterRole" : "Role"), name: \(index % 5 == 0 ? "edit" : "role-\(role)")}
              subjects: \(subjects)

            """
    }
}

func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }

let clock = ContinuousClock()
var snapshot: RBACSnapshot?
let parse = try clock.measure { snapshot = try BootstrapPolicy.adding(RBACSnapshot(yaml: yaml)) }
var authorizer: RBACAuthorizer?
let index = clock.measure { authorizer = snapshot.map { RBACAuthorizer($0) } }
guard let authorizer else { fatalError("no authorizer") }
print(String(format: "loaded %d roles and %d bindings (%.1f MiB of YAML) in %.3f s (parsing %.3f s, indexing %.3f s)", roleCount, bindingCount,
             Double(yaml.utf8.count) / 1_048_576, seconds(parse + index), seconds(parse), seconds(index)))

let requests: [AuthorizationRequest] = (0..<10_000).map { index in
    let user = index % 3 == 0
        ? UserInfo.serviceAccount(namespace: namespaces[index % namespaces.count], name: "sa-\(index % 1000)")
        : UserInfo.authenticated(name: "user-\(index % 2000)", groups: ["group-\(index % 500)"])
    let resource = resources[index % resources.count].split(separator: "/")
    return .resource(
        user: user, verb: ["get", "list", "update", "delete"][index % 4], group: resource[0] == "deployments" ? "apps" : "",
        resource: String(resource[0]), subresource: resource.count > 1 ? String(resource[1]) : "", namespace: namespaces[(index * 13) % namespaces.count])
}
var allowed = 0
for request in requests.prefix(1_000) where authorizer.authorize(request).allowed { allowed += 1 }
let checks = clock.measure {
    for _ in 0..<5 {
        for request in requests where authorizer.authorize(request).allowed { allowed += 1 }
    }
}
print(String(format: "can-i: %.2f µs per check (%d checks, %d allowed)", seconds(checks) / Double(requests.count * 5) * 1e6, requests.count * 5, allowed))

var subjects = 0
let queries: [(String, AuthorizationRequest.Target)] = [
    ("list", .resource(ResourceAttributes(namespace: "team-7", resource: "pods"))),
    ("get", .resource(ResourceAttributes(namespace: "team-42", resource: "secrets"))),
    ("update", .resource(ResourceAttributes(namespace: "team-99", apiGroup: "apps", resource: "deployments", subresource: "scale"))),
    ("get", .nonResource(path: "/healthz")),
]
let whoCan = clock.measure {
    for _ in 0..<5 {
        for (verb, target) in queries { subjects += authorizer.whoCan(verb: verb, target: target).grants.count }
    }
}
print(String(format: "who-can: %.2f ms per query (%d queries, %d subjects found)", seconds(whoCan) / Double(queries.count * 5) * 1e3, queries.count * 5, subjects))
