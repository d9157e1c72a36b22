import Foundation

/// Runs `fts5-baseline` (built from `Tools/fts5-baseline.c`): raw SQLite FTS5 with the
/// `unicode61 remove_diacritics 2` tokenizer, the reference Furet's indexing is measured against.
struct RawFTS5Baseline {
    /// The compiled program.
    let program: String

    /// Indexes the files at `paths` into a new database at `database`.
    ///
    /// - Throws: ``BenchError/baselineFailed(status:output:)`` when the program fails or
    ///   prints something unexpected.
    func index(_ paths: [String], into database: String) throws -> IndexingMeasurement {
        let list = database + ".paths"
        try Data(paths.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: list))
        defer { try? FileManager.default.removeItem(atPath: list) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = [database]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: list))
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError.baselineFailed(status: process.terminationStatus, output: String(decoding: complaint, as: UTF8.self))
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let result = try? decoder.decode(Output.self, from: printed), result.documents == paths.count else {
            throw BenchError.baselineFailed(status: 0, output: String(decoding: printed, as: UTF8.self))
        }
        return IndexingMeasurement(seconds: result.seconds, textBytes: result.bytes, indexBytes: result.indexBytes)
    }

    /// The JSON line the program prints.
    private struct Output: Decodable {
        var documents: Int
        var seconds: Double
        var bytes: Int
        var indexBytes: Int
    }
}
