/// A Markdown table: the first column left-aligned (labels), the others right-aligned (numbers).
///
/// ```swift
/// var table = MarkdownTable(header: ["kind", "queries"])
/// table.append(["orig", "120"])
/// print(table.rendered)
/// ```
struct MarkdownTable {
    let header: [String]
    private(set) var rows: [[String]] = []

    init(header: [String]) {
        self.header = header
    }

    mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "a row needs one cell per column")
        rows.append(row)
    }

    var rendered: String {
        let separator = ["---"] + Array(repeating: "---:", count: header.count - 1)
        return ([header, separator] + rows)
            .map { "| " + $0.joined(separator: " | ") + " |" }
            .joined(separator: "\n")
    }
}
