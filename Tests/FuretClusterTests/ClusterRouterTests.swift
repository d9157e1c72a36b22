import Foundation
import FuretCluster
import FuretDocuments
@testable import FuretIndex
import FuretTestSupport
import Testing

extension LocalCluster {
    var shards: [ShardAddress] { addresses.compactMap(ShardAddress.init) }
    var replicas: [ShardAddress?] { replicaAddresses.map(ShardAddress.init) }
}

/// The sample corpus's files as the indexer reads them.
func sampleFiles() throws -> [IndexedDocument] {
    let reader = DocumentReader()
    return try FileSystem.scan(SampleCorpus.root).filter { reader.supports($0.path) }.map { found in
        IndexedDocument(try reader.read(found.path, stamp: found.stamp))
    }
}

/// That `got` is whole and has `expected`'s total, paths and scores, for `query`.
func expectSameRanking(_ got: ClusterSearchResults, as expected: ClusterSearchResults, _ query: String) {
    #expect(!got.isPartial, Comment(rawValue: query))
    #expect(got.results.total == expected.results.total, Comment(rawValue: query))
    #expect(got.results.hits.map(\.path) == expected.results.hits.map(\.path), Comment(rawValue: query))
    #expect(got.results.hits.map(\.score) == expected.results.hits.map(\.score), Comment(rawValue: query))
}

