#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif
internal import Foundation
internal import Synchronization

/// Runs programs with `posix_spawn`, off the cooperative thread pool.
///
/// Foundation's `Process` on Linux hands the child the signal mask of the thread that starts it, and a
/// dispatch or Swift-concurrency worker thread blocks nearly every signal — so the child could not be
/// interrupted or terminated. Here the child always starts with an empty signal mask and default
/// handlers, as a program started from a shell does.
enum ProcessRunner {
    /// A finished run.
    struct Result: Sendable {
        /// The exit status, or 128 + the signal number when a signal ended the program.
        var status: Int32
        /// Everything written to standard output.
        var standardOutput: [UInt8]
        /// Everything written to standard error.
        var standardError: [UInt8]
    }

    /// Why a program could not be started.
    struct SpawnError: Error, CustomStringConvertible, Sendable {
        /// The call that failed.
        var operation: String
        /// Its `errno`.
        var code: Int32
        var description: String { "\(operation): \(String(cString: strerror(code)))" }
    }

    /// A started program. The pipe ends are owned by the caller.
    struct Child: Sendable {
        /// The process id.
        var pid: pid_t
        /// The read end of standard output, when captured.
        var standardOutput: Int32?
        /// The read end of standard error, when captured.
        var standardError: Int32?
    }

    /// Runs `executable` with `arguments` and exactly `environment`; standard input is inherited.
    static func run(executable: String, arguments: [String], environment: [String: String]) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            DispatchQueue.global().async {
                let child: Child
                do {
                    child = try spawn(executable: executable, arguments: arguments, environment: environment, captureOutput: true, captureError: true)
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let errorOutput = Mutex<[UInt8]>([])
                let group = DispatchGroup()
                if let errorFD = child.standardError {
                    DispatchQueue.global().async(group: group) {
                        let bytes = readAll(errorFD)
                        errorOutput.withLock { $0 = bytes }
                    }
                }
                let output = child.standardOutput.map(readAll) ?? []
                group.wait()
                let status = wait(child.pid)
                continuation.resume(returning: Result(status: status, standardOutput: output, standardError: errorOutput.withLock { $0 }))
            }
        }
    }

    /// Starts a program; uncaptured output goes to `/dev/null`.
    static func spawn(
        executable: String,
        arguments: [String],
        environment: [String: String],
        captureOutput: Bool,
        captureError: Bool
    ) throws(SpawnError) -> Child {
        // pipe() and the close-on-exec flag are two steps (the Glibc module has no pipe2): hold the lock
        // from the pipes to the parent's close of the write ends, so that no other program this runner
        // starts in between inherits them and holds the output open.
        try spawnLock.withLock { _ throws(SpawnError) -> Child in
            try spawnUnlocked(
                executable: executable, arguments: arguments, environment: environment, captureOutput: captureOutput, captureError: captureError
            )
        }
    }

    private static let spawnLock = Mutex<Void>(())

    private static func spawnUnlocked(
        executable: String,
        arguments: [String],
        environment: [String: String],
        captureOutput: Bool,
        captureError: Bool
    ) throws(SpawnError) -> Child {
        var actions = makeFileActions()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = makeAttributes()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGXFSZ, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGALRM, SIGUSR1, SIGUSR2] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var opened: [Int32] = []
        func closeOpened() { for fd in opened { close(fd) } }
        var outputPipe: (read: Int32, write: Int32)?
        var errorPipe: (read: Int32, write: Int32)?
        /// Points the child's `descriptor` at a new pipe (returned) or at /dev/null.
        func redirect(_ descriptor: Int32, capture: Bool) throws(SpawnError) -> (read: Int32, write: Int32)? {
            guard capture else {
                posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
                return nil
            }
            let pipe = try makePipe()
            opened += [pipe.read, pipe.write]
            posix_spawn_file_actions_adddup2(&actions, pipe.write, descriptor)
            return pipe
        }
        do {
            outputPipe = try redirect(1, capture: captureOutput)
            errorPipe = try redirect(2, capture: captureError)
        } catch {
            closeOpened()
            throw error
        }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        var result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        // ETXTBSY: the program was written a moment ago and another thread's fork still holds the file
        // open for writing; that ends when the fork execs, so wait briefly and retry.
        var busyRetries = 0
        while result == ETXTBSY, busyRetries < 20 {
            busyRetries += 1
            usleep(25_000)
            result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        }
        guard result == 0 else {
            closeOpened()
            throw SpawnError(operation: "cannot start \(executable)", code: result)
        }
        if let outputPipe { close(outputPipe.write) }
        if let errorPipe { close(errorPipe.write) }
        return Child(pid: pid, standardOutput: outputPipe?.read, standardError: errorPipe?.read)
    }

    /// Waits for `pid` to end and returns its status (128 + signal for a signal).
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Sends SIGTERM to `pid` and waits for it.
    @discardableResult
    static func terminate(_ pid: pid_t) -> Int32 {
        kill(pid, SIGTERM)
        return wait(pid)
    }

    /// Reads `fd` to its end, then closes it.
    static func readAll(_ fd: Int32) -> [UInt8] {
        defer { close(fd) }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                output.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                return output
            }
        }
    }

    /// Reads `fd` up to the first line feed (not included); the descriptor stays open.
    static func readLine(_ fd: Int32) -> String {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count == 1 {
                if byte == UInt8(ascii: "\n") { break }
                line.append(byte)
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        return String(decoding: line, as: UTF8.self)
    }

    /// A pipe whose ends close on exec (the child gets only its dup2'ed copies).
    private static func makePipe() throws(SpawnError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SpawnError(operation: "pipe", code: errno) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    #if canImport(Darwin)
    private static func makeFileActions() -> posix_spawn_file_actions_t? { nil }
    private static func makeAttributes() -> posix_spawnattr_t? { nil }
    #else
    private static func makeFileActions() -> posix_spawn_file_actions_t { posix_spawn_file_actions_t() }
    private static func makeAttributes() -> posix_spawnattr_t { posix_spawnattr_t() }
    #endif
}
