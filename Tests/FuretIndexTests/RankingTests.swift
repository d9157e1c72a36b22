import Foundation
import Testing
@testable import FuretIndex

/// The instances a ranking keeps with each row are where the row's body holds the query's
/// words, however many rows entered the kept ones and left them on the way.
@Suite struct RankingTests {
    /// The query's words, and words matching none of them.
    static let words = ["alpha", "beta", "gamma"]
    static let fillers = ["xylo", "quartz", "vortex", "zephyr"]

    /// The body of note `number`: its words vary in number and order from note to note, and
    /// the later notes hold more of them, so that most notes enter the kept rows and evict one.
    static func body(_ number: Int) -> [String] {
        let length = 20 + number % 17 + number / 4
        return (0..<length).map { position in
            let mixed = (position * 7 + number * 3) % 11
            return mixed < 3 + number / 40 ? words[(position + number) % words.count] : fillers[mixed % fillers.count]
        }
    }

    @Test(arguments: [1, 3, 10])
    func keptRowsHoldTheirBodysInstances(keep: Int) async throws {
        let index = try SearchIndex.inMemory()
        let count = 200
        try await index.apply((0..<count).map { number in
            .upsert(IndexedDocument.text("/notes/\(number).txt", title: "Note", body: Self.body(number).joined(separator: " ")))
        })
        // One, two and three phrases: their instances merge in as many passes as they take.
        for query in ["alpha", "beta gamma", "(alpha OR beta) gamma", "alpha OR beta OR gamma"] {
            let ranked = try index.ranked(query, keep: keep, scoring: .full)
            #expect(ranked.hits.count == keep, "\(query)")
            let paths = try await index.writer.read { db in
                try Dictionary(uniqueKeysWithValues: ranked.hits.map { hit in
                    (hit.id, try #require(try String.fetchOne(db, sql: "SELECT path FROM document_paths WHERE id = ?", arguments: [hit.id])))
                })
            }
            for hit in ranked.hits {
                let number = try #require(Int(paths[hit.id]?.dropFirst("/notes/".count).dropLast(".txt".count) ?? ""))
                let queried = Self.words.filter { query.contains($0) }
                let expected = Self.body(number).enumerated().filter { queried.contains($0.element) }.map(\.offset)
                #expect(hit.matches.words.map(\.position) == expected, "\(query) note \(number)")
                #expect(Set(hit.matches.words.map(\.term)).count == queried.count, "\(query) note \(number)")
            }
        }
    }
}
