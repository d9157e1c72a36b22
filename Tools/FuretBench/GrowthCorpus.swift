import Foundation
import FuretDocuments
import FuretIndex

/// Corpora of a chosen number of documents derived from eltec-fr, to see how costs grow
/// with the number of documents.
///
/// Every chapter file of the source (sorted by path) is split on blank lines into paragraphs,
/// and paragraphs under ``minimumParagraphBytes`` (headings, short lines of dialogue) are
/// dropped. Document `i` (from 0) of a corpus is paragraph `i mod P` (`P` paragraphs in all),
/// written as `repNN/<novel>/<chapter>-<paragraph>.txt` with `NN = i / P + 1`: once the
/// paragraphs run out they are written again under new names, so a corpus larger than `P`
/// repeats its text (every copy is still a document to index, score and return).
///
/// A corpus of `size` documents is the folder `<directory>/<size>`, made once and reused. It
/// is written in `<directory>/.partial-<size>` and renamed when complete, so an interrupted
/// generation is never mistaken for a corpus.
struct GrowthCorpus {
    static let minimumParagraphBytes = 200

    /// The folder holding the corpora.
    let directory: String
    /// The source's paragraphs: a path without extension relative to a `repNN` folder, and
    /// the text.
    let paragraphs: [(name: String, text: String)]

    /// Reads and splits the `.txt` files of `source`.
    ///
    /// - Throws: ``BenchError/badInput(path:reason:)`` when no paragraph is long enough.
    init(source: String, directory: String) throws {
        guard let root = FileSystem.resolve(source) else { throw BenchError.badInput(path: source, reason: "no such folder") }
        let files = FileSystem.scan(root).map(\.path).filter { $0.hasSuffix(".txt") }.sorted()
        var paragraphs: [(name: String, text: String)] = []
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw BenchError.badInput(path: file, reason: "not UTF-8 text")
            }
            let stem = String(file.dropFirst(root.count + 1).dropLast(".txt".count))
            let kept = Self.paragraphs(of: text).filter { $0.utf8.count >= Self.minimumParagraphBytes }
            for (number, paragraph) in kept.enumerated() {
                paragraphs.append((name: "\(stem)-\(number + 1)", text: paragraph + "\n"))
            }
        }
        guard !paragraphs.isEmpty else { throw BenchError.badInput(path: source, reason: "no paragraph to derive documents from") }
        self.directory = directory
        self.paragraphs = paragraphs
    }

    /// The folder of the corpus of `size` documents, made first when missing; and the seconds
    /// spent making it (`nil` when reused). A corpus made elsewhere may be linked in: the path
    /// returned is then the symlink's target.
    func folder(size: Int) throws -> (path: String, generationSeconds: Double?) {
        let folder = "\(directory)/\(size)"
        if let existing = FileSystem.resolve(folder), FileSystem.isDirectory(existing) { return (existing, nil) }
        let start = ContinuousClock.now
        let partial = "\(directory)/.partial-\(size)"
        try? FileManager.default.removeItem(atPath: partial)
        Console.report("writing \(Format.count(size)) documents into \(folder)…")
        var madeFolder = ""
        for document in 0..<size {
            let (copy, index) = document.quotientAndRemainder(dividingBy: paragraphs.count)
            let path = partial + String(format: "/rep%02d/", copy + 1) + paragraphs[index].name + ".txt"
            let parent = (path as NSString).deletingLastPathComponent
            if parent != madeFolder {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                madeFolder = parent
            }
            try NewFile.write(paragraphs[index].text, to: path)
        }
        try FileManager.default.moveItem(atPath: partial, toPath: folder)
        return (folder, (ContinuousClock.now - start).seconds)
    }

    /// The paragraphs of `text`: runs of non-blank lines, joined by `\n`.
    private static func paragraphs(of text: String) -> [String] {
        var paragraphs: [String] = []
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !lines.isEmpty { paragraphs.append(lines.joined(separator: "\n")) }
                lines = []
            } else {
                lines.append(line)
            }
        }
        if !lines.isEmpty { paragraphs.append(lines.joined(separator: "\n")) }
        return paragraphs
    }
}
