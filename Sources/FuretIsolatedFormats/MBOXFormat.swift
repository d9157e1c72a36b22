import FuretDocuments

/// A mailbox (`.mbox`, messages after `From ` lines) through GMime: each message is its own
/// sub-document, named by its number in the file (`"3"`), its attachments after it
/// (`"3/1/rapport.pdf"`); the file's own document is empty. All of them are replaced
/// together when the file changes.
///
/// GMime is a C parser fed untrusted mail, hence an ``IsolatedFormat``.
struct MBOXFormat: IsolatedDocumentFormat {
    let declared = IsolatedFormat.mbox

    func extract(_ bytes: [UInt8]) throws(ExtractionFailure) -> ExtractedFile {
        try extract(bytes, nesting: 0)
    }

    /// The messages in `bytes`, a mailbox attached to `nesting` mails.
    func extract(_ bytes: [UInt8], nesting: Int) throws(ExtractionFailure) -> ExtractedFile {
        guard bytes.starts(with: Array("From ".utf8)) else { throw .unsupported("no mbox From_ line at the start") }
        var parts: [ExtractedPart] = []
        var number = 0
        try MailReader.messages(in: bytes, mbox: true) { message throws(ExtractionFailure) in
            number += 1
            let (document, attachments) = MailReader.read(message, partPrefix: "\(number)/", nesting: nesting)
            parts.append(ExtractedPart(part: String(number), document: document))
            parts += attachments
        }
        return ExtractedFile(document: ExtractedDocument(title: "", body: ""), parts: parts)
    }
}
