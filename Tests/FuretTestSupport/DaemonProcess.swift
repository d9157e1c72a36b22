import Foundation

/// A `furetd` process started for a test; its standard error is kept for ``log``, or
/// dropped.
package final class DaemonProcess {
    package let process = Process()
    private let stderr = Pipe()

    /// Starts the built `furetd` with `arguments`.
    package init(_ arguments: [String], keepingLog: Bool = true) throws {
        process.executableURL = try BuiltProduct.url("furetd")
        process.arguments = arguments
        process.standardError = keepingLog ? stderr : FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
    }

    /// The exit status once the process has exited, or `nil` if it still runs after `seconds`.
    /// Polled with the task asleep, so a test waiting here holds no thread of the pool.
    package func waitForExit(seconds: Double = 20) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline {
            do { try await Task.sleep(for: .milliseconds(20)) } catch { break }
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// What the daemon logged so far and was not read yet.
    package var log: String { String(decoding: stderr.fileHandleForReading.availableData, as: UTF8.self) }
}
