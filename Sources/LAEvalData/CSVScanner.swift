import Foundation

/// A problem in an input file, positioned as `file:line:column` (1-based; the column is the
/// field's position in the row, as a spreadsheet numbers columns).
public struct InputProblem: Error, Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable { case error, warning }

    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public var severity: Severity

    public init(file: String, line: Int, column: Int, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.severity = severity
    }

    public var description: String {
        "\(file):\(line):\(column): \(severity == .warning ? "warning: " : "")\(message)"
    }

    public static func < (lhs: InputProblem, rhs: InputProblem) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.message) < (rhs.file, rhs.line, rhs.column, rhs.message)
    }
}

/// One record of a CSV file as byte ranges into the file's buffer; reused between records.
public struct CSVRecord {
    public let bytes: UnsafeBufferPointer<UInt8>
    /// The 1-based line the record starts on.
    public internal(set) var line: Int = 0
    /// The offset just after the record and its line end.
    public internal(set) var endOffset: Int = 0
    var starts: [Int] = []
    var ends: [Int] = []
    var escapedQuotes: [Bool] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        starts.reserveCapacity(64)
        ends.reserveCapacity(64)
        escapedQuotes.reserveCapacity(64)
    }

    public var count: Int { starts.count }

    /// The raw bytes of field `index` (quotes removed; doubled quotes still doubled if `hasEscapedQuotes`).
    @inline(__always)
    public func rawField(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[starts[index]..<ends[index]])
    }

    public func hasEscapedQuotes(_ index: Int) -> Bool { escapedQuotes[index] }

    public func isEmpty(_ index: Int) -> Bool { starts[index] == ends[index] }

    /// Field `index` as text, with RFC 4180 doubled quotes collapsed.
    public func string(_ index: Int) -> String {
        let raw = rawField(index)
        guard escapedQuotes[index] else { return String(decoding: raw, as: UTF8.self) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            unescaped.append(raw[i])
            i += raw[i] == UInt8(ascii: "\"") ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    public var strings: [String] { (0..<count).map(string) }
}

/// An RFC 4180 CSV scanner over bytes: comma-separated, fields optionally in double quotes with
/// `""` for a quote inside, records ended by CRLF or LF, an optional UTF-8 byte-order mark.
///
/// It hands each record to a closure as byte ranges, so callers convert only what they need
/// (numbers straight from bytes, repeated text interned). Errors carry file, line and column.
public enum CSVScanner {
    /// Scans `bytes` (from `range`, default all) record by record. `firstLine` numbers the
    /// first record's line, for scanning a later chunk of a file; a byte-order mark is skipped
    /// only at offset 0.
    public static func scan(_ bytes: UnsafeBufferPointer<UInt8>, file: String, range: Range<Int>? = nil, firstLine: Int = 1,
                            _ handle: (borrowing CSVRecord) throws -> Void) throws {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var record = CSVRecord(bytes: bytes)
        var position = range?.lowerBound ?? 0
        let end = range?.upperBound ?? bytes.count
        if position == 0, end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        var line = firstLine
        while position < end {
            record.starts.removeAll(keepingCapacity: true)
            record.ends.removeAll(keepingCapacity: true)
            record.escapedQuotes.removeAll(keepingCapacity: true)
            record.line = line
            var recordDone = false
            while !recordDone {
                let column = record.starts.count + 1
                if position < end, bytes[position] == quote {
                    // Quoted field: runs to the closing quote not followed by another quote.
                    let fieldLine = line
                    position += 1
                    let start = position
                    var escaped = false
                    var closed = false
                    while position < end {
                        let byte = bytes[position]
                        if byte == quote {
                            if position + 1 < end, bytes[position + 1] == quote {
                                escaped = true
                                position += 2
                                continue
                            }
                            closed = true
                            break
                        }
                        if byte == lf { line += 1 }
                        position += 1
                    }
                    guard closed else {
                        throw InputProblem(file: file, line: fieldLine, column: column,
                                           message: "quoted field is never closed: expected a closing double quote")
                    }
                    record.starts.append(start)
                    record.ends.append(position)
                    record.escapedQuotes.append(escaped)
                    position += 1
                    if position < end, bytes[position] != comma, bytes[position] != lf,
                       !(bytes[position] == cr && position + 1 < end && bytes[position + 1] == lf) {
                        throw InputProblem(file: file, line: line, column: column,
                                           message: "unexpected text after a closing quote: expected a comma or the end of the line")
                    }
                } else {
                    let start = position
                    while position < end {
                        let byte = bytes[position]
                        if byte == comma || byte == lf { break }
                        if byte == cr, position + 1 < end, bytes[position + 1] == lf { break }
                        if byte == quote {
                            throw InputProblem(file: file, line: line, column: column,
                                               message: "double quote inside an unquoted field: quote the whole field and double the quote")
                        }
                        position += 1
                    }
                    record.starts.append(start)
                    record.ends.append(position)
                    record.escapedQuotes.append(false)
                }
                if position >= end {
                    recordDone = true
                } else if bytes[position] == comma {
                    position += 1
                    if position >= end {  // trailing comma at end of file: one more empty field
                        record.starts.append(position)
                        record.ends.append(position)
                        record.escapedQuotes.append(false)
                        recordDone = true
                    }
                } else {
                    position += bytes[position] == cr ? 2 : 1
                    line += 1
                    recordDone = true
                }
            }
            record.endOffset = position
            try handle(record)
        }
    }

    /// The first record (the header) of a CSV file: its fields, the line it is on and the offset
    /// just after it; nil for an empty file.
    public static func header(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> (names: [String], line: Int, end: Int)? {
        var result: (names: [String], line: Int, end: Int)?
        do {
            try scan(bytes, file: file) { record in
                result = (record.strings, record.line, record.endOffset)
                throw HeaderRead()
            }
        } catch is HeaderRead {}
        return result
    }

    private struct HeaderRead: Error {}

    /// Reads a whole file into memory. A missing or unreadable file is reported as line 0.
    public static func readFile(at path: String, displayName: String) throws -> [UInt8] {
        try withFileBytes(at: path, displayName: displayName) { Array($0) }
    }

    /// Maps a file into memory (no copy) for the duration of `body`.
    public static func withFileBytes<R>(at path: String, displayName: String,
                                        _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw InputProblem(file: displayName, line: 0, column: 0, message: "cannot read the file: expected a readable file at \(path)")
        }
        return try data.withUnsafeBytes { raw in try body(raw.bindMemory(to: UInt8.self)) }
    }
}

/// A small CSV file held as text: the header and every row with its line number.
public struct CSVTable: Sendable, Equatable {
    public var file: String
    public var header: [String]
    public var rows: [[String]]
    public var lines: [Int]
    public var headerLine: Int

    /// Parses CSV bytes. An empty file is an error; rows are kept even when ragged (callers
    /// report ragged rows with their own context).
    public init(bytes: [UInt8], file: String) throws {
        var header: [String]?
        var headerLine = 1
        var rows: [[String]] = []
        var lines: [Int] = []
        try bytes.withUnsafeBufferPointer { buffer in
            try CSVScanner.scan(buffer, file: file) { record in
                if header == nil {
                    header = record.strings
                    headerLine = record.line
                } else if !(record.count == 1 && record.isEmpty(0)) {
                    rows.append(record.strings)
                    lines.append(record.line)
                }
            }
        }
        guard let header else {
            throw InputProblem(file: file, line: 1, column: 1, message: "the file is empty: expected a header row")
        }
        self.file = file
        self.header = header
        self.rows = rows
        self.lines = lines
        self.headerLine = headerLine
    }

    public init(path: String, displayName: String) throws {
        try self.init(bytes: CSVScanner.readFile(at: path, displayName: displayName), file: displayName)
    }
}

/// Writes RFC 4180 CSV: LF line ends, fields quoted only when they hold a comma, quote or newline.
public struct CSVWriter {
    public private(set) var text = ""

    public init() {}

    public mutating func write(_ fields: [String]) {
        var first = true
        for field in fields {
            if !first { text.append(",") }
            first = false
            text.append(CSVWriter.escape(field))
        }
        text.append("\n")
    }

    public static func escape(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Splits the body of a CSV file into chunks that start at record boundaries, for parsing in
/// parallel. A line feed ends a record only outside quotes, so the split points are found by
/// counting quotes from the start (RFC 4180 quotes pair up); each chunk also gets its first
/// line number.
public enum CSVChunker {
    public static func chunks(_ bytes: UnsafeBufferPointer<UInt8>, body: Range<Int>, firstLine: Int, count: Int)
        -> [(range: Range<Int>, firstLine: Int)] {
        guard count > 1, body.count > 1 << 20 else { return [(body, firstLine)] }
        var result: [(range: Range<Int>, firstLine: Int)] = []
        var start = body.lowerBound, startLine = firstLine
        var position = body.lowerBound, line = firstLine, insideQuotes = false
        for chunk in 1..<count {
            let target = body.lowerBound + body.count / count * chunk
            var found = false
            while position < body.upperBound {
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: "\"") {
                    insideQuotes.toggle()
                } else if byte == UInt8(ascii: "\n") {
                    line += 1
                    if !insideQuotes, position >= target {
                        found = true
                        break
                    }
                }
            }
            guard found, position < body.upperBound else { break }
            result.append((start..<position, startLine))
            start = position
            startLine = line
        }
        result.append((start..<body.upperBound, startLine))
        return result
    }
}
