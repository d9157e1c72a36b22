import Foundation
import FuretDocuments

/// A temporary folder of files for a test, removed by ``remove()`` or when the value is
/// released.
///
/// Its path is resolved (symbolic links followed, as `/tmp` may be), as the daemon and the
/// index keep paths.
package final class TemporaryFolder: Sendable {
    package let path: String

    /// Creates `<temporary directory>/<prefix>-<UUID>`.
    package init(prefix: String = "furet-tests") throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = FileSystem.resolve(url.path) ?? url.path
    }

    deinit {
        remove()
    }

    /// Removes the folder and everything in it; calling it in a `defer` also keeps the value
    /// alive until then.
    package func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` (UTF-8) or `bytes` at a path relative to the folder; returns the absolute path.
    @discardableResult
    package func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, bytes: Array(text.utf8))
    }

    @discardableResult
    package func write(_ relative: String, bytes: [UInt8]) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }
}
