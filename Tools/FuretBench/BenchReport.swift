import Foundation
import FuretProtocol

/// The benchmark results file of `Tools/bench`: when and where it ran, and one entry per
/// section (`tokenizer`, `daemon_index`, `search_latency`, …).
///
/// ```json
/// {"date": "2025-…", "cpu": "…", "cores": 2, "sections": {"tokenizer": {…}}}
/// ```
///
/// Each section is written by one furet-bench command given `--json FILE`, which adds its
/// entry to the file (creating it when missing) and leaves the other sections alone. Later
/// commands read earlier sections back (`reconcile` compares with `daemon_index`, `summary`
/// reads them all) as the same types, their keys in snake case.
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
        var report = (try? load(path))
            ?? BenchReport(date: Date.now.formatted(.iso8601), cpu: MachineInfo.cpu(), cores: MachineInfo.cores, sections: [:])
        report.sections[name] = section
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(report).write(to: URL(fileURLWithPath: path))
    }

    /// The report at `path`.
    static func load(_ path: String) throws -> BenchReport {
        try JSONDecoder().decode(Self.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The section of the report at `path` holding a `Section`, or `nil` when it did not run.
    static func section<Section: BenchSection>(_ type: Section.Type, in path: String) throws -> Section? {
        try load(path).section(type)
    }

    /// The section holding a `Section`, or `nil` when it did not run.
    func section<Section: BenchSection>(_ type: Section.Type) throws -> Section? {
        guard let value = sections[Section.section] else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: JSONEncoder().encode(value))
    }
}

/// The results of one section of the report, decodable from it.
///
/// Property names must survive the round trip through snake case: `rssBytes`, not `RSSBytes`.
protocol BenchSection: Codable {
    /// The section's name in the report.
    static var section: String { get }
}
