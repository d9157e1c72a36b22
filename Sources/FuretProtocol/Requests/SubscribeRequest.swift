/// Follows a query: from now on, on this connection, the daemon sends a ``MatchNotification``
/// for each document that newly matches it (see the README's protocol section).
///
/// `{"query": "bail commercial"}` → ``SubscribeResult``.
public struct SubscribeRequest: RequestMethod, Hashable {
    public typealias Response = SubscribeResult
    public static let method = "subscribe"

    /// The query, in the same syntax as ``SearchRequest/query``.
    public var query: String

    public init(query: String) {
        self.query = query
    }
}

/// The id of a new subscription, unique for the daemon's life.
public struct SubscribeResult: Codable, Hashable, Sendable {
    public var subscription: Int

    public init(subscription: Int) {
        self.subscription = subscription
    }
}

/// Ends one of the connection's subscriptions: no notification for it follows the reply.
///
/// `{"subscription": 1}` → `{}`; an id this connection does not hold is
/// ``ErrorCode/invalidParams``.
public struct UnsubscribeRequest: RequestMethod, Hashable {
    public typealias Response = UnsubscribeResult
    public static let method = "unsubscribe"

    public var subscription: Int

    public init(subscription: Int) {
        self.subscription = subscription
    }
}

public struct UnsubscribeResult: Codable, Hashable, Sendable {
    public init() {}
}
