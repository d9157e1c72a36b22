import Foundation
import FuretIndex
import Glibc
import Logging

/// Opens the daemon's index, setting a damaged one aside and starting a new one from the
/// roots, as GNOME Tracker does: search must work, and the damaged file stays for a look.
///
/// Damage is found by SQLite's errors when opening, by `PRAGMA quick_check`, or by a mark a
/// previous run left on meeting `SQLITE_CORRUPT` while serving (some damage, inside FTS5's
/// records, only shows when a query or a write reaches it).
enum IndexOpening {
    struct Opened {
        var index: SearchIndex
        /// What was found and done, for `status`; `nil` when the index was sound.
        var problem: IndexProblem?
    }

    /// The file whose presence says the index met damage while serving.
    static func damageMark(for indexPath: String) -> String { indexPath + ".damaged" }

    /// Records that the index at `indexPath` is damaged, for the next start.
    static func markDamaged(_ indexPath: String) {
        let descriptor = Glibc.open(damageMark(for: indexPath), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if descriptor >= 0 { close(descriptor) }
    }

    /// Opens the index at `path`, replacing it with a new one (with the roots it remembered,
    /// when they can still be read) if it is damaged.
    /// - Throws: ``DaemonError/cannotOpenIndex(path:reason:)`` for any other failure.
    static func open(_ path: String, logger: Logger) throws -> Opened {
        var roots: [String] = []
        let reason: String
        do {
            let index = try SearchIndex(path: path, logger: logger)
            let damage = try index.quickCheck()
            let marked = access(damageMark(for: path), F_OK) == 0
            if damage.isEmpty, !marked { return Opened(index: index) }
            roots = (try? index.roots()) ?? []
            reason = marked ? "SQLite reported damage while serving" : "quick_check: " + damage.prefix(3).joined(separator: "; ")
        } catch where StorageError(error) == .corrupt {
            reason = "\(error)"
            roots = SearchIndex.salvageRoots(path: path)
        } catch {
            throw DaemonError.cannotOpenIndex(path: path, reason: "\(error)")
        }
        let aside = path + ".corrupt-" + Self.timestamp()
        for suffix in IndexLocation.companionSuffixes { _ = rename(path + suffix, aside + suffix) }
        unlink(damageMark(for: path))
        logger.error("the index is damaged: set aside, rebuilding it from the roots", metadata: [
            "index": "\(path)", "set_aside": "\(aside)", "reason": "\(reason)", "roots_kept": "\(roots.count)",
        ])
        do {
            try IndexLocation.prepare(path)
            let index = try SearchIndex(path: path, logger: logger)
            try index.addRoots(roots)
            let lost = roots.isEmpty ? "; its roots could not be read: give them again (furet index PATH…)" : ""
            let problem = IndexProblem(
                reason: .indexCorrupt,
                message: "the index was damaged (\(reason)); set aside as \(aside) and rebuilt from the roots\(lost)",
                filesNotIndexed: nil, since: WallClock.now())
            return Opened(index: index, problem: problem)
        } catch {
            throw DaemonError.cannotOpenIndex(path: path, reason: "\(error)")
        }
    }

    /// `20261206T221500Z`: when the file was set aside, sortable.
    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
