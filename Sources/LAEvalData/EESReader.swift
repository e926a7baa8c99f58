import Foundation
import LAEvalCore
import LAEvalStats

/// The outcome of reading one EES file: what was read and every problem found. Callers decide
/// what to do with a partly valid file; `StudyReader` keeps nothing if any problem is an error.
public struct EESReadResult: Sendable {
    public var table: EESTable
    public var problems: [InputProblem]
}

/// Reads EES tidy data files and their metadata files.
public enum EESReader {
    /// Stop listing problems in one file after this many (the count of the rest is reported).
    public static let problemLimit = 200

    // MARK: metadata

    static let metaRequiredColumns = ["col_name", "col_type", "label", "indicator_grouping", "indicator_unit",
                                      "indicator_dp", "filter_hint", "filter_grouping_column"]

    /// Reads a `.meta.csv` file, checking its columns and values.
    public static func readMeta(_ table: CSVTable) -> (rows: [EESMetaRow], problems: [InputProblem]) {
        var problems: [InputProblem] = []
        let file = table.file
        var index: [String: Int] = [:]
        for (position, name) in table.header.enumerated() { index[name] = position }
        for required in metaRequiredColumns where index[required] == nil {
            problems.append(InputProblem(file: file, line: table.headerLine, column: table.header.count + 1,
                                         message: "missing column \(required): a metadata file needs \(metaRequiredColumns.joined(separator: ", "))"))
        }
        guard problems.isEmpty else { return ([], problems) }
        var rows: [EESMetaRow] = []
        var seen: [String: Int] = [:]
        for (row, line) in zip(table.rows, table.lines) {
            guard row.count == table.header.count else {
                problems.append(raggedRow(file: file, line: line, found: row.count, expected: table.header.count))
                continue
            }
            func value(_ name: String) -> String { row[index[name]!] }
            let name = value("col_name")
            guard let type = EESMetaRow.ColumnType(rawValue: value("col_type")) else {
                problems.append(InputProblem(file: file, line: line, column: index["col_type"]! + 1,
                                             message: "col_type '\(value("col_type"))' is not valid: expected Filter or Indicator"))
                continue
            }
            if let earlier = seen[name] {
                problems.append(InputProblem(file: file, line: line, column: index["col_name"]! + 1,
                                             message: "duplicate row: column \(name) is already described on line \(earlier)"))
                continue
            }
            seen[name] = line
            if !EESFormat.indicatorUnits.contains(value("indicator_unit")) {
                problems.append(InputProblem(file: file, line: line, column: index["indicator_unit"]! + 1,
                                             message: "indicator_unit '\(value("indicator_unit"))' is not valid: expected blank, %, pp, £, £m or numberstring"))
            }
            let dp = value("indicator_dp")
            if !dp.isEmpty, Int(dp) == nil {
                problems.append(InputProblem(file: file, line: line, column: index["indicator_dp"]! + 1,
                                             message: "indicator_dp '\(dp)' is not a whole number: expected blank or a number of decimal places"))
            }
            if type == .indicator, !value("filter_hint").isEmpty {
                problems.append(InputProblem(file: file, line: line, column: index["filter_hint"]! + 1,
                                             message: "indicator \(name) has a filter_hint: expected it blank for indicators"))
            }
            rows.append(EESMetaRow(colName: name, colType: type, label: value("label"),
                                   indicatorGrouping: value("indicator_grouping"), indicatorUnit: value("indicator_unit"),
                                   indicatorDP: dp, filterHint: value("filter_hint"),
                                   filterGroupingColumn: value("filter_grouping_column")))
        }
        return (rows, problems)
    }

    static func raggedRow(file: String, line: Int, found: Int, expected: Int) -> InputProblem {
        InputProblem(file: file, line: line, column: min(found, expected) + 1,
                     message: "row has \(found) fields: expected \(expected) as in the header")
    }

    // MARK: data

