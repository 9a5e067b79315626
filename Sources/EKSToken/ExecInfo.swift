import Foundation

/// Reads `KUBERNETES_EXEC_INFO`, the JSON kubectl hands an exec plugin, to learn which
/// `ExecCredential` API version to answer in — with the AWS CLI's defaults and warnings.
public struct ExecInfo: Sendable, Hashable {
    /// The version to answer in.
    public let apiVersion: ExecCredentialAPIVersion
    /// A line for stderr when the variable was odd (deprecated, unknown or unparsable), else `nil`.
    public let warning: String?

    /// Interprets the variable's value (`nil` or empty when unset).
    ///
    /// Unparsable text falls back to v1beta1 with a warning, as the AWS CLI does; JSON that is not an
    /// object is an error (the AWS CLI crashes on it).
    public init(environmentValue raw: String?) throws(ExecInfoError) {
        let fallback = ExecCredentialAPIVersion.v1beta1
        guard let raw, !raw.isEmpty else {
            (apiVersion, warning) = (fallback, nil)
            return
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(raw.utf8), options: [.fragmentsAllowed])
        } catch {
            apiVersion = fallback
            warning = "Error parsing KUBERNETES_EXEC_INFO, defaulting to \(fallback.rawValue). This is likely a bug in your "
                + "Kubernetes client. Please update your Kubernetes client."
            return
        }
        guard let object = parsed as? [String: Any] else {
            throw ExecInfoError(
                message: "KUBERNETES_EXEC_INFO is JSON but not an object (expected {\"apiVersion\": \"client.authentication.k8s.io/v1\", …}); "
                    + "unset it or fix the client that sets it"
            )
        }
        switch (object["apiVersion"] as? String).flatMap(ExecCredentialAPIVersion.init(rawValue:)) {
        case .v1: (apiVersion, warning) = (.v1, nil)
        case .v1beta1: (apiVersion, warning) = (.v1beta1, nil)
        case .v1alpha1:
            apiVersion = .v1alpha1
            warning = "Kubeconfig user entry is using deprecated API version \(ExecCredentialAPIVersion.v1alpha1.rawValue). "
                + "Run 'eksauth update-kubeconfig' to update."
        case nil:
            apiVersion = fallback
            warning = "Unrecognized API version in KUBERNETES_EXEC_INFO, defaulting to \(fallback.rawValue). "
                + "This is likely due to an outdated eksauth. Please update eksauth."
        }
    }
}

/// `KUBERNETES_EXEC_INFO` held something no version can be read from.
public struct ExecInfoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong and what to do.
    public let message: String
    public var description: String { message }
}
