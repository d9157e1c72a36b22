import FuretDocuments

/// A mail message (`.eml`) through GMime (``MailReader``): Subject as title, From as author,
/// Date as the document's date, From/To/Cc at the top of the body, the text of its plain
/// and HTML parts, and its attachments in supported formats as sub-documents
/// (`1/rapport.pdf`).
///
/// GMime is a C parser fed untrusted mail, hence an ``IsolatedFormat``.
struct EMLFormat: IsolatedDocumentFormat {
    let declared = IsolatedFormat.eml

    func extract(_ bytes: [UInt8]) throws(ExtractionFailure) -> ExtractedFile {
        try extract(bytes, nesting: 0)
    }

    /// The message in `bytes`, attached to `nesting` mails (whose attachments are read only
    /// so deep, whatever a hostile mail nests).
    func extract(_ bytes: [UInt8], nesting: Int) throws(ExtractionFailure) -> ExtractedFile {
        var file: ExtractedFile?
        try MailReader.messages(in: bytes, mbox: false) { message throws(ExtractionFailure) in
            let (document, parts) = MailReader.read(message, partPrefix: "", nesting: nesting)
            file = ExtractedFile(document: document, parts: parts)
        }
        guard let file else { throw .damaged("no message") }
        return file
    }
}
