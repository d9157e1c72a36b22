import FuretDocuments

/// OpenDocument text (LibreOffice's `.odt`): the paragraphs of `content.xml` read as a
/// stream, tracked changes left out (`text:tracked-changes` holds deleted text), and the
/// title, author and creation date of `meta.xml`.
///
/// libzip and libxml2 parse an untrusted container, hence an ``IsolatedFormat``. See
/// <https://docs.oasis-open.org/office/OpenDocument/v1.3/os/part3-schema/OpenDocument-v1.3-os-part3-schema.html>.
struct ODTFormat: IsolatedDocumentFormat {
    let declared = IsolatedFormat.odt
    var limits = ZipArchive.Limits.standard

    func extract(_ bytes: [UInt8]) throws(ExtractionFailure) -> ExtractedFile {
        let archive = try ZipArchive(bytes, limits: limits)
        // An encrypted ODT keeps its manifest readable and says so there.
        if let manifest = try archive.member("META-INF/manifest.xml"),
           manifest.firstRange(of: Array("encryption-data".utf8)) != nil {
            throw .encrypted
        }
        let body = try Self.text(of: archive.requiredMember("content.xml"))
        let meta = try archive.member("meta.xml").map { bytes throws(ExtractionFailure) in try DublinCore(bytes, member: "meta.xml") }
        return ExtractedFile(document: ExtractedDocument(
            title: meta?.title ?? PlainTextFormat.leadingTitle(of: body), body: body, date: meta?.date, author: meta?.author
        ))
    }

    /// Elements whose content is not the document's text: deleted text kept for change
    /// tracking, and the declarations of fields and sequences.
    private static let skipped: Set<XMLName> = [
        XMLName(.odfText, "tracked-changes"),
        XMLName(.odfText, "variable-decls"),
        XMLName(.odfText, "sequence-decls"),
        XMLName(.odfText, "user-field-decls"),
    ]
    /// Elements that end a line: paragraphs and headings.
    private static let paragraphs: Set<XMLName> = [XMLName(.odfText, "p"), XMLName(.odfText, "h")]

    private static func text(of content: [UInt8]) throws(ExtractionFailure) -> String {
        var body = ""
        var inText = false
        try XMLStream.read(content, member: "content.xml") { event, reader in
            switch event {
            case .start(let name):
                if skipped.contains(name) { return .skip }
                if name == XMLName(.odfOffice, "text") { inText = true }
                guard name.namespace == XMLNamespace.odfText.rawValue else { return .enter }
                switch name.local {
                case "s":
                    // `<text:s text:c="3"/>`: runs of spaces are elements in ODF.
                    let count = reader.attribute("c", namespace: XMLNamespace.odfText.rawValue).flatMap { Int($0) } ?? 1
                    body += String(repeating: " ", count: min(max(count, 1), 1000))
                case "tab": body += "\t"
                case "line-break": body += "\n"
                default: break
                }
            case .end(let name):
                if paragraphs.contains(name), inText, !body.isEmpty, body.last != "\n" { body += "\n" }
                if name == XMLName(.odfOffice, "text") { inText = false }
            case .text(let text):
                if inText { body += text }
            }
            return .enter
        }
        return body
    }
}
