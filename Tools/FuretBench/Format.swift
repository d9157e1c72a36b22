import Foundation

/// Number formatting shared by the Markdown reports.
enum Format {
    /// `value` with `digits` decimals: `fixed(0.8734, 3)` is `0.873`.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// A count with thousands separators: `4,788`.
    static func count(_ value: Int) -> String {
        value.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
    }

    /// Bytes as decimal megabytes (10^6 bytes): `50.7 MB`.
    static func megabytes(_ bytes: Int) -> String {
        fixed(Double(bytes) / 1e6, 1) + " MB"
    }

    /// A spread as `median (min–max)`.
    static func spread(_ spread: Spread, _ digits: Int) -> String {
        "\(fixed(spread.median, digits)) (\(fixed(spread.min, digits))–\(fixed(spread.max, digits)))"
    }
}
