import Dispatch
import Foundation
import Testing
@testable import FuretIndex

@Suite struct QueryCostTests {
    /// Distinct French words, none a duplicate of another once analysed.
    static func distinctWords(_ count: Int) -> [String] {
        (0..<count).map { number in "mot" + String(number, radix: 26).map { digit in
            Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(Int(String(digit), radix: 26)!)))
        }.map(String.init).joined() }
    }

    @Test func anOffsetThatWouldOverflowTheRankingIsRefused() async throws {
        let (index, _, _) = try await indexedFolder(["a.txt": "Le cheval court."])
        #expect(throws: SearchIndex.InvalidPage.self) { try index.search("cheval", limit: 10, offset: Int.max) }
        #expect(throws: SearchIndex.InvalidPage.self) { try index.search("cheval", limit: 10, offset: SearchIndex.maximumOffset + 1) }
        #expect(try index.search("cheval", limit: 10, offset: SearchIndex.maximumOffset).hits.isEmpty)
    }

    @Test func aQueryOverTheWordLimitIsRefusedNamingIt() async throws {
        let (index, _, _) = try await indexedFolder(["a.txt": "Le cheval court."])
        let words = Self.distinctWords(QueryCost.maximumWords + 1)
        #expect(throws: QueryCostError.tooManyWords(QueryCost.maximumWords + 1, maximum: QueryCost.maximumWords)) {
            try index.search(words.joined(separator: " OR "))
        }
        #expect(QueryCostError.tooManyWords(65, maximum: 64).description.contains("at most 64"))
        // At the limit, the query runs (given time: a debug build under parallel tests is slow).
        let atLimit = words.prefix(QueryCost.maximumWords - 1).joined(separator: " OR ") + " OR cheval"
        #expect(try index.search(atLimit, deadline: SearchDeadline(seconds: 600)).total == 1)
    }

    @Test func wordsOfAPhraseCountAndLongTextIsRefused() async throws {
        let (index, _, _) = try await indexedFolder(["a.txt": "Le cheval court."])
        let phrase = "\"" + Self.distinctWords(QueryCost.maximumWords + 1).joined(separator: " ") + "\""
        #expect(throws: QueryCostError.self) { try index.search(phrase) }
        let long = String(repeating: "cheval ", count: QueryCost.maximumBytes / 7 + 1)
        #expect(throws: QueryCostError.tooLong(bytes: long.utf8.count, maximum: QueryCost.maximumBytes)) { try index.search(long) }
        #expect(throws: QueryCostError.self) { try index.explain(long, asQuery: false) }
    }

    @Test func tooManyPrefixesAreRefused() async throws {
        let (index, _, _) = try await indexedFolder(["a.txt": "Le cheval court."])
        let prefixes = Self.distinctWords(QueryCost.maximumPrefixes + 1).map { $0 + "*" }.joined(separator: " OR ")
        #expect(throws: QueryCostError.tooManyPrefixes(QueryCost.maximumPrefixes + 1, maximum: QueryCost.maximumPrefixes)) {
            try index.search(prefixes)
        }
        #expect(throws: QueryCostError.prefixTooShort(minimum: QueryCost.minimumPrefixLetters)) { try index.search("cheval d*") }
        #expect(try index.search("ch*").total == 1)
    }

    @Test func duplicateTermsAreCollapsed() throws {
        let repeated = try QueryParser.parse("de de de")
        #expect(repeated.clauses.count == 1)
        #expect(repeated.clauses.first?.repeats == 3)
        #expect(try QueryParser.parse("cheval OR cheval OR jument") == QueryParser.parse("cheval OR jument"))
        #expect(try QueryParser.parse("-pluie cheval -pluie").clauses.map(\.repeats) == [2, 1])
        // Different roles are different terms.
        #expect(try QueryParser.parse("cheval title:cheval").clauses.count == 2)
        #expect(try QueryParser.parse("\"de la\" de la").clauses.count == 3)
    }

    @Test func aThousandCopiesOfAWordSearchAsOne() async throws {
        let (index, _, _) = try await indexedFolder(["a.txt": "Le cheval de la ferme.", "b.txt": "Une jument de course."])
        let repeated = Array(repeating: "de", count: 1_000).joined(separator: " ")
        let once = try index.search("de")
        let results = try index.search(repeated)
        #expect(results.total == once.total)
        #expect(results.hits.map(\.path) == once.hits.map(\.path))
    }

    @Test func aRepeatedWordWeighsAsOftenAsItIsTyped() async throws {
        let (index, _, _) = try await indexedFolder([
            "a.txt": "Un accord parfait, puis un accord de septième.", "b.txt": "La note tenue, un accord.",
            "c.txt": "Les notes de la gamme.", "d.txt": "Un accord et une note.",
        ])
        let once = try index.search("accord note")
        let twice = try index.search("accord accord note")
        let accord = try index.search("accord").hits
        let note = try index.search("note").hits
        for hit in twice.hits {
            let single = try #require(once.hits.first { $0.path == hit.path })
            let accordScore = try #require(accord.first { $0.path == hit.path }).score
            let noteScore = try #require(note.first { $0.path == hit.path }).score
            // BM25 sums the phrases: the repeated word's part counts twice.
            #expect(abs(single.score - (accordScore + noteScore)) < 1e-9)
            #expect(abs(hit.score - (2 * accordScore + noteScore)) < 1e-9)
        }
        #expect(twice.total == once.total)
    }

    @Test func costlyQueriesTakeTheirOwnLane() throws {
        #expect(!QueryCost.isCostly(try QueryParser.parse("cheval \"de la\" proc*")))
        #expect(QueryCost.isCostly(try QueryParser.parse(Self.distinctWords(QueryCost.costlyWords + 1).joined(separator: " "))))
        #expect(QueryCost.isCostly(try QueryParser.parse("pr*")))
    }

    @Test(.timeLimit(.minutes(1)))
    func aDeadlineStopsTheSearchInsideSQLite() async throws {
        var files: [String: String] = [:]
        for number in 0..<300 { files["\(number).txt"] = "Le cheval de la ferme \(number) court dans le pré avec la jument." }
        let (index, _, _) = try await indexedFolder(files)
        let query = "cheval OR ferme OR court OR pré OR jument"
        #expect(try index.search(query).total == 300)
        #expect(throws: SearchInterruption.timedOut(seconds: 0)) {
            try index.search(query, deadline: SearchDeadline(seconds: 0))
        }
        // The connection is left clean for the next search.
        #expect(try index.search(query).total == 300)
    }

    @Test(.timeLimit(.minutes(1)))
    func aSearchWaitingForATurnPastItsDeadlineTimesOut() async throws {
        let (index, _, _) = try await indexedFolder(["a.txt": "Le cheval court."])
        for _ in 0..<SearchLanes.costlyTurns { index.lanes.costly.acquire() }
        defer { for _ in 0..<SearchLanes.costlyTurns { index.lanes.costly.release() } }
        #expect(throws: SearchInterruption.timedOut(seconds: 0.05)) {
            try index.search("pr*", deadline: SearchDeadline(seconds: 0.05))
        }
        // A simple query does not wait behind the costly lane, which stays taken: waiting there,
        // it would time out at any deadline. Its own is long, so that a loaded machine cannot
        // stop it first (50 ms did, once, in a full run on 2 cores).
        #expect(try index.search("cheval", deadline: SearchDeadline(seconds: 20)).total == 1)
        #expect(index.lanes.costly.waitingCount == 0)
    }
}