    /// Reads an EES data file. With metadata, its Indicator rows name the indicator columns and
    /// every non-geography column must be described; without, a non-geography column whose
    /// every cell is a number or an EES symbol is taken as an indicator.
    /// `chunks` sets how many parts a large file is parsed in (default: one per core); the
    /// result never depends on it.
    public static func read(bytes: [UInt8], file: String, meta: [EESMetaRow]?, metaFile: String? = nil,
                            chunks: Int? = nil) throws -> EESReadResult {
        try bytes.withUnsafeBufferPointer { buffer in
            try read(buffer: buffer, file: file, meta: meta, metaFile: metaFile, chunks: chunks)
        }
    }

    public static func read(path: String, displayName: String, meta: [EESMetaRow]?, metaFile: String? = nil) throws -> EESReadResult {
        try CSVScanner.withFileBytes(at: path, displayName: displayName) { buffer in
            try read(buffer: buffer, file: displayName, meta: meta, metaFile: metaFile)
        }
    }

    static func read(buffer: UnsafeBufferPointer<UInt8>, file: String, meta: [EESMetaRow]?, metaFile: String?,
                     chunks: Int? = nil) throws -> EESReadResult {
        guard let (header, headerLine, headerEnd) = try CSVScanner.header(buffer, file: file) else {
            throw InputProblem(file: file, line: 1, column: 1, message: "the file is empty: expected a header row starting time_period,time_identifier,geographic_level")
        }
        var problems = ProblemList(file: file)
        let isIndicator = try classifyColumns(header: header, headerLine: headerLine, buffer: buffer, file: file,
                                              meta: meta, metaFile: metaFile, problems: &problems)
        if problems.hasErrors { return EESReadResult(table: EESTable(columnNames: header, columns: [], sourceLines: []), problems: problems.all) }
        return try readRows(header: header, headerEnd: headerEnd, headerLine: headerLine, isIndicator: isIndicator,
                            buffer: buffer, file: file, problems: problems,
                            chunks: chunks ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Decides which columns are indicators and reports header problems.
    private static func classifyColumns(header: [String], headerLine: Int, buffer: UnsafeBufferPointer<UInt8>, file: String,
                                        meta: [EESMetaRow]?, metaFile: String?, problems: inout ProblemList) throws -> [Bool] {
        var firstPosition: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            if let earlier = firstPosition[name] {
                problems.add(line: headerLine, column: position + 1, "duplicate column \(name): it is also column \(earlier + 1)")
            } else {
                firstPosition[name] = position
            }
        }
        for required in EESFormat.mandatoryColumns where firstPosition[required] == nil {
            problems.add(line: headerLine, column: header.count + 1,
                         "missing column \(required): an EES file needs \(EESFormat.mandatoryColumns.joined(separator: ", "))")
        }
        if let meta {
            let described = Dictionary(meta.map { ($0.colName, $0) }, uniquingKeysWith: { first, _ in first })
            var isIndicator = [Bool](repeating: false, count: header.count)
            for (position, name) in header.enumerated() where !EESFormat.geographyColumns.contains(name) {
                if let row = described[name] {
                    isIndicator[position] = row.colType == .indicator
                } else {
                    problems.add(line: headerLine, column: position + 1,
                                 "column \(name) is not in the metadata file \(metaFile ?? "(none)"): expected a Filter or Indicator row for it")
                }
            }
            for row in meta where firstPosition[row.colName] == nil {
                problems.add(line: headerLine, column: header.count + 1,
                             "the metadata describes \(row.colName) but the file has no such column")
            }
            return isIndicator
        }
        // No metadata: a first pass finds the columns that hold only numbers and symbols.
        var numericSoFar = header.map { !EESFormat.geographyColumns.contains($0) }
        var isHeader = true
        try CSVScanner.scan(buffer, file: file) { record in
            if isHeader { isHeader = false; return }
            for position in 0..<min(record.count, numericSoFar.count) where numericSoFar[position] {
                if !isNumberOrSymbol(record.rawField(position)) { numericSoFar[position] = false }
            }
        }
        return numericSoFar
    }

    @inline(__always)
    static func isNumberOrSymbol(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        if NumberText.parseDouble(raw) != nil { return true }
        return symbol(raw) != nil
    }

    @inline(__always)
    static func symbol(_ raw: UnsafeBufferPointer<UInt8>) -> EESSymbol? {
        switch raw.count {
        case 1:
            switch raw[0] {
            case UInt8(ascii: "c"): return .confidential
            case UInt8(ascii: "x"): return .unavailable
            case UInt8(ascii: "z"): return .notApplicable
            case UInt8(ascii: "k"): return .lowK
            case UInt8(ascii: "u"): return .lowReliability
            default: return nil
            }
        case 3:
            return raw[0] == UInt8(ascii: "l") && raw[1] == UInt8(ascii: "o") && raw[2] == UInt8(ascii: "w") ? .low : nil
        default:
            return nil
        }
    }

    /// Parses the rows after the header, in parallel chunks on files over a megabyte.
    private static func readRows(header: [String], headerEnd: Int, headerLine: Int, isIndicator: [Bool],
                                 buffer: UnsafeBufferPointer<UInt8>, file: String, problems: ProblemList,
                                 chunks chunkCount: Int) throws -> EESReadResult {
        let chunks = CSVChunker.chunks(buffer, body: headerEnd..<buffer.count, firstLine: headerLine + 1, count: chunkCount)
        let shared = ReadOnlyBuffer(buffer)
        let results = parallelMap(chunks.count) { index in
            Result {
                try readChunk(header: header, isIndicator: isIndicator, buffer: shared.buffer, range: chunks[index].range,
                              firstLine: chunks[index].firstLine, file: file)
            }
        }
        var merged = problems
        var parser: EESRowParser?
        for result in results {
            let (chunkParser, chunkProblems) = try result.get()
            var crossChunk = ProblemList(file: file)
            if parser == nil {
                parser = chunkParser
            } else {
                parser!.append(chunkParser, problems: &crossChunk)
            }
            merged.merge(chunkProblems)
            merged.merge(crossChunk)
        }
        return EESReadResult(table: parser!.table(), problems: merged.all)
    }

    private static func readChunk(header: [String], isIndicator: [Bool], buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>,
                                  firstLine: Int, file: String) throws -> (EESRowParser, ProblemList) {
        var problems = ProblemList(file: file)
        var parser = EESRowParser(header: header, isIndicator: isIndicator)
        parser.reserve(rows: TidyCSVReader.estimatedRows(buffer, range))
        try CSVScanner.scan(buffer, file: file, range: range, firstLine: firstLine) { record in
            if record.count == 1, record.isEmpty(0) { return }
            guard record.count == header.count else {
                problems.append(raggedRow(file: file, line: record.line, found: record.count, expected: header.count))
                return
            }
            parser.add(record, problems: &problems)
        }
        return (parser, problems)
    }
}

/// Problems of one file, capped at `EESReader.problemLimit` with a count of the rest.
struct ProblemList {
    let file: String
    private(set) var items: [InputProblem] = []
    private var omitted = 0

    init(file: String) { self.file = file }

    mutating func add(line: Int, column: Int, _ message: String, severity: InputProblem.Severity = .error) {
        append(InputProblem(file: file, line: line, column: column, message: message, severity: severity))
    }

    mutating func append(_ problem: InputProblem) {
        if items.count < EESReader.problemLimit { items.append(problem) } else { omitted += 1 }
    }

    var hasErrors: Bool { items.contains { $0.severity == .error } }

    /// Adds another list's problems (from another part of the same file), keeping the first
    /// `problemLimit` by line, so the listed problems do not depend on how the file was split.
    mutating func merge(_ other: ProblemList) {
        let combined = (items + other.items).enumerated()
            .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
            .map(\.element)
        items = Array(combined.prefix(EESReader.problemLimit))
        omitted += other.omitted + combined.count - items.count
    }

    /// The problems in line order, and a note of how many more there were.
    var all: [InputProblem] {
        let items = items.enumerated().sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }.map(\.element)
        guard omitted > 0 else { return items }
        return items + [InputProblem(file: file, line: items.last?.line ?? 0, column: 0,
                                     message: "\(omitted) more problems in this file are not listed")]
    }
}
