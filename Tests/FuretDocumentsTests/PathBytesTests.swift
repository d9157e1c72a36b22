import Foundation
@testable import FuretDocuments
import Glibc
import Testing

@Suite struct PathBytesTests {
    @Test(arguments: ["/home/ana/Notes/été.txt", "", "/", "a/b c/日本語/🦔.md", "\u{10FF7F}", "\u{FFFD}"])
    func validUTF8IsUnchanged(path: String) {
        #expect(PathBytes.string(Array(path.utf8)) == path)
        #expect(PathBytes.bytes(path) == Array(path.utf8))
        #expect(PathBytes.readable(path) == path)
    }

    @Test func eachInvalidByteBecomesItsOwnEscape() {
        // x, Latin-1 é, then a truncated 3-byte sequence, then a lone continuation byte.
        let bytes: [UInt8] = [0x78, 0xE9, 0x2E, 0xE2, 0x82, 0x41, 0x80]
        let path = PathBytes.string(bytes)
        #expect(path.unicodeScalars.map(\.value) == [0x78, 0x10FFE9, 0x2E, 0x10FFE2, 0x10FF82, 0x41, 0x10FF80])
        #expect(PathBytes.bytes(path) == bytes)
        #expect(PathBytes.readable(path) == #"x\xE9.\xE2\x82A\x80"#)
    }

    @Test func aNameHoldingAnEscapeCodePointKeepsItsBytes() {
        // U+10FFE9 really written in the name (UTF-8 F4 8F BF A9) must not read back as byte E9.
        let bytes = Array("a\u{10FFE9}b".utf8)
        let path = PathBytes.string(bytes)
        #expect(path.unicodeScalars.count == 6)
        #expect(PathBytes.bytes(path) == bytes)
    }

    @Test func everyByteSequenceRoundTrips() {
        var generator = SystemRandomNumberGenerator()
        // Bytes weighted towards the ones that make UTF-8 (in)valid, so both kinds come up often.
        let pool: [UInt8] = Array(0x20...0x7F) + Array(0x80...0xFF) + [0xC3, 0xE2, 0xF0, 0xF4, 0x8F, 0xBE, 0xBF, 0xA9, 0x82]
        var valid = 0
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            let path = PathBytes.string(bytes)
            #expect(PathBytes.bytes(path) == bytes, "\(bytes)")
            #expect(PathBytes.string(PathBytes.bytes(path)) == path)
            PathBytes.withCString(path) { #expect(Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) == bytes) }
            if String(validating: bytes, as: UTF8.self) != nil { valid += 1 }
        }
        #expect(valid > 1_000)
        #expect(valid < 19_000)
    }

    @Test func theFileSystemFindsReadsAndResolvesANameThatIsNotUTF8() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/furet-names-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bytes = Array(folder.utf8) + [0x2F, 0x78, 0xE9, 0x2E, 0x74, 0x78, 0x74]  // "/x\xe9.txt"
        let descriptor = (bytes + [0]).withUnsafeBytes { open($0.bindMemory(to: CChar.self).baseAddress!, O_WRONLY | O_CREAT, 0o644) }
        try #require(descriptor >= 0)
        #expect(write(descriptor, "du texte", 8) == 8)
        close(descriptor)

        let found = FileSystem.scan(folder)
        #expect(found.map { PathBytes.bytes($0.path) } == [bytes])
        let path = try #require(found.first?.path)
        #expect(FileSystem.stamp(ofRegularFile: path)?.size == 8)
        #expect(try FileSystem.read(path, limit: 100) == Array("du texte".utf8))
        #expect(FileSystem.resolve(path).map(PathBytes.bytes) == FileSystem.resolve(folder).map { Array($0.utf8) + bytes[folder.utf8.count...] })
    }
}
