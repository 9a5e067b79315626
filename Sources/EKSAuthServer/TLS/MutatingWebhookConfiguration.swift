import Foundation

/// The `MutatingWebhookConfiguration` (admissionregistration.k8s.io/v1) that sends pod creations to
/// eksauth's `POST /mutate-pods`, as amazon-eks-pod-identity-webhook's `deploy/mutatingwebhook.yaml`
/// registers its webhook: rule CREATE `pods` v1, `sideEffects: None`, `failurePolicy: Ignore` by
/// default (pods still start when the webhook is down, without AWS credentials; `Fail` refuses them
/// instead — but an eksauth that is up and cannot look a pod's ServiceAccount up refuses the pod with
/// the reason whatever the policy, so that it is not started without its credentials),
/// `admissionReviewVersions: [v1, v1beta1]`, and pods labelled
/// `eks.amazonaws.com/skip-pod-identity-webhook` left alone. The namespace of the webhook itself
/// (`kube-system` by default) is excluded, so a broken webhook cannot block its own restart.
public enum MutatingWebhookConfiguration {
    /// The YAML for a webhook at `url` (such as `https://10.0.0.5:21362/mutate-pods`) trusting
    /// `certificatePEM`, or — with `service` (`namespace/name[:port]`) — at that Service.
    public static func yaml(
        url: String?, service: (namespace: String, name: String, port: Int)? = nil, certificatePEM: String, failurePolicy: String = "Ignore",
        excludedNamespaces: [String] = ["kube-system"]
    ) -> String {
        let caBundle = Data(certificatePEM.utf8).base64EncodedString()
        let clientConfig: String
        if let service {
            clientConfig = """
                      service:
                        namespace: \(service.namespace)
                        name: \(service.name)
                        port: \(service.port)
                        path: /mutate-pods
                """
        } else {
            clientConfig = """
                      url: \(url ?? "https://127.0.0.1:21362/mutate-pods")
                """
        }
        let namespaces = excludedNamespaces.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            # kubectl apply -f <this file>
            # written by eksauth init: IAM Roles for Service Accounts for pods whose ServiceAccount has eks.amazonaws.com/role-arn
            apiVersion: admissionregistration.k8s.io/v1
            kind: MutatingWebhookConfiguration
            metadata:
              name: eksauth-pod-identity-webhook
            webhooks:
              - name: pod-identity-webhook.eksauth.io
                admissionReviewVersions: ["v1", "v1beta1"]
                sideEffects: None
                failurePolicy: \(failurePolicy)
                reinvocationPolicy: IfNeeded
                timeoutSeconds: 10
                clientConfig:
            \(clientConfig)
                  caBundle: \(caBundle)
                rules:
                  - operations: ["CREATE"]
                    apiGroups: [""]
                    apiVersions: ["v1"]
                    resources: ["pods"]
                    scope: Namespaced
                objectSelector:
                  matchExpressions:
                    - key: eks.amazonaws.com/skip-pod-identity-webhook
                      operator: DoesNotExist
                namespaceSelector:
                  matchExpressions:
                    - key: kubernetes.io/metadata.name
                      operator: NotIn
                      values: [\(namespaces)]

            """
    }
}
