import FuretProtocol

extension SearchHit {
    /// The hit for a person: its citation in bold, its title, and its snippet with the
    /// matches highlighted, one per line.
    func block(style: TerminalStyle) -> String {
        var lines = [style.bold(citation)]
        if !title.isEmpty {
            lines.append(title)
        }
        if !snippet.isEmpty {
            lines.append(style.highlight(highlights, in: snippet))
        }
        return lines.joined(separator: "\n")
    }
}
