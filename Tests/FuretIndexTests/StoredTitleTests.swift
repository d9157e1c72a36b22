import GRDB
import Testing
@testable import FuretIndex

/// A title that starts its body is stored as its length (``StoredTitle``) and read back whole.
@Suite struct StoredTitleTests {
    @Test(arguments: [
        ("Titre", "Titre\nCorps", 5), ("Été 2024", "Été 2024 : bilan", 10), ("Titre", "Titre", 5),
        ("Titre", "Autre\nTitre", nil), ("", "Corps", nil), ("Titre long", "Titre", nil),
    ] as [(String, String, Int?)])
    func prefixLength(title: String, body: String, expected: Int?) {
        #expect(StoredTitle.prefixLength(of: title, in: body) == expected)
    }

    @Test func aTitleThatStartsTheBodyIsReadFromIt() async throws {
        let heading = "Compte rendu de la réunion"
        let paragraph = "Un seul paragraphe, assez long, qui est tout le texte du fichier."
        let (index, indexer, folder) = try await indexedFolder([
            "note.txt": heading + "\n\nLe bureau s’est réuni.\n",
            "page.html": "<title>Titre à part</title><p>Le corps de la page.</p>",
            "para.txt": paragraph + "\n",
        ])
        let rows = try await index.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT d.title, d.title_bytes FROM documents d JOIN document_paths p ON p.id = d.id ORDER BY p.path").map {
                ($0[0] as String, $0[1] as Int?)
            }
        }
        #expect(rows.map(\.0) == ["", "Titre à part", ""])
        #expect(rows.map(\.1) == [heading.utf8.count, nil, nil])
        #expect(try index.search("réunion").hits.map(\.title) == [heading])
        #expect(try index.names("title:réunion") == ["note.txt"])
        // A text of one paragraph has no title: its words are the body's only.
        #expect(try index.search("paragraphe").hits.map(\.title) == [""])
        #expect(try index.search("title:paragraphe").total == 0)
        try await index.checkFullTextIntegrity()

        // Replacing the document removes the terms of its old title.
        try folder.write("note.txt", "Autre titre entièrement\nLa suite.\n")
        try await indexer.reconcile(root: folder.path)
        #expect(try index.search("title:réunion").total == 0)
        #expect(try index.search("title:entièrement").hits.map(\.title) == ["Autre titre entièrement"])
        try await index.checkFullTextIntegrity()
    }
}
