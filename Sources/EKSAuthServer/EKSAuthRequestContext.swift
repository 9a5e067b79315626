public import Hummingbird
public import NIOCore

/// The request context of eksauth's routes: Hummingbird's core context and the client's address
/// (for the decision log lines).
public struct EKSAuthRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The address of the connected client.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
