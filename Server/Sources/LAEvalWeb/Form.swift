import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body: every value of each name, in order (a group of
/// checkboxes sends one name several times).
struct FormData: Sendable {
    var values: [String: [String]] = [:]

    /// The largest form body accepted; more is refused with 413 before it is read further.
    static let maximumBytes = 64 * 1024

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
            values[name, default: []].append(value)
        }
    }

    static func decode(_ part: Substring) -> String? {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    func first(_ name: String) -> String? { values[name]?.first }

    static func read(_ request: Request) async throws -> FormData {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBytes)
        } catch {
            throw HTTPError(.contentTooLarge, message: "The form is too large.")
        }
        return FormData(String(buffer: buffer))
    }
}
