import CLibXML2
import FuretDocuments

/// A streaming pass over an XML document with libxml2's `xmlTextReader`: the office and
/// e-book formats read their XML members as a stream of events, never as a tree, so memory
/// stays flat whatever the document's size.
///
/// Entities are not substituted and the network is never used (`XML_PARSE_NONET`), so an
/// entity bomb or an external reference reads as nothing. See
/// <https://gnome.pages.gitlab.gnome.org/libxml2/devhelp/libxml2-xmlreader.html>.
///
/// ```swift
/// try XMLStream.read(bytes, member: "content.xml") { event, reader in
///     if case .text(let text) = event { body += text }
///     return .enter
/// }
/// ```
enum XMLStream {
    /// A point in the document. Empty elements (`<text:s/>`) give a start then an end.
    enum Event {
        case start(XMLName)
        case end(XMLName)
        case text(String)
    }

    /// What to do after a start event: read the element's content, or jump past its end.
    enum Visit {
        case enter
        case skip
    }

    /// Reads `bytes` as XML, calling `handle` for each element start, end and text.
    ///
    /// - Parameter member: the member's name, for the failure's detail.
    /// - Throws: ``ExtractionFailure/damaged(_:)`` when the XML is not well formed (a
    ///   truncated member, garbage); what was read before the error has been handled.
    static func read(
        _ bytes: [UInt8], member: String, _ handle: (Event, borrowing Reader) -> Visit
    ) throws(ExtractionFailure) {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_COMPACT.rawValue)
        let failed: Bool = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let pointer = xmlReaderForMemory(chars.baseAddress, Int32(clamping: chars.count), nil, nil, options) else {
                    return true
                }
                defer { xmlFreeTextReader(pointer) }
                var reader = Reader(pointer: pointer)
                var status = xmlTextReaderRead(pointer)
                while status == 1 {
                    switch xmlTextReaderNodeType(pointer) {
                    case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                        let name = reader.name
                        let empty = xmlTextReaderIsEmptyElement(pointer) == 1
                        let visit = handle(.start(name), reader)
                        if empty {
                            _ = handle(.end(name), reader)
                        } else if visit == .skip {
                            status = xmlTextReaderNext(pointer)
                            continue
                        }
                    case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                        _ = handle(.end(reader.name), reader)
                    case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                         Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                        if let value = xmlTextReaderConstValue(pointer) {
                            _ = handle(.text(String(cString: value)), reader)
                        }
                    default:
                        break
                    }
                    status = xmlTextReaderRead(pointer)
                }
                return status != 0
            }
        }
        if failed { throw .damaged("\(member) is not well-formed XML") }
    }

    /// The reader positioned on the current node, for its attributes.
    struct Reader: ~Copyable {
        fileprivate let pointer: xmlTextReaderPtr
        /// libxml2 interns names in its dictionary, one pointer per distinct name: each is
        /// made a String once per document, not once per element.
        private var names: [UnsafePointer<xmlChar>: String] = [:]

        fileprivate init(pointer: xmlTextReaderPtr) {
            self.pointer = pointer
        }

        fileprivate var name: XMLName {
            mutating get {
                XMLName(namespace: interned(xmlTextReaderConstNamespaceUri(pointer)), local: interned(xmlTextReaderConstLocalName(pointer)))
            }
        }

        private mutating func interned(_ name: UnsafePointer<xmlChar>?) -> String {
            guard let name else { return "" }
            if let known = names[name] { return known }
            let string = String(cString: name)
            names[name] = string
            return string
        }

        /// The value of the current element's attribute `local` in `namespace` (`nil`: no namespace).
        func attribute(_ local: String, namespace: String? = nil) -> String? {
            let value = if let namespace {
                xmlTextReaderGetAttributeNs(pointer, local, namespace)
            } else {
                xmlTextReaderGetAttribute(pointer, local)
            }
            guard let value else { return nil }
            defer { furet_xml_free(value) }
            return String(cString: value)
        }
    }
}

/// An element's namespace URI and local name (`text:p` in ODF is
/// `urn:oasis:names:tc:opendocument:xmlns:text:1.0` and `p`), so that matching does not
/// depend on the prefixes a producer chose.
struct XMLName: Hashable {
    var namespace: String
    var local: String

    init(namespace: String, local: String) {
        self.namespace = namespace
        self.local = local
    }

    init(_ namespace: XMLNamespace, _ local: String) {
        self.init(namespace: namespace.rawValue, local: local)
    }
}

/// The namespaces the office and e-book formats read.
enum XMLNamespace: String {
    case dublinCore = "http://purl.org/dc/elements/1.1/"
    case dublinCoreTerms = "http://purl.org/dc/terms/"
    case odfMeta = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
    case odfText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    case odfOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    case wordprocessing = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    case markupCompatibility = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    case opf = "http://www.idpf.org/2007/opf"
    case container = "urn:oasis:names:tc:opendocument:xmlns:container"
}
