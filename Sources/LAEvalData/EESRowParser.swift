import Foundation
import LAEvalCore

/// Turns the records of an EES data file into typed columns and checks each row.
///
/// Built for files of hundreds of megabytes: text cells become ids into per-column interners,
/// ids and values are kept row by row in flat arrays (one append per cell, no per-row
/// allocation) and only transposed into columns at the end; row checks that depend on a few
/// distinct values (time period and identifier, geographic level) run once per distinct value.
struct EESRowParser {
    let header: [String]
    let textPositions: [Int]
    let indicatorPositions: [Int]
    private var interners: [TextInterner]
    /// Text ids, row-major: row r's ids are at r * textPositions.count ..< (r + 1) * textPositions.count.
    private var textIDs: [Int32] = []
    /// Indicator values NaN-boxed (`IndicatorColumn.encode`), row-major likewise.
    private var values: [UInt64] = []
    private var lines: [Int] = []
    private var duplicates = RowHashTable()
    private let timePeriodSlot: Int, timeIdentifierSlot: Int, levelSlot: Int
    private var timeVerdicts: [Int64: String?] = [:]
    private var levelVerdicts: [Int32: Bool] = [:]

    /// Reserves room for about `expectedRows` rows, so large files are not copied as they grow.
    mutating func reserve(rows expectedRows: Int) {
        textIDs.reserveCapacity(expectedRows * textPositions.count)
        values.reserveCapacity(expectedRows * indicatorPositions.count)
        lines.reserveCapacity(expectedRows)
    }

    init(header: [String], isIndicator: [Bool]) {
        self.header = header
        textPositions = header.indices.filter { !isIndicator[$0] }
        indicatorPositions = header.indices.filter { isIndicator[$0] }
        interners = Array(repeating: TextInterner(), count: textPositions.count)
        timePeriodSlot = textPositions.firstIndex(of: header.firstIndex(of: "time_period")!)!
        timeIdentifierSlot = textPositions.firstIndex(of: header.firstIndex(of: "time_identifier")!)!
        levelSlot = textPositions.firstIndex(of: header.firstIndex(of: "geographic_level")!)!
    }

    mutating func add(_ record: borrowing CSVRecord, problems: inout ProblemList) {
        let row = lines.count
        let base = textIDs.count
        var rowHash: UInt64 = 0xCBF2_9CE4_8422_2325
        for (slot, position) in textPositions.enumerated() {
            // Text with doubled quotes is interned by its unescaped form, as chunk merging does.
            let id = record.hasEscapedQuotes(position)
                ? interners[slot].id(for: record.string(position))
                : interners[slot].id(for: record.rawField(position)) { record.string(position) }
            textIDs.append(id)
            rowHash = (rowHash ^ UInt64(UInt32(bitPattern: id))) &* 0x0000_0100_0000_01B3
        }
        for position in indicatorPositions {
            let raw = record.rawField(position)
            if let number = NumberText.parseDouble(raw) {
                values.append(IndicatorColumn.encode(.number(number)))
            } else if let symbol = EESReader.symbol(raw) {
                values.append(IndicatorColumn.encode(.missing(symbol)))
            } else {
                values.append(IndicatorColumn.encode(.missing(.unavailable)))
                problems.add(line: record.line, column: position + 1,
                             EESFormat.invalidValueMessage(record.string(position), column: header[position]))
            }
        }
        lines.append(record.line)
        checkTime(row: base, line: record.line, problems: &problems)
        checkLevel(row: base, line: record.line, problems: &problems)
        let width = textPositions.count
        let earlier = textIDs.withUnsafeBufferPointer { ids in
            duplicates.insert(row: Int32(row), hash: rowHash) { candidate in
                memcmp(ids.baseAddress! + Int(candidate) * width, ids.baseAddress! + base, width * MemoryLayout<Int32>.size) == 0
            }
        }
        if let earlier {
            problems.add(line: record.line, column: 1, "duplicate row: same time period, geography and filters as line \(lines[Int(earlier)])")
        }
    }

    /// `time_period` against `time_identifier`, judged once per distinct pair.
    private mutating func checkTime(row base: Int, line: Int, problems: inout ProblemList) {
        let periodID = textIDs[base + timePeriodSlot], identifierID = textIDs[base + timeIdentifierSlot]
        let key = Int64(periodID) << 32 | Int64(identifierID)
        let verdict: String?
        if let cached = timeVerdicts[key] {
            verdict = cached
        } else {
            let identifier = interners[timeIdentifierSlot].values[Int(identifierID)]
            let period = interners[timePeriodSlot].values[Int(periodID)]
            if EESFormat.fourDigitTimeIdentifiers.contains(identifier) || EESFormat.sixDigitTimeIdentifiers.contains(identifier) {
                verdict = EESFormat.timePeriodProblem(period, identifier: identifier)
            } else {
                verdict = "time_identifier '\(identifier)' is not an EES time identifier: expected e.g. Reporting year, Financial year, Academic year"
            }
            timeVerdicts[key] = verdict
        }
        guard let verdict else { return }
        let slot = verdict.hasPrefix("time_identifier") ? timeIdentifierSlot : timePeriodSlot
        problems.add(line: line, column: textPositions[slot] + 1, verdict)
    }

