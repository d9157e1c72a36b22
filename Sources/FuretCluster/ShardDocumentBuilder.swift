import FuretAnalysis
import FuretIndex

/// Turns one of Furet's documents into a shard document with Furet's own analyzer: every
/// form the FTS5 index holds (stems, lemmas, exact forms, colocated at their word's
/// position), title forms weighted ``ShardSchema/titleWeight`` times, plus the boolean terms,
/// values and record the router needs.
///
/// Not thread-safe (the analyzer is not): one builder per writer.
final class ShardDocumentBuilder {
    private let analyzer: FrenchAnalyzer

    init(analyzer: FrenchAnalyzer) {
        self.analyzer = analyzer
    }

    func document(for indexed: IndexedDocument) throws(XapianError) -> XapianDocument {
        let document = try XapianDocument()
        try addForms(of: indexed.body, to: document, base: 0, wdf: 1, prefix: nil)
        try addForms(of: indexed.title, to: document, base: ShardSchema.titleBase, wdf: ShardSchema.titleWeight,
                     prefix: Array(ShardSchema.titlePrefix.utf8))
        try document.addTerm(ShardSchema.idTerm(path: indexed.path, part: indexed.part))
        try document.addTerm(ShardSchema.fileTerm(path: indexed.path))
        if let ext = ShardSchema.extensionTerm(path: indexed.path) { try document.addTerm(ext) }
        for gram in PathFilter.terms(ofPath: indexed.path) { try document.addTerm(gram) }
        let date = indexed.date ?? indexed.mtime
        let tie = ShardSchema.tieKey(path: indexed.path, part: indexed.part)
        document.setValue(XapianDocument.sortable(date), slot: ShardSchema.dateSlot)
        document.setValue(tie, slot: ShardSchema.tieSlot)
        document.setValue(ShardSchema.orderKey(date) + tie, slot: ShardSchema.oldestFirstSlot)
        document.setValue(ShardSchema.orderKey(-date) + tie, slot: ShardSchema.newestFirstSlot)
        document.setData(ShardRecord(path: indexed.path, part: indexed.part, title: indexed.title,
                                     storedBody: indexed.storedBody, pages: indexed.pages).encoded())
        return document
    }

    /// Adds the forms of `text`'s words, word `n` at position `base + n`; with a `prefix`,
    /// each form also goes in prefixed (wdf 1) for searches limited to that field.
    private func addForms(
        of text: String, to document: XapianDocument, base: UInt32, wdf: UInt32, prefix: [UInt8]?
    ) throws(XapianError) {
        var failure: XapianError?
        var word: UInt32 = 0
        var prefixed = prefix ?? []
        var text = text
        text.withUTF8 { bytes in
            analyzer.forEachTerm(in: bytes) { term in
                guard failure == nil else { return }
                if !term.isColocated { word += 1 }
                // Xapian refuses terms past 245 bytes; no word of text is that long.
                guard term.bytes.count + prefixed.count <= ShardSchema.maximumTermBytes else { return }
                let position = base &+ word - 1
                do throws(XapianError) {
                    try document.addPosting(term.bytes, position: position, wdf: wdf)
                    if let prefix {
                        prefixed.removeSubrange(prefix.count...)
                        prefixed.append(contentsOf: term.bytes)
                        try prefixed.withUnsafeBufferPointer { (buffer) throws(XapianError) in
                            try document.addPosting(buffer, position: position, wdf: 1)
                        }
                    }
                } catch {
                    failure = error
                }
            }
        }
        if let failure { throw failure }
    }
}
