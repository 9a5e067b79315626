import AccessModel
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An aws-auth ConfigMap YAML file, written atomically (a temporary file renamed over it) and only
/// when its bytes are still those that were read: under an exclusive `flock` of the file, the bytes
/// are compared first, so a change by someone else in between is never overwritten.
struct FileAWSAuthStore: AWSAuthStore {
    let path: String

    func read() async throws -> AWSAuthRevision {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure("cannot read \(path)") }
        return AWSAuthRevision(text: String(decoding: data, as: UTF8.self), token: Array(data))
    }

    func write(_ newText: String, change: AWSAuthChange, over revision: AWSAuthRevision) async throws -> Bool {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CLIFailure("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw CLIFailure("cannot lock \(path): \(String(cString: strerror(errno)))") }
        defer { flock(descriptor, LOCK_UN) }
        // Whoever renamed a new file over the path since we opened it holds a different inode: compare by path.
        guard let current = FileManager.default.contents(atPath: path), Array(current) == revision.token else { return false }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).eksauth-\(UUID().uuidString)")
        do {
            try Data(newText.utf8).write(to: temporary)
            if let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] {
                try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw CLIFailure("cannot write beside \(path): \(error)")
        }
        guard rename(temporary.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw CLIFailure("cannot replace \(path): \(reason)")
        }
        return true
    }
}
