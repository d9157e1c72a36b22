import CLibXML2

/// HTML through libxml2's HTML parser (error-tolerant, entity-aware): the text of the
/// document without markup, scripts or styles; `<title>` as title (else the text's own,
/// ``PlainTextFormat/leadingTitle(of:)``); the date of `<meta property="article:published_time">`
/// (Open Graph, as news sites write it) or `<meta name="date">` (also `dcterms.date`,
/// `DC.date`), in ISO 8601.
package struct HTMLFormat: DocumentFormat {
    package let name = "html"
    package let extensions: Set<String> = ["html", "htm", "xhtml"]

    package init() {}

    /// Elements whose content is never text to read.
    private static let skipped: Set<String> = ["script", "style", "noscript", "template", "head"]
    /// Elements that end a line of text.
    private static let blocks: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
        "table", "section", "article", "header", "footer", "blockquote", "pre", "dt", "dd", "hr", "title",
    ]

    package func extract(_ bytes: [UInt8]) throws(ExtractionFailure) -> ExtractedFile {
        let (text, encoding) = try TextDecoding.decodeText(bytes)
        return ExtractedFile(document: document(fromHTML: text), encoding: encoding)
    }

    /// The document in HTML already decoded to text (also for EPUB chapters and mail parts).
    package func document(fromHTML text: String) -> ExtractedDocument {
        var utf8 = Array(text.utf8)
        utf8.append(0)
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let document = utf8.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { htmlReadDoc(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: xmlChar.self), nil, "UTF-8", options) }
        }
        guard let document else { return ExtractedDocument(title: PlainTextFormat.leadingTitle(of: text), body: text) }
        defer { xmlFreeDoc(document) }
        var head = Head()
        var body = ""
        Self.walk(xmlDocGetRootElement(document), head: &head, body: &body)
        let cleanTitle = Self.collapsingWhitespace(head.title)
        return ExtractedDocument(
            title: cleanTitle.isEmpty ? PlainTextFormat.leadingTitle(of: body) : cleanTitle, body: body,
            date: head.published ?? head.dated
        )
    }

    /// What `<head>` says of the document.
    private struct Head {
        var title = ""
        /// `article:published_time`, preferred: the publication, not a page's last edit.
        var published: Double?
        /// `date`, `dcterms.date` or `DC.date`.
        var dated: Double?
    }

    /// `<meta>` names (or properties) of a document date, lowercased.
    private static let publishedNames: Set<String> = ["article:published_time"]
    private static let dateNames: Set<String> = ["date", "dcterms.date", "dc.date", "dcterms.created", "dc.date.created"]

    private static func walk(_ first: xmlNodePtr?, head: inout Head, body: inout String) {
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
                    if head.title.isEmpty { head.title = textContent(current) }
                    continue
                }
                if name == "head" {
                    // The title and dates live in <head>; nothing else there (style, script) is text.
                    readHead(current.pointee.children, into: &head)
                    continue
                }
                if name == "meta" {
                    readMeta(current, into: &head)  // misplaced in <body>, as the parser may leave it
                    continue
                }
                if skipped.contains(name) { continue }
                if blocks.contains(name), !body.isEmpty, body.last != "\n" { body += "\n" }
                walk(current.pointee.children, head: &head, body: &body)
                if blocks.contains(name), body.last != "\n" { body += "\n" }
            default:
                continue
            }
        }
    }

    private static func readHead(_ first: xmlNodePtr?, into head: inout Head) {
        var node = first
        while let current = node {
            defer { node = current.pointee.next }
            guard current.pointee.type == XML_ELEMENT_NODE, let name = current.pointee.name else { continue }
            switch String(cString: name).lowercased() {
            case "title" where head.title.isEmpty: head.title = textContent(current)
            case "meta": readMeta(current, into: &head)
            default: continue
            }
        }
    }

    private static func readMeta(_ node: xmlNodePtr, into head: inout Head) {
        guard let key = (attribute("property", of: node) ?? attribute("name", of: node))?.lowercased(),
              let content = attribute("content", of: node) else { return }
        if publishedNames.contains(key), head.published == nil {
            head.published = ISODate.seconds(content)
        } else if dateNames.contains(key), head.dated == nil {
            head.dated = ISODate.seconds(content)
        }
    }

    private static func attribute(_ name: String, of node: xmlNodePtr) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { furet_xml_free(value) }
        return String(cString: value)
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
