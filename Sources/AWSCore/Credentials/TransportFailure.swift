/// Words a failed connection so the user knows what to do: TLS trust failures name the CA bundle
/// settings instead of BoringSSL's error stack; anything else keeps the client's own description.
enum TransportFailure {
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the server's TLS certificate is not signed by an authority eksauth trusts; "
                + "pass --ca-bundle FILE, set AWS_CA_BUNDLE, or set ca_bundle in the profile to the PEM file of its authority"
        }
        if text.contains("noSuchFilesystemObject") || text.contains("failedToLoadCertificate") {
            return "the CA bundle cannot be loaded (\(text)); check the file named by --ca-bundle, AWS_CA_BUNDLE or the profile's ca_bundle"
        }
        return text
    }
}
