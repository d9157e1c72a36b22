import Foundation

/// The memory of a running process, from `/proc/PID/status`.
struct ProcessMemory: Codable {
    /// The resident set size now (`VmRSS`).
    var residentBytes: Int
    /// The largest resident set size since the process started (`VmHWM`, the high-water mark).
    var peakResidentBytes: Int
    /// The part of ``residentBytes`` that is anonymous memory (`RssAnon`: heap, stacks), as
    /// opposed to mapped files (the executable, libraries, dictionaries).
    var anonymousBytes: Int

    /// The memory of process `pid`, or `nil` when it is gone.
    static func read(pid: Int32) -> ProcessMemory? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        var fields: [Substring: Int] = [:]
        for line in status.split(separator: "\n") where line.hasPrefix("Vm") || line.hasPrefix("Rss") {
            // "VmRSS:	  138632 kB"
            let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\t" })
            if parts.count >= 2, let kilobytes = Int(parts[1]) { fields[parts[0]] = kilobytes * 1024 }
        }
        guard let resident = fields["VmRSS"], let peak = fields["VmHWM"], let anonymous = fields["RssAnon"] else { return nil }
        return ProcessMemory(residentBytes: resident, peakResidentBytes: peak, anonymousBytes: anonymous)
    }
}
