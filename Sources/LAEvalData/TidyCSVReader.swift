import Foundation
import LAEvalStats

/// Reads a tidy CSV (one row per observation, one column per variable) into typed columns for
/// the estimators: a column whose every present cell is a number is numeric, any other is
/// categorical; "" and "NA" are missing. Numbers are parsed straight from the bytes and repeated
/// text is stored once, so a file of a million rows reads in about a second.
public enum TidyCSVReader {
    public struct Table: Sendable {
        /// Column names in file order.
        public var names: [String]
        public var columns: [String: DataColumn]
    }

    public static func read(path: String) throws -> Table {
        let name = (path as NSString).lastPathComponent
        return try CSVScanner.withFileBytes(at: path, displayName: name) { try read(buffer: $0, file: name) }
    }

    public static func read(bytes: [UInt8], file: String) throws -> Table {
        try bytes.withUnsafeBufferPointer { try read(buffer: $0, file: file) }
    }

    /// Two passes: the first parses every cell as a number (in parallel chunks on large files)
    /// and finds the columns that are not numeric; only if there are any, the second collects
    /// their text.
    static func read(buffer: UnsafeBufferPointer<UInt8>, file: String) throws -> Table {
        guard let (header, headerLine, headerEnd) = try CSVScanner.header(buffer, file: file) else {
            throw InputProblem(file: file, line: 1, column: 1, message: "the file is empty: expected a header row")
        }
        var seen = Set<String>()
        for (index, name) in header.enumerated() where !seen.insert(name).inserted {
            throw InputProblem(file: file, line: headerLine, column: index + 1, message: "duplicate column \(name)")
        }
        let chunks = CSVChunker.chunks(buffer, body: headerEnd..<buffer.count, firstLine: headerLine + 1,
                                       count: ProcessInfo.processInfo.activeProcessorCount)
        let shared = ReadOnlyBuffer(buffer)
        let width = header.count
        let results = parallelMap(chunks.count) { index in
            Result { try parseNumbers(shared.buffer, chunks[index], width: width, file: file) }
        }
        var numbers = [[Double]](repeating: [], count: width)
        var isNumeric = [Bool](repeating: true, count: width)
        for result in results {
            let chunk = try result.get()
            for column in 0..<width {
                isNumeric[column] = isNumeric[column] && chunk.isNumeric[column]
                if isNumeric[column] { numbers[column].append(contentsOf: chunk.numbers[column]) } else { numbers[column] = [] }
            }
        }
        let textColumns = header.indices.filter { !isNumeric[$0] }
        var texts = [[String?]](repeating: [], count: width)
        if !textColumns.isEmpty {
            var interners = [TextInterner](repeating: TextInterner(), count: width)
            try CSVScanner.scan(buffer, file: file, range: headerEnd..<buffer.count, firstLine: headerLine + 1) { record in
                if record.count == 1, record.isEmpty(0), width > 1 { return }
                for column in textColumns {
                    let raw = record.rawField(column)
                    if isMissing(raw) {
                        texts[column].append(nil)
                    } else {
                        let id = record.hasEscapedQuotes(column) ? interners[column].id(for: record.string(column))
                            : interners[column].id(for: raw) { record.string(column) }
                        texts[column].append(interners[column].values[Int(id)])
                    }
                }
            }
        }
        var columns: [String: DataColumn] = [:]
        for (index, name) in header.enumerated() {
            columns[name] = isNumeric[index] ? .numeric(numbers[index]) : .categorical(texts[index])
        }
        return Table(names: header, columns: columns)
    }

    /// One chunk's numbers by column (NaN for missing) and which columns held only numbers.
    /// Cells are appended row by row to one flat array (one append per cell, no per-column
    /// bookkeeping) and split into columns at the end.
    private static func parseNumbers(_ buffer: UnsafeBufferPointer<UInt8>, _ chunk: (range: Range<Int>, firstLine: Int),
                                     width: Int, file: String) throws -> (numbers: [[Double]], isNumeric: [Bool]) {
        var cells: [Double] = []
        cells.reserveCapacity(estimatedRows(buffer, chunk.range) * width)
        var isNumeric = [Bool](repeating: true, count: width)
        var rows = 0
        try CSVScanner.scan(buffer, file: file, range: chunk.range, firstLine: chunk.firstLine) { record in
            if record.count == 1, record.isEmpty(0), width > 1 { return }
            guard record.count == width else {
                throw InputProblem(file: file, line: record.line, column: min(record.count, width) + 1,
                                   message: "row has \(record.count) fields: expected \(width) as in the header")
            }
            for column in 0..<width {
                let raw = record.rawField(column)
                if isMissing(raw) {
                    cells.append(.nan)
                } else if let value = NumberText.parseDouble(raw), value.isFinite {
                    cells.append(value)
                } else {
                    isNumeric[column] = false
                    cells.append(.nan)
                }
            }
            rows += 1
        }
        let numbers = (0..<width).map { column -> [Double] in
            guard isNumeric[column] else { return [] }
            return [Double](unsafeUninitializedCapacity: rows) { target, count in
                cells.withUnsafeBufferPointer { source in
                    for row in 0..<rows { target[row] = source[row * width + column] }
                }
                count = rows
            }
        }
        return (numbers, isNumeric)
    }

    /// Rows in a range of a CSV file, estimated from the line ends in its first 64 kB (plus 10%).
    static func estimatedRows(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        let sample = range.lowerBound..<min(range.upperBound, range.lowerBound + 65_536)
        var lineEnds = 0
        for index in sample where buffer[index] == UInt8(ascii: "\n") { lineEnds += 1 }
        guard lineEnds > 0, !sample.isEmpty else { return 16 }
        return Int(Double(range.count) / Double(sample.count) * Double(lineEnds) * 1.1) + 16
    }

    @inline(__always)
    static func isMissing(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        raw.isEmpty || (raw.count == 2 && raw[0] == UInt8(ascii: "N") && raw[1] == UInt8(ascii: "A"))
    }
}
