/// A single pass over RTF bytes that keeps the text a reader sees and the `{\info}` fields.
///
/// Written for hostile input: each step consumes at least one byte (``steps`` never exceeds
/// the byte count, so it always terminates), group nesting is bounded, and numbers are
/// clamped. Byte text (`\'hh` and raw 8-bit bytes) is read as Windows-1252, the
/// `\ansicpg1252` of French documents; `\uN` gives Unicode, and the `\ucN` fallback
/// characters after it are skipped. See the RTF 1.9.1 specification.
struct RTFReader {
    private(set) var body = ""
    private(set) var title = ""
    private(set) var author = ""
    /// `{\creatim\yr…\mo…\dy…\hr…\min…}`, in that order.
    private(set) var created: [String: Int] = [:]
    /// Bytes consumed by the main loop, for the fuzz test's bound.
    private(set) var steps = 0

    /// Deeper nesting is refused: a real document nests a few dozen groups.
    static let maximumDepth = 512

    private enum Destination {
        case body, skip, info, title, author, creationTime
    }

    private struct Group {
        var destination = Destination.body
        /// Fallback characters after `\uN` (`\ucN`, 1 by default).
        var fallbackCount = 1
        /// Inside `\deleted` text (a tracked deletion).
        var deleted = false
    }

    /// Destinations whose content is never the document's text.
    private static let skipped: Set<String> = [
        "fonttbl", "colortbl", "stylesheet", "listtable", "listoverridetable", "revtbl", "rsidtbl",
        "generator", "pict", "object", "objdata", "fldinst", "header", "headerl", "headerr", "headerf",
        "footer", "footerl", "footerr", "footerf", "listtext", "pntext", "pntxta", "pntxtb", "xmlnstbl",
        "themedata", "colorschememapping", "datastore", "latentstyles", "filetbl", "sp", "shprslt", "nonshppict",
    ]

    /// Control words that stand for a character.
    private static let characters: [String: String] = [
        "par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n", "tab": "\t", "cell": "\t",
        "emdash": "\u{2014}", "endash": "\u{2013}", "lquote": "\u{2018}", "rquote": "\u{2019}",
        "ldblquote": "\u{201C}", "rdblquote": "\u{201D}", "bullet": "\u{2022}", "emspace": " ", "enspace": " ",
    ]

    private let bytes: [UInt8]
    private var position = 0
    private var stack: [Group] = []
    private var group = Group()
    /// Fallback characters still to skip after a `\uN`.
    private var pendingFallback = 0
    /// Bytes of the current run, decoded together when the run ends.
    private var pendingBytes: [UInt8] = []
    private var highSurrogate: UInt32?
    private var atGroupStart = false
    private var ignorableDestination = false

    /// Reads `bytes`, an RTF document.
    ///
    /// - Throws: ``ExtractionFailure/damaged(_:)`` when groups nest too deep or the file
    ///   ends inside a group (cut short, or still being written).
    init(_ bytes: [UInt8]) throws(ExtractionFailure) {
        self.bytes = bytes
        try read()
    }

