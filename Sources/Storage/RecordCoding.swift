import Foundation
import LocalAWS

/// JSON coding of stored records, shared by the identity store's and the access store's records.
enum RecordCoding {
    /// Adds to `upserts` the values of `new` that differ from `old`, and to `deletions` the keys gone.
    static func diff<Value: Encodable & Equatable>(
        _ old: [String: Value], _ new: [String: Value], _ collection: String, _ upserts: inout [StoredRecord],
        _ deletions: inout [StoredRecordKey]
    ) throws(PersistenceError) {
        for (key, value) in new where old[key] != value {
            upserts.append(StoredRecord(collection: collection, key: key, body: try encode(value)))
        }
        for key in old.keys where new[key] == nil { deletions.append(StoredRecordKey(collection: collection, key: key)) }
    }

    static func encode(_ value: some Encodable) throws(PersistenceError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw PersistenceError(.corrupt, "cannot encode \(type(of: value)): \(error)")
        }
    }

    static func decode<Value: Decodable>(_ type: Value.Type, _ record: StoredRecord) throws(PersistenceError) -> Value {
        let decoder = JSONDecoder()
        do {
            return try decoder.decode(type, from: Data(record.body.utf8))
        } catch {
            throw PersistenceError(.corrupt, "the stored \(record.collection) \(record.key) cannot be read: \(error)")
        }
    }
}
