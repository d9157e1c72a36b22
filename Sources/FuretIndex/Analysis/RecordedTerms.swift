import FuretAnalysis
import Glibc

/// The terms an analyzer produced for one text, recorded so that the `french` tokenizer can
/// replay them instead of analysing the text again.
///
/// Bodies are analysed on other cores while SQLite's single writer inserts earlier ones (see
/// ``DocumentAnalysis``); the tokenizer then only hands recorded terms to FTS5. A recording
/// is only replayed for the exact text it was made from (``isRecording(of:)``), and analysis
/// is a function of the text alone, so replaying never changes a token.
struct RecordedTerms: Sendable {
    /// One term: where its bytes end in ``forms``, and its word's offsets in the text.
    private struct Entry {
        var formEnd: UInt32
        var start: UInt32
        var end: UInt32
        var isColocated: Bool
    }

    /// The text analysed (shared with the document, not copied).
    let text: String
    /// Every term's bytes, end to end.
    private let forms: [UInt8]
    private let entries: [Entry]
    /// Where every ``WordMarks/interval``-th word starts, for the document's row.
    let wordMarks: WordMarks

    /// The longest text recorded. A recording takes about five times its text's size, so a
    /// longer text is recorded empty and the tokenizer analyses it itself, streaming its terms
    /// to FTS5 (this also keeps offsets within 32 bits).
    static let maximumTextBytes = 8 << 20

    /// Analyses `text`, unless it is longer than ``maximumTextBytes``.
    init(analyzing text: String, with analyzer: FrenchAnalyzer) {
        var forms: [UInt8] = []
        var entries: [Entry] = []
        var marks: [Int] = []
        var utf8 = text
        if text.utf8.count <= Self.maximumTextBytes {
            forms.reserveCapacity(text.utf8.count)
            entries.reserveCapacity(text.utf8.count / 4)
            // A word is a term not colocated with the previous one, as FTS5 counts positions.
            var position = -1
            utf8.withUTF8 { buffer in
                analyzer.forEachTerm(in: buffer) { term in
                    forms.append(contentsOf: term.bytes)
                    entries.append(Entry(formEnd: UInt32(forms.count), start: UInt32(term.start), end: UInt32(term.end),
                                         isColocated: term.isColocated))
                    guard !term.isColocated else { return }
                    position += 1
                    if position > 0, position % WordMarks.interval == 0 { marks.append(term.start) }
                }
            }
        }
        self.text = text
        self.forms = forms
        self.entries = entries
        wordMarks = WordMarks(offsets: marks)
    }

    /// Whether this is the recording of `bytes` (same length, same bytes).
    func isRecording(of bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !entries.isEmpty, text.utf8.count == bytes.count else { return false }
        return text.utf8.withContiguousStorageIfAvailable { own in
            memcmp(own.baseAddress!, bytes.baseAddress!, bytes.count) == 0
        } ?? text.utf8.elementsEqual(bytes)
    }

    /// Calls `emit` with each term in order (bytes, colocated, word start and end), until it
    /// returns something else than `0`, which is then returned.
    func replay(_ emit: (UnsafeBufferPointer<UInt8>, Bool, Int, Int) -> CInt) -> CInt {
        forms.withUnsafeBufferPointer { forms in
            var formStart = 0
            for entry in entries {
                let formEnd = Int(entry.formEnd)
                let status = emit(UnsafeBufferPointer(rebasing: forms[formStart..<formEnd]), entry.isColocated,
                                  Int(entry.start), Int(entry.end))
                guard status == 0 else { return status }
                formStart = formEnd
            }
            return 0
        }
    }
}
