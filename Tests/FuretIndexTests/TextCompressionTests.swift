import Foundation
import Testing
@testable import FuretIndex

@Suite struct TextCompressionTests {
    @Test(arguments: ["", "é", "L’enquête a révélé un guet-apens.", String(repeating: "Les chevaux étaient fourbus. ", count: 40_000)])
    func storedBodiesReadBackAsTheirText(_ text: String) throws {
        let stored = TextCompression.compress(text)
        #expect(stored.withUnsafeBytes(TextCompression.decompress) == text)
        let inflater = try #require(stored.withUnsafeBytes { TextCompression.Inflater(stored: $0) })
        #expect(inflater.inflate(toAtLeast: .max))
        #expect(inflater.isComplete)
        #expect(Array(inflater.text) == Array(text.utf8))
        if text.utf8.count > 1_000 { #expect(stored.count < text.utf8.count / 5) }
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

    @Test func aDamagedBodyIsRefused() {
        var stored = TextCompression.compress("Les chevaux étaient fourbus.")
        stored[stored.count / 2] ^= 0xFF
        #expect(stored.withUnsafeBytes(TextCompression.decompress) == nil)
        #expect([UInt8]([1, 0]).withUnsafeBytes(TextCompression.decompress) == nil)
    }
}
