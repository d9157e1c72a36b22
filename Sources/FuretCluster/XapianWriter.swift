import CXapian

/// The writable database of one shard (a remote `xapian-tcpsrv --writable`, or a local
/// folder for benchmarks): Xapian allows one writer per database.
final class XapianWriter {
    private let handle: OpaquePointer

    init(remote address: ShardAddress, timeouts: ClusterTimeouts) throws(XapianError) {
        handle = try XapianError.check { error in
            cx_writer_open_remote(address.host, UInt32(address.port), timeouts.readMilliseconds, timeouts.connectMilliseconds, error)
        }
    }

    init(local path: String) throws(XapianError) {
        handle = try XapianError.check { cx_writer_open_local(path, $0) }
    }

    deinit { cx_writer_free(handle) }

    /// Replaces the document holding the unique term `id`, or adds it.
    func replace(id: String, with document: XapianDocument) throws(XapianError) {
        try XapianError.checkStatus { error in
            Array(id.utf8).withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { cx_writer_replace(handle, $0.baseAddress, $0.count, document.handle, error) }
            }
        }
    }

    /// Replaces the document holding the unique term `id`, or adds it, with a copy of
    /// `reader`'s document `document`: its terms, positions, values and data as they are.
    func copy(id: String, from reader: XapianReader, document: UInt32) throws(XapianError) {
        try XapianError.checkStatus { error in
            Array(id.utf8).withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { cx_writer_copy(handle, $0.baseAddress, $0.count, reader.handle, document, error) }
            }
        }
    }

    /// Deletes every document holding the term `id`.
    func delete(id: String) throws(XapianError) {
        try XapianError.checkStatus { error in
            Array(id.utf8).withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { cx_writer_delete(handle, $0.baseAddress, $0.count, error) }
            }
        }
    }

    /// Sets a user metadata entry of the database, written with the next commit (and
    /// replicated with it).
    func setMetadata(_ key: String, _ value: String) throws(XapianError) {
        try XapianError.checkStatus { error in
            cx_writer_set_metadata(handle, key, key.utf8.count, value, value.utf8.count, error)
        }
    }

    func commit() throws(XapianError) {
        try XapianError.checkStatus { cx_writer_commit(handle, $0) }
    }
}
