import RBAC
import Testing

/// `RuleAllows` case by case (reference §1.3).
@Suite("Rule matching")
struct RuleMatchingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var rule: PolicyRule
        var verb: String
        var target: AuthorizationRequest.Target
        var allowed: Bool
        var mismatch: RuleMismatch?
        var testDescription: String { label }
    }

    static func resource(_ resource: String, group: String = "", subresource: String = "", name: String = "", namespace: String = "dev")
        -> AuthorizationRequest.Target
    {
        .resource(ResourceAttributes(namespace: namespace, apiGroup: group, resource: resource, subresource: subresource, name: name))
    }

    static let cases: [Case] = [
        Case(label: "exact verb, group, resource", rule: PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["pods"]), verb: "get", target: resource("pods"), allowed: true),
        Case(label: "verb differs", rule: PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["pods"]), verb: "list", target: resource("pods"), allowed: false, mismatch: .verb),
        Case(label: "verb * matches any verb", rule: PolicyRule(verbs: ["*"], apiGroups: [""], resources: ["pods"]), verb: "escalate", target: resource("pods"), allowed: true),
        Case(label: "verbs have no prefix matching", rule: PolicyRule(verbs: ["get*"], apiGroups: [""], resources: ["pods"]), verb: "get", target: resource("pods"), allowed: false, mismatch: .verb),
        Case(label: "verbs are case-sensitive", rule: PolicyRule(verbs: ["GET"], apiGroups: [""], resources: ["pods"]), verb: "get", target: resource("pods"), allowed: false, mismatch: .verb),
        Case(label: "core group is the empty string", rule: PolicyRule(verbs: ["get"], apiGroups: ["apps"], resources: ["pods"]), verb: "get", target: resource("pods"), allowed: false, mismatch: .apiGroup),
        Case(label: "group * matches any group", rule: PolicyRule(verbs: ["get"], apiGroups: ["*"], resources: ["deployments"]), verb: "get", target: resource("deployments", group: "apps"), allowed: true),
        Case(label: "no apiGroups matches no resource request", rule: PolicyRule(verbs: ["get"], resources: ["pods"]), verb: "get", target: resource("pods"), allowed: false, mismatch: .apiGroup),
        Case(label: "resource * matches every resource", rule: PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["*"]), verb: "get", target: resource("secrets"), allowed: true),
        Case(label: "resource * matches every subresource", rule: PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["*"]), verb: "get", target: resource("pods", subresource: "log"), allowed: true),
        Case(label: "pods does not grant pods/log", rule: PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["pods"]), verb: "get", target: resource("pods", subresource: "log"), allowed: false, mismatch: .resource),
        Case(label: "pods/log grants pods/log", rule: PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["pods/log"]), verb: "get", target: resource("pods", subresource: "log"), allowed: true),
        Case(label: "pods/log does not grant pods", rule: PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["pods/log"]), verb: "get", target: resource("pods"), allowed: false, mismatch: .resource),
        Case(label: "*/scale grants deployments/scale", rule: PolicyRule(verbs: ["update"], apiGroups: ["apps"], resources: ["*/scale"]), verb: "update", target: resource("deployments", group: "apps", subresource: "scale"), allowed: true),
        Case(label: "*/scale does not grant deployments", rule: PolicyRule(verbs: ["update"], apiGroups: ["apps"], resources: ["*/scale"]), verb: "update", target: resource("deployments", group: "apps"), allowed: false, mismatch: .resource),
        Case(label: "*/scale does not grant deployments/status", rule: PolicyRule(verbs: ["update"], apiGroups: ["apps"], resources: ["*/scale"]), verb: "update", target: resource("deployments", group: "apps", subresource: "status"), allowed: false, mismatch: .resource),
        Case(label: "*/cale is not a suffix match of scale", rule: PolicyRule(verbs: ["update"], apiGroups: ["apps"], resources: ["*/cale"]), verb: "update", target: resource("deployments", group: "apps", subresource: "scale"), allowed: false, mismatch: .resource),
        Case(label: "pods/* is not a wildcard", rule: PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["pods/*"]), verb: "get", target: resource("pods", subresource: "log"), allowed: false, mismatch: .resource),
        Case(label: "pods/* matches a subresource literally named *", rule: PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["pods/*"]), verb: "get", target: resource("pods", subresource: "*"), allowed: true),
        Case(label: "resourceNames: the named object", rule: PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["app"]), verb: "get", target: resource("configmaps", name: "app"), allowed: true),
        Case(label: "resourceNames: another object", rule: PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["app"]), verb: "get", target: resource("configmaps", name: "other"), allowed: false, mismatch: .resourceName),
        Case(label: "resourceNames: list has no name", rule: PolicyRule(verbs: ["list"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["app"]), verb: "list", target: resource("configmaps"), allowed: false, mismatch: .resourceName),
        Case(label: "resourceNames: watch without a name", rule: PolicyRule(verbs: ["watch"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["app"]), verb: "watch", target: resource("configmaps"), allowed: false, mismatch: .resourceName),
        Case(label: "resourceNames: watch of one object (fieldSelector name)", rule: PolicyRule(verbs: ["list", "watch"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["app"]), verb: "watch", target: resource("configmaps", name: "app"), allowed: true),
        Case(label: "resourceNames: create has no name", rule: PolicyRule(verbs: ["create"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["app"]), verb: "create", target: resource("configmaps"), allowed: false, mismatch: .resourceName),
        Case(label: "empty resourceNames: every name", rule: PolicyRule(verbs: ["delete"], apiGroups: [""], resources: ["configmaps"]), verb: "delete", target: resource("configmaps", name: "anything"), allowed: true),
        Case(label: "resource rule does not grant a path", rule: PolicyRule(verbs: ["get"], apiGroups: ["*"], resources: ["*"]), verb: "get", target: .nonResource(path: "/healthz"), allowed: false, mismatch: .nonResourceURL),
        Case(label: "path rule does not grant a resource", rule: PolicyRule(verbs: ["get"], nonResourceURLs: ["*"]), verb: "get", target: resource("pods"), allowed: false, mismatch: .apiGroup),
        Case(label: "nonResourceURL exact", rule: PolicyRule(verbs: ["get"], nonResourceURLs: ["/healthz"]), verb: "get", target: .nonResource(path: "/healthz"), allowed: true),
        Case(label: "nonResourceURL exact is not a prefix", rule: PolicyRule(verbs: ["get"], nonResourceURLs: ["/healthz"]), verb: "get", target: .nonResource(path: "/healthz/etcd"), allowed: false, mismatch: .nonResourceURL),
        Case(label: "nonResourceURL * matches everything", rule: PolicyRule(verbs: ["get"], nonResourceURLs: ["*"]), verb: "get", target: .nonResource(path: "/metrics"), allowed: true),
        Case(label: "/apis/* matches /apis/", rule: PolicyRule(verbs: ["get"], nonResourceURLs: ["/apis/*"]), verb: "get", target: .nonResource(path: "/apis/"), allowed: true),
        Case(label: "/apis/* matches /apis/apps/v1", rule: PolicyRule(verbs: ["get"], nonResourceURLs: ["/apis/*"]), verb: "get", target: .nonResource(path: "/apis/apps/v1"), allowed: true),
        Case(label: "/apis/* does not match /apis", rule: PolicyRule(verbs: ["get"], nonResourceURLs: ["/apis/*"]), verb: "get", target: .nonResource(path: "/apis"), allowed: false, mismatch: .nonResourceURL),
        Case(label: "trailing * is a plain prefix (/api* matches /apis)", rule: PolicyRule(verbs: ["get"], nonResourceURLs: ["/api*"]), verb: "get", target: .nonResource(path: "/apis/apps"), allowed: true),
        Case(label: "several trailing * are trimmed", rule: PolicyRule(verbs: ["get"], nonResourceURLs: ["/logs**"]), verb: "get", target: .nonResource(path: "/logs/x"), allowed: true),
        Case(label: "a * in the middle is literal", rule: PolicyRule(verbs: ["get"], nonResourceURLs: ["/a/*/b"]), verb: "get", target: .nonResource(path: "/a/x/b"), allowed: false, mismatch: .nonResourceURL),
        Case(label: "non-resource verb must match", rule: PolicyRule(verbs: ["get"], nonResourceURLs: ["/metrics"]), verb: "post", target: .nonResource(path: "/metrics"), allowed: false, mismatch: .verb),
        Case(label: "bytes, not canonical equivalence", rule: PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["caf\u{E9}"]), verb: "get", target: resource("configmaps", name: "cafe\u{301}"), allowed: false, mismatch: .resourceName),
    ]

    @Test(arguments: cases)
    func rule(_ example: Case) {
        #expect(example.rule.allows(verb: example.verb, target: example.target) == example.allowed)
        #expect(example.rule.mismatch(verb: example.verb, target: example.target) == example.mismatch)
    }
}
