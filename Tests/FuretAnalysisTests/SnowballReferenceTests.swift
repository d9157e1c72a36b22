import Foundation
import Testing
@testable import FuretAnalysis

/// Snowball's own reference vocabulary must stem exactly as Snowball says, through our layer.
@Suite struct SnowballReferenceTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/testdata/snowball-french")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: directory.path), "../shared/ is not next to the checkout"))
    func everyReferenceWordStemsAsSnowballSays() throws {
        let words = try String(contentsOf: Self.directory.appendingPathComponent("voc.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let stems = try String(contentsOf: Self.directory.appendingPathComponent("output.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(words.count == stems.count)
        #expect(words.count > 20_000)
        let analyzer = try FrenchAnalyzer()
        var mismatches: [String] = []
        for (word, expected) in zip(words, stems) where !word.isEmpty {
            let stem = analyzer.snowballStem(String(word))
            if stem != expected { mismatches.append("\(word) → \(stem), expected \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    @Test func stemmerWorksWithoutSharedData() throws {
        let analyzer = try FrenchAnalyzer()
        #expect(analyzer.snowballStem("procédures") == "procédur")
        #expect(analyzer.snowballStem("continuellement") == "continuel")
    }
}
