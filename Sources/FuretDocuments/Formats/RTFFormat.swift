/// Rich Text Format, read by ``RTFReader`` (Debian has no RTF library to link): the text a
/// reader sees, tracked deletions left out, and the title, author and creation time of
/// `{\info}`.
///
/// Pure Swift over bounded loops, so it runs in the daemon (not as an ``IsolatedFormat``); a
/// fuzz test feeds it thousands of mutated real documents.
struct RTFFormat: DocumentFormat {
    let name = "rtf"
    let extensions: Set<String> = ["rtf"]

    func extract(_ bytes: [UInt8]) throws(ExtractionFailure) -> ExtractedFile {
        guard bytes.starts(with: Array("{\\rtf".utf8)) else { throw .unsupported("no {\\rtf header") }
        let reader = try RTFReader(bytes)
        let title = reader.title.trimmingWhitespace()
        let author = reader.author.trimmingWhitespace()
        let created = reader.created
        let date = created["yr"].flatMap { year in
            ISODate.seconds(
                year: year, month: created["mo"] ?? 1, day: created["dy"] ?? 1,
                hour: created["hr"] ?? 0, minute: created["min"] ?? 0
            )
        }
        return ExtractedFile(document: ExtractedDocument(
            title: title.isEmpty ? PlainTextFormat.leadingTitle(of: reader.body) : title,
            body: reader.body, date: date, author: author.isEmpty ? nil : author
        ))
    }
}
