#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
internal import SigV4

/// The `client.authentication.k8s.io` API versions an exec plugin can answer in.
public enum ExecCredentialAPIVersion: String, Sendable, CaseIterable {
    /// Deprecated; kubectl 1.24 and later refuse it.
    case v1alpha1 = "client.authentication.k8s.io/v1alpha1"
    /// The default, and what `update-kubeconfig` writes.
    case v1beta1 = "client.authentication.k8s.io/v1beta1"
    /// What kubectl asks for when the kubeconfig's exec entry says v1.
    case v1 = "client.authentication.k8s.io/v1"
}

/// The `ExecCredential` object an exec plugin prints for kubectl.
public struct ExecCredential: Sendable, Hashable {
    /// The API version to answer in.
    public var apiVersion: ExecCredentialAPIVersion
    /// The token.
    public var token: EKSToken

    /// Creates the object.
    public init(apiVersion: ExecCredentialAPIVersion, token: EKSToken) {
        self.apiVersion = apiVersion
        self.token = token
    }

    /// RFC 3339 with whole seconds in UTC, the form kubectl parses and the AWS CLI prints.
    public var expirationTimestamp: String {
        CivilTime(epochSeconds: Int64(token.expiration.timeIntervalSince1970.rounded(.down))).rfc3339String
    }

    /// The AWS CLI's rendering, byte for byte: four-space indented JSON, keys in the order kind,
    /// apiVersion, spec, status, and a blank line after the closing brace.
    public var awsCLIJSON: String {
        """
        {
            "kind": "ExecCredential",
            "apiVersion": "\(apiVersion.rawValue)",
            "spec": {},
            "status": {
                "expirationTimestamp": "\(expirationTimestamp)",
                "token": "\(token.value)"
            }
        }


        """
    }

    /// aws-iam-authenticator's rendering: one compact line.
    public var compactJSON: String {
        #"{"kind":"ExecCredential","apiVersion":"\#(apiVersion.rawValue)","spec":{},"status":{"expirationTimestamp":"\#(expirationTimestamp)","token":"\#(token.value)"}}"#
            + "\n"
    }
}
