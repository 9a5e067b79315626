import ArgumentParser

/// The `eksauth` command line: the EKS identity stack's client and tools.
@main
struct EKSAuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eksauth",
        abstract: "Amazon EKS authentication: IAM identities to Kubernetes users, compatible with the AWS CLI and kubectl.",
        discussion: """
            Use it as kubectl's credential plugin (a drop-in for 'aws eks get-token'):
              eksauth update-kubeconfig --name my-cluster --region us-east-1
              kubectl get pods
            """,
        version: "0.1.0",
        subcommands: [
            TokenCommand.self, UpdateKubeconfigCommand.self, ServerCommand.self, InitCommand.self, AccessEntryCommand.self,
            AccessPolicyCommand.self, ClusterCommand.self, AWSAuthCommand.self, CanICommand.self, WhoCanCommand.self,
            ExplainCommand.self, ServiceAccountTokenCommand.self, PodIdentityAgentCommand.self, PodIdentityCommand.self,
        ]
    )
}
