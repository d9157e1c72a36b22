import Foundation

/// Progress and warnings go to standard error, so that standard output holds only the report.
enum Console {
    static func report(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
