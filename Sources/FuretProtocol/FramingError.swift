/// Why a byte stream cannot be split into lines.
public enum FramingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// More bytes than the framer's limit arrived without a newline.
    case lineTooLong

    public var description: String {
        switch self {
        case .lineTooLong: "the line exceeds the length limit"
        }
    }
}
