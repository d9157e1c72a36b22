import Foundation

/// What a benchmark result depends on besides the code: the machine and its load.
enum MachineInfo {
    /// The processor's model name, from `/proc/cpuinfo`.
    static func cpu() -> String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = info.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) }
            ?? "unknown"
    }

    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The 1, 5 and 15-minute load averages, from `/proc/loadavg`.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
