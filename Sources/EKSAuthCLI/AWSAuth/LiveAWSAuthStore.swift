import AccessModel
import EKSAuthServer
import Foundation

/// The aws-auth ConfigMap of a live cluster: read with GET, written with PUT of the object read —
/// only the changed list replaced, its `metadata.resourceVersion` kept — so the API server refuses
/// (409 Conflict) a write over someone else's change. Created with POST when there is none.
struct LiveAWSAuthStore: AWSAuthStore {
    let client: ConfigMapClient

    func read() async throws -> AWSAuthRevision {
        let object: [UInt8]?
        do {
            object = try await client.get()
        } catch {
            throw CLIFailure("cannot read the aws-auth ConfigMap from \(client.connection.server): \(error)")
        }
        guard let object else { return AWSAuthRevision(text: ConfigMapYAMLSplice.render(data: [:]), token: []) }
        guard let json = try JSONSerialization.jsonObject(with: Data(object)) as? [String: Any] else {
            throw CLIFailure("the API server's aws-auth ConfigMap is not a JSON object")
        }
        let data = (json["data"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
        return AWSAuthRevision(text: ConfigMapYAMLSplice.render(data: data), token: object)
    }

    func write(_ newText: String, change: AWSAuthChange, over revision: AWSAuthRevision) async throws -> Bool {
        let result: ConfigMapClient.WriteResult
        do {
            if revision.token.isEmpty {
                let object: [String: Any] = [
                    "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": client.name, "namespace": client.namespace],
                    "data": [change.key: change.newValue],
                ]
                result = try await client.create(Array(try JSONSerialization.data(withJSONObject: object)))
            } else {
                guard var object = try JSONSerialization.jsonObject(with: Data(revision.token)) as? [String: Any] else {
                    throw CLIFailure("the API server's aws-auth ConfigMap is not a JSON object")
                }
                var data = object["data"] as? [String: Any] ?? [:]
                data[change.key] = change.removesKey ? nil : change.newValue
                object["data"] = data
                result = try await client.replace(Array(try JSONSerialization.data(withJSONObject: object)))
            }
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure("cannot write the aws-auth ConfigMap to \(client.connection.server): \(error)")
        }
        return result == .written
    }
}
