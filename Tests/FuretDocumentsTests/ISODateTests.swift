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
    ])
    func readsISO8601(text: String, seconds: Double) {
        #expect(ISODate.seconds(text) == seconds)
    }

    @Test(arguments: ["", "hier", "2024-13-01", "2024-05-32", "2024-5-1", "01/05/2024", "2024-05-01T25:00", "2024-05-01 et après"])
    func anythingElseIsNoDate(text: String) {
        #expect(ISODate.seconds(text) == nil)
    }
}
