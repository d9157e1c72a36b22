import FoundationEssentials
import FuretProtocol
import Glibc

/// The hits of the last search, kept for `furet open N`.
///
/// Stored in `$XDG_RUNTIME_DIR/furet/last-search.json` (a per-session, memory-backed folder),
/// else `$XDG_CACHE_HOME/furet/`, else `~/.cache/furet/`; the folder is owner-only and the
/// file `0600`: paths and snippets say what the user looked for.
struct LastSearch: Codable {
    var hits: [SearchHit]

    static let fileName = "last-search.json"

    /// The file's path; `nil` when neither the runtime folder nor a home is known.
    static func path(environment: [String: String]) -> String? {
        let folder: String? = if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            runtime + "/furet"
        } else if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            cache + "/furet"
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            home + "/.cache/furet"
        } else {
            nil
        }
        return folder.map { "\($0)/\(fileName)" }
    }

    /// Writes the hits, replacing the file at once (a reader never sees half of it).
    func save(environment: [String: String]) throws(ClientError) {
        guard let path = Self.path(environment: environment) else { throw .noLastSearchFolder }
        let folder = String(path[..<path.lastIndex(of: "/")!])
        // An existing folder keeps its mode: it may be furetd's socket folder, owner-only already.
        guard mkdir(folder, 0o700) == 0 || errno == EEXIST else { throw .systemCall("mkdir \(folder)", errno: errno) }
        let bytes: [UInt8]
        do { bytes = try WireJSON.encode(self) } catch { throw .systemCall("encode the hits", errno: EINVAL) }
        let temporary = path + ".\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw .systemCall("open \(temporary)", errno: errno) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                if count < 0, errno == EINTR { continue }
                let error = errno
                close(descriptor)
                unlink(temporary)
                throw .systemCall("write \(temporary)", errno: error)
            }
            written += count
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let error = errno
            unlink(temporary)
            throw .systemCall("rename \(temporary)", errno: error)
        }
    }

    /// The hits of the last search.
    /// - Throws: ``ClientError/noLastSearch(_:)`` when no search was saved.
    static func load(environment: [String: String]) throws(ClientError) -> LastSearch {
        guard let path = path(environment: environment) else { throw .noLastSearchFolder }
        guard let file = fopen(path, "r") else {
            guard errno == ENOENT else { throw .systemCall("open \(path)", errno: errno) }
            throw .noLastSearch(path)
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        do {
            return try JSONDecoder().decode(LastSearch.self, from: Data(bytes))
        } catch {
            throw .unreadableLastSearch(path)
        }
    }
}
