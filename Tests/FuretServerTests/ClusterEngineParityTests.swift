import Foundation
import FuretCluster
import FuretDocuments
import FuretIndex
@testable import FuretServer
import FuretTestSupport
import Logging
import Synchronization
import Testing

/// What `furetd --shards` answers against what the local engine answers on the same files:
/// date order, lines, `analyze` and standing queries, on a real 3-shard cluster.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ClusterEngineParityTests {
    /// Files whose dates (modification times) all differ, so that both engines have one date order.
    static let files: [(name: String, text: String, mtime: Double)] = [
        ("a.txt", "Le conseil municipal s'est réuni.\nLigne deux.\nLe budget de l'école.", 1_000_000),
        ("b.txt", "Première ligne.\nDeuxième ligne.\nTroisième ligne : le conseil.", 3_000_000),
        ("notes/c.md", "# Rapport\n\nUn rapport du conseil\nsur l'élève.", 2_000_000),
        ("d.txt", "Rien à voir ici.\nUne ligne.", 4_000_000),
        ("notes/e.txt", "Un rapport.\n\n\nLe budget, encore.", 500_000),
        ("f.txt", "La fermeture du bureau de poste.", 6_000_000),
    ]

    /// What a standing query delivered, as `name added|changed`.
    final class Delivered: Sendable {
        let names = Mutex<[String]>([])
    }

    /// A local engine and a cluster engine over the same folder, both reconciled.
    final class Engines: Sendable {
        let folder: TemporaryFolder
        let cluster: LocalCluster
        let local: LocalEngine
        let sharded: ClusterEngine

        init() async throws {
            folder = try TemporaryFolder()
            for file in ClusterEngineParityTests.files {
                try Engines.write(file.name, file.text, mtime: file.mtime, in: folder)
            }
            cluster = try await onOwnThread { try LocalCluster(shards: 3) }
            let index = try SearchIndex.inMemory()
            local = LocalEngine(index: index, indexer: Indexer(index: index))
            let router = try ClusterRouter(shards: try ShardAddress.list(cluster.shardList))
            sharded = try ClusterEngine(router: router, reader: DocumentReader(), logger: Logger(label: "test"), statePath: nil)
        }

        static func write(_ name: String, _ text: String, mtime: Double, in folder: TemporaryFolder) throws {
            let path = try folder.write(name, text)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: mtime)], ofItemAtPath: path)
        }

        var engines: [any SearchEngine] { [local, sharded] }

        func reconcile() async throws {
            for engine in engines {
                try engine.addRoots([folder.path])
                try await engine.reconcile(root: folder.path)
            }
        }

        func search(_ engine: any SearchEngine, _ query: String, order: SearchOrder = .relevance, lines: Bool = false) async throws -> RankedResults {
            try await onOwnThread {
                try engine.search(query, limit: 20, offset: 0, order: order, lines: lines, exactTotal: false, deadline: SearchDeadline())
            }
        }

        func stop() { cluster.stop() }
    }

    @Test func datesOrderHitsAsTheLocalEngineDoes() async throws {
        let engines = try await Engines()
        defer { engines.stop() }
        try await engines.reconcile()
        var compared = 0
        for query in ["conseil", "rapport OR budget", "ligne", "budget -école"] {
            for order in [SearchOrder.date, .newestFirst] {
                let expected = try await engines.search(engines.local, query, order: order).hits.map(\.path)
                let got = try await engines.search(engines.sharded, query, order: order).hits.map(\.path)
                #expect(got == expected, "\(query) by \(order)")
                if expected.count > 1 { compared += 1 }
            }
        }
        #expect(compared >= 6)
        let oldest = try await engines.search(engines.sharded, "conseil", order: .date).hits.map { ($0.path as NSString).lastPathComponent }
        #expect(oldest == ["a.txt", "c.md", "b.txt"])
    }

    @Test func pathFiltersFindWhatTheLocalEngineFinds() async throws {
        let engines = try await Engines()
        defer { engines.stop() }
        try await engines.reconcile()
        let queries = ["path:notes conseil OR rapport OR budget", "path:NOTES/C rapport", "path:e.t budget OR ligne", "path:a ligne OR budget",
                       "path:notes path:.txt budget OR rapport", "path:absent conseil"]
        for query in queries {
            let expected = try await engines.search(engines.local, query, order: .date)
            let got = try await engines.search(engines.sharded, query, order: .date)
            #expect(got.hits.map(\.path) == expected.hits.map(\.path), Comment(rawValue: query))
            #expect(got.total == expected.total, Comment(rawValue: query))
        }
        let notes = try await engines.search(engines.sharded, "path:notes conseil OR rapport OR budget", order: .date)
        #expect(notes.hits.map { ($0.path as NSString).lastPathComponent } == ["e.txt", "c.md"])
        // Paging counts only the paths kept.
        let second = try await onOwnThread {
            try engines.sharded.search("path:notes conseil OR rapport OR budget", limit: 1, offset: 1, order: .date, lines: false,
                                       exactTotal: false, deadline: SearchDeadline())
        }
        #expect(second.total == 2)
        #expect(second.hits.map(\.path) == [notes.hits[1].path])
    }

    @Test func mistypedWordsAreCorrectedAsByTheLocalEngine() async throws {
        let engines = try await Engines()
        defer { engines.stop() }
        try await engines.reconcile()
        for query in ["fermuture", "Fermuture bureau", "conseil fermuture", "bureau", "fermuture -poste", "burreau OR conseil"] {
            let expected = try await engines.search(engines.local, query)
            let got = try await engines.search(engines.sharded, query)
            #expect(got.suggestion == expected.suggestion, Comment(rawValue: query))
            #expect(got.isCorrected == expected.isCorrected, Comment(rawValue: query))
            #expect(got.total == expected.total, Comment(rawValue: query))
            #expect(Set(got.hits.map(\.path)) == Set(expected.hits.map(\.path)), Comment(rawValue: query))
        }
        let corrected = try await engines.search(engines.sharded, "Fermuture bureau")
        #expect(corrected.suggestion == "Fermeture bureau")
        #expect(corrected.isCorrected)
        #expect(corrected.hits.map { ($0.path as NSString).lastPathComponent } == ["f.txt"])
        // A word written is not corrected.
        #expect(try await engines.search(engines.sharded, "bureau").suggestion == nil)
    }

    @Test func hitsCarryTheLinesOfTheLocalEngine() async throws {
        let engines = try await Engines()
        defer { engines.stop() }
        try await engines.reconcile()
        var lines: [String: Int] = [:]
        for query in ["budget", "troisième", "élève", "deuxième", "municipal"] {
            let expected = try await engines.search(engines.local, query, lines: true).hits
            let got = try await engines.search(engines.sharded, query, lines: true).hits
            #expect(Dictionary(uniqueKeysWithValues: got.map { ($0.path, $0.line) })
                    == Dictionary(uniqueKeysWithValues: expected.map { ($0.path, $0.line) }), Comment(rawValue: query))
            for hit in got { lines[(hit.path as NSString).lastPathComponent + " " + query] = hit.line }
            // Without asking, no line.
            #expect(try await engines.search(engines.sharded, query).hits.allSatisfy { $0.line == nil })
        }
        #expect(lines["b.txt troisième"] == 3)
        #expect(lines["e.txt budget"] == 4)
        #expect(lines["a.txt municipal"] == 1)
    }

    @Test func analyzeGivesTheLocalEnginesForms() async throws {
        let engines = try await Engines()
        defer { engines.stop() }
        try await engines.reconcile()
        for text in ["Les élèves conseillés", "eleve", "l'école municipale", "zorglubesque"] {
            for asQuery in [false, true] {
                let expected = try engines.local.analyze(text, asQuery: asQuery).filter { $0.kind != .fuzzy }
                let got = try engines.sharded.analyze(text, asQuery: asQuery)
                #expect(got == expected, "\(text) as query: \(asQuery)")
                #expect(!got.isEmpty)
            }
        }
        // The accented spelling of a word written through the router is searched too: a
        // router that wrote nothing searches fewer forms.
        let fresh = try ClusterRouter(shards: try ShardAddress.list(engines.cluster.shardList))
        let unaccented = try fresh.explain("eleve", asQuery: true)
        #expect(try engines.sharded.analyze("eleve", asQuery: true).count > unaccented.count)
    }

    @Test func standingQueriesReportWhatTheLocalEngineReports() async throws {
        let engines = try await Engines()
        defer { engines.stop() }
        let reports = engines.engines.map { _ in Delivered() }
        var followed: [any FollowedQuery] = []
        for (engine, report) in zip(engines.engines, reports) {
            followed.append(try engine.follow("conseil OR budget") { matches in
                report.names.withLock { $0 += matches.map { ($0.hit.path as NSString).lastPathComponent + ($0.isNew ? " new" : " changed") } }
            })
        }
        func step() async throws -> [[String]] {
            try await engines.reconcile()
            return reports.map { report in report.names.withLock { delivered in defer { delivered = [] }; return delivered } }
        }

        let first = try await step()
        #expect(Set(first[0]) == ["a.txt new", "b.txt new", "c.md new", "e.txt new"])
        #expect(first[1] == first[0])

        // d.txt newly matches; a.txt changes and matched already; c.md no longer matches.
        try Engines.write("d.txt", "Le conseil, enfin.", mtime: 4_100_000, in: engines.folder)
        try Engines.write("a.txt", "Le budget du conseil municipal.", mtime: 1_100_000, in: engines.folder)
        try Engines.write("notes/c.md", "# Rapport\n\nRien.", mtime: 2_100_000, in: engines.folder)
        let second = try await step()
        #expect(second[0] == ["d.txt changed"])
        #expect(second[1] == second[0])

        #expect(try await step() == [[], []])

        // Closed, a query hears of nothing more.
        followed.forEach { $0.close() }
        try Engines.write("notes/c.md", "Le conseil revient.", mtime: 2_200_000, in: engines.folder)
        #expect(try await step() == [[], []])

        #expect(throws: QuerySyntaxError.self) { try engines.sharded.follow("after:hier conseil") { _ in } }
    }
}
