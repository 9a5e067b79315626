import Foundation

/// The kubeconfigs kube-apiserver reads for `--authentication-token-webhook-config-file` and
/// `--authorization-webhook-config-file`: the server's `/authenticate` or `/authorize` URL and the
/// certificate to trust.
public enum WebhookKubeconfig {
    /// The file's YAML for `url` (such as `https://127.0.0.1:21362/authenticate`), trusting
    /// `certificatePEM`; `flag` names the kube-apiserver flag that reads it.
    public static func yaml(url: String, certificatePEM: String, flag: String = "--authentication-token-webhook-config-file") -> String {
        let data = Data(certificatePEM.utf8).base64EncodedString()
        return """
            # kube-apiserver \(flag)=<this file>
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
