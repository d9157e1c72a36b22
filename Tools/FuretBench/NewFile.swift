import Glibc

/// Writing a file as an application saves a new document: create, write, `close()`.
enum NewFile {
    /// Creates `path` (which must not exist) holding `text`, and closes it.
    ///
    /// - Throws: ``BenchError/systemCall(_:errno:)``.
    static func write(_ text: String, to path: String) throws(BenchError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .systemCall("open \(path)", errno: errno) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else {
                guard errno == EINTR else {
                    let error = errno
                    close(descriptor)
                    throw .systemCall("write \(path)", errno: error)
                }
                continue
            }
            bytes = bytes.dropFirst(count)
        }
        guard close(descriptor) == 0 else { throw .systemCall("close \(path)", errno: errno) }
    }
}
