import RBAC
import Testing

/// kube-apiserver's Forbidden text and log line, byte for byte (reference §1.7, §1.8).
@Suite("Forbidden messages")
struct MessageTests {
    let alice = UserInfo(name: "alice", groups: ["dev", "system:authenticated"])

    @Test func referenceTable() {
        #expect(
            Fixture.request(alice, "list", "nodes").forbiddenMessage()
                == #"nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope"#)
        #expect(
            Fixture.request(alice, "list", "pods", namespace: "dev").forbiddenMessage()
                == #"pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "dev""#)
        #expect(
            Fixture.request(alice, "get", "deployments", group: "apps", name: "web", namespace: "dev").forbiddenMessage()
                == #"deployments.apps "web" is forbidden: User "alice" cannot get resource "deployments" in API group "apps" in the namespace "dev""#)
        #expect(
            Fixture.request(alice, "get", "pods", subresource: "log", name: "web-0", namespace: "dev").forbiddenMessage()
                == #"pods "web-0" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "dev""#)
        #expect(Fixture.path(alice, "get", "/metrics").forbiddenMessage() == #"forbidden: User "alice" cannot get path "/metrics""#)
        #expect(
            Fixture.request(alice, "list", "pods", namespace: "dev").forbiddenMessage(reason: #"RBAC: clusterrole.rbac.authorization.k8s.io "x" not found"#)
                == #"pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "dev": RBAC: clusterrole.rbac.authorization.k8s.io "x" not found"#
        )
    }

    @Test func seedsStory() {
        let developer = UserInfo.authenticated(name: "eks-developer")
        let request = Fixture.request(developer, "list", "pods", namespace: "default")
        #expect(
            request.forbiddenMessage()
                == #"pods is forbidden: User "eks-developer" cannot list resource "pods" in API group "" in the namespace "default""#)
        #expect(
            request.kubectlForbiddenError()
                == #"Error from server (Forbidden): pods is forbidden: User "eks-developer" cannot list resource "pods" in API group "" in the namespace "default""#
        )
    }

    @Test func sanitisesTheMessageButNotTheReason() {
        let odd = UserInfo(name: "a<b>&c")
        #expect(
            Fixture.path(odd, "get", "/x").forbiddenMessage(reason: "<r>")
                == #"forbidden: User "a&lt;b&gt;&amp;c" cannot get path "/x": <r>"#)
    }

    @Test func quotesLikeGo() {
        let user = UserInfo(name: "arn:aws:sts::1:assumed-role/r/\"s\"\\\t\u{1}\u{A0}é")
        #expect(
            Fixture.path(user, "get", "/x").forbiddenMessage()
                == #"forbidden: User "arn:aws:sts::1:assumed-role/r/\"s\"\\\t\x01\u00a0é" cannot get path "/x""#)
    }

    @Test func rbacDenialLogLine() {
        #expect(
            Fixture.request(alice, "get", "deployments", group: "apps", subresource: "scale", name: "web", namespace: "dev").rbacDenialLogLine
                == #"RBAC: no rules authorize user "alice" with groups ["dev" "system:authenticated"] to "get" resource "deployments.apps/scale" named "web" in namespace "dev""#
        )
        #expect(
            Fixture.path(alice, "get", "/metrics").rbacDenialLogLine
                == #"RBAC: no rules authorize user "alice" with groups ["dev" "system:authenticated"] to "get" nonResourceURL "/metrics" cluster-wide"#)
    }
}