/// The router on real `xapian-tcpsrv` shards (started by `Tools/cluster` on 127.0.0.1).
@Suite(.serialized, .timeLimit(.minutes(2))) struct ClusterRouterTests {
    /// Every query form of Furet's syntax, on words the sample corpus holds.
    static let queries = [
        "conseil", "conseil municipal", "\"conseil municipal\"", "eau OR voirie", "budget -2023", "subvention*",
        "title:rapport", "title:\"bilan\" voirie", "guet-apens", "(crue OR inondation) témoin", "audit NEAR/5 sécurité",
        "\"commande publique\"~10 audit", "ext:md rapport", "-(photo OR cantine) association", "conseil conseil municipal",
        "after:2000-01-01 mairie", "procédure", "procedure", "eleve", "coeur", "path:rapports conseil", "path:PRESSE eau OR conseil",
    ]

    @Test func threeShardsRankAsOneDatabase() async throws {
        let files = try sampleFiles()
        #expect(files.count >= 36)
        try await withOneAndThreeShards(holding: files) { one, three in
            let counts = three.status().map(\.documents)
            // The files spread over the three shards, and the router counts them all.
            #expect(counts.allSatisfy { ($0 ?? 0) > 0 })
            #expect(counts.reduce(0) { $0 + ($1 ?? 0) } == (one.status())[0].documents)
            var matched = 0
            for query in Self.queries {
                let expected = try one.search(query, limit: 20)
                let got = try three.search(query, limit: 20)
                expectSameRanking(got, as: expected, query)
                #expect(got.results.hits.map(\.snippet) == expected.results.hits.map(\.snippet), Comment(rawValue: query))
                if !got.results.hits.isEmpty { matched += 1 }
            }
            // The comparison means something only if most queries find documents.
            #expect(matched >= Self.queries.count - 2)
        }
    }

    /// Runs `body` with a router over one shard and one over three, both holding `files`.
    private func withOneAndThreeShards(
        holding files: [IndexedDocument], _ body: @escaping @Sendable (ClusterRouter, ClusterRouter) throws -> Void
    ) async throws {
        try await onOwnThread { try withCluster(shards: 1) { single in
            try withCluster(shards: 3) { sharded in
                let one = try ClusterRouter(shards: single.shards)
                let three = try ClusterRouter(shards: sharded.shards)
                #expect(one.write(files).isEmpty)
                #expect(three.write(files).isEmpty)
                try body(one, three)
            }
        } }
    }

    @Test func datesOrderAndPagesAreTheSameOnThreeShardsAsOnOne() async throws {
        var paged = IndexedDocument(
            path: "/archive/rapport.pdf", title: "Rapport", body: "Sommaire du conseil\u{0C}Le zébulon du conseil\u{0C}Annexe",
            size: 10, mtime: 5, hash: 1, encoding: "none", format: "pdf")
        paged.pages = PageStarts(body: paged.body, labels: ["i", "ii", "iii"])
        let files = try sampleFiles() + [paged]
        let pagedPath = paged.path
        let dates = Dictionary(files.flatMap(\.storedDocuments).map { ($0.path + "|" + $0.part, $0.date ?? $0.mtime) }, uniquingKeysWith: max)
        try await withOneAndThreeShards(holding: files) { one, three in
            for query in ["conseil", "rapport OR eau", "mairie", "subvention*"] {
                for order in [SearchOrder.date, .newestFirst] {
                    let expected = try one.search(query, limit: 50, order: order).results.hits
                    let got = try three.search(query, limit: 50, order: order).results.hits
                    #expect(got.map(\.path) == expected.map(\.path), "\(query) by \(order)")
                    #expect(got.count > 1, "\(query)")
                    let gotDates = got.map { dates[$0.path + "|" + ($0.part ?? "")] ?? .nan }
                    #expect(gotDates == (order == .date ? gotDates.sorted() : gotDates.sorted(by: >)), "\(query) by \(order)")
                }
            }
            let hit = try #require(three.search("zébulon", limit: 5).results.hits.first)
            #expect(hit.path == pagedPath)
            #expect(hit.page == 2)
            #expect(hit.pageLabel == "ii")
            // A match in a document without pages has none.
            #expect(try three.search("mairie", limit: 5).results.hits.allSatisfy { $0.page == nil })
        }
    }

    /// Queries with a word no document has: the router corrects them as the FTS5 engine does.
    static let mistyped = ["clafoutsi", "hippodorme", "médiathèqe rapport", "cantinne", "comité tilleusl", "conseil municipall"]

    @Test func mistypedWordsFindWhatTheFTS5EngineFinds() async throws {
        let index = try SearchIndex.inMemory()
        try await Indexer(index: index).reconcile(root: SampleCorpus.root)
        let expected = try Self.mistyped.map { try index.search($0, limit: 10).hits.map(\.path) }
        let files = try sampleFiles()
        let (first, second) = try await onOwnThread { try withCluster(shards: 2) { cluster in
            let router = try ClusterRouter(shards: cluster.shards)
            #expect(router.write(files).isEmpty)
            let search = { try Self.mistyped.map { try router.search($0, limit: 10).results.hits.map(\.path) } }
            return (try search(), try search())
        } }
        // The same documents and the same best one; the rest of the order may differ, as
        // the engines normalise document lengths differently (see FuretCluster's README).
        for (query, (paths, fts5)) in zip(Self.mistyped, zip(first, expected)) {
            #expect(!paths.isEmpty, Comment(rawValue: query))
            #expect(Set(paths) == Set(fts5), Comment(rawValue: query))
            #expect(paths.first == fts5.first, Comment(rawValue: query))
        }
        // Searching a mistyped word does not make it a word of the documents.
        #expect(second == first)
    }

    @Test func hitsCarrySnippetsMarkingTheQueryWords() async throws {
        try await onOwnThread { try withCluster(shards: 2) { cluster in
            let router = try ClusterRouter(shards: cluster.shards)
            router.write(try sampleFiles())
            let found = try router.search("\"conseil municipal\"", limit: 5)
            let hit = try #require(found.results.hits.first)
            let marked = hit.highlights.map { range in
                String(hit.snippet.unicodeScalars.dropFirst(range.start).prefix(range.end - range.start)).lowercased()
            }
            #expect(marked.contains { $0.contains("conseil") })
            #expect(hit.matchOffset != nil)
        } }
    }

    @Test func aDeadShardMakesSearchesPartialThenRecovers() async throws {
        try await onOwnThread { try withCluster(shards: 3) { cluster in
            let timeouts = ClusterTimeouts(connectMilliseconds: 500, readMilliseconds: 1_000, retrySeconds: 0)
            let router = try ClusterRouter(shards: cluster.shards, timeouts: timeouts)
            router.write(try sampleFiles())
            let full = try router.search("conseil OR rapport OR eau", limit: 20)
            #expect(!full.isPartial)

            try cluster.killShard(1)
            let started = ContinuousClock.now
            let partial = try router.search("conseil OR rapport OR eau", limit: 20)
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(partial.missingShards == [cluster.shards[1]])
            #expect(partial.results.total < full.results.total)
            #expect(Set(partial.results.hits.map(\.path)).isSubset(of: Set(full.results.hits.map(\.path))))
            #expect(router.status()[1].documents == nil)

            try cluster.startShard(1)
            let problem = router.status()[1].problem
            #expect(problem == nil, Comment(rawValue: problem ?? ""))
            let back = try router.search("conseil OR rapport OR eau", limit: 20)
            #expect(!back.isPartial)
            #expect(back.results.hits.map(\.path) == full.results.hits.map(\.path))
        } }
    }

    /// A shard that accepts connections and never answers (its processes SIGSTOP'd) holds a
    /// search no longer than ``ClusterTimeouts/searchDeadline``: partial, naming it.
    @Test func aStalledShardMakesSearchesPartialWithinTheDeadline() async throws {
        try await onOwnThread { try withCluster(shards: 3) { cluster in
            let timeouts = ClusterTimeouts(connectMilliseconds: 500, readMilliseconds: 5_000, searchMilliseconds: 1_000, retrySeconds: 0)
            let router = try ClusterRouter(shards: cluster.shards, timeouts: timeouts)
            router.write(try sampleFiles())
            let full = try router.search("conseil OR rapport OR eau", limit: 20)
            #expect(!full.isPartial)

            try cluster.pauseShard(1)
            defer { try? cluster.resumeShard(1) }
            // The first search finds the shard silent on open connections, the second when connecting again.
            for _ in 0..<2 {
                let started = ContinuousClock.now
                let partial = try router.search("conseil OR rapport OR eau", limit: 20)
                let took = ContinuousClock.now - started
                // The deadline bounds the waits; the search's own work comes on top (1 s: a loaded 2-core machine).
                #expect(took < .milliseconds(timeouts.searchDeadline) + .seconds(1), Comment(rawValue: "\(took)"))
                #expect(partial.missingShards == [cluster.shards[1]])
                #expect(Set(partial.results.hits.map(\.path)).isSubset(of: Set(full.results.hits.map(\.path))))
            }

            try cluster.resumeShard(1)
            let back = try router.search("conseil OR rapport OR eau", limit: 20)
            #expect(!back.isPartial)
            #expect(back.results.hits.map(\.path) == full.results.hits.map(\.path))
        } }
    }

    /// `status` asks every shard at once: two stalled shards cost one deadline, not a read
    /// timeout each, and the others' counts are still there.
    @Test func statusWithStalledShardsAnswersWithinItsDeadline() async throws {
        try await onOwnThread { try withCluster(shards: 3) { cluster in
            // A connect timeout long enough that one deadline plus a loaded machine's delays
            // stays well below two deadlines, what asking the stalled shards in turn costs.
            let timeouts = ClusterTimeouts(connectMilliseconds: 2_000, readMilliseconds: 5_000, searchMilliseconds: 1_000, retrySeconds: 0)
            let router = try ClusterRouter(shards: cluster.shards, timeouts: timeouts)
            let files = try sampleFiles()
            #expect(router.write(files).isEmpty)
            let healthy = router.status()
            #expect(healthy.allSatisfy { $0.isHealthy })
            #expect(healthy.reduce(0) { $0 + ($1.documents ?? 0) } > 0)

            try cluster.pauseShard(0)
            defer { try? cluster.resumeShard(0) }
            try cluster.pauseShard(2)
            defer { try? cluster.resumeShard(2) }
            let started = ContinuousClock.now
            let stalled = router.status()
            let took = ContinuousClock.now - started
            // Both stalled shards in turn would wait twice the connect timeout, each a read timeout before.
            #expect(took < .milliseconds(timeouts.connectMilliseconds * 3 / 2), Comment(rawValue: "\(took)"))
            #expect(stalled.map(\.address) == cluster.shards)
            #expect(stalled.map(\.isHealthy) == [false, true, false])
            #expect(stalled[0].problem != nil && stalled[2].problem != nil)
            #expect(stalled[1].documents == healthy[1].documents)

            try cluster.resumeShard(0)
            try cluster.resumeShard(2)
            #expect(router.status() == healthy)
        } }
    }

    /// A file's first document replaces all the shard held for the file: parts it no longer
    /// has are gone, and those it has are each there once.
    @Test func aFileWrittenAgainHoldsExactlyItsNewParts() async throws {
        try await onOwnThread { try withCluster(shards: 2) { cluster in
            let router = try ClusterRouter(shards: cluster.shards)
            let files = try sampleFiles()
            var mailbox = try #require(files.first)
            func part(_ name: String, _ word: String) -> IndexedDocument {
                var part = mailbox
                part.part = name
                part.body = "Message \(word)."
                return part
            }
            mailbox.parts = [part("1", "xylophonique"), part("2", "zébrophone"), part("3", "quokkaresque")]
            #expect(router.write(files.dropFirst() + [mailbox]).isEmpty)
            func documents() -> Int { router.status().reduce(0) { $0 + ($1.documents ?? 0) } }
            func hits(_ word: String) throws -> [String?] { try router.search(word, limit: 10).results.hits.map(\.part) }
            let all = documents()
            #expect(all == files.count + 3)
            #expect(try hits("zébrophone") == ["2"])

            mailbox.parts = [part("2", "zébrophone")]
            #expect(router.write([mailbox]).isEmpty)
            #expect(documents() == all - 2)
            #expect(try hits("xylophonique").isEmpty)
            #expect(try hits("quokkaresque").isEmpty)
            #expect(try hits("zébrophone") == ["2"])

            mailbox.parts = []
            #expect(router.write([mailbox]).isEmpty)
            #expect(documents() == all - 3)
            #expect(try hits("zébrophone").isEmpty)

            #expect(router.remove(paths: [mailbox.path]).isEmpty)
            #expect(documents() == all - 4)
        } }
    }

    @Test func aFileChangedWhileItsShardIsDownIsRightOnceItReturns() async throws {
        try await onOwnThread { try withCluster(shards: 2) { cluster in
            let timeouts = ClusterTimeouts(connectMilliseconds: 500, readMilliseconds: 1_000, retrySeconds: 0)
            let router = try ClusterRouter(shards: cluster.shards, timeouts: timeouts)
            let files = try sampleFiles()
            router.write(files)
            // A file of shard 0, edited while shard 0 is down.
            let edited = try #require(files.first { router.shard(of: $0.path) == 0 })
            try cluster.killShard(0)
            var changed = edited
            changed.body = "Zanzibarophone inédit."
            changed.parts = []
            #expect(router.write([changed]) == [cluster.shards[0]])
            #expect(router.status()[0].pendingFiles == 1)

            try cluster.startShard(0)
            let found = try router.search("zanzibarophone", limit: 10)
            #expect(!found.isPartial)
            #expect(found.results.hits.map(\.path) == [edited.path])
            #expect(router.status()[0].pendingFiles == 0)
        } }
    }
}
