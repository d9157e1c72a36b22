import Foundation
import FuretAnalysis
import Testing
@testable import FuretIndex

@Suite struct SnippetTests {
    /// Words of every length (one longer than the inflater's first estimate), accents,
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

    static func inflater(_ stored: [UInt8]) throws -> TextCompression.Inflater {
        try #require(stored.withUnsafeBytes(TextCompression.Inflater.init))
    }

    @Test func inflaterGivesPrefixesOfTheBody() throws {
        let whole = Array(String(decoding: Self.text, as: UTF8.self).utf8)
        let inflater = try Self.inflater(Self.stored(Self.text))
        for count in [0, 1, 100, 5_000, 5_001, 20_000] {
            #expect(inflater.inflate(toAtLeast: count))
            #expect(inflater.text.count >= count)
            #expect(Array(inflater.text) == Array(whole.prefix(inflater.text.count)))
            #expect(!inflater.isComplete)
        }
        #expect(inflater.inflate(toAtLeast: .max))
        #expect(inflater.isComplete)
        #expect(Array(inflater.text) == whole)
    }

    @Test func inflaterRejectsCorruptBodies() throws {
        #expect([UInt8]([1, 0]).withUnsafeBytes(TextCompression.Inflater.init) == nil)
        let stored = Self.stored(Self.text)
        let truncated = try Self.inflater(Array(stored.prefix(stored.count / 2)))
        #expect(truncated.inflate(toAtLeast: 100))
        #expect(!truncated.inflate(toAtLeast: .max))
        let garbage = try Self.inflater(Array(stored.prefix(4)) + [0x12, 0x34, 0x56])
        #expect(!garbage.inflate(toAtLeast: 1))
        let empty = try Self.inflater(Self.stored([]))
        #expect(empty.inflate(toAtLeast: .max))
        #expect(empty.isComplete && empty.text.isEmpty)
    }

    /// A snippet inflates its body bit by bit, as far as it reads: it must be the snippet of
    /// the whole body. Matches are at word `position`, counted from the end when negative.
    @Test(arguments: [0, 1, 40, 700, 2_345, -40, -3])
    func snippetsOfPartlyInflatedBodiesAreThoseOfWholeBodies(position: Int) throws {
        var words = 0
        Self.text.withUnsafeBufferPointer { FrenchAnalyzer.forEachWord(in: $0) { _ in words += 1; return true } }
        let first = Int32(position < 0 ? words + position : position)
        let stored = Self.stored(Self.text)
        let triples: [Int32] = [0, first, 1, 0, first + 2, 1]
        let matches = triples.withUnsafeBufferPointer { BodyMatches(instances: $0, phraseTerms: [0]) }
        let whole = try Self.inflater(stored)
        #expect(whole.inflate(toAtLeast: .max))
        let expected = SnippetBuilder.snippet(of: whole, matches: matches)
        let snippet = SnippetBuilder.snippet(of: try Self.inflater(stored), matches: matches)
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
        let matches = triples.withUnsafeBufferPointer { BodyMatches(instances: $0, phraseTerms: [0]) }
        let stored = TextCompression.compress(body)
        let expected = SnippetBuilder.snippet(of: try Self.inflater(stored), matches: matches)
        let snippet = SnippetBuilder.snippet(of: try Self.inflater(stored), matches: matches, marks: marks)
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
        let matches = triples.withUnsafeBufferPointer { BodyMatches(instances: $0, phraseTerms: [0]) }
        let stored = TextCompression.compress(body)
        let expected = SnippetBuilder.snippet(of: try Self.inflater(stored), matches: matches)
        let wrong = WordMarks(offsets: (1...10).map { $0 * 10_000 })
        let snippet = SnippetBuilder.snippet(of: try Self.inflater(stored), matches: matches, marks: wrong)
        #expect(snippet.text == expected.text)
        #expect(!snippet.text.isEmpty)
    }
}
