import FuretDocuments

/// EPUB books: `META-INF/container.xml` names the OPF package, whose spine lists the
/// chapters in reading order; each chapter's XHTML goes through ``HTMLFormat`` (one
/// implementation of the HTML rules). Title, author and date from the OPF metadata.
///
/// libzip and libxml2 parse an untrusted container, hence an ``IsolatedFormat``. See
/// <https://www.w3.org/TR/epub-33/#sec-package-doc>.
struct EPUBFormat: IsolatedDocumentFormat {
    let declared = IsolatedFormat.epub
    var limits = ZipArchive.Limits.standard

    func extract(_ bytes: [UInt8]) throws(ExtractionFailure) -> ExtractedFile {
        let archive = try ZipArchive(bytes, limits: limits)
        // Some packagers (Debian's debian-edu-doc) zip the book inside a folder: its
        // container then names paths from that folder.
        let containerName = "META-INF/container.xml"
        let root: String
        let container: [UInt8]
        if let atRoot = try archive.member(containerName) {
            (root, container) = ("", atRoot)
        } else if let nested = archive.firstName(endingWith: "/" + containerName) {
            (root, container) = (String(nested.dropLast(containerName.count)), try archive.requiredMember(nested))
        } else {
            throw .damaged("no \(containerName) in the archive")
        }
        let packagePath = try root + Self.packagePath(container)
        let packageBytes = try archive.requiredMember(packagePath)
        let package = try Package(packageBytes)
        let metadata = try DublinCore(packageBytes, member: packagePath)
        let folder = packagePath.lastIndex(of: "/").map { String(packagePath[...$0]) } ?? ""
        let encrypted = try archive.member(root + "META-INF/encryption.xml").map { bytes throws(ExtractionFailure) in
            try Self.encryptedPaths(bytes, root: root)
        } ?? []
        let html = HTMLFormat()
        var body = ""
        for href in package.spine {
            let path = Self.resolve(href, in: folder)
            if encrypted.contains(path) { throw .encrypted }
            guard let chapter = try archive.member(path) else { continue }
            let text = html.document(fromHTML: TextDecoding.decode(chapter).text).body
            guard text.contains(where: { !$0.isWhitespace }) else { continue }
            if !body.isEmpty, body.last != "\n" { body += "\n" }
            body += text
        }
        return ExtractedFile(document: ExtractedDocument(
            title: metadata.title ?? PlainTextFormat.leadingTitle(of: body), body: body,
            date: metadata.date, author: metadata.author
        ))
    }

    /// The path of the OPF package, from the first `rootfile` of `container.xml`.
    private static func packagePath(_ container: [UInt8]) throws(ExtractionFailure) -> String {
        var path: String?
        try XMLStream.read(container, member: "META-INF/container.xml") { event, reader in
            if path == nil, case .start(let name) = event, name == XMLName(.container, "rootfile") {
                path = reader.attribute("full-path")
            }
            return .enter
        }
        guard let path, !path.isEmpty else { throw .damaged("META-INF/container.xml names no package") }
        return path
    }

    /// The chapters of an OPF package: its spine's items, in reading order.
    private struct Package {
        var spine: [String] = []

        init(_ bytes: [UInt8]) throws(ExtractionFailure) {
            var manifest: [String: String] = [:]
            var order: [String] = []
            try XMLStream.read(bytes, member: "the OPF package") { event, reader in
                guard case .start(let name) = event, name.namespace == XMLNamespace.opf.rawValue else { return .enter }
                switch name.local {
                case "item":
                    if let id = reader.attribute("id"), let href = reader.attribute("href") { manifest[id] = href }
                case "itemref":
                    // Non-linear items (notes, covers reached by links) still hold the book's text.
                    if let id = reader.attribute("idref") { order.append(id) }
                default: break
                }
                return .enter
            }
            spine = order.compactMap { manifest[$0] }
            if spine.isEmpty { throw .damaged("the OPF package has an empty spine") }
        }
    }

    /// Resources encrypted by DRM, from `META-INF/encryption.xml`: font obfuscation is
    /// harmless, an encrypted chapter makes the book unreadable.
    private static func encryptedPaths(_ bytes: [UInt8], root: String) throws(ExtractionFailure) -> Set<String> {
        var paths: Set<String> = []
        try XMLStream.read(bytes, member: "META-INF/encryption.xml") { event, reader in
            if case .start(let name) = event, name.local == "CipherReference", let uri = reader.attribute("URI") {
                paths.insert(resolve(uri, in: root))
            }
            return .enter
        }
        return paths
    }

    /// A manifest `href` (relative to the package's folder, percent-encoded, perhaps with
    /// `..` or a fragment) as a path inside the archive.
    static func resolve(_ href: String, in folder: String) -> String {
        let withoutFragment = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? href
        var components: [Substring] = []
        for component in (folder + percentDecoded(withoutFragment)).split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    private static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            let high = utf8.next(), low = utf8.next()
            if let high, let low, let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
                if let high { bytes.append(high) }
                if let low { bytes.append(low) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
