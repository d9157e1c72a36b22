/// A PDF written from its objects (numbered from 1 in order, the first being the catalog),
/// with a correct cross-reference table: for tests that need a PDF of a precise structure.
enum MinimalPDF {
    /// `info` is the number of the document information dictionary's object, if any.
    static func make(_ objects: [String], info: Int? = nil) -> [UInt8] {
        var pdf = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(pdf.count)
            pdf += Array("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8)
        }
        let table = pdf.count
        pdf += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets {
            let digits = String(offset)
            pdf += Array((String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n").utf8)
        }
        let infoEntry = info.map { "/Info \($0) 0 R" } ?? ""
        pdf += Array("trailer\n<</Size \(objects.count + 1)/Root 1 0 R\(infoEntry)>>\nstartxref\n\(table)\n%%EOF\n".utf8)
        return pdf
    }

    /// A content stream object showing `text` (PDF string syntax) with font `/F1`.
    static func showing(_ text: String) -> String {
        let content = "BT /F1 24 Tf 72 700 Td (\(text)) Tj ET"
        return "<</Length \(content.utf8.count)>>\nstream\n\(content)\nendstream"
    }
}
