import Foundation
import FuretDocuments
import Testing

@Suite struct PathRulesTests {
    @Test(arguments: [
        (".hidden.txt", true), (".git", true), (".a.txt.swp", true), ("a.txt~", true),
        ("#a.txt#", true), ("a.txt", false), ("#", false), ("notes#1.txt", false), ("a~b.txt", false),
    ])
    func hiddenFilesAndLeftoversAreRecognized(name: String, ignored: Bool) {
        #expect(PathRules.isIgnored(name: name) == ignored)
    }

    /// The scan applies the rule to every name below the root, never to the root's own path.
    @Test func anIgnoredComponentAnywhereBelowTheRootIgnoresThePath() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(".furet-rules-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for folder in ["/.git", "/a"] {
            try FileManager.default.createDirectory(atPath: root + folder, withIntermediateDirectories: true)
        }
        for file in ["/.git/HEAD", "/a/#b.txt#", "/a/b.txt", "/a/#"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: root + file))
        }
        let found = FileSystem.scan(root).map { String($0.path.dropFirst(root.count)) }
        #expect(found.sorted() == ["/a/#", "/a/b.txt"])
    }
}
