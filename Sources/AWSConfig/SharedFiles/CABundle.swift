/// The certificate authorities HTTPS calls to AWS trust, chosen as botocore chooses them: `--ca-bundle`,
/// then `AWS_CA_BUNDLE`, then the profile's `ca_bundle`; `nil` means the system's trust store.
///
/// A bundle replaces the system's roots, as it does for botocore. `eksauth server` with TLS writes its
/// certificate as `ca_bundle` into the profile it generates, so its own clients trust it this way.
public enum CABundle {
    /// The bundle file to trust, or `nil` for the system's roots.
    public static func path(explicit: String?, environment: [String: String], profile: [String: String]) -> String? {
        [explicit, environment["AWS_CA_BUNDLE"], profile["ca_bundle"]].lazy.compactMap { $0 }.first { !$0.isEmpty }
    }
}
