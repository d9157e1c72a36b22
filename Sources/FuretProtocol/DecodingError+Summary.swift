extension DecodingError {
    /// A one-line description naming the offending field (never its value, which may be
    /// document text), e.g. `params.paths[2] must be a string`.
    ///
    /// - Parameters:
    ///   - root: What the decoded value is called (`params`), prefixed to field paths.
    ///   - droppingLeadingKeys: How many keys of the coding path lead to `root` (1 when the
    ///     decoded value was the whole request and `root` one of its members).
    func summary(root: String, droppingLeadingKeys: Int = 0) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            Self.path(Array(codingPath.dropFirst(droppingLeadingKeys)), root: root)
        }
        return switch self {
        case .keyNotFound(let key, let context):
            "missing \(path(context.codingPath + [key]))"
        case .valueNotFound(_, let context):
            "\(path(context.codingPath)) must not be null"
        case .typeMismatch(let type, let context):
            "\(path(context.codingPath)) must be \(Self.jsonType(type))"
        case .dataCorrupted(let context) where context.codingPath.count <= droppingLeadingKeys:
            // Invalid JSON, or a number out of its type's range: Foundation does not say where.
            "\(root) is malformed"
        case .dataCorrupted(let context):
            "\(path(context.codingPath)) has an invalid value"
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
