/// Errors of the index itself.
public enum IndexError: Error, CustomStringConvertible, Sendable {
    case newerFormat(found: Int, supported: Int)

    public var description: String {
        switch self {
        case .newerFormat(let found, let supported):
            "the index has format version \(found), newer than this Furet supports (\(supported))"
        }
    }
}
