import Testing
import FuretDocuments

@Suite struct PathRulesTests {
    @Test(arguments: [
        (".hidden.txt", true), (".git", true), (".a.txt.swp", true), ("a.txt~", true),
        ("#a.txt#", true), ("a.txt", false), ("#", false), ("notes#1.txt", false), ("a~b.txt", false),
    ])
    func hiddenFilesAndLeftoversAreRecognized(name: String, ignored: Bool) {
        #expect(PathRules.isIgnored(name: name) == ignored)
    }

    @Test func anIgnoredComponentAnywhereBelowTheRootIgnoresThePath() {
        #expect(PathRules.isIgnored(path: "/r/.git/HEAD", under: "/r"))
        #expect(PathRules.isIgnored(path: "/r/a/#b.txt#", under: "/r"))
        #expect(!PathRules.isIgnored(path: "/.r/a/b.txt", under: "/.r"))
    }
}
