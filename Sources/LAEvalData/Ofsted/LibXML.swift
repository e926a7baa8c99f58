import Foundation

/// One process-wide lock for everything that calls libxml2 through FoundationXML (XMLParser,
/// XMLDocument, XMLNode). On Linux libxml2 keeps global state and is not thread-safe, so two
/// threads parsing, or building or freeing node trees, at the same time can corrupt memory
/// (see swift-docc #1606). Hold the lock for the whole life of any parser or node tree.
public enum LibXML {
    private static let lock = NSLock()

    /// Runs `body` while no other thread of this process uses libxml2 through laeval.
    public static func serialized<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
