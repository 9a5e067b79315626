import Foundation

/// The kubeconfig kube-apiserver reads for `--authentication-token-webhook-config-file`: the
/// server's `/authenticate` URL and the certificate to trust.
public enum WebhookKubeconfig {
    /// The file's YAML for `url` (such as `https://127.0.0.1:21362/authenticate`), trusting `certificatePEM`.
    public static func yaml(url: String, certificatePEM: String) -> String {
        let data = Data(certificatePEM.utf8).base64EncodedString()
        return """
            # kube-apiserver --authentication-token-webhook-config-file=<this file>
            # written by eksauth init
            apiVersion: v1
            kind: Config
            clusters:
              - name: eksauth
                cluster:
                  certificate-authority-data: \(data)
                  server: \(url)
            users:
              - name: kube-apiserver
            contexts:
              - name: webhook
                context:
                  cluster: eksauth
                  user: kube-apiserver
            current-context: webhook

            """
    }
}
