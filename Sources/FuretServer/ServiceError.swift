/// Errors of the service that clients can correct.
package enum ServiceError: Error, CustomStringConvertible, Sendable {
    case notFound(String)
    case notARoot(String)

    package var description: String {
        switch self {
        case .notFound(let path): "no such file or folder: \(path)"
        case .notARoot(let path): "\(path) is not an indexed root (see status for the roots)"
        }
    }
}
