import FuretAnalysis
import FuretLemmas
import GRDB
import GRDBSQLite

/// The FTS5 tokenizer `french`: ``FrenchAnalyzer`` inside SQLite.
///
/// Documents (and the `aux` mode used by `snippet()` and `highlight()`) are analysed word by
/// word: the first form of a word is a token, its other forms are colocated
/// (`FTS5_TOKEN_COLOCATED`), all with the byte offsets of the original word so snippets
/// mark the original accented text.
///
/// The writer's bodies usually arrive analysed already (``DocumentAnalysis``): their
/// recorded terms are replayed, identical to what analysing them here would give.
///
/// While a write with standing queries open watches its tokens (``TermWatch``), each token
/// of a document is also checked against those queries' tokens.
///
/// Queries come from ``QueryCompiler`` already analysed, in the form of ``PreparedQueryText``:
/// they are emitted verbatim, never analysed a second time (stemming a stem can change it).
/// Any other query text (a raw `MATCH` typed in the sqlite3 shell) is analysed like a
/// document, its forms colocated, which FTS5 treats as alternatives.
///
/// One instance per connection and table: the analyzer and its stemmer are not thread-safe,
/// and SQLite never uses one connection from two threads at once.
final class FrenchTokenizer: FTS5CustomTokenizer {
    static let name = "french"

    private let analyzer: FrenchAnalyzer
    private let replays: TermReplays?
    private let watch: TermWatch?

    init(db: Database, arguments: [String]) throws {
        analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        let environment = TokenizerEnvironment.registered(for: db)
        replays = environment?.replays
        watch = environment?.watch
        if let environment {
            analyzer.onNewWord = { environment.record(accented: $0, folded: $1) }
        }
    }

    func tokenize(
        context: UnsafeMutableRawPointer?,
        tokenization: FTS5Tokenization,
        pText: UnsafePointer<CChar>?,
        nText: CInt,
        tokenCallback: @escaping FTS5TokenCallback
    ) -> CInt {
        guard let pText, nText > 0 else { return SQLITE_OK }
        let text = UnsafeRawPointer(pText).withMemoryRebound(to: UInt8.self, capacity: Int(nText)) {
            UnsafeBufferPointer(start: $0, count: Int(nText))
        }
        if tokenization.contains(.query), let prepared = PreparedQueryText(text) {
            return prepared.forEachToken { token, isColocated in
                emit(token, colocated: isColocated, start: 0, end: Int(nText), context, tokenCallback)
            }
        }
        let triggers = tokenization.contains(.document) ? watch?.triggers : nil
        var seen = Set<Int>()
        defer { if triggers != nil { watch?.record(seen) } }
        if tokenization.contains(.document), let recorded = replays?.take(matching: text) {
            return recorded.replay { token, isColocated, start, end in
                triggers?.note(token, into: &seen)
                return emit(token, colocated: isColocated, start: start, end: end, context, tokenCallback)
            }
        }
        var result = SQLITE_OK
        analyzer.forEachTerm(in: text) { term in
            guard result == SQLITE_OK else { return }
            triggers?.note(term.bytes, into: &seen)
            result = emit(term.bytes, colocated: term.isColocated, start: term.start, end: term.end, context, tokenCallback)
        }
        return result
    }

    @inline(__always)
    private func emit(
        _ token: UnsafeBufferPointer<UInt8>, colocated: Bool, start: Int, end: Int,
        _ context: UnsafeMutableRawPointer?, _ callback: FTS5TokenCallback
    ) -> CInt {
        token.withMemoryRebound(to: CChar.self) { chars in
            callback(context, colocated ? FTS5_TOKEN_COLOCATED : 0, chars.baseAddress, CInt(chars.count), CInt(start), CInt(end))
        }
    }
}
