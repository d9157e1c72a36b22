/// A range of Unicode scalars in a snippet, `end` excluded.
public struct HighlightRange: Sendable, Equatable {
    public var start: Int
    public var end: Int
}
