/// An error of the EKS API: its code (sent as `x-amzn-ErrorType` and `__type`), HTTP status and
/// message, and the extra members EKS's error shapes carry (`clusterName`, …).
public struct EKSAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error code, such as `ResourceNotFoundException`.
    public var code: String
    /// The HTTP status.
    public var status: Int
    /// What happened and what to do.
    public var message: String
    /// Further members of the error body.
    public var fields: [String: String]

    /// Creates an error.
    public init(code: String, status: Int, message: String, fields: [String: String] = [:]) {
        self.code = code
        self.status = status
        self.message = message
        self.fields = fields
    }

    public var description: String { "\(code): \(message)" }

    /// `InvalidParameterException` (400): a parameter's value is not allowed.
    public static func invalidParameter(_ message: String, cluster: String? = nil) -> EKSAPIError {
        EKSAPIError(code: "InvalidParameterException", status: 400, message: message, fields: cluster.map { ["clusterName": $0] } ?? [:])
    }

    /// `InvalidRequestException` (400): the request is not allowed in the resource's current state.
    public static func invalidRequest(_ message: String, cluster: String? = nil) -> EKSAPIError {
        EKSAPIError(code: "InvalidRequestException", status: 400, message: message, fields: cluster.map { ["clusterName": $0] } ?? [:])
    }

    /// `ResourceNotFoundException` (404) for a cluster.
    public static func clusterNotFound(_ name: String) -> EKSAPIError {
        EKSAPIError(code: "ResourceNotFoundException", status: 404, message: "No cluster found for name: \(clip(name)).", fields: ["clusterName": name])
    }

    /// `ResourceNotFoundException` (404) for an access entry.
    public static func accessEntryNotFound(cluster: String) -> EKSAPIError {
        EKSAPIError(
            code: "ResourceNotFoundException", status: 404,
            message: "The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.",
            fields: ["clusterName": cluster])
    }

    /// `ResourceNotFoundException` (404) for anything else.
    public static func notFound(_ message: String, cluster: String? = nil) -> EKSAPIError {
        EKSAPIError(code: "ResourceNotFoundException", status: 404, message: message, fields: cluster.map { ["clusterName": $0] } ?? [:])
    }

    /// `ResourceInUseException` (409).
    public static func inUse(_ message: String, cluster: String? = nil) -> EKSAPIError {
        EKSAPIError(code: "ResourceInUseException", status: 409, message: message, fields: cluster.map { ["clusterName": $0] } ?? [:])
    }

    /// `ResourceLimitExceededException` (400).
    public static func limitExceeded(_ message: String, cluster: String? = nil) -> EKSAPIError {
        EKSAPIError(code: "ResourceLimitExceededException", status: 400, message: message, fields: cluster.map { ["clusterName": $0] } ?? [:])
    }

    /// `ServerException` (500).
    public static func server(_ message: String) -> EKSAPIError {
        EKSAPIError(code: "ServerException", status: 500, message: message)
    }

    /// At most 256 characters of `value`, for messages that echo input.
    public static func clip(_ value: String) -> String {
        value.count > 256 ? String(value.prefix(256)) + "…" : value
    }
}
