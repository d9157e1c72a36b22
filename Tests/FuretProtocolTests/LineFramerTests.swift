import FuretProtocol
import Testing

struct LineFramerTests {
    /// Appends `chunks` in order and returns every line available after each one.
    private func lines(_ chunks: [String], maxLineBytes: Int = LineFramer.defaultMaxLineBytes) throws -> [[String]] {
        var framer = LineFramer(maxLineBytes: maxLineBytes)
        return try chunks.map { chunk in
            framer.append(Array(chunk.utf8))
            var lines: [String] = []
            while let line = try framer.nextLine() {
                lines.append(String(decoding: line, as: UTF8.self))
            }
            return lines
        }
    }

    @Test func lineSplitAcrossChunks() throws {
        #expect(try lines([#"{"a""#, ":", "1}", "\n"]) == [[], [], [], [#"{"a":1}"#]])
    }

    @Test func severalLinesInOneChunk() throws {
        #expect(try lines(["a\nbb\nccc", "\n"]) == [["a", "bb"], ["ccc"]])
    }

    @Test func carriageReturnBeforeNewlineIsDropped() throws {
        #expect(try lines(["a\r\nb\r", "\n", "c\rd\n"]) == [["a"], ["b"], ["c\rd"]])
    }

    @Test func emptyLines() throws {
        #expect(try lines(["\n\r\n", "\n"]) == [["", ""], [""]])
    }

    @Test func scalarSplitAcrossChunks() throws {
        var framer = LineFramer()
        let bytes = Array("l'été\n".utf8)
        framer.append(bytes[..<3])
        #expect(try framer.nextLine() == nil)
        framer.append(bytes[3...])
        #expect(try framer.nextLine() == Array("l'été".utf8))
    }

    @Test func lineAtTheLimitIsAccepted() throws {
        #expect(try lines(["12345678", "\n"], maxLineBytes: 8) == [[], ["12345678"]])
    }

    @Test func unterminatedLineOverTheLimitThrows() throws {
        var framer = LineFramer(maxLineBytes: 8)
        framer.append(Array("1234".utf8))
        #expect(try framer.nextLine() == nil)
        framer.append(Array("56789".utf8))
        #expect(throws: FramingError.lineTooLong) { try framer.nextLine() }
        // The stream cannot be resynchronised: a newline does not help.
        framer.append(Array("\nok\n".utf8))
        #expect(throws: FramingError.lineTooLong) { try framer.nextLine() }
    }

    @Test func terminatedLineOverTheLimitThrows() throws {
        var framer = LineFramer(maxLineBytes: 8)
        framer.append(Array("ok\n123456789\n".utf8))
        #expect(try framer.nextLine() == Array("ok".utf8))
        #expect(throws: FramingError.lineTooLong) { try framer.nextLine() }
    }

    @Test func limitCountsOnlyTheCurrentLine() throws {
        // 3 lines of 6 bytes: 18 bytes buffered in all, each line under the limit of 8.
        #expect(try lines(["abcdef\nabcdef\nabcdef\n"], maxLineBytes: 8) == [["abcdef", "abcdef", "abcdef"]])
    }

    @Test func longLineByteByByte() throws {
        let long = String(repeating: "é", count: 50_000)
        var framer = LineFramer()
        for byte in (long + "\nnext\n").utf8 {
            framer.append(CollectionOfOne(byte))
            if let line = try framer.nextLine() {
                #expect(line == Array(long.utf8))
                break
            }
        }
        #expect(try framer.nextLine() == nil)
        framer.append(Array("next\n".utf8))
        #expect(try framer.nextLine() == Array("next".utf8))
    }

    @Test func manyLinesInOddChunks() throws {
        let expected = (0..<1_000).map { "line \($0)" }
        let stream = Array(expected.map { $0 + "\n" }.joined().utf8)
        var framer = LineFramer()
        var received: [String] = []
        for chunkStart in stride(from: 0, to: stream.count, by: 7) {
            framer.append(stream[chunkStart..<min(chunkStart + 7, stream.count)])
            while let line = try framer.nextLine() {
                received.append(String(decoding: line, as: UTF8.self))
            }
        }
        #expect(received == expected)
    }
}
