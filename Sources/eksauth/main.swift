// `eksauth`: the command users and kubectl run.
//
// `eksauth token` calls that need no network (credentials in environment variables or a profile's static
// keys) are answered here, by a program that loads only the Swift runtime, FoundationEssentials and
// swift-crypto. Every other call — other commands, help, role assumption, errors — is handed, arguments
// and environment unchanged, to `eksauth-cli` beside this binary, by exec (same process id, so signals
// and exit codes are the full command's own).
//
// EKSAUTH_TOKEN_FAST_PATH=off hands every call over; EKSAUTH_TOKEN_FAST_PATH=only refuses a token call the
// fast path cannot serve (exit 70, with the reason) instead of handing it over. Tests use both.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EKSTokenCore

let arguments = CommandLine.arguments
let environment = ProcessInfo.processInfo.environment
let fastPathMode = environment["EKSAUTH_TOKEN_FAST_PATH"]

func writeAll(_ text: String, to descriptor: Int32) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { Int(write(descriptor, $0.baseAddress, $0.count)) }
        if written < 0 {
            if errno == EINTR { continue }
            return
        }
        bytes = bytes.dropFirst(written)
    }
}

if arguments.count > 1, arguments[1] == "token", fastPathMode != "off" {
    switch TokenFastPath.run(arguments: Array(arguments.dropFirst(2)), environment: environment, now: Date()) {
    case .token(let standardOutput, let warning):
        if let warning { writeAll(warning + "\n", to: STDERR_FILENO) }
        writeAll(standardOutput, to: STDOUT_FILENO)
        exit(0)
    case .delegate(let reason):
        if fastPathMode == "only" {
            writeAll("eksauth: the token fast path does not serve this call (\(reason)); EKSAUTH_TOKEN_FAST_PATH=only forbids handing it over\n", to: STDERR_FILENO)
            exit(70)
        }
    }
}

/// `eksauth-cli` in the directory of this executable (symbolic links resolved).
func fullCommandPath() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    var path = ""
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if length > 0 {
        path = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    } else if let resolved = realpath(arguments[0], nil) {
        path = String(cString: resolved)
        free(resolved)
    }
    guard let slash = path.lastIndex(of: "/") else { return "eksauth-cli" }
    return path[...slash] + "eksauth-cli"
}

let fullCommand = fullCommandPath()
var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
execv(fullCommand, &cArguments)
let reason = String(cString: strerror(errno))
writeAll(
    "eksauth: cannot run \(fullCommand) (\(reason)); eksauth hands every call but a simple token to eksauth-cli, "
        + "which must be installed in the same directory as eksauth\n",
    to: STDERR_FILENO
)
exit(127)
