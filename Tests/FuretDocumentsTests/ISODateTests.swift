import Testing
@testable import FuretDocuments

@Suite struct ISODateTests {
    @Test(arguments: [
        ("2024-05-01", 1_714_521_600.0),
        ("2024-05-01T10:30", 1_714_559_400),
        ("2024-05-01T10:30:00Z", 1_714_559_400),
        ("2024-05-01T12:30:00+02:00", 1_714_559_400),
        ("2024-05-01T05:30:00-0500", 1_714_559_400),
        ("2024-05-01T10:30:00.5Z", 1_714_559_400.5),
        (" 2024-05-01 10:30:00 ", 1_714_559_400),
        // As office and e-book metadata write them (ODF: no zone, read as UTC).
        ("2024-03-01", 1_709_251_200),
        ("2024-03-01T10:22:33", 1_709_288_553),
        ("2024-03-01T10:22:33.123456789", 1_709_288_553 + 0.123456789),
        ("2024-03-01T10:22:33Z", 1_709_288_553),
        ("2024-03-01T11:22:33+01:00", 1_709_288_553),
        ("2024-03-01T05:22:33-0500", 1_709_288_553),
        ("1969-12-31T23:59:59Z", -1),
        ("2000-02-29", 951_782_400),
        // W3C-DTF's reduced precision (EPUB's dc:date is often a year): the first day.
        ("2024", 1_704_067_200),
        ("2024-03", 1_709_251_200),
    ] as [(String, Double)])
    func readsISO8601(text: String, seconds: Double) {
        #expect(ISODate.seconds(text) == seconds)
    }

    @Test(arguments: ["", "hier", "inconnue", "2024-13-01", "2024-05-32", "2024-5-1", "24-03-01", "01/05/2024", "2024-05-01T25:00",
                      "2024-03-01T25", "2024-03-01T10", "2024-05-01 et après", "2024-05 10:30"])
    func anythingElseIsNoDate(text: String) {
        #expect(ISODate.seconds(text) == nil)
    }
}
