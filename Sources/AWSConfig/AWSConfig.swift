/// Where AWS settings come from, without any network: the shared config and credentials files, the
/// environment variables, partitions and STS endpoint resolution, and the credentials that can be read
/// straight from those (environment variables, a profile's static keys).
///
/// It needs only FoundationEssentials, so the `eksauth token` fast path can use it without loading full
/// Foundation or the HTTP client. `AWSCore` re-exports it.
public enum AWSConfig {}