    private mutating func checkLevel(row base: Int, line: Int, problems: inout ProblemList) {
        let levelID = textIDs[base + levelSlot]
        let level = interners[levelSlot].values[Int(levelID)]
        if levelVerdicts[levelID] == nil { levelVerdicts[levelID] = EESFormat.geographicLevels.contains(level) }
        if levelVerdicts[levelID] == false {
            problems.add(line: line, column: textPositions[levelSlot] + 1,
                         "geographic_level '\(level)' is not an EES level: expected e.g. National, Regional, Local authority")
        }
    }

    /// Appends the rows another parser read from a later chunk of the same file, mapping its
    /// text ids into this parser's and reporting rows that repeat a row of an earlier chunk.
    mutating func append(_ other: EESRowParser, problems: inout ProblemList) {
        let width = textPositions.count
        let remaps = (0..<width).map { slot in other.interners[slot].values.map { interners[slot].id(for: $0) } }
        let firstOwnRow = lines.count
        for row in 0..<other.lines.count {
            let base = textIDs.count
            var rowHash: UInt64 = 0xCBF2_9CE4_8422_2325
            for slot in 0..<width {
                let id = remaps[slot][Int(other.textIDs[row * width + slot])]
                textIDs.append(id)
                rowHash = (rowHash ^ UInt64(UInt32(bitPattern: id))) &* 0x0000_0100_0000_01B3
            }
            let newRow = lines.count
            lines.append(other.lines[row])
            let earlier = textIDs.withUnsafeBufferPointer { ids in
                duplicates.insert(row: Int32(newRow), hash: rowHash) { candidate in
                    memcmp(ids.baseAddress! + Int(candidate) * width, ids.baseAddress! + base, width * MemoryLayout<Int32>.size) == 0
                }
            }
            // a repeat within the other chunk was reported when it was read
            if let earlier, Int(earlier) < firstOwnRow {
                problems.add(line: other.lines[row], column: 1,
                             "duplicate row: same time period, geography and filters as line \(lines[Int(earlier)])")
            }
        }
        values.append(contentsOf: other.values)
    }

    /// The columns, in the file's order.
    func table() -> EESTable {
        let rows = lines.count, textWidth = textPositions.count, indicatorWidth = indicatorPositions.count
        var columns = [EESTable.Column?](repeating: nil, count: header.count)
        for (slot, position) in textPositions.enumerated() {
            let codes = [Int32](unsafeUninitializedCapacity: rows) { buffer, count in
                for row in 0..<rows { buffer[row] = textIDs[row * textWidth + slot] }
                count = rows
            }
            columns[position] = .text(TextColumn(levels: interners[slot].values, codes: codes))
        }
        for (slot, position) in indicatorPositions.enumerated() {
            let bits = [UInt64](unsafeUninitializedCapacity: rows) { buffer, count in
                for row in 0..<rows { buffer[row] = values[row * indicatorWidth + slot] }
                count = rows
            }
            columns[position] = .indicator(IndicatorColumn(bits: bits))
        }
        return EESTable(columnNames: header, columns: columns.map { $0! }, sourceLines: lines)
    }
}

/// An open-addressing hash table of row numbers keyed by a 64-bit row hash, to find duplicate
/// rows in one pass without allocating per row. Equal hashes are confirmed by `same`.
struct RowHashTable {
    private var hashes: [UInt64] = Array(repeating: 0, count: 1024)
    private var rows: [Int32] = Array(repeating: -1, count: 1024)
    private var count = 0

    /// Adds `row`; returns an earlier row with the same key, if any (then `row` is not added).
    mutating func insert(row: Int32, hash: UInt64, same: (Int32) -> Bool) -> Int32? {
        if (count + 1) * 2 > rows.count { grow() }
        let mask = rows.count - 1
        var slot = Int(truncatingIfNeeded: Self.mix(hash)) & mask
        while rows[slot] >= 0 {
            if hashes[slot] == hash, same(rows[slot]) { return rows[slot] }
            slot = (slot + 1) & mask
        }
        hashes[slot] = hash
        rows[slot] = row
        count += 1
        return nil
    }

    /// The SplitMix64 finaliser, to spread FNV hashes over the low bits used as slots.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func grow() {
        let oldHashes = hashes, oldRows = rows
        hashes = Array(repeating: 0, count: oldRows.count * 2)
        rows = Array(repeating: -1, count: oldRows.count * 2)
        let mask = rows.count - 1
        for index in oldRows.indices where oldRows[index] >= 0 {
            var slot = Int(truncatingIfNeeded: Self.mix(oldHashes[index])) & mask
            while rows[slot] >= 0 { slot = (slot + 1) & mask }
            hashes[slot] = oldHashes[index]
            rows[slot] = oldRows[index]
        }
    }
}
