import CZip
import FuretDocuments
import Glibc

/// A zip container (ODT, DOCX, EPUB) read from memory with libzip, with a guard against
/// zip bombs: a member whose declared uncompressed size is over ``Limits/member`` is
/// refused before it is opened, inflation stops at that limit whatever the member declares,
/// and all the members read from one archive share ``Limits/total``.
///
/// See <https://libzip.org/documentation/>.
final class ZipArchive {
    /// How much one archive may inflate.
    struct Limits: Sendable {
        /// Bytes of one member, uncompressed.
        var member: Int
        /// Bytes of all the members read from one archive, uncompressed.
        var total: Int

        /// 64 MiB a member, 256 MiB an archive: a 1,000-page book's XHTML is ~10 MB.
        static let standard = Limits(member: 64 << 20, total: 256 << 20)
    }

    private let archive: OpaquePointer
    private let limits: Limits
    private var inflated = 0

    /// Opens `bytes` as a zip archive.
    ///
    /// - Throws: ``ExtractionFailure/unsupported(_:)`` for an OLE2 file (a `.doc` named
    ///   `.docx`), ``ExtractionFailure/damaged(_:)`` for anything else that is not a zip.
    init(_ bytes: [UInt8], limits: Limits) throws(ExtractionFailure) {
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { throw .unsupported("an OLE2 (.doc-era) file, not a zip") }
        // libzip frees the copy with the source.
        guard let copy = malloc(max(bytes.count, 1)) else { throw .tooLarge("\(bytes.count) bytes cannot be copied") }
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { copy.copyMemory(from: base, byteCount: raw.count) }
        }
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let source = zip_source_buffer_create(copy, zip_uint64_t(bytes.count), 1, &error) else {
            free(copy)
            throw .damaged("zip source: \(String(cString: zip_error_strerror(&error)))")
        }
        guard let archive = zip_open_from_source(source, ZIP_RDONLY, &error) else {
            zip_source_free(source)
            throw .damaged("not a zip archive: \(String(cString: zip_error_strerror(&error)))")
        }
        self.archive = archive
        self.limits = limits
    }

    deinit {
        zip_discard(archive)
    }

    /// The name of the first member whose name ends with `suffix`, in the archive's order.
    func firstName(endingWith suffix: String) -> String? {
        let count = zip_get_num_entries(archive, 0)
        guard count > 0 else { return nil }
        for index in 0..<zip_uint64_t(count) {
            if let name = zip_get_name(archive, index, 0).map({ String(cString: $0) }), name.hasSuffix(suffix) {
                return name
            }
        }
        return nil
    }

    /// The uncompressed bytes of the member `name`; `nil` when there is none.
    ///
    /// - Throws: ``ExtractionFailure/tooLarge(_:)`` past a limit,
    ///   ``ExtractionFailure/encrypted`` for an encrypted member,
    ///   ``ExtractionFailure/damaged(_:)`` when it cannot be inflated (bad CRC, cut short).
    func member(_ name: String) throws(ExtractionFailure) -> [UInt8]? {
        let index = zip_name_locate(archive, name, 0)
        guard index >= 0 else { return nil }
        var stat = zip_stat_t()
        guard zip_stat_index(archive, zip_uint64_t(index), 0, &stat) == 0 else {
            throw .damaged("member \(name) has no readable entry")
        }
        if stat.valid & zip_uint64_t(ZIP_STAT_ENCRYPTION_METHOD) != 0, stat.encryption_method != UInt16(ZIP_EM_NONE) {
            throw .encrypted
        }
        let allowed = min(limits.member, limits.total - inflated)
        if stat.valid & zip_uint64_t(ZIP_STAT_SIZE) != 0, stat.size > UInt64(allowed) {
            throw .tooLarge("member \(name) declares \(stat.size) bytes, limit \(allowed)")
        }
        guard let file = zip_fopen_index(archive, zip_uint64_t(index), 0) else {
            throw .damaged("member \(name) cannot be opened: \(String(cString: zip_strerror(archive)))")
        }
        defer { zip_fclose(file) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(stat.size, UInt64(allowed))))
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress, zip_uint64_t($0.count)) }
            if count < 0 { throw .damaged("member \(name) cannot be inflated: \(String(cString: zip_file_strerror(file)))") }
            if count == 0 { break }
            // Whatever the member declared, stop at the limit.
            if bytes.count + Int(count) > allowed {
                throw .tooLarge("member \(name) inflates past \(allowed) bytes")
            }
            bytes += chunk[..<Int(count)]
        }
        inflated += bytes.count
        return bytes
    }

    /// The member `name`, which the format cannot do without.
    ///
    /// - Throws: ``ExtractionFailure/damaged(_:)`` when it is missing, and as ``member(_:)``.
    func requiredMember(_ name: String) throws(ExtractionFailure) -> [UInt8] {
        guard let bytes = try member(name) else { throw .damaged("no \(name) in the archive") }
        return bytes
    }
}
