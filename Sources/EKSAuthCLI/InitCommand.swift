import ArgumentParser
import EKSAuthServer
import Foundation

/// `eksauth init`: the server's TLS certificate and key, the webhook kubeconfig for kube-apiserver,
/// and the server configuration that uses them.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the server's certificate and the webhook kubeconfig for kube-apiserver.",
        discussion: """
            Writes into the state directory:
              tls/cert.pem, tls/key.pem    a P-256 key and a self-signed certificate (10 years) whose \
            names cover 127.0.0.1, localhost, --address and every --hostname
              webhook-kubeconfig.yaml      for kube-apiserver --authentication-token-webhook-config-file
              mutating-webhook-configuration.yaml
                                           the MutatingWebhookConfiguration sending pod creations to \
            POST /mutate-pods (kubectl apply -f; serve it with eksauth server --pod-webhook-kubeconfig)
              server.yaml                  clusterId, address, port and TLS files; eksauth server reads it

            Then run `eksauth server --state-dir STATE` (HTTPS on --port, plain-HTTP /healthz on \
            --health-port) and start kube-apiserver with
              --authentication-token-webhook-config-file=STATE/webhook-kubeconfig.yaml
            An existing certificate is kept (the kubeconfig given to kube-apiserver stays valid) unless --force.
            """
    )

    @Option(name: .customLong("cluster-id"), help: "The cluster id tokens are made for (kubectl's --cluster-name / -i).")
    var clusterID: String

    @Option(name: .customLong("state-dir"), help: "The server's state directory (default ~/.eksauth).")
    var stateDirectory: String?

    @Option(name: .customLong("hostname"), help: "A DNS name the API server reaches the webhook by (repeatable).")
    var hostnames: [String] = []

    @Option(help: "The address to listen on and to put in the kubeconfig.")
    var address = "127.0.0.1"

    @Option(help: "The HTTPS port (aws-iam-authenticator's is 21362).")
    var port = 21362

    @Option(name: .customLong("health-port"), help: "The plain-HTTP health port.")
    var healthPort = 21363

    @Option(
        name: .customLong("webhook-failure-policy"),
        help: "The pod webhook's failurePolicy: Ignore (pods start without AWS credentials when eksauth is down) or Fail.")
    var webhookFailurePolicy = "Ignore"

    @Flag(help: "Replace an existing certificate and key.")
    var force = false

    func run() async throws {
        try await reportingFailures {
            let environment = ProcessInfo.processInfo.environment
            guard ["Ignore", "Fail"].contains(webhookFailurePolicy) else {
                throw CLIFailure("--webhook-failure-policy must be Ignore or Fail, not \(webhookFailurePolicy)")
            }
            let state = try StateDirectory(path: stateDirectory ?? (TokenCommand.home(environment) + "/.eksauth"))
            let exists = FileManager.default.fileExists(atPath: state.certificateFile.path)
            let certificatePEM: String
            if exists && !force {
                certificatePEM = try String(contentsOf: state.certificateFile, encoding: .utf8)
                printError("eksauth init: keeping the certificate in \(state.certificateFile.path) (--force makes a new one)")
            } else {
                let made: WebhookCertificate
                do {
                    made = try WebhookCertificate.make(
                        hostnames: hostnames, addresses: address == "0.0.0.0" || address == "::" ? [] : [address])
                } catch let error as WebhookCertificateError {
                    throw CLIFailure(error.message)
                }
                try state.write(made.privateKeyPEM, to: state.keyFile)
                try state.write(made.certificatePEM, to: state.certificateFile, mode: 0o644)
                certificatePEM = made.certificatePEM
            }
            let dialed = address == "0.0.0.0" || address == "::" ? (hostnames.first ?? "127.0.0.1") : address
            let host = dialed.contains(":") ? "[\(dialed)]" : dialed
            try state.write(
                WebhookKubeconfig.yaml(url: "https://\(host):\(port)/authenticate", certificatePEM: certificatePEM),
                to: state.webhookKubeconfigFile)
            try state.write(
                WebhookKubeconfig.yaml(
                    url: "https://\(host):\(port)/authorize", certificatePEM: certificatePEM, flag: "--authorization-webhook-config-file"),
                to: state.authorizationWebhookKubeconfigFile)
            try state.write(
                MutatingWebhookConfiguration.yaml(
                    url: "https://\(host):\(port)/mutate-pods", certificatePEM: certificatePEM, failurePolicy: webhookFailurePolicy),
                to: state.mutatingWebhookConfigurationFile, mode: 0o644)
            try state.write(
                """
                # written by eksauth init; eksauth server --state-dir \(state.url.path) reads it
                clusterId: "\(clusterID)"
                host: "\(address)"
                port: \(port)
                healthPort: \(healthPort)
                tlsCertificate: "\(state.certificateFile.path)"
                tlsKey: "\(state.keyFile.path)"

                """, to: state.serverConfigFile)
            printOutput("""
                wrote \(state.certificateFile.path), \(state.keyFile.path)
                wrote \(state.webhookKubeconfigFile.path)
                wrote \(state.authorizationWebhookKubeconfigFile.path)
                wrote \(state.mutatingWebhookConfigurationFile.path)
                wrote \(state.serverConfigFile.path)
                next: eksauth server --state-dir \(state.url.path)
                      kube-apiserver --authentication-token-webhook-config-file=\(state.webhookKubeconfigFile.path) \\
                        --authorization-mode=Node,RBAC,Webhook --authorization-webhook-config-file=\(state.authorizationWebhookKubeconfigFile.path) \\
                        --authorization-webhook-version=v1

                """)
        }
    }
}
