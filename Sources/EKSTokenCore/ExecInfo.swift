#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(raw.utf8))
        } catch {
            apiVersion = fallback
            warning = "Error parsing KUBERNETES_EXEC_INFO, defaulting to \(fallback.rawValue). This is likely a bug in your "
                + "Kubernetes client. Please update your Kubernetes client."
            return
        }
        guard let declaredVersion = envelope.apiVersion else {
            throw ExecInfoError(
                message: "KUBERNETES_EXEC_INFO is JSON but not an object (expected {\"apiVersion\": \"client.authentication.k8s.io/v1\", …}); "
                    + "unset it or fix the client that sets it"
            )
        }
        switch declaredVersion.flatMap(ExecCredentialAPIVersion.init(rawValue:)) {
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

extension ExecInfo {
    /// The variable's JSON: `apiVersion` is `nil` when the value is not an object, `.some(nil)` when the
    /// object has no string `apiVersion`.
    private struct Envelope: Decodable {
        let apiVersion: String??

        private enum Key: String, CodingKey { case apiVersion }

        init(from decoder: any Decoder) throws {
            guard let object = try? decoder.container(keyedBy: Key.self) else {
                _ = try decoder.singleValueContainer()
                apiVersion = nil
                return
            }
            apiVersion = .some(try? object.decodeIfPresent(String.self, forKey: .apiVersion))
        }
    }
}

/// `KUBERNETES_EXEC_INFO` held something no version can be read from.
public struct ExecInfoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong and what to do.
    public let message: String
    public var description: String { message }
}
