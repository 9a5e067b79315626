/// One RFC 6902 operation of the patch an admission webhook returns.
public struct JSONPatchOperation: Sendable, Hashable, Codable {
    /// `add` (the only operation the pod webhook makes, as upstream).
    public var op: String
    /// The JSON pointer.
    public var path: String
    /// The value added.
    public var value: JSONValue

    /// Creates an `add` operation.
    public static func add(_ path: String, _ value: JSONValue) -> Self { .init(op: "add", path: path, value: value) }
}
