/// Where a stored body's bytes are read from: memory, or the database in place
/// (``BodyBlob``).
protocol StoredBytes {
    var count: Int { get }
    /// Copies the bytes at `offset` into `buffer`, filling it; `false` when they cannot be read.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool
}

/// Stored bytes already in memory, borrowed for as long as they are read.
struct InMemoryBytes: StoredBytes {
    let bytes: UnsafeRawBufferPointer

    var count: Int { bytes.count }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        guard offset >= 0, offset + buffer.count <= bytes.count else { return false }
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + buffer.count)]))
        return true
    }
}
