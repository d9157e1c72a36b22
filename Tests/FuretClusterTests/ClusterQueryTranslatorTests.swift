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
        #expect(throws: ClusterError.unsupported("the path: filter")) { try translate("path:rapports budget") }
    }

    @Test func proximityAndPrefix() throws {
        guard case .near(let sides, let window) = try translate("audit NEAR/5 sécurité") else { Issue.record("no NEAR"); return }
        #expect(sides.count == 2)
        #expect(window == 7)
        #expect(try translate("subvent*") == .or([.wildcard("subvent"), .wildcard("=subvent")]))
    }

    @Test func correctionsJoinTheirWordScaledAndOnlyPositiveSingleWords() throws {
        let corrections = ["budjet": [ClusterCorrections.Token(token: "budget", scale: 0.25)],
                           "mairi": [ClusterCorrections.Token(token: "mairie", scale: 0.5)]]
        let translated = try translator.translate(try QueryParser.parse("budjet -mairi"), corrections: corrections)
        guard case .andNot(.or(let alternatives), let excluded) = translated.query else { Issue.record("no exclusion"); return }
        #expect(alternatives.contains(.scaled(.term("budget"), 0.25)))
        #expect(!excluded[0].xapianDescription.contains("mairie"))
        #expect(translated.highlightedForms.contains { $0.form == "budget" })
        // Inside a phrase a word is not corrected, as in the FTS5 engine.
        let phrase = try translator.translate(try QueryParser.parse("\"budjet annuel\""), corrections: corrections)
        #expect(!phrase.query.xapianDescription.contains("budget"))
    }

    @Test func idfScalesTurnXapiansWeightIntoFTS5s() {
        // Below half the documents, both are log((N − n + 0.5) / (n + 0.5)).
        #expect(abs(ClusterCorrections.fts5IDF(documents: 1_000, holding: 50) - log(950.5 / 50.5)) < 1e-12)
        #expect(ClusterCorrections.xapianIDF(documents: 1_000, holding: 50) == ClusterCorrections.fts5IDF(documents: 1_000, holding: 50))
        // Past it, Xapian keeps a positive weight where FTS5 floors at 1e-6.
        #expect(ClusterCorrections.xapianIDF(documents: 1_000, holding: 900) > 0.01)
        #expect(ClusterCorrections.fts5IDF(documents: 1_000, holding: 900) == 1e-6)
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

    @Test func theShardOfAPathIsStable() {
        // FNV-1a 64 of "/a" (computed independently, in Python): the same on every machine and run.
        #expect(StableHash.fnv1a("/a".utf8) == 0x07d6_6707_b49c_d92d)
        #expect(StableHash.shard(ofPath: "/a", shardCount: 3) == 2)
    }
}
