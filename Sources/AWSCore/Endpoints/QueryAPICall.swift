import AsyncHTTPClient
import Foundation
import SigV4

/// One call of an AWS query API (EC2, IAM): a form-encoded `POST /` signed with SigV4, answered
/// with XML. Returns the status and the parsed document; an error answer is returned too, for
/// the caller to read its `<Error><Code>`.
enum QueryAPICall {
    /// Why a call got no XML answer.
    enum Failure: Error, CustomStringConvertible {
        /// The endpoint is not a URL.
        case invalidEndpoint(String)
        /// No answer (connection, timeout).
        case transport(String)
        /// An answer that is not XML.
        case malformed(status: Int, reason: String)

        var description: String {
            switch self {
            case .invalidEndpoint(let message), .transport(let message): message
            case .malformed(let status, let reason): "HTTP \(status) with a body that is not XML: \(reason)"
            }
        }
    }

    /// Sends `body` (already form-encoded) to `endpoint`, signed for `service` in `region`.
    static func post(
        _ httpClient: HTTPClient, endpoint: String, region: String, service: String, body: String, credentials: AWSCredentials, date: Date,
        timeout: Duration
    ) async throws(Failure) -> (status: Int, document: XMLElement) {
        let unsigned: SigV4Request
        do {
            unsigned = try SigV4Request(
                method: "POST", url: endpoint + "/", headers: [HeaderField("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                body: Array(body.utf8))
        } catch {
            throw .invalidEndpoint("'\(endpoint)' is not a usable endpoint URL: \(error.message)")
        }
        let signed = SigV4Signer(credentials: credentials, region: region, service: service).signHeaders(unsigned, date: date)
        var headers = [(name: "Host", value: signed.hostHeaderValue), (name: "User-Agent", value: "eksauth")]
        headers += signed.headers.map { (name: $0.name, value: $0.value) }
        let response: HTTPFetch.Response
        do {
            response = try await HTTPFetch.send(httpClient, method: "POST", url: signed.url, headers: headers, body: signed.body, timeout: timeout)
        } catch {
            throw .transport("\(endpoint) could not be reached: \(error)")
        }
        do {
            return (response.status, try XMLReader.parse(response.body))
        } catch {
            throw .malformed(status: response.status, reason: error.reason)
        }
    }
}
