import FuretProtocol
import Glibc

/// One line telling how far the indexing of a root has gone, as `furet index` draws it while
/// waiting and `furet status` lists it:
///
/// ```
/// /home/ana/notes: indexing [######--------------] 120/400 files, 3.1/9.8 MB, 1.2 MB/s, 6 s left, 2 skipped
/// /home/ana/notes: done, 400 files read in 8.2 s (2 skipped, 31 unchanged)
/// ```
///
/// Rate and time left come from the bytes read since the indexing began: files differ too
/// much in size for their count to predict the rest.
struct ProgressLine {
    static let barWidth = 20

    let progress: IndexStatus.Progress
    /// Seconds since 1970, on the clock the daemon stamps `started_at` with (the same machine's).
    var now = Self.timeOfDay()

    var text: String {
        let head = "\(progress.root): \(progress.phase)"
        switch progress.phase {
        case "indexing":
            var parts = ["\(bar) \(progress.filesDone)/\(counted(progress.filesTotal, "file"))",
                         "\(megabytes(progress.bytesDone))/\(megabytes(progress.bytesTotal)) MB"]
            let elapsed = now - (progress.startedAt ?? now)
            if elapsed > 0.5, progress.bytesDone > 0 {
                let rate = Double(progress.bytesDone) / elapsed
                parts.append("\(megabytes(Int(rate))) MB/s")
                parts.append("\(Int((Double(progress.bytesTotal - progress.bytesDone) / rate).rounded(.up))) s left")
            }
            if progress.skipped > 0 { parts.append("\(progress.skipped) skipped") }
            return head + " " + parts.joined(separator: ", ")
        case "done":
            let seconds = ((progress.finishedAt ?? now) - (progress.startedAt ?? now)) * 10
            let outcome = progress.failed ? ", stopped before its end (see errors)" : ""
            return "\(head)\(outcome), \(counted(progress.filesDone, "file")) read in \(seconds.rounded() / 10) s"
                + " (\(progress.skipped) skipped, \(progress.unchanged) unchanged)"
        default:
            return head
        }
    }

    /// `[####----]`, filled in proportion to the bytes read (to the files when there are no bytes).
    private var bar: String {
        let (done, total) = progress.bytesTotal > 0
            ? (progress.bytesDone, progress.bytesTotal) : (progress.filesDone, progress.filesTotal)
        let filled = total > 0 ? min(Self.barWidth, done * Self.barWidth / total) : Self.barWidth
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: Self.barWidth - filled) + "]"
    }

    private static func timeOfDay() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Bytes as megabytes with one decimal.
    private func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + (1 << 19)) >> 20
        return "\(tenths / 10).\(tenths % 10)"
    }
}
