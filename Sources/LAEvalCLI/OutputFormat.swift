import ArgumentParser
import Foundation

/// How a command prints its results.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json
}

/// Shared helpers for writing to the terminal and files.
enum Terminal {
    static func progress(_ message: String) {
        fflush(nil)  // what was printed so far comes first when both go to one file (nil: every stream)
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func jsonText<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try RunOutputs.encoder().encode(value), as: UTF8.self) + "\n"
    }
}

/// A one-line failure message and a non-zero exit, for bad input.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
