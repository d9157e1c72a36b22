extension DecodingError {
    /// A one-line description naming the offending field (never its value, which may be
    /// document text), e.g. `params.paths[2] must be a string`.
    ///
    /// - Parameter root: What the decoded value is called (`params`), prefixed to field paths.
    func summary(root: String) -> String {
        switch self {
        case .keyNotFound(let key, let context):
            "missing \(Self.path(context.codingPath + [key], root: root))"
        case .valueNotFound(_, let context):
            "\(Self.path(context.codingPath, root: root)) must not be null"
        case .typeMismatch(let type, let context):
            "\(Self.path(context.codingPath, root: root)) must be \(Self.jsonType(type))"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // Invalid JSON, or a number out of its type's range: Foundation does not say where.
            "\(root) is malformed"
        case .dataCorrupted(let context):
            "\(Self.path(context.codingPath, root: root)) has an invalid value"
        @unknown default:
            "\(root) is malformed"
        }
    }

    /// `root.field[1].name`: keys joined with dots, indices in brackets.
    private static func path(_ codingPath: [any CodingKey], root: String) -> String {
        codingPath.reduce(into: root) { path, key in
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += ".\(key.stringValue)"
            }
        }
    }

    /// The JSON name of the type a decoder expected.
    private static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is Bool.Type: "a boolean"
        case is any BinaryInteger.Type: "an integer"
        case is any BinaryFloatingPoint.Type: "a number"
        case is String.Type: "a string"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        default: "of type \(type)"
        }
    }
}
