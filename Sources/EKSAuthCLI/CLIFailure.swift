import ArgumentParser
import Foundation

/// An error printed as one line on stderr, with a non-zero exit and no usage text.
struct CLIFailure: Error, CustomStringConvertible {
    let message: String
    let exitCode: Int32

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    var description: String { message }
}

/// Writes text to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Writes text to standard output without adding a newline.
func printOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

extension AsyncParsableCommand {
    /// Runs `body`, turning any failure into one `eksauth: …` line on stderr and an exit code.
    func reportingFailures(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as CLIFailure {
            printError("eksauth: \(failure.message)")
            throw ExitCode(failure.exitCode)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("eksauth: \(error)")
            throw ExitCode.failure
        }
    }
}
