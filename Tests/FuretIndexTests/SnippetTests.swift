import Foundation
import FuretAnalysis
import Testing
@testable import FuretIndex

@Suite struct SnippetTests {
    /// Words of every length (one longer than the snippet's first estimate of bytes per word), accents,
    /// apostrophes, runs of separators and invalid bytes.
    static let text: [UInt8] = {
        var bytes: [UInt8] = []
        for number in 0..<3_000 {
            let word = switch number % 11 {
            case 0: "l’été"
            case 1: "qu'aujourd'hui"
            case 2: String(repeating: "x", count: number % 300)
            case 3: "«  \n\t— »"
            default: "mot\(number)"
            }
            bytes += Array(word.utf8) + (number % 97 == 0 ? [0xFF] : Array(" ".utf8))
        }
        return bytes
    }()

    static func stored(_ bytes: [UInt8]) -> [UInt8] {
        TextCompression.compress(String(decoding: bytes, as: UTF8.self))
    }

    /// The snippet of `stored`, read from the bytes in memory.
    static func snippet(
        of stored: [UInt8], matches: BodyMatches, marks: WordMarks = WordMarks(offsets: []), readWhole: Bool = false
    ) throws -> (text: String, highlights: [HighlightRange]) {
        try stored.withUnsafeBytes { bytes in
            let body = try #require(StoredText(stored: InMemoryBytes(bytes: bytes)))
            if readWhole { #expect(body.load(from: 0, toAtLeast: .max)) }
            let snippet = SnippetBuilder.snippet(of: body, matches: matches, marks: marks)
            return (snippet.text, snippet.highlights)
        }
    }

    /// A snippet decompresses its body block by block, as far as it reads: it must be the
    /// snippet of the whole body. Matches are at word `position`, counted from the end when negative.
    @Test(arguments: [0, 1, 40, 700, 2_345, -40, -3])
    func snippetsOfPartlyReadBodiesAreThoseOfWholeBodies(position: Int) throws {
        var words = 0
        Self.text.withUnsafeBufferPointer { FrenchAnalyzer.forEachWord(in: $0) { _ in words += 1; return true } }
        let first = Int32(position < 0 ? words + position : position)
        let stored = Self.stored(Self.text)
        let triples: [Int32] = [0, first, 1, 0, first + 2, 1]
        let matches = triples.withUnsafeBufferPointer { BodyMatches(instances: $0, phraseTerms: [0], trailingWords: [0]) }
        let expected = try Self.snippet(of: stored, matches: matches, readWhole: true)
        let snippet = try Self.snippet(of: stored, matches: matches)
        #expect(snippet.text == expected.text)
        #expect(snippet.highlights == expected.highlights)
        #expect(!snippet.text.isEmpty)
    }

    /// Counting words from the body's marks must give the snippet counted from the start.
    @Test(arguments: [0, 30, 63, 64, 97, 128, 700, 2_345, -40, -3])
    func snippetsCountedFromWordMarksAreThoseCountedFromTheStart(position: Int) throws {
        let body = String(decoding: Self.text, as: UTF8.self) + " Les chevaux étaient là : l’enquête, un guet-apens… "
        let marks = RecordedTerms(analyzing: body, with: try FrenchAnalyzer()).wordMarks
        #expect(marks.offsets.count > 30)
        var words = 0
        var bytes = body
        bytes.withUTF8 { FrenchAnalyzer.forEachWord(in: $0) { _ in words += 1; return true } }
        let first = Int32(position < 0 ? words + position : position)
        let triples: [Int32] = [0, first, 1]
        let matches = triples.withUnsafeBufferPointer { BodyMatches(instances: $0, phraseTerms: [0], trailingWords: [0]) }
        let stored = TextCompression.compress(body)
        let expected = try Self.snippet(of: stored, matches: matches)
        let snippet = try Self.snippet(of: stored, matches: matches, marks: marks)
        #expect(snippet.text == expected.text)
        #expect(snippet.highlights == expected.highlights)
        #expect(!snippet.text.isEmpty)
    }

    @Test func wordMarksSurviveStorageAndBadBytesAreRefused() throws {
        let marks = WordMarks(offsets: [0, 5, 127, 128, 300_000, 300_000, 9_000_000_000])
        #expect(WordMarks(encoded: marks.encoded) == marks)
        #expect(WordMarks(encoded: [UInt8]()) == WordMarks(offsets: []))
        #expect(WordMarks(encoded: [0x80]) == nil)
        #expect(WordMarks(encoded: [UInt8](repeating: 0xFF, count: 12)) == nil)
        #expect(marks.mark(atOrBefore: 63) == (0, 0))
        #expect(marks.mark(atOrBefore: 64) == (64, 0))
        #expect(marks.mark(atOrBefore: 200) == (192, 127))
        #expect(marks.mark(atOrBefore: 100_000) == (448, 9_000_000_000))
    }

    @Test func aMarkBeyondTheBodyIsIgnored() throws {
        let body = String(repeating: "un mot de plus ", count: 100)
        let triples: [Int32] = [0, 350, 1]
        let matches = triples.withUnsafeBufferPointer { BodyMatches(instances: $0, phraseTerms: [0], trailingWords: [0]) }
        let stored = TextCompression.compress(body)
        let expected = try Self.snippet(of: stored, matches: matches)
        let wrong = WordMarks(offsets: (1...10).map { $0 * 10_000 })
        let snippet = try Self.snippet(of: stored, matches: matches, marks: wrong)
        #expect(snippet.text == expected.text)
        #expect(!snippet.text.isEmpty)
    }
}
