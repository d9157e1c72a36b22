/// Dates written as ISO 8601 / W3C-DTF, as HTML `<meta>` tags, XMP, office core properties
/// (ODF `meta:creation-date`, OOXML `dcterms:created`) and EPUB's `dc:date` give them:
/// `2024`, `2024-05`, `2024-05-01`, `2024-05-01T10:30`, `2024-05-01T10:30:00.5+02:00`, `…Z`.
/// A time without a zone (ODF's) is taken as UTC. Anything else is not a date (`nil`), never
/// a guess. The one parser of such dates, and the one civil-date computation, for every format.
package enum ISODate {
    /// Seconds since 1970 (UTC; a date without a time is its midnight UTC, a year or a month
    /// alone its first day).
    package static func seconds(_ text: some StringProtocol) -> Double? {
        let bytes = Array(text.utf8.drop { $0 == UInt8(ascii: " ") })
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + digits] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += digits
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4) else { return nil }
        var (month, day) = (1, 1)
        if skip(UInt8(ascii: "-")) {
            guard let m = number(2) else { return nil }
            month = m
            if skip(UInt8(ascii: "-")) {
                guard let d = number(2) else { return nil }
                day = d
            }
        }
        var (hour, minute, second, fraction, offset) = (0, 0, 0, 0.0, 0)
        if index == 10, skip(UInt8(ascii: "T")) || skip(UInt8(ascii: " ")) {
            guard let h = number(2), skip(UInt8(ascii: ":")), let m = number(2), h < 24 else { return nil }
            (hour, minute) = (h, m)
            if skip(UInt8(ascii: ":")) {
                guard let s = number(2) else { return nil }
                second = s
                if skip(UInt8(ascii: ".")) || skip(UInt8(ascii: ",")) {
                    // Read as an integer over a power of ten (nanoseconds at most), so that a
                    // fraction comes out as its literal would.
                    var (digits, scale) = (0, 1.0)
                    while index < bytes.count, let digit = number(1) {
                        if scale < 1e9 { (digits, scale) = (digits * 10 + digit, scale * 10) }
                    }
                    fraction = Double(digits) / scale
                }
            }
            if !skip(UInt8(ascii: "Z")), index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let h = number(2) else { return nil }
                _ = skip(UInt8(ascii: ":"))
                guard let m = number(2) else { return nil }
                offset = sign * (h * 3600 + m * 60)
            }
        }
        guard bytes[index...].allSatisfy({ $0 == UInt8(ascii: " ") }),
              let whole = seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
        else { return nil }
        return whole + fraction
    }

    /// Seconds since 1970 of a civil date and time at `offset` seconds east of UTC; `nil`
    /// when a field is out of range.
    package static func seconds(
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
