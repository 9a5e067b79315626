import Foundation
import AccessModel
import LocalAWS
import SigV4

/// The rest-json wire format of the EKS API: JSON bodies in, JSON bodies out, errors as
/// `x-amzn-ErrorType` plus a body with `__type` and `message`.
enum EKSWire {
    /// A 200 answer with `body` as JSON.
    static func success(_ body: any Encodable, requestID: String) -> STSResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = (try? encoder.encode(body)).map { Array($0) } ?? Array("{}".utf8)
        return STSResponse(
            status: 200, headers: [HeaderField("Content-Type", "application/json"), HeaderField("x-amzn-RequestId", requestID)], body: bytes)
    }

    /// The answer for `error`.
    static func error(_ error: EKSAPIError, requestID: String) -> STSResponse {
        var object: [String: String] = error.fields
        object["__type"] = error.code
        object["message"] = error.message
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = (try? encoder.encode(object)).map { Array($0) } ?? Array("{}".utf8)
        return STSResponse(
            status: error.status,
            headers: [
                HeaderField("Content-Type", "application/json"), HeaderField("x-amzn-RequestId", requestID),
                HeaderField("x-amzn-ErrorType", error.code),
            ],
            body: bytes)
    }

    /// Decodes a request body (an empty body is `{}`).
    static func decode<Input: Decodable>(_ type: Input.Type, _ body: [UInt8]) throws(EKSAPIError) -> Input {
        do {
            return try JSONDecoder().decode(type, from: body.isEmpty ? Data("{}".utf8) : Data(body))
        } catch {
            throw EKSAPIError(code: "SerializationException", status: 400, message: "The request body is not valid JSON for this operation: \(describe(error))")
        }
    }

    /// The top-level member names of a JSON object body.
    static func members(of body: [UInt8]) throws(EKSAPIError) -> Set<String> {
        guard !body.isEmpty else { return [] }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw EKSAPIError(code: "SerializationException", status: 400, message: "The request body must be a JSON object.")
        }
        return Set(object.keys)
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
