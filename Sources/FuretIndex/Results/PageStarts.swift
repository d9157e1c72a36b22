import FuretDocuments

/// Where each page of a paged body starts, to cite the page of a hit without reading the body
/// up to it: stored in `documents.page_starts`.
///
/// Page 1 starts at byte 0; the blob holds the byte offset of every later page (just after
/// its U+000C) as 4-byte little-endian integers. Labels, when the document has its own, are
/// kept beside it in `documents.page_labels`, separated by ``separator``.
package struct PageStarts: Equatable {
    /// Separates page labels in `documents.page_labels` (U+001F, which no label holds).
    static let separator: Character = "\u{1F}"

    /// Byte offsets of pages 2, 3, …
    private(set) var starts: [Int]
    private(set) var labels: [String]?

    /// The pages of `body`, cut at U+000C.
    package init(body: String, labels: [String]?) {
        var starts: [Int] = []
        // A loop over the contiguous UTF-8 (a native string's own, not copied): enumerating
        // the `utf8` view steps its index byte by byte, about 4 ms a megabyte of PDF text.
        var text = body
        text.withUTF8 { bytes in
            for offset in bytes.indices where bytes[offset] == ExtractedDocument.pageBreakByte {
                starts.append(offset + 1)
            }
        }
        self.starts = starts
        self.labels = labels
    }

    /// The stored form; `nil` when the bytes are not a list of offsets.
    package init?(encoded bytes: UnsafeRawBufferPointer, labels: String?) {
        guard bytes.count % 4 == 0 else { return nil }
        starts = (0..<bytes.count / 4).map { Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        self.labels = labels.map { $0.split(separator: Self.separator, omittingEmptySubsequences: false).map(String.init) }
    }

    package var encoded: [UInt8] {
        starts.flatMap { offset in withUnsafeBytes(of: UInt32(offset).littleEndian, Array.init) }
    }

    package var encodedLabels: String? {
        labels?.joined(separator: String(Self.separator))
    }

    /// The 1-based page holding byte `offset` of the body, and its label if it has its own.
    package func page(at offset: Int) -> (number: Int, label: String?) {
        // Pages before the one holding `offset`: starts at or before it.
        var (low, high) = (0, starts.count)
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        let number = low + 1
        let label = labels.flatMap { number <= $0.count ? $0[number - 1] : nil }
        return (number, label)
    }
}
