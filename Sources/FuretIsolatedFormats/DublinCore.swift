import FuretDocuments

/// Title, author and date from the Dublin Core metadata that ODT (`meta.xml`), DOCX
/// (`docProps/core.xml`) and EPUB (the OPF package) all carry: one reader for the three.
struct DublinCore {
    var title: String?
    var author: String?
    var date: Double?

    /// The metadata in the XML `bytes` of `member`. A creation date is preferred to a
    /// modification date: it is the date a reader would cite.
    ///
    /// - Throws: ``ExtractionFailure/damaged(_:)`` when the XML is not well formed.
    init(_ bytes: [UInt8], member: String) throws(ExtractionFailure) {
        var fields: [String: String] = [:]
        var current: String?
        try XMLStream.read(bytes, member: member) { event, _ in
            switch event {
            case .start(let name):
                let key = Self.fields[name]
                current = key.flatMap { fields[$0] == nil ? $0 : nil }
            case .end:
                current = nil
            case .text(let text):
                if let current { fields[current, default: ""] += text }
            }
            return .enter
        }
        func value(_ keys: String...) -> String? {
            keys.lazy.compactMap { fields[$0]?.trimmingWhitespace() }.first { !$0.isEmpty }
        }
        title = value("title")
        author = value("creator", "initial-creator")
        date = value("created", "creation-date", "date", "modified").flatMap { ISODate.seconds($0) }
    }

    private static let fields: [XMLName: String] = [
        XMLName(.dublinCore, "title"): "title",
        XMLName(.dublinCore, "creator"): "creator",
        XMLName(.dublinCore, "date"): "date",
        XMLName(.odfMeta, "initial-creator"): "initial-creator",
        XMLName(.odfMeta, "creation-date"): "creation-date",
        XMLName(.dublinCoreTerms, "created"): "created",
        XMLName(.dublinCoreTerms, "modified"): "modified",
    ]
}