    private mutating func read() throws(ExtractionFailure) {
        var opened = false
        while position < bytes.count {
            steps += 1
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "{"):
                flush()
                guard stack.count < Self.maximumDepth else { throw .damaged("groups nested deeper than \(Self.maximumDepth)") }
                stack.append(group)
                pendingFallback = 0
                atGroupStart = true
                ignorableDestination = false
                opened = true
            case UInt8(ascii: "}"):
                flush()
                guard let outer = stack.popLast() else { return }
                group = outer
                pendingFallback = 0
                atGroupStart = false
                if stack.isEmpty { return }
            case UInt8(ascii: "\\"):
                controlSequence()
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                continue
            default:
                atGroupStart = false
                append(byte: byte)
            }
        }
        flush()
        if !opened { throw .damaged("no group") }
        throw .damaged("cut short: \(stack.count) groups left open")
    }

    private mutating func controlSequence() {
        guard position < bytes.count else { return }
        let first = bytes[position]
        guard Self.isLetter(first) else {
            position += 1
            controlSymbol(first)
            return
        }
        let start = position
        while position < bytes.count, position - start < 32, Self.isLetter(bytes[position]) { position += 1 }
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        var parameter: Int?
        let negative = position < bytes.count && bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        let digitsStart = position
        var value = 0
        while position < bytes.count, position - digitsStart < 10, Self.isDigit(bytes[position]) {
            value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
            position += 1
        }
        if position > digitsStart { parameter = negative ? -value : value }
        if position < bytes.count, bytes[position] == UInt8(ascii: " ") { position += 1 }
        controlWord(word, parameter: parameter)
    }

    private mutating func controlSymbol(_ symbol: UInt8) {
        switch symbol {
        case UInt8(ascii: "'"):
            atGroupStart = false
            guard position + 1 < bytes.count, let high = Self.hexValue(bytes[position]), let low = Self.hexValue(bytes[position + 1]) else { return }
            position += 2
            append(byte: high << 4 | low)
        case UInt8(ascii: "*"):
            ignorableDestination = true
        case UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            atGroupStart = false
            append(byte: symbol)
        case UInt8(ascii: "~"):
            append(text: "\u{00A0}")
        case UInt8(ascii: "_"):
            append(text: "-")
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            append(text: "\n")
        default:
            // `\-` (optional hyphen) and unknown symbols are not text.
            atGroupStart = false
        }
    }

    private mutating func controlWord(_ word: String, parameter: Int?) {
        let isDestination = atGroupStart
        atGroupStart = false
        if isDestination {
            // A shape's text (`{\*\shpinst … {\shptxt …}}`, a text box) is the document's,
            // although its destination is marked ignorable; its properties (`\sp`) are not.
            if word == "shpinst" { return }
            if ignorableDestination || Self.skipped.contains(word) {
                // `{\*\unknown …}`: a reader that does not know the destination skips it.
                flush()
                group.destination = .skip
                return
            }
            switch (group.destination, word) {
            case (_, "info"): flush(); group.destination = .info; return
            // LibreOffice writes `{\author}` twice (creator, then last editor): the first counts.
            case (.info, "title"): group.destination = title.isEmpty ? .title : .skip; return
            case (.info, "author"): group.destination = author.isEmpty ? .author : .skip; return
            case (.info, "creatim"): group.destination = .creationTime; return
            case (.info, _): group.destination = .skip; return
            default: break
            }
        }
        switch word {
        case "u":
            guard let parameter else { return }
            // \uN is a signed 16-bit number: \u-3913 is U+F0B7.
            appendUnicode(UInt32(truncatingIfNeeded: parameter) & 0xFFFF)
            pendingFallback = group.fallbackCount
        case "uc":
            group.fallbackCount = min(max(parameter ?? 1, 0), 16)
        case "deleted":
            flush()
            group.deleted = parameter != 0
        case "plain":
            flush()
            group.deleted = false
        case "bin":
            // Binary data: skipped whole, whatever its length claims.
            position = min(bytes.count, position + max(parameter ?? 0, 0))
        case "yr", "mo", "dy", "hr", "min":
            if group.destination == .creationTime, let parameter { created[word] = parameter }
        default:
            if let text = Self.characters[word] { append(text: text) }
        }
    }

    private mutating func append(byte: UInt8) {
        if pendingFallback > 0 {
            pendingFallback -= 1
            return
        }
        pendingBytes.append(byte)
    }

    private mutating func append(text: String) {
        if pendingFallback > 0 {
            pendingFallback -= 1
            return
        }
        flush()
        emit(text)
    }

    private mutating func appendUnicode(_ unit: UInt32) {
        flush()
        if (0xD800...0xDBFF).contains(unit) {
            highSurrogate = unit
            return
        }
        var scalar = Unicode.Scalar(unit)
        if (0xDC00...0xDFFF).contains(unit), let high = highSurrogate {
            scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00))
        }
        highSurrogate = nil
        emit(String(scalar ?? "\u{FFFD}"))
    }

    private mutating func flush() {
        guard !pendingBytes.isEmpty else { return }
        let text = TextDecoding.decodeWindows1252(pendingBytes)
        pendingBytes.removeAll(keepingCapacity: true)
        emit(text)
    }

    private mutating func emit(_ text: String) {
        if group.deleted { return }
        switch group.destination {
        case .body: body += text
        case .title: title += text
        case .author: author += text
        case .skip, .info, .creationTime: break
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
