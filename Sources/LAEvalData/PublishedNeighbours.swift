import Foundation
import LAEvalCore

/// DfE's published children's services statistical neighbour groupings: ten neighbours per LA,
/// nearest first, each with a closeness band (NFER's model; re-run for the April 2021 LGR
/// version and again in 2025). Reads both published layouts:
/// - 2021 (`New_Statistical_Neighbour_Groupings_April_2021.csv`): `LA num, LA Name, …, SN1, SNP,
///   SN2, SNP, …`, with a trailing section of pre-reorganisation LAs under "Old SNs:";
/// - 2025 (`sn_model_2025_wide.csv`): `old_la_code, la_name, …, SN_1, SN_1P, …, SN_10, SN_10P`.
/// Codes are DfE's 3-digit LA codes; bands are normalised to "Extremely close", "Very close",
/// "Close", "Somewhat close" and "Not close".
public struct PublishedNeighbourGroupings: Sendable, Equatable {
    public struct Neighbour: Sendable, Equatable {
        public var code: String
        public var band: String

        public init(code: String, band: String) {
            self.code = code
            self.band = band
        }
    }

    public struct Entry: Sendable, Equatable {
        public var code: String
        public var name: String
        public var neighbours: [Neighbour]
    }

    public static let bands = ["Extremely close", "Very close", "Close", "Somewhat close", "Not close"]

    public var file: String
    public var entries: [Entry]

    /// The neighbours of an LA by DfE code, nil if the grouping does not list it.
    public func neighbours(of code: String) -> [Neighbour]? {
        entries.first { $0.code == code }?.neighbours
    }

    public init(path: String, displayName: String) throws {
        try self.init(table: CSVTable(path: path, displayName: displayName))
    }

    public init(table: CSVTable) throws {
        let header = table.header.map { $0.replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(in: .whitespaces) }
        guard let codeColumn = header.firstIndex(where: { ["old_la_code", "LA num"].contains($0) }),
              let nameColumn = header.firstIndex(where: { ["la_name", "LA Name"].contains($0) }) else {
            throw InputProblem(file: table.file, line: table.headerLine, column: 1,
                               message: "no LA code column: expected old_la_code (2025 layout) or LA num (2021 layout)")
        }
        let neighbourColumns = try Self.neighbourColumns(header, file: table.file, line: table.headerLine)
        var entries: [Entry] = []
        for (row, line) in zip(table.rows, table.lines) {
            let code = row.indices.contains(codeColumn) ? row[codeColumn].trimmingCharacters(in: .whitespaces) : ""
            guard !code.isEmpty else { continue }
            entries.append(try Self.entry(row, line: line, code: code, name: row[nameColumn], columns: neighbourColumns,
                                          file: table.file, codeColumn: codeColumn))
        }
        self.file = table.file
        self.entries = entries
    }

    /// Column indexes of SN1…SN10 (or SN_1…SN_10); each band is the column after its code.
    static func neighbourColumns(_ header: [String], file: String, line: Int) throws -> [Int] {
        let columns = (1...10).compactMap { k in header.firstIndex { $0 == "SN\(k)" || $0 == "SN_\(k)" } }
        guard columns.count == 10, columns.allSatisfy({ $0 + 1 < header.count }) else {
            throw InputProblem(file: file, line: line, column: 1,
                               message: "expected neighbour columns SN1…SN10 (or SN_1…SN_10), each followed by its closeness band")
        }
        return columns
    }

    static func entry(_ row: [String], line: Int, code: String, name: String, columns: [Int], file: String, codeColumn: Int) throws -> Entry {
        guard LACodeFormat.isValidDfECode(code) else {
            throw InputProblem(file: file, line: line, column: codeColumn + 1, message: "LA code '\(code)' is not a 3-digit DfE code")
        }
        let neighbours = try columns.map { column -> Neighbour in
            let neighbour = row.indices.contains(column) ? row[column].trimmingCharacters(in: .whitespaces) : ""
            guard LACodeFormat.isValidDfECode(neighbour) else {
                throw InputProblem(file: file, line: line, column: column + 1,
                                   message: "neighbour '\(neighbour)' of LA \(code) is not a 3-digit DfE code")
            }
            let text = row.indices.contains(column + 1) ? row[column + 1].trimmingCharacters(in: .whitespaces) : ""
            guard let band = bands.first(where: { $0.caseInsensitiveCompare(text) == .orderedSame }) else {
                throw InputProblem(file: file, line: line, column: column + 2,
                                   message: "closeness band '\(text)' of LA \(code) is not one of \(bands.joined(separator: ", "))")
            }
            return Neighbour(code: neighbour, band: band)
        }
        return Entry(code: code, name: name.trimmingCharacters(in: .whitespaces), neighbours: neighbours)
    }
}
