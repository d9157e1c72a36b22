import CPoppler
import FuretDocuments

/// PDF through poppler-glib: each page's text in reading order, pages separated by U+000C,
/// the document's page labels, and its title, author and creation date.
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
        _ = Self.globalParametersHeld
        let result: Result<ExtractedFile, ExtractionFailure> = bytes.withUnsafeBytes { raw in
            let data = g_bytes_new_static(raw.baseAddress, gsize(raw.count))
            defer { g_bytes_unref(data) }
            var error: UnsafeMutablePointer<GError>?
            guard let document = poppler_document_new_from_bytes(data, nil, &error) else {
                return .failure(Self.failure(error))
            }
            defer { g_object_unref(UnsafeMutableRawPointer(document)) }
            return Self.read(document)
        }
        return try result.get()
    }

    /// Whether poppler's global parameters are kept for the life of the process. poppler-glib
    /// makes them with the first open document and frees them with the last, so reading PDFs
    /// one after another read poppler's data folders (`/usr/share/poppler`: name-to-Unicode
    /// tables, CMaps) again for each, about 1 ms of CPU a file here. A one-page document
    /// opened once and never released keeps them.
    private static let globalParametersHeld: Bool = {
        var pdf = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (number, object) in ["<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count 1>>",
                                 "<</Type/Page/Parent 2 0 R/MediaBox[0 0 1 1]>>"].enumerated() {
            offsets.append(pdf.count)
            pdf += Array("\(number + 1) 0 obj\n\(object)\nendobj\n".utf8)
        }
        let table = pdf.count
        pdf += Array("xref\n0 4\n0000000000 65535 f \n".utf8)
        for offset in offsets {
            let digits = String(offset)
            pdf += Array((String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n").utf8)
        }
        pdf += Array("trailer\n<</Size 4/Root 1 0 R>>\nstartxref\n\(table)\n%%EOF\n".utf8)
        return pdf.withUnsafeBytes { raw in
            let data = g_bytes_new(raw.baseAddress, gsize(raw.count))
            defer { g_bytes_unref(data) }
            return poppler_document_new_from_bytes(data, nil, nil) != nil
        }
    }()

    private static func failure(_ error: UnsafeMutablePointer<GError>?) -> ExtractionFailure {
        guard let error else { return .damaged("poppler gave no reason") }
        defer { g_error_free(error) }
        let message = String(cString: error.pointee.message)
        guard error.pointee.domain == poppler_error_quark() else { return .damaged(message) }
        switch Int(error.pointee.code) {
        case Int(POPPLER_ERROR_ENCRYPTED.rawValue): return .encrypted
        default: return .damaged(message)
        }
    }

    private static func read(_ document: OpaquePointer) -> Result<ExtractedFile, ExtractionFailure> {
        let count = Int(poppler_document_get_n_pages(document))
        var body = ""
        var labels: [String] = []
        var labelsDiffer = false
        var hasText = false
        for index in 0..<count {
            guard let page = poppler_document_get_page(document, Int32(index)) else {
                return .failure(.damaged("page \(index + 1) cannot be read"))
            }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            if index > 0 { body.append(ExtractedDocument.pageBreak) }
            let text = take(poppler_page_get_text(page)).map(normalized) ?? ""
            // A form feed inside a page would shift every later page number.
            body += text.contains(ExtractedDocument.pageBreak) ? text.replacing("\u{0C}", with: "\n") : text
            hasText = hasText || text.contains { !$0.isWhitespace }
            let label = take(poppler_page_get_label(page)) ?? String(index + 1)
            labelsDiffer = labelsDiffer || label != String(index + 1)
            labels.append(label)
        }
        guard hasText || count == 0 else { return .failure(.noTextLayer) }
        let creation = poppler_document_get_creation_date(document)
        let title = take(poppler_document_get_title(document)).map(normalized)?.trimmingWhitespace() ?? ""
        let author = take(poppler_document_get_author(document)).map(normalized)?.trimmingWhitespace()
        return .success(ExtractedFile(document: ExtractedDocument(
            title: title.isEmpty ? PlainTextFormat.firstLine(of: body) : title,
            body: body, paged: true, pageLabels: labelsDiffer ? labels : nil,
            date: creation > 0 ? Double(creation) : nil, author: author?.isEmpty == false ? author : nil
        )))
    }

    /// A string poppler allocated, copied and freed.
    private static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { g_free(pointer) }
        return String(cString: pointer)
    }

    /// `text` in Unicode NFC (glib's normaliser, already linked with poppler).
    private static func normalized(_ text: String) -> String {
        guard let composed = g_utf8_normalize(text, -1, G_NORMALIZE_NFC) else { return text }
        defer { g_free(composed) }
        return String(cString: composed)
    }
}
