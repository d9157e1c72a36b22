import Testing
@testable import FuretDocuments

@Suite struct HyphenationTests {
    static let words: Set<String> = ["commande", "exploitation", "complémentaires", "Complémentaires"]

    @Test(arguments: [
        ("en ligne de com-\nmande) ;", "en ligne de commande) ;"),
        ("un système d’exploita-\ntion multi-utilisateurs", "un système d’exploitation multi-utilisateurs"),
        ("voir ci-\ndessus.", "voir ci-dessus."),
        ("des informations complé-\nmentaires en", "des informations complémentaires en"),
        ("Pin-\nPriority", "Pin-\nPriority"),  // a capital after the break: a name, not a cut word
        ("liste :\n- un\n- deux", "liste :\n- un\n- deux"),  // dashes that start lines
        ("fin de page com-\u{0C}mande", "fin de page com-\u{0C}mande"),
        ("com-\nmande et com-\nmande", "commande et commande"),
        ("sans coupure", "sans coupure"),
        ("-\nseul", "-\nseul"),
        ("déjà com-\nmande, où com-\nmande", "déjà commande, où commande"),  // bytes past letters of two
        ("e\u{301}-\nmande", "e\u{301}-mande"),  // a letter and its combining accent before the cut
        ("com-\n-\nmande", "com-\n-\nmande"),
        ("com-\n", "com-\n"),
    ])
    func joinsOnlyDictionaryWords(text: String, expected: String) {
        #expect(Hyphenation.rejoin(text, isWord: Self.words.contains) == expected)
    }
}
