import Foundation
import Testing
@testable import FuretIndex

@Suite struct TextCompressionTests {
    static let long = String(repeating: "Les chevaux étaient fourbus. ", count: 40_000)

    @Test(arguments: ["", "é", "L’enquête a révélé un guet-apens.", long,
                      String(repeating: "é", count: TextCompression.blockSize / 2)])
    func storedBodiesReadBackAsTheirText(_ text: String) throws {
        let stored = TextCompression.compress(text)
        #expect(stored.withUnsafeBytes(TextCompression.decompress) == text)
        if text.utf8.count > 1_000 { #expect(stored.count < text.utf8.count / 5) }
    }

    /// Any stretch of a body reads back from the blocks that hold it, and text already read
    /// is kept while the reader moves forward.
    @Test(arguments: [(0, 1), (0, 100_000), (8_191, 8_193), (8_192, 8_192), (500_000, 600_000), (1_159_000, .max)])
    func storedTextReadsStretchesOfTheBody(from: Int, to: Int) throws {
        let whole = Array(Self.long.utf8)
        let stored = TextCompression.compress(Self.long)
        try stored.withUnsafeBytes { bytes in
            let body = try #require(StoredText(stored: InMemoryBytes(bytes: bytes)))
            #expect(body.length == whole.count)
            #expect(body.load(from: from, toAtLeast: to))
            #expect(body.start <= min(from, whole.count) && body.end >= min(to, whole.count))
            #expect(body.start % TextCompression.blockSize == 0)
            #expect(Array(body.text) == Array(whole[body.start..<body.end]))
            let start = body.start
            #expect(body.load(from: body.end, toAtLeast: body.end + 10_000))
            #expect(body.start == start)
            #expect(Array(body.text) == Array(whole[body.start..<body.end]))
        }
    }

    @Test func compressorsAreNotSharedBetweenThreads() async {
        let texts = (0..<200).map { "Document \($0) : " + String(repeating: "l’été \($0) ", count: $0 * 20) }
        let roundTrips = await withTaskGroup(of: Bool.self) { group in
            for text in texts {
                group.addTask { TextCompression.compress(text).withUnsafeBytes(TextCompression.decompress) == text }
            }
            return await group.reduce(into: 0) { count, isIntact in count += isIntact ? 1 : 0 }
        }
        #expect(roundTrips == texts.count)
    }

    @Test func aDamagedBodyIsRefused() throws {
        var stored = TextCompression.compress("Les chevaux étaient fourbus.")
        stored[stored.count - 6] ^= 0xFF
        #expect(stored.withUnsafeBytes(TextCompression.decompress) == nil)
        #expect([UInt8]([1, 0]).withUnsafeBytes(TextCompression.decompress) == nil)
        // A block size of zero, a table longer than the body, a truncated body.
        #expect([UInt8]([1, 0, 0, 0, 0, 0, 0, 0]).withUnsafeBytes(TextCompression.decompress) == nil)
        #expect([UInt8]([0, 0, 1, 0, 0, 1, 0, 0]).withUnsafeBytes(TextCompression.decompress) == nil)
        let long = TextCompression.compress(Self.long)
        #expect(Array(long.prefix(long.count / 2)).withUnsafeBytes(TextCompression.decompress) == nil)
        try Array(long.prefix(long.count / 2)).withUnsafeBytes { bytes in
            let body = try #require(StoredText(stored: InMemoryBytes(bytes: bytes)))
            #expect(body.load(from: 0, toAtLeast: 100))
            #expect(!body.load(from: 0, toAtLeast: .max))
        }
    }
}
