/// A document that newly matches a subscription: the params of a `match` notification.
///
/// `{"jsonrpc":"2.0","method":"match","params":{"event":"added","hit":{…},"subscription":1}}`
public struct MatchNotification: Codable, Hashable, Sendable {
    public static let method = "match"

    public enum Event: String, Codable, Hashable, Sendable {
        /// A document new to the index.
        case added
        /// An indexed document, changed so that it matches now and did not before.
        case changed
    }

    public var subscription: Int
    public var event: Event
    /// The document as a search would show it.
    public var hit: SearchHit

    public init(subscription: Int, event: Event, hit: SearchHit) {
        self.subscription = subscription
        self.event = event
        self.hit = hit
    }
}

/// Notifications the daemon dropped because the connection did not read them fast enough:
/// the params of a `dropped` notification, sent once the client has caught up.
///
/// `{"jsonrpc":"2.0","method":"dropped","params":{"notifications":12}}`
public struct DroppedNotification: Codable, Hashable, Sendable {
    public static let method = "dropped"

    /// How many notifications were dropped since the last `dropped` notification.
    public var notifications: Int

    public init(notifications: Int) {
        self.notifications = notifications
    }
}

/// JSON-RPC notifications (requests without an id, sent by the daemon).
///
/// See <https://www.jsonrpc.org/specification#notification>.
public enum NotificationEnvelope {
    /// The line of a notification, ending with `\n`; `nil` when `params` cannot be encoded
    /// (a non-finite score).
    public static func encode(method: String, params: some Encodable) -> [UInt8]? {
        try? WireJSON.encodeLine(Outgoing(method: method, params: params))
    }

    /// The method of a notification line, `nil` for any other line (a response).
    public static func method(of line: some Collection<UInt8>) -> String? {
        guard let head = try? WireJSON.decode(Head.self, from: line), head.id == nil else { return nil }
        return head.method
    }

    /// The params of a notification line, `nil` when they do not decode as `type`.
    public static func params<Params: Decodable>(of line: some Collection<UInt8>, as type: Params.Type) -> Params? {
        (try? WireJSON.decode(Incoming<Params>.self, from: line))?.params
    }

    private struct Outgoing<Params: Encodable>: Encodable {
        var jsonrpc = "2.0"
        var method: String
        var params: Params
    }

    private struct Head: Decodable {
        var id: RequestID?
        var method: String?
    }

    private struct Incoming<Params: Decodable>: Decodable {
        var params: Params
    }
}
