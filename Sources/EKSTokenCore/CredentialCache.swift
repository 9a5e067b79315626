#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
public import SigV4

/// A private file of temporary AWS credentials (assumed-role or MFA sessions) kept between token
/// commands, so a role assumption or an MFA prompt does not repeat on every kubectl call.
///
/// The file is JSON, mode 0600 in a 0700 directory; a file that group or others can read is refused.
/// Tokens are never written; only credentials that expire are.
public struct CredentialCache: Sendable {
    /// The cache file.
    public let file: URL
    /// Entries closer than this to their expiry are not used.
    public var refreshMargin: TimeInterval = 5 * 60

    /// Creates a cache on `file`.
    public init(file: URL) {
        self.file = file
    }

    /// `~/.kube/cache/eksauth/credentials.json` under `home`.
    public static func defaultFile(home: String) -> URL {
        URL(fileURLWithPath: home).appendingPathComponent(".kube/cache/eksauth/credentials.json")
    }

    /// The key of one cached session: what determines which credentials come out.
    public static func key(profile: String, roleARN: String?, externalID: String?, sessionName: String?, region: String?) -> String {
        [profile, roleARN ?? "", externalID ?? "", sessionName ?? "", region ?? ""].joined(separator: "|")
    }

    /// The cached credentials for `key` that are still good at `date` for the refresh margin.
    public func lookup(_ key: String, date: Date = Date()) throws(CredentialCacheError) -> AWSCredentials? {
        guard let entries = try load(), let entry = entries[key] else { return nil }
        guard let expiration = entry.expiration, expiration > date + refreshMargin else { return nil }
        return AWSCredentials(
            accessKeyID: entry.accessKeyId, secretAccessKey: entry.secretAccessKey, sessionToken: entry.sessionToken,
            expiration: expiration
        )
    }

    /// Stores `credentials` under `key` (credentials without an expiry are not cached), dropping
    /// entries that have expired at `date`. The file is replaced atomically.
    public func store(_ credentials: AWSCredentials, for key: String, date: Date = Date()) throws(CredentialCacheError) {
        guard let expiration = credentials.expiration else { return }
        var entries = try load() ?? [:]
        entries = entries.filter { ($0.value.expiration ?? .distantPast) > date }
        entries[key] = Entry(
            accessKeyId: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken, expiration: expiration
        )
        let directory = file.deletingLastPathComponent()
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            encoder.dateEncodingStrategy = .iso8601
            let data = try encoder.encode(entries)
            let temporary = directory.appendingPathComponent(".credentials.\(UUID().uuidString).tmp")
            guard manager.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw CredentialCacheError(message: "cannot write the credential cache in \(directory.path): check its permissions")
            }
            if rename(temporary.path, file.path) != 0 {
                try? manager.removeItem(at: temporary)
                throw CredentialCacheError(message: "cannot replace the credential cache \(file.path): \(String(cString: strerror(errno)))")
            }
        } catch let error as CredentialCacheError {
            throw error
        } catch {
            throw CredentialCacheError(message: "cannot write the credential cache \(file.path): \(error)")
        }
    }

    private struct Entry: Codable {
        var accessKeyId: String
        var secretAccessKey: String
        var sessionToken: String?
        var expiration: Date?
    }

    private func load() throws(CredentialCacheError) -> [String: Entry]? {
        let manager = FileManager.default
        guard manager.fileExists(atPath: file.path) else { return nil }
        var status = stat()
        guard stat(file.path, &status) == 0 else {
            throw CredentialCacheError(message: "cannot read the credential cache \(file.path): \(String(cString: strerror(errno)))")
        }
        let mode = Int(status.st_mode) & 0o7777
        guard mode & 0o077 == 0 else {
            throw CredentialCacheError(
                message: "the credential cache \(file.path) is readable by group or others (mode \(String(mode, radix: 8))); "
                    + "run 'chmod 600 \(file.path)' or delete it"
            )
        }
        guard let data = manager.contents(atPath: file.path) else {
            throw CredentialCacheError(message: "cannot read the credential cache \(file.path): check its permissions")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        // A corrupt cache is only a cache: start over rather than fail the token.
        return (try? decoder.decode([String: Entry].self, from: data)) ?? [:]
    }
}

/// The credential cache could not be used.
public struct CredentialCacheError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong and what to do.
    public let message: String
    public var description: String { message }
}
