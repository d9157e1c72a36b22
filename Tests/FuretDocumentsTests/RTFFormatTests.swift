import Testing
@testable import FuretDocuments

@Suite struct RTFFormatTests {
    static let village = "mon-village.rtf"

    @Test func readsTextTitleAuthorAndCreationTimeOfALibreOfficeDocument() throws {
        let document = try RTFFormat().extract(Fixture.bytes(Self.village)).document
        #expect(document.title == "Mon Village — Une veillée")
        #expect(document.author == "Juliette Adam")
        #expect(document.date == 1_709_288_520)  // \creatim 2024-03-01 10:22
        let body = document.body
        #expect(body.contains("UNE VEILLÉE\n"))
        #expect(body.contains("À DANIEL STERN Fin\tde la dédicace.\n"))
        #expect(body.contains("Puisse-t-il voir dans la Dédicace de ce livre une preuve de ma profonde sympathie !\n"))
        #expect(body.contains("Voilà une preuve qu'on peut s'aimer tout de même dans le mariage"))
    }

    @Test func tablesOfFontsStylesAndTrackedDeletionsAreNotText() throws {
        let body = try RTFFormat().extract(Fixture.bytes(Self.village)).document.body
        for hidden in ["zigouigoui", "Times New Roman", "Liberation", "Heading", "LibreOffice", "Default Page Style", "shapeType", "72390"] {
            #expect(!body.contains(hidden), "\(hidden)")
        }
    }

    @Test(arguments: [
        (#"{\rtf1\ansi\ansicpg1252 Caf\'e9 cr\'e8me\par fin}"#, "Café crème\nfin"),
        (#"{\rtf1 l\u8217\'92assembl\u233 ee}"#, "l’assemblée"),
        (#"{\rtf1\uc2 a\u8212\'97\'97b\uc0\u8212 c}"#, "a—b—c"),
        (#"{\rtf1 x\u-10179?\u-8704?y}"#, "x😀y"),
        (#"{\rtf1{\fonttbl{\f0 Arial;}}{\*\unknown cach\'e9}{\field{\*\fldinst HYPERLINK "u"}{\fldrslt lien}}\tab\~\_\\\{\}}"#, "lien\t\u{00A0}-\\{}"),
        (#"{\rtf1 a\bin2 {{b}"#, "ab"),
        (#"{\rtf1{\deleted supprim\'e9}gard\'e9{\deleted0 aussi}}"#, "gardéaussi"),
    ])
    func readsControlWordsSymbolsAndDestinations(rtf: String, body: String) throws {
        #expect(try RTFFormat().extract(Array(rtf.utf8)).document.body == body)
    }

    @Test func aTextBoxIsReadOnce() throws {
        let body = try RTFFormat().extract(Fixture.bytes(Self.village)).document.body
        #expect(body.ranges(of: "Encadré : la veillée chez Norine Duclos.").count == 1)
    }

    @Test func truncatedOrForeignFilesAreTypedFailures() throws {
        let bytes = try Fixture.bytes(Self.village)
        for fraction in [0.1, 0.5, 0.99] {
            #expect { try RTFFormat().extract(Array(bytes.prefix(Int(Double(bytes.count) * fraction)))) } throws: {
                ($0 as? ExtractionFailure)?.description.hasPrefix("damaged (cut short: ") == true
            }
        }
        #expect(throws: ExtractionFailure.unsupported("no {\\rtf header")) { try RTFFormat().extract(Array("texte".utf8)) }
        #expect(throws: ExtractionFailure.damaged("groups nested deeper than 512")) {
            try RTFFormat().extract(Array(("{\\rtf1" + String(repeating: "{", count: 10_000)).utf8))
        }
    }

    /// Thousands of mutations of a real document (bytes flipped, braces and backslashes
    /// inserted, runs deleted or repeated, cut short): the reader never traps, consumes each
    /// byte at most once, and either reads a document or reports it damaged.
    @Test func survivesRandomMutationsOfARealDocument() throws {
        let seed = try Fixture.bytes(Self.village)
        var mutation = Mutation(seed: 0x5EED_F00D)
        let syntax: [UInt8] = Array(#"{}\'*u-0123456789abcdef "#.utf8) + [0x00, 0x80, 0xFF, 0x0A]
        for _ in 0..<2_000 {
            let bytes = mutation.mutated(seed, changes: 8, alphabet: syntax)
            do {
                let reader = try RTFReader(bytes)
                #expect(reader.steps <= bytes.count)
            } catch {
                #expect(error.kind == "damaged")
            }
        }
    }
}
