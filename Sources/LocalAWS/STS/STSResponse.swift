public import SigV4

/// An STS answer as it goes on the wire: status, headers and body (XML, or JSON when asked for).
public struct STSResponse: Sendable, Hashable {
    /// The HTTP status (200, 400, 403, …).
    public var status: Int
    /// The headers: `Content-Type` and `x-amzn-RequestId`.
    public var headers: [HeaderField]
    /// The body.
    public var body: [UInt8]

    /// Creates a response from its parts.
    public init(status: Int, headers: [HeaderField], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
