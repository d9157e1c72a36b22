import CLibXML2

/// HTML through libxml2's HTML parser (error-tolerant, entity-aware): the text of the
/// document without markup, scripts or styles; `<title>` as title (else the first line).
struct HTMLFormat: DocumentFormat {
    let name = "html"
    let extensions: Set<String> = ["html", "htm", "xhtml"]
    let runsIsolated = false

    /// Elements whose content is never text to read.
    private static let skipped: Set<String> = ["script", "style", "noscript", "template", "head"]
    /// Elements that end a line of text.
    private static let blocks: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
        "table", "section", "article", "header", "footer", "blockquote", "pre", "dt", "dd", "hr", "title",
    ]

    func extract(_ bytes: [UInt8]) throws(ExtractionFailure) -> ExtractedFile {
        let (text, encoding) = try TextDecoding.decodeText(bytes)
        return ExtractedFile(document: document(fromHTML: text), encoding: encoding)
    }

    /// The document in HTML already decoded to text (also for EPUB chapters and mail parts).
    func document(fromHTML text: String) -> ExtractedDocument {
        var utf8 = Array(text.utf8)
        utf8.append(0)
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let document = utf8.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { htmlReadDoc(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: xmlChar.self), nil, "UTF-8", options) }
        }
        guard let document else { return ExtractedDocument(title: PlainTextFormat.firstLine(of: text), body: text) }
        defer { xmlFreeDoc(document) }
        var title = ""
        var body = ""
        Self.walk(xmlDocGetRootElement(document), title: &title, body: &body)
        let cleanTitle = Self.collapsingWhitespace(title)
        return ExtractedDocument(title: cleanTitle.isEmpty ? PlainTextFormat.firstLine(of: body) : cleanTitle, body: body)
    }

    private static func walk(_ first: xmlNodePtr?, title: inout String, body: inout String) {
        var node = first
        while let current = node {
            defer { node = current.pointee.next }
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    body += String(cString: content)
                }
            case XML_ELEMENT_NODE:
                let name = current.pointee.name.map { String(cString: $0).lowercased() } ?? ""
                if name == "title" {
                    if title.isEmpty { title = textContent(current) }
                    continue
                }
                if name == "head" {
                    // The title lives in <head>; everything else there (meta, style, script) is not text.
                    findTitle(current.pointee.children, title: &title)
                    continue
                }
                if skipped.contains(name) { continue }
                if blocks.contains(name), !body.isEmpty, body.last != "\n" { body += "\n" }
                walk(current.pointee.children, title: &title, body: &body)
                if blocks.contains(name), body.last != "\n" { body += "\n" }
            default:
                continue
            }
        }
    }

    private static func findTitle(_ first: xmlNodePtr?, title: inout String) {
        var node = first
        while let current = node, title.isEmpty {
            if current.pointee.type == XML_ELEMENT_NODE, let name = current.pointee.name,
               String(cString: name).lowercased() == "title" {
                title = textContent(current)
            }
            node = current.pointee.next
        }
    }

    private static func textContent(_ node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { furet_xml_free(content) }
        return String(cString: content)
    }

    private static func collapsingWhitespace(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
