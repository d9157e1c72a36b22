import CGMime
import FuretDocuments

/// Mail through GMime, shared by ``EMLFormat`` and ``MBOXFormat``: a message's text (plain
/// parts, HTML parts through ``HTMLFormat``, forwarded messages), its headers, and its
/// attachments in supported formats as sub-documents.
///
/// GMime undoes transfer encodings (base64, quoted-printable) and decodes RFC 2047 headers
/// and RFC 2231 file names; this type decodes charsets and repairs mail labelled
/// `iso-8859-1` but written in Windows-1252. See <https://developer.gnome.org/gmime/stable/>.
enum MailReader {
    /// Attachments inside attachments (a mail attached to a mail…) are read this deep.
    static let maximumNesting = 4

    /// GMime's global tables are set up once per process.
    private static let initialized: Bool = {
        g_mime_init()
        return true
    }()

    /// Warnings that mean the message is cut short or built to attack the parser.
    private static let fatalWarnings: [GMimeParserWarning] = [
        GMIME_WARN_TRUNCATED_MESSAGE, GMIME_CRIT_NESTING_OVERFLOW, GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT,
    ]

    /// Parses each message in `bytes` (one for a `.eml`, all of them for an mbox) and hands
    /// it to `read`.
    ///
    /// - Throws: ``ExtractionFailure/damaged(_:)`` when there is no message, or the parser
    ///   found one cut short or malformed beyond repair.
    static func messages(
        in bytes: [UInt8], mbox: Bool, _ read: (UnsafeMutablePointer<GMimeMessage>) throws(ExtractionFailure) -> Void
    ) throws(ExtractionFailure) {
        _ = initialized
        var warnings: UInt32 = 0
        let result: Result<Int, ExtractionFailure> = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                let stream = g_mime_stream_mem_new_with_buffer(chars.baseAddress, chars.count)
                defer { g_object_unref(stream) }
                let parser = g_mime_parser_new_with_stream(stream)
                defer { g_object_unref(parser) }
                g_mime_parser_set_format(parser, mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE)
                let options = furet_gmime_options_new(&warnings)
                defer { g_mime_parser_options_free(options) }
                var count = 0
                while g_mime_parser_eos(parser) == 0 {
                    guard let message = g_mime_parser_construct_message(parser, options) else { break }
                    defer { g_object_unref(message) }
                    count += 1
                    do throws(ExtractionFailure) {
                        try read(message)
                    } catch {
                        return .failure(error)
                    }
                    if !mbox { break }
                }
                return .success(count)
            }
        }
        let count = try result.get()
        for warning in fatalWarnings where warnings & (1 << warning.rawValue) != 0 {
            throw .damaged(warning == GMIME_WARN_TRUNCATED_MESSAGE ? "message cut short" : "malformed MIME structure")
        }
        if count == 0 { throw .damaged(mbox ? "no message in the mbox" : "no message") }
    }

    /// The document of a parsed message and its attachments, each named `prefix` followed by
    /// its number and file name; `nesting` counts the mails this one is attached to.
    static func read(
        _ message: UnsafeMutablePointer<GMimeMessage>, partPrefix prefix: String, nesting: Int
    ) -> (document: ExtractedDocument, parts: [ExtractedPart]) {
        let subject = g_mime_message_get_subject(message).map { TextDecoding.repairingC1Controls(String(cString: $0)) }
        let from = addresses(g_mime_message_get_from(message))
        var header = ""
        for (label, value) in [("From", from), ("To", addresses(g_mime_message_get_to(message))),
                               ("Cc", addresses(g_mime_message_get_cc(message)))] where !value.isEmpty {
            header += "\(label): \(value)\n"
        }
        var content = Content(prefix: prefix, nesting: nesting)
        if let root = g_mime_message_get_mime_part(message) {
            content.walk(root)
        }
        let body = header.isEmpty ? content.body : header + "\n" + content.body
        let date = g_mime_message_get_date(message).map { Double(g_date_time_to_unix($0)) }
        let title = subject?.trimmingWhitespace() ?? ""
        return (
            ExtractedDocument(
                title: title.isEmpty ? PlainTextFormat.leadingTitle(of: content.body) : title, body: body,
                date: date, author: from.isEmpty ? nil : from
            ),
            content.parts
        )
    }

    private static func addresses(_ list: UnsafeMutablePointer<InternetAddressList>?) -> String {
        guard let list, let text = internet_address_list_to_string(list, nil, 0) else { return "" }
        defer { g_free(text) }
        return TextDecoding.repairingC1Controls(String(cString: text))
    }

    /// The text and attachments gathered by walking a message's MIME tree.
    private struct Content {
        let prefix: String
        let nesting: Int
        var body = ""
        var parts: [ExtractedPart] = []
        private var attachments = 0

        init(prefix: String, nesting: Int) {
            self.prefix = prefix
            self.nesting = nesting
        }

        mutating func walk(_ object: UnsafeMutablePointer<GMimeObject>) {
            if furet_gmime_is_message_part(object) != 0 {
                // A forwarded message: its text is part of this one.
                if let inner = furet_gmime_message_part_message(object), let root = g_mime_message_get_mime_part(inner) {
                    walk(root)
                }
            } else if furet_gmime_is_multipart(object) != 0 {
                let children = (0..<furet_gmime_multipart_count(object)).compactMap { furet_gmime_multipart_part(object, $0) }
                if furet_gmime_is_type(object, "multipart", "alternative") != 0 {
                    // The same text twice: the plain version if there is one, else the richest.
                    let plain = children.first { furet_gmime_is_type($0, "text", "plain") != 0 }
                    if let chosen = plain ?? children.last { walk(chosen) }
                } else {
                    children.forEach { walk($0) }
                }
            } else if furet_gmime_is_part(object) != 0 {
                readPart(object)
            }
        }

        private mutating func readPart(_ part: UnsafeMutablePointer<GMimeObject>) {
            let filename = furet_gmime_part_filename(part).map { String(cString: $0) }
            let isText = furet_gmime_is_type(part, "text", "plain") != 0 || furet_gmime_is_type(part, "text", "html") != 0
            if furet_gmime_part_is_attachment(part) != 0 || (filename != nil && !isText) {
                attachments += 1
                if let filename { readAttachment(part, named: filename) }
                return
            }
            guard isText, let bytes = MailReader.bytes(of: part) else { return }
            let charset = g_mime_object_get_content_type_parameter(part, "charset").map { String(cString: $0) }
            let text = MailReader.decode(bytes, charset: charset)
            let partText = furet_gmime_is_type(part, "text", "html") != 0 ? HTMLFormat().document(fromHTML: text).body : text
            if !body.isEmpty, body.last != "\n" { body += "\n" }
            body += partText
        }

        /// An attachment in a format Furet reads becomes a sub-document, `<number>/<name>`;
        /// one it cannot read (unsupported, damaged) is left out, as a file would be.
        private mutating func readAttachment(_ part: UnsafeMutablePointer<GMimeObject>, named filename: String) {
            guard nesting < MailReader.maximumNesting,
                  let format = IsolatedFormats.format(forPath: filename),
                  let bytes = MailReader.bytes(of: part) else { return }
            let name = "\(prefix)\(attachments)/\(filename.replacing("/", with: "_"))"
            let extracted: ExtractedFile? = switch format {
            case let mail as EMLFormat: try? mail.extract(bytes, nesting: nesting + 1)
            case let mailbox as MBOXFormat: try? mailbox.extract(bytes, nesting: nesting + 1)
            default: try? format.extract(bytes)
            }
            guard let file = extracted else { return }
            parts.append(ExtractedPart(part: name, document: file.document))
            parts += file.parts.map { ExtractedPart(part: name + "/" + $0.part, document: $0.document) }
        }
    }

    private static func bytes(of part: UnsafeMutablePointer<GMimeObject>) -> [UInt8]? {
        guard let array = furet_gmime_part_bytes(part) else { return nil }
        defer { g_byte_array_unref(array) }
        return Array(UnsafeBufferPointer(start: array.pointee.data, count: Int(array.pointee.len)))
    }

    /// A text part's bytes in its declared charset. Labels that mean Latin-1 (and no label)
    /// are read as Windows-1252, its superset; UTF-8 that a label gets wrong is still read
    /// as UTF-8; other charsets go through iconv (glib), and C1 controls are repaired.
    static func decode(_ bytes: [UInt8], charset: String?) -> String {
        let label = charset?.lowercased() ?? "us-ascii"
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        if latin1Labels.contains(label) { return TextDecoding.decodeWindows1252(bytes) }
        var written: gsize = 0
        let converted = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                g_convert(chars.baseAddress, gssize(chars.count), "UTF-8", label, nil, &written, nil)
            }
        }
        guard let converted else { return TextDecoding.decode(bytes).text }
        defer { g_free(converted) }
        let text = String(decoding: UnsafeRawBufferPointer(start: converted, count: Int(written)), as: UTF8.self)
        return TextDecoding.repairingC1Controls(text)
    }

    private static let latin1Labels: Set<String> = [
        "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252", "x-user-defined",
    ]
}
