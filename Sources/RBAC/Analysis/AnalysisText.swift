/// Quoting as kube-apiserver's messages do, for tools that print them.
public enum AnalysisText {
    /// `s` as Go's `%q` prints it.
    public static func quote(_ s: String) -> String { GoQuote.quote(s) }

    /// A list as Go's `%q` prints a `[]string`: `["a" "b"]`.
    public static func quote(_ list: [String]) -> String { GoQuote.quote(list) }
}
