import Foundation
import FuretProtocol

/// The benchmark results file of `Tools/bench`: when and where it ran, and one entry per
/// section (`tokenizer`, and later sections such as query latency or memory).
///
/// ```json
/// {"date": "2025-…", "cpu": "…", "cores": 2, "sections": {"tokenizer": {…}}}
/// ```
///
/// Each section is written by one furet-bench command given `--json FILE`, which adds its
/// entry to the file (creating it when missing) and leaves the other sections alone.
struct BenchReport: Codable {
    var date: String
    var cpu: String
    var cores: Int
    var sections: [String: JSONValue]

    /// Stores `result`, with snake-case keys, as the section `name` of the report at `path`.
    static func record(_ result: some Encodable, as name: String, in path: String) throws {
        let sectionEncoder = JSONEncoder()
        sectionEncoder.keyEncodingStrategy = .convertToSnakeCase
        let section = try JSONDecoder().decode(JSONValue.self, from: sectionEncoder.encode(result))
        var report = FileManager.default.contents(atPath: path).flatMap { try? JSONDecoder().decode(Self.self, from: $0) }
            ?? BenchReport(date: Date.now.formatted(.iso8601), cpu: MachineInfo.cpu(), cores: MachineInfo.cores, sections: [:])
        report.sections[name] = section
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(report).write(to: URL(fileURLWithPath: path))
    }
}
