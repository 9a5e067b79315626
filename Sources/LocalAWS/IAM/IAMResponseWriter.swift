import Foundation
import SigV4

/// Renders IAM answers in the XML AWS IAM sends: `<Action>Response` wrapping `<Action>Result` and
/// `ResponseMetadata`, lists as `<member>` elements, and IAM's `ErrorResponse`.
enum IAMResponseWriter {
    /// A success with `result` as the content of `<Action>Result` (`nil`: no result element).
    static func success(_ action: String, result: String?, requestID: String) -> STSResponse {
        var body = "<\(action)Response xmlns=\"\(IAMService.xmlNamespace)\">\n"
        if let result { body += "  <\(action)Result>\(result)</\(action)Result>\n" }
        body += "  <ResponseMetadata>\(element("RequestId", requestID))</ResponseMetadata>\n</\(action)Response>\n"
        return response(200, body, requestID: requestID)
    }

    /// IAM's `ErrorResponse`.
    static func error(_ error: STSServiceError, requestID: String) -> STSResponse {
        let body = "<ErrorResponse xmlns=\"\(IAMService.xmlNamespace)\"><Error>" + element("Type", error.type)
            + element("Code", error.code) + element("Message", error.message) + "</Error>" + element("RequestId", requestID)
            + "</ErrorResponse>\n"
        return response(error.httpStatus, body, requestID: requestID)
    }

    // MARK: - Entities

    static func user(_ user: IAMUser) -> String {
        element("Path", user.path) + element("UserName", user.name) + element("UserId", user.id) + element("Arn", user.arn)
            + element("CreateDate", date(user.createDate))
    }

    /// The account root as `GetUser` without a user name describes it: its id and ARN.
    static func rootUser(accountID: String) -> String {
        element("UserId", accountID) + element("Arn", "arn:aws:iam::\(accountID):root")
    }

    static func role(_ role: IAMRole) -> String {
        element("Path", role.path) + element("RoleName", role.name) + element("RoleId", role.id) + element("Arn", role.arn)
            + element("CreateDate", date(role.createDate))
            + element("AssumeRolePolicyDocument", PercentEncoding.encodeQueryComponent(role.trustPolicy))
            + element("MaxSessionDuration", String(role.maxSessionDuration))
    }

    /// A new access key, secret included (only `CreateAccessKey` shows it).
    /// The content of `GetOpenIDConnectProviderResult`: the URL without `https://`, as IAM returns it.
    static func oidcProvider(_ provider: OIDCProvider) -> String {
        let clientIDs = provider.clientIDs.map { element("member", $0) }.joined()
        let thumbprints = provider.thumbprints.map { element("member", $0) }.joined()
        return element("Url", provider.issuerHostPath) + "<ClientIDList>\(clientIDs)</ClientIDList>"
            + "<ThumbprintList>\(thumbprints)</ThumbprintList>" + element("CreateDate", date(provider.createDate)) + "<Tags/>"
    }

    static func accessKey(_ key: AccessKey) -> String {
        (key.userName.map { element("UserName", $0) } ?? "") + element("AccessKeyId", key.id) + element("Status", key.status.rawValue)
            + element("SecretAccessKey", key.secret) + element("CreateDate", date(key.createDate))
    }

    /// An access key's metadata, without the secret.
    static func accessKeyMetadata(_ key: AccessKey) -> String {
        (key.userName.map { element("UserName", $0) } ?? "") + element("AccessKeyId", key.id) + element("Status", key.status.rawValue)
            + element("CreateDate", date(key.createDate))
    }

    /// A list element of `<member>`s, then `IsTruncated` and, when truncated, `Marker`.
    static func list(_ name: String, _ members: [String], marker: String?) -> String {
        "<\(name)>" + members.map { "<member>\($0)</member>" }.joined() + "</\(name)>"
            + element("IsTruncated", marker == nil ? "false" : "true") + (marker.map { element("Marker", $0) } ?? "")
    }

    // MARK: - Helpers

    static func element(_ name: String, _ text: String) -> String { "<\(name)>\(STSResponseWriter.xmlEscape(text))</\(name)>" }

    static func date(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle()) }

    private static func response(_ status: Int, _ body: String, requestID: String) -> STSResponse {
        STSResponse(
            status: status, headers: [HeaderField("Content-Type", "text/xml"), HeaderField("x-amzn-RequestId", requestID)],
            body: Array(body.utf8))
    }
}
