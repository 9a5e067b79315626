/// Why a Kubernetes service-account token was refused by `AssumeRoleForPodIdentity`: the EKS Auth
/// error code (`InvalidTokenException`, `ExpiredTokenException`), its HTTP status (400) and a
/// message saying what is wrong. Messages never quote the token.
public struct ServiceAccountTokenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The EKS Auth error code.
    public var code: String
    /// The HTTP status.
    public var status: Int
    /// What is wrong and what to do.
    public var message: String

    public var description: String { "\(code): \(message)" }

    /// `InvalidTokenException`: the token is not a service-account token this cluster issued for EKS Pod Identity.
    static func invalid(_ detail: String) -> ServiceAccountTokenError {
        ServiceAccountTokenError(
            code: "InvalidTokenException", status: 400, message: "The specified Kubernetes service account token is invalid: \(detail)")
    }

    /// `ExpiredTokenException`, with EKS's message.
    static let expired = ServiceAccountTokenError(
        code: "ExpiredTokenException", status: 400, message: "The specified Kubernetes service account token is expired")
}
