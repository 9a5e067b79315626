import Foundation
import SigV4

/// Renders STS answers: the XML AWS STS sends, and the JSON form of `GetCallerIdentity` and errors.
enum STSResponseWriter {
    static func callerIdentity(_ caller: KeyLookup, requestID: String, json: Bool) -> STSResponse {
        if json {
            let body = #"{"GetCallerIdentityResponse":{"GetCallerIdentityResult":{"Account":\#(jsonString(caller.accountID)),"#
                + #""Arn":\#(jsonString(caller.arn)),"UserId":\#(jsonString(caller.userID))},"#
                + #""ResponseMetadata":{"RequestId":\#(jsonString(requestID))}}}"#
            return response(200, body, requestID: requestID, json: true)
        }
        let result = element("Arn", caller.arn) + element("UserId", caller.userID) + element("Account", caller.accountID)
        return response(200, document("GetCallerIdentity", result: result, requestID: requestID), requestID: requestID, json: false)
    }

    static func assumeRole(_ credentials: TemporaryCredentials, requestID: String) -> STSResponse {
        var result = ""
        if let sourceIdentity = credentials.sourceIdentity { result += element("SourceIdentity", sourceIdentity) }
        result += "<AssumedRoleUser>" + element("AssumedRoleId", credentials.assumedRoleID) + element("Arn", credentials.assumedRoleARN)
            + "</AssumedRoleUser>"
        result += "<Credentials>" + element("AccessKeyId", credentials.accessKeyID)
            + element("SecretAccessKey", credentials.secretAccessKey) + element("SessionToken", credentials.sessionToken)
            + element("Expiration", credentials.expiration.formatted(Date.ISO8601FormatStyle())) + "</Credentials>"
        return response(200, document("AssumeRole", result: result, requestID: requestID), requestID: requestID, json: false)
    }

    static func assumeRoleWithWebIdentity(_ credentials: TemporaryCredentials, claims: WebIdentityClaims, requestID: String) -> STSResponse {
        var result = element("SubjectFromWebIdentityToken", claims.subject) + element("Audience", claims.audience)
        result += "<AssumedRoleUser>" + element("AssumedRoleId", credentials.assumedRoleID) + element("Arn", credentials.assumedRoleARN)
            + "</AssumedRoleUser>"
        result += element("Provider", claims.issuer)
        result += "<Credentials>" + element("AccessKeyId", credentials.accessKeyID)
            + element("SecretAccessKey", credentials.secretAccessKey) + element("SessionToken", credentials.sessionToken)
            + element("Expiration", credentials.expiration.formatted(Date.ISO8601FormatStyle())) + "</Credentials>"
        return response(200, document("AssumeRoleWithWebIdentity", result: result, requestID: requestID), requestID: requestID, json: false)
    }

    static func error(_ error: STSServiceError, requestID: String, json: Bool) -> STSResponse {
        if json {
            let body = #"{"Error":{"Code":\#(jsonString(error.code)),"Message":\#(jsonString(error.message)),"#
                + #""Type":\#(jsonString(error.type))},"RequestId":\#(jsonString(requestID))}"#
            return response(error.httpStatus, body, requestID: requestID, json: true)
        }
        let body = "<ErrorResponse xmlns=\"\(STSService.xmlNamespace)\"><Error>" + element("Type", error.type)
            + element("Code", error.code) + element("Message", error.message) + "</Error>" + element("RequestId", requestID)
            + "</ErrorResponse>\n"
        return response(error.httpStatus, body, requestID: requestID, json: false)
    }

    private static func document(_ action: String, result: String, requestID: String) -> String {
        "<\(action)Response xmlns=\"\(STSService.xmlNamespace)\">\n  <\(action)Result>\(result)</\(action)Result>\n"
            + "  <ResponseMetadata>\(element("RequestId", requestID))</ResponseMetadata>\n</\(action)Response>\n"
    }

    private static func response(_ status: Int, _ body: String, requestID: String, json: Bool) -> STSResponse {
        STSResponse(
            status: status,
            headers: [HeaderField("Content-Type", json ? "application/json" : "text/xml"), HeaderField("x-amzn-RequestId", requestID)],
            body: Array(body.utf8))
    }

    private static func element(_ name: String, _ text: String) -> String { "<\(name)>\(xmlEscape(text))</\(name)>" }

    static func xmlEscape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
