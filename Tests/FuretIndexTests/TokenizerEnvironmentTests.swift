import Glibc
import GRDB
import Testing
@testable import FuretIndex

@Suite struct TokenizerEnvironmentTests {
    @Test func aConnectionsEnvironmentLeavesTheRegistryWithIt() throws {
        let environment = TokenizerEnvironment(accents: AccentVocabulary(), words: FuzzyVocabulary(), replays: TermReplays())
        var queue: DatabaseQueue? = try DatabaseQueue(configuration: SearchIndex.configuration(environment))
        let key = try #require(queue).read { db in ObjectIdentifier(db) }
        let isRegistered = { TokenizerEnvironment.registered(forKey: key)?.replays === environment.replays }
        #expect(isRegistered())

        queue = nil
        // GRDB may release the connection a moment later, on its own queue. Another test's
        // connection may have taken the address since, never this environment.
        for _ in 0..<5_000 where isRegistered() { usleep(1_000) }
        #expect(!isRegistered())
    }
}
