import Foundation

/// The package's executables as built for the tests (`furet`, `furetd`).
package enum BuiltProduct {
    /// A product that is not built.
    package struct Missing: Error, CustomStringConvertible {
        package var name: String
        package var description: String {
            "\(name) is not built: run `swift build --product \(name)` (looked beside the test bundle and in .build*/debug)"
        }
    }

    /// The executable `name` beside the test bundle (the products directory), else the
    /// newest `.build*/debug/<name>` of the package.
    package static func url(_ name: String) throws -> URL {
        let fileManager = FileManager.default
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let sibling = products.appendingPathComponent(name)
        if fileManager.isExecutableFile(atPath: sibling.path) { return sibling }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent() // FuretTestSupport
            .deletingLastPathComponent() // Tests
            .deletingLastPathComponent()
        let candidates = try fileManager.contentsOfDirectory(atPath: packageRoot.path)
            .filter { $0.hasPrefix(".build") }
            .map { packageRoot.appendingPathComponent("\($0)/debug/\(name)") }
            .filter { fileManager.isExecutableFile(atPath: $0.path) }
        let newest = candidates.max { modificationDate($0) < modificationDate($1) }
        guard let newest else { throw Missing(name: name) }
        return newest
    }

    private static func modificationDate(_ url: URL) -> Date {
        (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
    }
}
