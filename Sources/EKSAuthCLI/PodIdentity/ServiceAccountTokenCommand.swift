import ArgumentParser
import EKSAuthServer
import Foundation
import PodIdentity

/// `eksauth sa-token`: a projected service-account token, as kube-apiserver's TokenRequest issues it
/// for a pod's projected volume, signed with the issuer's key.
struct ServiceAccountTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sa-token",
        abstract: "Mint a service-account token (a projected-token JWT) signed with the issuer's key.",
        discussion: """
            The token carries the claims kube-apiserver puts in projected tokens: iss, sub \
            (system:serviceaccount:NS:SA), aud, exp, iat, nbf, jti and kubernetes.io {namespace, \
            serviceaccount {name, uid}, pod {name, uid}}; its header names the key id kube-apiserver \
            derives (base64url SHA-256 of the public key). RSA keys sign RS256, EC P-256 keys ES256 — \
            AWS STS accepts RS256 only.

            The issuer and key come from the flags, else from the server configuration \
            (serviceAccountIssuer, serviceAccountSigningKeyFile in --config or STATE/server.yaml). Use it \
            as a pod's AWS_WEB_IDENTITY_TOKEN_FILE:
              eksauth sa-token --namespace default --service-account my-app > token
              AWS_ROLE_ARN=arn:aws:iam::123456789012:role/my-app AWS_WEB_IDENTITY_TOKEN_FILE=token aws sts get-caller-identity
            """
    )

    @Option(help: "The service account's namespace.")
    var namespace: String

    @Option(name: .customLong("service-account"), help: "The service account's name.")
    var serviceAccount: String

    @Option(name: .customLong("service-account-uid"), help: "The service account's uid (default: a uid derived from namespace and name).")
    var serviceAccountUID: String?

    @Option(help: "An audience (repeatable; default sts.amazonaws.com).")
    var audience: [String] = []

    @Option(help: "The token's lifetime in seconds (600 to 172800).")
    var expiration: Int64 = 3600

    @Option(help: "Bind the token to this pod (with --pod-uid).")
    var pod: String?

    @Option(name: .customLong("pod-uid"), help: "The uid of the pod named by --pod.")
    var podUID: String?

    @Option(name: .customLong("key-file"), help: "The PEM private key (kube-apiserver's --service-account-signing-key-file).")
    var keyFile: String?

    @Option(help: "The issuer URL (kube-apiserver's --service-account-issuer).")
    var issuer: String?

    @Option(help: "The server configuration to read the issuer and key from (default STATE/server.yaml).")
    var config: String?

    @Option(name: .customLong("state-dir"), help: "The server's state directory (default ~/.eksauth).")
    var stateDirectory: String?

    func run() async throws {
        try await reportingFailures {
            var file = ServerConfiguration()
            if issuer == nil || keyFile == nil {
                let home = TokenCommand.home(ProcessInfo.processInfo.environment)
                let defaultConfig = (stateDirectory ?? (home + "/.eksauth")) + "/server.yaml"
                if let path = config ?? (FileManager.default.fileExists(atPath: defaultConfig) ? defaultConfig : nil) {
                    do throws(ServerConfigurationError) { file = try ServerConfiguration.load(path: path) } catch { throw CLIFailure(error.message) }
                }
            }
            guard let url = issuer ?? file.serviceAccountIssuer else {
                throw CLIFailure("name the issuer with --issuer URL (or serviceAccountIssuer in the server configuration)")
            }
            guard let keyPath = keyFile ?? file.serviceAccountSigningKeyFile else {
                throw CLIFailure("name the signing key with --key-file PEM (or serviceAccountSigningKeyFile in the server configuration)")
            }
            let podReference: ServiceAccountTokenClaims.Reference?
            switch (pod, podUID) {
            case (let name?, let uid?): podReference = .init(name: name, uid: uid)
            case (nil, nil): podReference = nil
            default: throw CLIFailure("--pod and --pod-uid go together: a bound token names both the pod and its uid")
            }
            do throws(IssuerError) {
                let signer = try ServiceAccountIssuer(url: url, key: try ServiceAccountSigningKey.load(path: keyPath))
                let token = try signer.token(
                    namespace: namespace, serviceAccount: serviceAccount, serviceAccountUID: serviceAccountUID,
                    audiences: audience.isEmpty ? ["sts.amazonaws.com"] : audience, expirationSeconds: expiration, pod: podReference)
                if !signer.key.acceptedByAWSSTS {
                    printError(
                        "eksauth: warning: the key is EC P-256, so this token is ES256; AWS STS accepts only RS256 tokens "
                            + "(AssumeRoleWithWebIdentity will refuse it) — use an RSA key for IRSA")
                }
                printOutput(token + "\n")
            } catch {
                throw CLIFailure(error.message)
            }
        }
    }
}
