internal import AsyncHTTPClient
internal import NIOCore
internal import NIOHTTP1

/// One small HTTP exchange with a hard deadline on the whole of it (head and body), for the credential
/// endpoints and STS. Bodies are small documents; anything over `maxBodyBytes` is a failure.
///
/// A refused connection fails at once only when the `HTTPClient` has
/// `retryConnectionEstablishment = false`; with AsyncHTTPClient's default it is retried until the
/// deadline and then reported with its cause.
enum HTTPFetch {
    /// A complete response.
    struct Response: Sendable {
        /// The status code.
        var status: Int
        /// The response headers, names as sent.
        var headers: [(name: String, value: String)]
        /// The body.
        var body: [UInt8]

        /// The body as UTF-8 text (invalid bytes replaced).
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Why an exchange did not produce a response.
    enum Failure: Error, Sendable {
        /// The deadline passed before the response was complete.
        case timeout
        /// The connection failed or broke; the text describes it (never holds a header value).
        case transport(String)
    }

    /// Sends one request and collects the response within `timeout`.
    static func send(
        _ client: HTTPClient,
        method: String,
        url: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil,
        timeout: Duration,
        maxBodyBytes: Int = 1 << 20
    ) async throws(Failure) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let requestToSend = request
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        do {
            return try await withThrowingTaskGroup(of: Response.self) { group in
                group.addTask {
                    let response = try await client.execute(requestToSend, timeout: .nanoseconds(nanoseconds))
                    let collected = try await response.body.collect(upTo: maxBodyBytes)
                    return Response(
                        status: Int(response.status.code),
                        headers: response.headers.map { ($0.name, $0.value) },
                        body: Array(collected.readableBytesView)
                    )
                }
                group.addTask {
                    // AsyncHTTPClient enforces the deadline until the head arrives, failing with the real cause
                    // (such as a refused connection); this guard covers a body that stalls after the head.
                    try await Task.sleep(for: timeout + .seconds(1))
                    throw Failure.timeout
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        } catch let failure as Failure {
            throw failure
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .connectTimeout, .readTimeout, .writeTimeout:
                throw .timeout
            default:
                throw .transport(TransportFailure.describe(error))
            }
        } catch is CancellationError {
            throw .transport("the request was cancelled")
        } catch {
            throw .transport(TransportFailure.describe(error))
        }
    }
}
