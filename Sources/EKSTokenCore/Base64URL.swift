#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Base64 with the URL-safe alphabet (`-`, `_`) and no `=` padding, as EKS tokens use it.
public enum Base64URL {
    /// Encodes bytes.
    public static func encode(_ bytes: [UInt8]) -> String {
        var encoded = Data(bytes).base64EncodedString()
        while encoded.last == "=" { encoded.removeLast() }
        return String(encoded.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    /// Decodes text in the URL-safe alphabet without padding; returns `nil` for any other character,
    /// for padding, or for an impossible length.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var standard = ""
        standard.reserveCapacity(text.utf8.count + 3)
        for character in text.unicodeScalars {
            switch character {
            case "A"..."Z", "a"..."z", "0"..."9": standard.unicodeScalars.append(character)
            case "-": standard.append("+")
            case "_": standard.append("/")
            default: return nil
            }
        }
        switch standard.utf8.count % 4 {
        case 1: return nil
        case 2: standard += "=="
        case 3: standard += "="
        default: break
        }
        return Data(base64Encoded: standard).map(Array.init)
    }
}
