/// The code of a JSON-RPC error: the standard ones, then Furet's application codes.
///
/// An open set: a client must accept codes it does not know, and compare with the
/// constants below.
///
/// See <https://www.jsonrpc.org/specification#error_object>.
public struct ErrorCode: RawRepresentable, Codable, Hashable, Sendable {
    public var rawValue: Int

    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    // MARK: JSON-RPC 2.0

    /// The request line is not valid JSON.
    public static let parseError = ErrorCode(rawValue: -32700)

    /// The request is JSON but not a valid request object (`jsonrpc` is not `"2.0"`,
    /// `method` is not a string, …).
    public static let invalidRequest = ErrorCode(rawValue: -32600)

    /// The daemon has no such method.
    public static let methodNotFound = ErrorCode(rawValue: -32601)

    /// The params do not fit the method; the message names the offending field.
    public static let invalidParams = ErrorCode(rawValue: -32602)

    /// An unexpected failure in the daemon; its log has the details.
    public static let internalError = ErrorCode(rawValue: -32603)

    // MARK: Furet

    /// The search query does not parse; the message names the position of the error.
    public static let querySyntax = ErrorCode(rawValue: -32001)

    /// A path to forget is neither a root nor a folder holding one.
    public static let pathOutsideRoots = ErrorCode(rawValue: -32002)

    /// The index cannot grow: the disk is full.
    public static let diskFull = ErrorCode(rawValue: -32003)

    /// The index is busy (e.g. a reindex holds it); retry later.
    public static let indexBusy = ErrorCode(rawValue: -32004)

    /// The request line exceeds the daemon's limit; the daemon closes the connection after
    /// sending this error, since it cannot find where the next request starts.
    public static let lineTooLong = ErrorCode(rawValue: -32005)

    /// The request line is not valid UTF-8.
    public static let invalidUTF8 = ErrorCode(rawValue: -32006)

    /// A path to index does not exist.
    public static let notFound = ErrorCode(rawValue: -32007)

    /// The search query asks too much (text, words, prefixes or forms over the daemon's
    /// limits); the message names the limit. Nothing was searched.
    public static let queryTooExpensive = ErrorCode(rawValue: -32008)

    /// The search ran out of time and was stopped; a more specific query may succeed.
    public static let queryTimedOut = ErrorCode(rawValue: -32009)
}
