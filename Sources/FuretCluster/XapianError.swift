import CXapian

/// A failure reported by Xapian through the shim, with the kind the router acts on.
package struct XapianError: Error, CustomStringConvertible, Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        /// The shard could not be reached or did not answer within its timeout.
        case network
        /// The database changed under the reader: reopen and retry.
        case modified
        /// Another writer holds the database.
        case locked
        case other
    }

    package var kind: Kind
    /// Xapian's description (addresses and errno, never query or document text).
    package var message: String

    package var description: String { message }

    package init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The error a shim call filled in.
    init(_ error: cx_error) {
        kind = switch error.code {
        case CX_NETWORK: .network
        case CX_MODIFIED: .modified
        case CX_LOCKED: .locked
        default: .other
        }
        message = withUnsafeBytes(of: error.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// Calls a shim function with an error slot, throwing what it reports.
    static func check<T>(_ body: (UnsafeMutablePointer<cx_error>) -> T?) throws(XapianError) -> T {
        var error = cx_error()
        if let result = body(&error), error.code == CX_OK { return result }
        throw XapianError(error)
    }

    /// ``check(_:)`` for the shim's functions returning 1 on success.
    static func checkStatus(_ body: (UnsafeMutablePointer<cx_error>) -> Int32) throws(XapianError) {
        _ = try check { error -> Int32? in body(error) == 1 ? 1 : nil }
    }
}
