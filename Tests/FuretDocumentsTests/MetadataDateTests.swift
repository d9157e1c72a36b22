import Testing
@testable import FuretDocuments

@Suite struct MetadataDateTests {
    @Test(arguments: [
        ("2024-03-01", 1_709_251_200),
        ("2024-03-01T10:22:33", 1_709_288_553),  // ODF: no zone, read as UTC
        ("2024-03-01T10:22:33.123456789", 1_709_288_553),
        ("2024-03-01T10:22:33Z", 1_709_288_553),
        ("2024-03-01T11:22:33+01:00", 1_709_288_553),
        ("2024-03-01T05:22:33-0500", 1_709_288_553),
        ("1969-12-31T23:59:59Z", -1),
        ("2000-02-29", 951_782_400),
    ] as [(String, Double)])
    func isoDatesAreSecondsSince1970(text: String, seconds: Double) {
        #expect(MetadataDate.parse(iso8601: text) == seconds)
    }

    @Test(arguments: ["", "inconnue", "2024-13-01", "2024-03-01T25", "24-03-01", "2024-03-01T10"])
    func otherTextIsNoDate(text: String) {
        #expect(MetadataDate.parse(iso8601: text) == nil)
    }
}
