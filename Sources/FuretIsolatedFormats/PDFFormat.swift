import CPoppler
import CPopplerText
import FuretDocuments
import Glibc

/// PDF through poppler: each page's text in reading order, pages separated by U+000C, the
/// document's page labels, and its title, author and creation date.
///
/// ``CPopplerText`` opens the document once and gives what poppler-glib would give: the pages'
/// text as `poppler_page_get_text` (without loading every font of the document again for each
/// page), the labels and metadata. poppler-glib opens only a document the shim cannot, to say why.
///
/// poppler is a large C++ parser fed untrusted files, hence an ``IsolatedFormat``. TeX PDFs give
/// accented letters as a letter followed by a combining accent: text is normalised to NFC so
/// that `é` is one character, as everywhere else in the index.
/// See <https://poppler.freedesktop.org/api/glib/>.
struct PDFFormat: IsolatedDocumentFormat {
    let declared = IsolatedFormat.pdf

    func extract(_ bytes: [UInt8]) throws(ExtractionFailure) -> ExtractedFile {
        // poppler checks the header itself, but reports a text file as "damaged": say what it is.
        guard bytes.count >= 5, bytes.prefix(1024).firstRange(of: Array("%PDF-".utf8)) != nil else {
            throw .unsupported("no %PDF- header")
        }
        let result: Result<ExtractedFile, ExtractionFailure> = bytes.withUnsafeBytes { raw in
            guard let document = fpt_open(raw.baseAddress, raw.count) else { return .failure(Self.failure(raw)) }
            defer { fpt_close(document) }
            return Self.read(document)
        }
        return try result.get()
    }

    /// Why poppler cannot open `raw`, in poppler-glib's words.
    private static func failure(_ raw: UnsafeRawBufferPointer) -> ExtractionFailure {
        let data = g_bytes_new_static(raw.baseAddress, gsize(raw.count))
        defer { g_bytes_unref(data) }
        var error: UnsafeMutablePointer<GError>?
        if let document = poppler_document_new_from_bytes(data, nil, &error) {
            g_object_unref(UnsafeMutableRawPointer(document))
            return .damaged("poppler cannot read its pages")
        }
        guard let error else { return .damaged("poppler gave no reason") }
        defer { g_error_free(error) }
        let message = String(cString: error.pointee.message)
        guard error.pointee.domain == poppler_error_quark() else { return .damaged(message) }
        switch Int(error.pointee.code) {
        case Int(POPPLER_ERROR_ENCRYPTED.rawValue): return .encrypted
        default: return .damaged(message)
        }
    }

    /// The file `document` is.
    private static func read(_ document: OpaquePointer) -> Result<ExtractedFile, ExtractionFailure> {
        let count = Int(fpt_page_count(document))
        var body = ""
        var labels: [String] = []
        var labelsDiffer = false
        var hasText = false
        for index in 0..<count {
            if index > 0 { body.append(ExtractedDocument.pageBreak) }
            guard let read = fpt_next_page_text(document) else {
                return .failure(.damaged("page \(index + 1) cannot be read"))
            }
            let text = normalized(String(cString: read))
            free(read)
            // A form feed inside a page would shift every later page number.
            body += text.utf8.contains(ExtractedDocument.pageBreakByte)
                ? text.replacing(String(ExtractedDocument.pageBreak), with: "\n") : text
            hasText = hasText || text.contains { !$0.isWhitespace }
            let label = take(fpt_page_label(document, Int32(index))) ?? String(index + 1)
            labelsDiffer = labelsDiffer || label != String(index + 1)
            labels.append(label)
        }
        guard hasText || count == 0 else { return .failure(.noTextLayer) }
        let creation = fpt_creation_date(document)
        let title = take(fpt_info_text(document, "Title")).map(normalized)?.trimmingWhitespace() ?? ""
        let author = take(fpt_info_text(document, "Author")).map(normalized)?.trimmingWhitespace()
        return .success(ExtractedFile(document: ExtractedDocument(
            title: title.isEmpty ? PlainTextFormat.leadingTitle(of: body) : title,
            body: body, paged: true, pageLabels: labelsDiffer ? labels : nil,
            date: creation > 0 ? Double(creation) : nil, author: author?.isEmpty == false ? author : nil
        )))
    }

    /// A string poppler or glib allocated, copied and freed.
    private static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { g_free(pointer) }
        return String(cString: pointer)
    }

    /// `text` in Unicode NFC (glib's normaliser, already linked with poppler).
    ///
    /// Most pages are already in NFC (French accented letters are precomposed): ICU's check,
    /// one pass over the UTF-8, leaves them as they are. glib's normaliser decomposes and
    /// recomposes every character into a new buffer whatever the text; a cheaper test by
    /// byte range would not do, since a typographic apostrophe or a bullet is enough to leave
    /// Latin-1. On the PDFs of documents-fr, the helper's CPU fell by about 3 %.
    private static func normalized(_ text: String) -> String {
        let isComposed = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.withMemoryRebound(to: CChar.self) { fpt_utf8_is_nfc($0.baseAddress, $0.count) }
        }
        guard isComposed != true, let composed = g_utf8_normalize(text, -1, G_NORMALIZE_NFC) else { return text }
        defer { g_free(composed) }
        return String(cString: composed)
    }
}
