import ArgumentParser
import EKSAuthServer
import Foundation
import Hummingbird
import LocalAWS
import Logging

/// `eksauth server`: the embedded AWS endpoint (STS and IAM) on its own state directory.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the eksauth server with its embedded STS and IAM (no AWS account needed).",
        discussion: """
            On first start it creates the identity store and the account root's access key in the state \
            directory, and writes a ready AWS CLI profile there:

              export AWS_CONFIG_FILE=STATE/aws-config AWS_SHARED_CREDENTIALS_FILE=STATE/credentials AWS_PROFILE=eksauth
              aws sts get-caller-identity
              aws iam create-role --role-name dev --assume-role-policy-document file://trust.json
              aws sts assume-role --role-arn arn:aws:iam::123456789012:role/dev --role-session-name me
              AWS_ENDPOINT_URL_STS=http://127.0.0.1:8080 aws eks get-token --cluster-name demo

            Every change (users, keys, roles, policies, temporary credentials) is saved to \
            STATE/identity.json before it is acknowledged.
            """
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(name: .customLong("state-dir"), help: "Where the identity store and the generated profile live (default ~/.eksauth).")
    var stateDirectory: String?

    @Option(name: .customLong("account-id"), help: "The 12-digit account id of a new identity store.")
    var accountID = IdentityStore.defaultAccountID

    @Option(help: "The region the generated AWS profile names.")
    var region = "us-east-1"

    func run() async throws {
        try await reportingFailures {
            let environment = ProcessInfo.processInfo.environment
            let path = stateDirectory ?? (TokenCommand.home(environment) + "/.eksauth")
            let state = try StateDirectory(path: path)
            let store: IdentityStore
            if let saved = try state.loadIdentityState() {
                store = IdentityStore(state: saved)
            } else {
                do {
                    store = try IdentityStore(accountID: accountID)
                } catch {
                    throw CLIFailure("\(error)")
                }
            }
            let rootKey = await store.bootstrap()
            try state.saveIdentityState(await store.snapshot())
            let endpoint = "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)"
            try state.writeProfile(rootKey: rootKey, endpoint: endpoint, region: region)
            var logger = Logger(label: "eksauth")
            logger.logLevel = .info
            let server = EmbeddedAWSServer(store: store, state: state)
            let account = await store.account.id
            let app = server.application(host: host, port: port, logger: logger) { _ in
                printError("""
                    eksauth server: embedded STS and IAM for account \(account) listening on \(endpoint)
                    eksauth server: point the AWS CLI at it with
                      export AWS_CONFIG_FILE=\(state.configFile.path) AWS_SHARED_CREDENTIALS_FILE=\(state.credentialsFile.path) AWS_PROFILE=eksauth
                    """)
            }
            try await app.runService()
        }
    }
}
