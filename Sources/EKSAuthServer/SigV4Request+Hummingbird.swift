import Hummingbird
import NIOCore
import SigV4

extension SigV4Request {
    /// The request as SigV4 verification sees it: method, the `Host` header as authority, the path and
    /// query exactly as received, every header line, and the body.
    static func received(_ request: Request, body: ByteBuffer) throws(SigV4Error) -> SigV4Request {
        var headers: [HeaderField] = []
        for field in request.headers {
            headers.append(HeaderField(field.name.rawName, field.value))
        }
        let host = request.head.authority ?? "localhost"
        if !headers.contains(where: { $0.name.lowercased() == "host" }) {
            headers.append(HeaderField("Host", host))
        }
        let target = request.uri.description
        return try SigV4Request(
            method: request.method.rawValue,
            receivedURL: "http://\(host)\(target.hasPrefix("/") ? target : "/" + target)",
            headers: headers,
            body: Array(buffer: body)
        )
    }
}
