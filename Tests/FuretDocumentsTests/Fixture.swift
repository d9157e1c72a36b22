import Foundation

/// The small test documents in `Tests/FuretDocumentsTests/Fixtures/` (real files, a few KB
/// each; large ones are fetched by `Tools/` scripts, never committed).
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// The bytes of the fixture `name`, as a format receives them.
    static func bytes(_ name: String) throws -> [UInt8] {
        try Array(Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
    }
}
