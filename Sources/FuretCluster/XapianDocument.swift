import CXapian

/// A document being built for a shard: terms with positions and within-document
/// frequencies, boolean terms, values and stored data.
final class XapianDocument {
    let handle: OpaquePointer

    init() throws(XapianError) {
        guard let handle = cx_document_new() else { throw XapianError(kind: .other, message: "out of memory") }
        self.handle = handle
    }

    deinit { cx_document_free(handle) }

    /// Adds `term` at `position`, raising its within-document frequency by `wdf`.
    func addPosting(_ term: UnsafeBufferPointer<UInt8>, position: UInt32, wdf: UInt32) throws(XapianError) {
        try XapianError.checkStatus { error in
            term.withMemoryRebound(to: CChar.self) { cx_document_add_posting(handle, $0.baseAddress, $0.count, position, wdf, error) }
        }
    }

    /// Adds a term without position (`wdf` 0: a boolean filter term).
    func addTerm(_ term: String, wdf: UInt32 = 0) throws(XapianError) {
        try XapianError.checkStatus { error in
            Array(term.utf8).withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { cx_document_add_term(handle, $0.baseAddress, $0.count, wdf, error) }
            }
        }
    }

    func setData(_ data: [UInt8]) {
        data.withUnsafeBytes { cx_document_set_data(handle, $0.baseAddress, $0.count) }
    }

    func setValue(_ value: [UInt8], slot: UInt32) {
        value.withUnsafeBytes { cx_document_set_value(handle, slot, $0.baseAddress, $0.count) }
    }

    /// Xapian's sortable encoding of a number (value ranges compare it bytewise).
    static func sortable(_ value: Double) -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: 18)
        let length = cx_sortable_serialise(value, &buffer)
        return buffer.prefix(length).map { UInt8(bitPattern: $0) }
    }
}
