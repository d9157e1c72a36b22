/// Dates as documents write them in their metadata, turned into seconds since 1970.
enum MetadataDate {
    /// A W3C/ISO 8601 date (`2024-03-01`, `2024-03-01T10:22:33.5Z`, `2024-03-01T10:22:33+01:00`),
    /// as ODF `meta:creation-date`, OOXML `dcterms:created` and OPF `dc:date` write it. A time
    /// without a zone (ODF's) is taken as UTC; `nil` when the text is not such a date.
    static func parse(iso8601 text: String) -> Double? {
        let utf8 = Array(text.utf8.prefix(64))
        var position = 0
        func number(_ digits: Int) -> Int? {
            guard position + digits <= utf8.count else { return nil }
            var value = 0
            for byte in utf8[position..<position + digits] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            position += digits
            return value
        }
        func skip(_ separator: Character) -> Bool {
            guard position < utf8.count, utf8[position] == separator.asciiValue else { return false }
            position += 1
            return true
        }
        guard let year = number(4) else { return nil }
        let month = skip("-") ? number(2) : 1
        let day = skip("-") ? number(2) : 1
        guard let month, let day else { return nil }
        var (hour, minute, second) = (0, 0, 0)
        if skip("T") || skip(" ") {
            guard let h = number(2), skip(":"), let m = number(2) else { return nil }
            (hour, minute) = (h, m)
            if skip(":") {
                guard let s = number(2) else { return nil }
                second = s
                if skip(".") || skip(",") {
                    while position < utf8.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[position]) { position += 1 }
                }
            }
        }
        var offset = 0
        if position < utf8.count, utf8[position] == UInt8(ascii: "+") || utf8[position] == UInt8(ascii: "-") {
            let sign = utf8[position] == UInt8(ascii: "-") ? -1 : 1
            position += 1
            guard let h = number(2) else { return nil }
            _ = skip(":")
            offset = sign * (h * 3600 + (number(2) ?? 0) * 60)
        }
        return seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// Seconds since 1970 of a civil date and time at `offset` seconds east of UTC; `nil`
    /// when a field is out of range.
    static func seconds(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, offset: Int = 0
    ) -> Double? {
        guard (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day),
              (0...24).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        // Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
    }
}
