import Foundation
import FuretTestSupport
import Glibc
import Testing

/// What one run of `furet` printed and returned.
struct FuretOutput: Equatable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The `furet` binary built with the tests.
enum FuretExecutable {
    /// The binary built beside the tests.
    static func url() throws -> URL {
        try BuiltProduct.url("furet")
    }

    /// Runs `furet` with `arguments` and waits for it to exit, on a thread of its own (see
    /// ``onOwnThread(_:)``).
    ///
    /// - Parameters:
    ///   - environment: Variables added to the test's environment, from which `NO_COLOR`
    ///     and `FURET_SOCKET` are removed.
    ///   - directory: The current directory of `furet`.
    ///   - terminal: Whether stdout is a pseudo-terminal rather than a pipe; its `\r\n`
    ///     line ends are turned back into `\n`.
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        directory: URL? = nil,
        terminal: Bool = false
    ) async throws -> FuretOutput {
        let (output, reason) = try await onOwnThread {
            try runBlocking(arguments, environment: environment, directory: directory, terminal: terminal)
        }
        #expect(reason == .exit, "furet was killed by signal \(output.status)")
        return output
    }

    private static func runBlocking(
        _ arguments: [String], environment: [String: String], directory: URL?, terminal: Bool
    ) throws -> (FuretOutput, Process.TerminationReason) {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        var fullEnvironment = ProcessInfo.processInfo.environment
        fullEnvironment["NO_COLOR"] = nil
        fullEnvironment["FURET_SOCKET"] = nil
        process.environment = fullEnvironment.merging(environment) { $1 }
        if let directory {
            process.currentDirectoryURL = directory
        }
        let standardError = Pipe()
        process.standardError = standardError

        let stdout: String
        if terminal {
            let terminal = try PseudoTerminal()
            process.standardOutput = terminal.secondary
            try process.run()
            try terminal.secondary.close()
            stdout = terminal.readAll().replacingOccurrences(of: "\r\n", with: "\n")
        } else {
            let standardOutput = Pipe()
            process.standardOutput = standardOutput
            try process.run()
            stdout = String(decoding: standardOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        let stderr = String(decoding: standardError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (FuretOutput(status: process.terminationStatus, stdout: stdout, stderr: stderr), process.terminationReason)
    }
}

/// A pseudo-terminal, for running `furet` with stdout on a terminal.
private struct PseudoTerminal {
    let primary: FileHandle
    let secondary: FileHandle

    init() throws {
        let primary = Libc.posixOpenpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        var name = [CChar](repeating: 0, count: 128)
        guard primary >= 0, Libc.grantpt(primary) == 0, Libc.unlockpt(primary) == 0,
              Libc.ptsnameR(primary, &name, name.count) == 0
        else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        let secondary = open(String(cString: name), O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard secondary >= 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        self.primary = FileHandle(fileDescriptor: primary, closeOnDealloc: true)
        self.secondary = FileHandle(fileDescriptor: secondary, closeOnDealloc: true)
    }

    /// The pseudo-terminal functions of glibc, which the Glibc module does not import (they
    /// need `_XOPEN_SOURCE`).
    private enum Libc {
        static let posixOpenpt = function("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
        static let grantpt = function("grantpt", as: (@convention(c) (Int32) -> Int32).self)
        static let unlockpt = function("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
        static let ptsnameR = function("ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32).self)

        private static func function<Function>(_ name: String, as type: Function.Type) -> Function {
            // RTLD_DEFAULT (a null handle): the libc already loaded.
            guard let symbol = dlsym(nil, name) else {
                fatalError("glibc has no \(name)")
            }
            return unsafeBitCast(symbol, to: type)
        }
    }

    /// Everything written until every copy of the secondary side is closed.
    func readAll() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            // Once the secondary side is closed and drained, read fails with EIO.
            let count = buffer.withUnsafeMutableBytes { read(primary.fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes += buffer[..<count]
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return String(decoding: bytes, as: UTF8.self)
            }
        }
    }
}
