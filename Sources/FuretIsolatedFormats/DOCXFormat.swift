import FuretDocuments

/// Office Open XML documents (Word's `.docx`): the runs of `word/document.xml` and its
/// footnotes and endnotes, deleted text of tracked changes (`w:delText`) and field codes
/// (`w:instrText`) left out; title, author and creation date from `docProps/core.xml`.
///
/// libzip and libxml2 parse an untrusted container, hence an ``IsolatedFormat``. See ECMA-376
/// Part 1, §17 (WordprocessingML).
struct DOCXFormat: IsolatedDocumentFormat {
    let declared = IsolatedFormat.docx
    var limits = ZipArchive.Limits.standard

    /// Members whose text is the document's, in reading order.
    private static let textMembers = ["word/document.xml", "word/footnotes.xml", "word/endnotes.xml"]

    func extract(_ bytes: [UInt8]) throws(ExtractionFailure) -> ExtractedFile {
        let archive = try ZipArchive(bytes, limits: limits)
        // A password-protected .docx is an OLE2 file (refused by ZipArchive); a zip without
        // the main part is not a Word document.
        var body = try Self.text(of: archive.requiredMember(Self.textMembers[0]), member: Self.textMembers[0])
        for member in Self.textMembers.dropFirst() {
            guard let bytes = try archive.member(member) else { continue }
            let notes = try Self.text(of: bytes, member: member)
            if !notes.isEmpty { body += (body.isEmpty || body.last == "\n" ? "" : "\n") + notes }
        }
        let core = try archive.member("docProps/core.xml").map { bytes throws(ExtractionFailure) in
            try DublinCore(bytes, member: "docProps/core.xml")
        }
        return ExtractedFile(document: ExtractedDocument(
            title: core?.title ?? PlainTextFormat.leadingTitle(of: body), body: body, date: core?.date, author: core?.author
        ))
    }

    /// Elements whose text is not the document's: deleted runs, field instructions,
    /// paragraph and run properties (whose `w:tabs` declare tab stops, not tabs; skipping
    /// them also saves most of the elements of a Word file), and the fallback copy of a
    /// text box that Word also writes as `mc:Choice`.
    private static let skipped: Set<XMLName> = [
        XMLName(.markupCompatibility, "Fallback"),
        XMLName(.wordprocessing, "pPr"),
        XMLName(.wordprocessing, "rPr"),
        XMLName(.wordprocessing, "delText"),
        XMLName(.wordprocessing, "instrText"),
        XMLName(.wordprocessing, "delInstrText"),
    ]

    private static func text(of xml: [UInt8], member: String) throws(ExtractionFailure) -> String {
        var body = ""
        var inRunText = false
        try XMLStream.read(xml, member: member) { event, _ in
            switch event {
            case .start(let name):
                if skipped.contains(name) { return .skip }
                guard name.namespace == XMLNamespace.wordprocessing.rawValue else { return .enter }
                switch name.local {
                case "t": inRunText = true
                case "tab": body += "\t"
                case "br", "cr": body += "\n"
                default: break
                }
            case .end(let name):
                guard name.namespace == XMLNamespace.wordprocessing.rawValue else { break }
                if name.local == "t" { inRunText = false }
                if name.local == "p", !body.isEmpty, body.last != "\n" { body += "\n" }
            case .text(let text):
                if inRunText { body += text }
            }
            return .enter
        }
        return body
    }
}
