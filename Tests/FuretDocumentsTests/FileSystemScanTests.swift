import Foundation
import FuretDocuments
import Testing

/// The scan lists folders on several threads, yet gives files in the order of one thread going
/// depth first: a folder's files together, before those of the folders under it, and each
/// folder's tree together.
@Suite struct FileSystemScanTests {
    @Test func filesComeFolderByFolderBeforeTheFoldersUnderThem() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("furet-scan-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var expected: [String] = []
        for top in 0..<6 {
            for inner in 0..<5 {
                let folder = "/\(top)/\(inner)" + (inner % 2 == 0 ? "/deeper" : "")
                try FileManager.default.createDirectory(atPath: root + folder, withIntermediateDirectories: true)
                for file in 0..<7 {
                    let path = folder + "/f\(file).txt"
                    try Data("x".utf8).write(to: URL(fileURLWithPath: root + path))
                    expected.append(path)
                }
            }
            try Data("y".utf8).write(to: URL(fileURLWithPath: root + "/\(top)/top.txt"))
            expected.append("/\(top)/top.txt")
        }
        try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)

        let found = FileSystem.scan(root).map { String($0.path.dropFirst(root.count)) }
        #expect(found.sorted() == expected.sorted())
        #expect(FileSystem.scan(root).map { String($0.path.dropFirst(root.count)) } == found)
        let folders = found.map { ($0 as NSString).deletingLastPathComponent }
        // Each folder's files are together…
        var seen: Set<String> = []
        for (index, folder) in folders.enumerated() where index == 0 || folders[index - 1] != folder {
            #expect(seen.insert(folder).inserted, "\(folder)'s files are split")
        }
        // …before any file of a folder under it…
        for (index, folder) in folders.enumerated() {
            #expect(!folders[..<index].contains { $0.hasPrefix(folder + "/") }, "\(found[index]) comes after files under its folder")
        }
        // …and a folder's whole tree is together, as one thread going depth first gives it.
        let tops = found.map { $0.split(separator: "/").first.map(String.init) ?? "" }
        var topsSeen: Set<String> = []
        for (index, top) in tops.enumerated() where index == 0 || tops[index - 1] != top {
            #expect(topsSeen.insert(top).inserted, "the files under /\(top) are split")
        }
    }
}
