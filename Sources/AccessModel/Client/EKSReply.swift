/// An answer of the EKS API: the typed value, and the JSON body it was decoded from (which the
/// CLI prints as it came, as the AWS CLI does).
public struct EKSReply<Value: Sendable>: Sendable {
    /// The decoded answer.
    public var value: Value
    /// The response body as received.
    public var body: [UInt8]

    /// Creates a reply.
    public init(value: Value, body: [UInt8]) {
        self.value = value
        self.body = body
    }
}
