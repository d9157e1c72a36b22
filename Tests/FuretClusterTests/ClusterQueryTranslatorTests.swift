import Foundation
import FuretAnalysis
@testable import FuretCluster
@testable import FuretIndex
import Testing

/// The translation of Furet's queries into Xapian's, without shards.
struct ClusterQueryTranslatorTests {
    private let analyzer: FrenchAnalyzer
    private let translator: ClusterQueryTranslator

    init() throws {
        analyzer = try FrenchAnalyzer()
        translator = ClusterQueryTranslator(compiler: QueryCompiler(analyzer: analyzer, accents: AccentVocabulary()), analyzer: analyzer)
    }

    private func translate(_ text: String) throws -> XapianQuery {
        try translator.translate(try QueryParser.parse(text)).query
    }

    @Test func aWordIsTheOrOfTheFormsTheFTS5EngineSearches() throws {
        let word = try #require(analyzer.analyze("maisons").first)
        let forms = QueryCompiler(analyzer: analyzer, accents: AccentVocabulary()).forms(of: word)
        #expect(forms.count > 1)
        #expect(try translate("maisons") == .or(forms.map(XapianQuery.term)))
    }

    @Test func phrasesExclusionsTitlesAndRepeats() throws {
        guard case .phrase(let words) = try translate("\"conseil municipal\"") else { Issue.record("not a phrase"); return }
        #expect(words.count == 2)
        guard case .andNot(_, let excluded) = try translate("budget -rapport") else { Issue.record("no exclusion"); return }
        #expect(excluded.count == 1)
        #expect(try translate("title:budget").xapianDescription.contains("Sbudget"))
        guard case .and(let clauses) = try translate("budget budget mairie"),
              case .scaled(_, let factor) = clauses[0] else { Issue.record("no repeat weight"); return }
        #expect(factor == 2)
    }

    @Test func filtersDoNotWeigh() throws {
        guard case .filter(_, let filters) = try translate("ext:md after:2024-01-01 budget") else { Issue.record("no filter"); return }
        #expect(filters.count == 2)
        #expect(filters[0] == .or([.term("Emd")]))
    }

    @Test func pathFragmentsNarrowByTrigramsAndAreCheckedWhole() throws {
        let filter = try #require(PathFilter(try QueryParser.parse("path:Notes/C budget")))
        // The trigrams of the fragment, ASCII letters lowercased, all required.
        #expect(filter.shardQuery == .and(["Tnot", "Tote", "Ttes", "Tes/", "Ts/c"].sorted().map(XapianQuery.term)))
        #expect(PathFilter.terms(ofPath: "/x/NOTES/c.md").isSuperset(of: ["Tnot", "Tote", "Ttes", "Tes/", "Ts/c"]))
        #expect(filter.matches(path: Array("/x/NOTES/c.md".utf8)))
        // Every trigram, yet not the fragment: the router's check drops it.
        #expect(!filter.matches(path: Array("/notes/not/es/s/c".utf8)))
        #expect(PathFilter(try QueryParser.parse("path:é budget"))?.shardQuery == nil)
        #expect(PathFilter(try QueryParser.parse("budget")) == nil)
        // Not part of the query the shards weigh.
        #expect(try translate("path:rapports budget") == translate("budget"))
    }

    @Test func proximityAndPrefix() throws {
        guard case .near(let sides, let window) = try translate("audit NEAR/5 sécurité") else { Issue.record("no NEAR"); return }
        #expect(sides.count == 2)
        #expect(window == 7)
        #expect(try translate("subvent*") == .or([.wildcard("subvent"), .wildcard("=subvent")]))
    }

    @Test func highlightedFormsAreNumberedPerQueryTerm() throws {
        let translated = try translator.translate(try QueryParser.parse("budget -rapport mairie"))
        #expect(Set(translated.highlightedForms.map(\.term)) == [0, 1])
        #expect(!translated.highlightedForms.contains { $0.form.contains("rapport") })
    }
}

struct ShardSchemaTests {
    @Test func recordsRoundTrip() {
        let record = ShardRecord(path: "/a/é.txt", part: "2/x.odt", title: "Titre", storedBody: [0, 1, 2, 255])
        #expect(ShardRecord(encoded: record.encoded()) == record)
        #expect(ShardRecord(encoded: Array(record.encoded().dropLast())) == nil)
        let paged = ShardRecord(path: "/a.pdf", part: "", title: "", storedBody: [1],
                                pages: PageStarts(body: "un\u{0C}deux\u{0C}trois", labels: ["i", "ii", "iii"]))
        #expect(ShardRecord(encoded: paged.encoded()) == paged)
        #expect(ShardRecord(encoded: paged.encoded())?.pages?.page(at: 4).label == "ii")
        var unlabelled = paged
        unlabelled.pages = PageStarts(body: "un\u{0C}deux", labels: nil)
        #expect(ShardRecord(encoded: unlabelled.encoded()) == unlabelled)
        // A version 1 record: the four first fields only.
        let version1 = Array(record.encoded().dropLast(8))
        #expect(ShardRecord(encoded: version1) == record)
    }

    @Test func longKeysStayWithinXapiansTermLimit() {
        let path = "/" + String(repeating: "dossier/", count: 60) + "fichier.txt"
        let term = ShardSchema.idTerm(path: path, part: "")
        #expect(term.utf8.count <= ShardSchema.maximumTermBytes)
        #expect(term != ShardSchema.idTerm(path: path + "x", part: ""))
        #expect(ShardSchema.extensionTerm(path: "/a/b.tar.GZ") == "Egz")
        #expect(ShardSchema.extensionTerm(path: "/a/.profile") == nil)
    }

    @Test func shardAddressesParse() throws {
        #expect(try ShardAddress.list("127.0.0.1:4000,shard-b:4001") == [
            ShardAddress(host: "127.0.0.1", port: 4000), ShardAddress(host: "shard-b", port: 4001),
        ])
        #expect(throws: ClusterError.badShardList("nohost")) { try ShardAddress.list("127.0.0.1:4000,nohost") }
        #expect(throws: ClusterError.badShardList("a:0")) { try ShardAddress.list("a:0") }
    }

    @Test func shardListsWithReplicasParse() throws {
        let list = try ShardList("127.0.0.1:4000|127.0.0.1:5000,shard-b:4001")
        #expect(list.primaries == [ShardAddress(host: "127.0.0.1", port: 4000), ShardAddress(host: "shard-b", port: 4001)])
        #expect(list.replicas == [ShardAddress(host: "127.0.0.1", port: 5000), nil])
        #expect(throws: ClusterError.badShardList("a:1|")) { try ShardList("a:1|,b:2") }
        #expect(throws: ClusterError.badShardList("a:1|b:2|c:3")) { try ShardList("a:1|b:2|c:3") }
        #expect(throws: ClusterError.badShardList("|b:2")) { try ShardList("|b:2") }
    }

    @Test func theShardOfAPathIsStable() {
        // FNV-1a 64 of "/a" (computed independently, in Python): the same on every machine and run.
        #expect(StableHash.fnv1a("/a".utf8) == 0x07d6_6707_b49c_d92d)
        #expect(StableHash.shard(ofPath: "/a", shardCount: 3) == 2)
    }
}
