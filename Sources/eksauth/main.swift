// `eksauth`: the command users and kubectl run.
//
// `eksauth token` calls that need no network (credentials in environment variables, a profile's static
// keys, or fresh role credentials in the `--cache` file) are answered here, by a program that loads only the Swift runtime, FoundationEssentials and
// swift-crypto. Every other call — other commands, help, role assumption, errors — is handed to
// `eksauth-cli` beside this binary by exec: the same process id, argument bytes and environment, so signals
// and exit codes are the full command's own.
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

/// Writes all of `text`; `false` when the descriptor refuses it.
func writeAll(_ text: String, to descriptor: Int32) -> Bool {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            return false
        }
        bytes = bytes.dropFirst(written)
    }
    return true
}

/// This executable's absolute path, or `nil` when it cannot be found.
func executablePath() -> String? {
    #if canImport(Darwin)
    var size = UInt32(0)
    _ = _NSGetExecutablePath(nil, &size)
    var buffer = [CChar](repeating: 0, count: Int(size) + 1)
    if _NSGetExecutablePath(&buffer, &size) == 0, let resolved = realpath(buffer, nil) {
        defer { free(resolved) }
        return String(cString: resolved)
    }
    #else
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if length > 0 {
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    #endif
    // No /proc: argv[0] as a path, or as a name looked up in PATH the way the shell and kubectl ran it.
    let name = CommandLine.arguments[0]
    let candidates = name.contains("/")
        ? [name]
        : (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
    for candidate in candidates where access(candidate, X_OK) == 0 {
        if let resolved = realpath(candidate, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
    }
    return nil
}

let arguments = CommandLine.arguments
let environment = ProcessInfo.processInfo.environment
let fastPathMode = environment["EKSAUTH_TOKEN_FAST_PATH"]

if arguments.count > 1, arguments[1] == "token", fastPathMode != "off" {
    switch TokenFastPath.run(arguments: Array(arguments.dropFirst(2)), environment: environment, now: Date()) {
    case .token(let standardOutput, let warning):
        if let warning { _ = writeAll(warning + "\n", to: STDERR_FILENO) }
        guard writeAll(standardOutput, to: STDOUT_FILENO) else {
            let reason = String(cString: strerror(errno))
            _ = writeAll("eksauth: could not write the token to standard output: \(reason)\n", to: STDERR_FILENO)
            exit(1)
        }
        exit(0)
    case .delegate(let reason):
        if fastPathMode == "only" {
            _ = writeAll(
                "eksauth: the token fast path does not serve this call (\(reason)); EKSAUTH_TOKEN_FAST_PATH=only forbids handing it over\n",
                to: STDERR_FILENO
            )
            exit(70)
        }
    }
}

guard let launcher = executablePath(), let slash = launcher.lastIndex(of: "/") else {
    _ = writeAll("eksauth: cannot find its own executable, so not eksauth-cli beside it either; run eksauth-cli directly\n", to: STDERR_FILENO)
    exit(127)
}
let fullCommand = String(launcher[...slash]) + "eksauth-cli"
execv(fullCommand, CommandLine.unsafeArgv)
let failure = String(cString: strerror(errno))
// `swift run eksauth` builds only this product; say how to build the other one from a checkout.
let fromCheckout = fullCommand.contains("/.build/") ? " (in a source checkout: swift build --product eksauth-cli)" : ""
_ = writeAll(
    "eksauth: cannot run \(fullCommand) (\(failure)); eksauth hands every call but a simple token to "
        + "eksauth-cli, which must be installed in the same directory as eksauth\(fromCheckout)\n",
    to: STDERR_FILENO
)
exit(127)
