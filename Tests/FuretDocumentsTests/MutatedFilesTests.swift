import Testing
@testable import FuretDocuments
@testable import FuretIsolatedFormats

/// Real files of each isolated format, mutated at random (bytes flipped, runs deleted or
/// repeated, cut short): each format reads them or gives a failure that fits a broken
/// container (never `binary` or `no_text_layer`). The helper would survive a crash, but
/// none should happen in the first place.
@Suite struct MutatedFilesTests {
    @Test(arguments: IsolatedFormatsTests.fixtures)
    func mutationsGiveADocumentOrATypedFailure(format name: String, fixture: String) throws {
        let format = try #require(IsolatedFormats.format(named: name))
        let seed = try Fixture.bytes(fixture)
        var mutation = Mutation(seed: 0xF0E1_D2C3)
        var kinds: Set<String> = []
        for _ in 0..<1_000 {
            let bytes = mutation.mutated(seed, changes: 4)
            do {
                _ = try format.extract(bytes)
            } catch {
                kinds.insert(error.kind)
            }
        }
        #expect(!kinds.isEmpty)
        #expect(kinds.isSubset(of: ["damaged", "too_large", "unsupported", "encrypted"]), "\(kinds)")
    }
}
