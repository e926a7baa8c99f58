/// An Explore Education Statistics tidy data file held column by column.
///
/// Columns keep the file's order. `time_period` is numeric; indicator columns hold numbers or
/// EES symbols; every other column (time identifier, geography, filters) holds text.
/// `sourceLines[i]` is the 1-based line in the file that row `i` came from.
public struct EESTable: Sendable, Equatable {
    public enum Column: Sendable, Equatable {
        case text(TextColumn)
        case indicator(IndicatorColumn)

        /// A text column from plain strings.
        public static func text(_ values: [String]) -> Column { .text(TextColumn(values)) }

        /// An indicator column from values.
        public static func indicator(_ values: [IndicatorValue]) -> Column { .indicator(IndicatorColumn(values)) }
    }

    public var columnNames: [String]
    public var columns: [Column]
    public var sourceLines: [Int]

    public init(columnNames: [String], columns: [Column], sourceLines: [Int]) {
        self.columnNames = columnNames
        self.columns = columns
        self.sourceLines = sourceLines
    }

    public var rowCount: Int { sourceLines.count }

    public func columnIndex(_ name: String) -> Int? { columnNames.firstIndex(of: name) }

    public func text(_ name: String) -> TextColumn? {
        guard let index = columnIndex(name), case .text(let values) = columns[index] else { return nil }
        return values
    }

    public func indicator(_ name: String) -> IndicatorColumn? {
        guard let index = columnIndex(name), case .indicator(let values) = columns[index] else { return nil }
        return values
    }

    public var indicatorNames: [String] {
        zip(columnNames, columns).compactMap { name, column in
            if case .indicator = column { return name }
            return nil
        }
    }
}

/// One row of an EES metadata file (`<name>.meta.csv`), describing a filter or indicator column.
public struct EESMetaRow: Sendable, Hashable, Codable {
    public enum ColumnType: String, Sendable, Codable { case filter = "Filter", indicator = "Indicator" }

    public var colName: String
    public var colType: ColumnType
    public var label: String
    public var indicatorGrouping: String
    public var indicatorUnit: String
    public var indicatorDP: String
    public var filterHint: String
    public var filterGroupingColumn: String

    public init(colName: String, colType: ColumnType, label: String, indicatorGrouping: String = "",
                indicatorUnit: String = "", indicatorDP: String = "", filterHint: String = "",
                filterGroupingColumn: String = "") {
        self.colName = colName
        self.colType = colType
        self.label = label
        self.indicatorGrouping = indicatorGrouping
        self.indicatorUnit = indicatorUnit
        self.indicatorDP = indicatorDP
        self.filterHint = filterHint
        self.filterGroupingColumn = filterGroupingColumn
    }
}

/// An indicator file of a study: its name (file stem), data and metadata.
public struct IndicatorFile: Sendable, Equatable {
    public var name: String
    public var table: EESTable
    public var meta: [EESMetaRow]

    public init(name: String, table: EESTable, meta: [EESMetaRow]) {
        self.name = name
        self.table = table
        self.meta = meta
    }
}

/// A column of text stored once per distinct value (dictionary encoding, as R's factors and
/// pandas' categoricals): `levels` holds each distinct text, `codes` each row's index into it.
/// EES geography and filter columns repeat a few values over many rows, so this keeps a large
/// file's memory to its distinct values.
public struct TextColumn: Sendable, RandomAccessCollection, Equatable, ExpressibleByArrayLiteral {
    public let levels: [String]
    public let codes: [Int32]

    public init(levels: [String], codes: [Int32]) {
        self.levels = levels
        self.codes = codes
    }

    public init(_ values: [String]) {
        var index: [String: Int32] = [:]
        var levels: [String] = []
        var codes: [Int32] = []
        codes.reserveCapacity(values.count)
        for value in values {
            if let code = index[value] {
                codes.append(code)
            } else {
                let code = Int32(levels.count)
                index[value] = code
                levels.append(value)
                codes.append(code)
            }
        }
        self.init(levels: levels, codes: codes)
    }

    public init(arrayLiteral elements: String...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { codes.count }
    public subscript(position: Int) -> String { levels[Int(codes[position])] }

    /// Equal when the rows hold the same texts, however each side encodes them.
    public static func == (lhs: TextColumn, rhs: TextColumn) -> Bool {
        if lhs.levels == rhs.levels { return lhs.codes == rhs.codes }
        return lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }
}

/// A column of indicator values in eight bytes a cell: numbers as themselves, EES symbols as
/// NaNs carrying the symbol in their payload (NaN-boxing). A number that is itself NaN keeps
/// the canonical NaN and reads back as a number.
public struct IndicatorColumn: Sendable, RandomAccessCollection, Equatable, ExpressibleByArrayLiteral {
    public private(set) var bits: [UInt64]

    static let symbolBase: UInt64 = 0x7FF8_5EE5_0000_0000

    @inline(__always)
    public static func encode(_ value: IndicatorValue) -> UInt64 {
        switch value {
        case .number(let number): return number.isNaN ? Double.nan.bitPattern : number.bitPattern
        case .missing(let symbol): return symbolBase + UInt64(EESSymbol.allCases.firstIndex(of: symbol)!)
        }
    }

    @inline(__always)
    public static func decode(_ bits: UInt64) -> IndicatorValue {
        if bits >= symbolBase, bits < symbolBase + UInt64(EESSymbol.allCases.count) {
            return .missing(EESSymbol.allCases[Int(bits - symbolBase)])
        }
        return .number(Double(bitPattern: bits))
    }

    public init(bits: [UInt64]) { self.bits = bits }
    public init(_ values: [IndicatorValue]) { bits = values.map(Self.encode) }
    public init(arrayLiteral elements: IndicatorValue...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { bits.count }
    public subscript(position: Int) -> IndicatorValue { Self.decode(bits[position]) }

    /// The numbers, with nil for missing cells.
    public var numbers: [Double?] { map(\.number) }
}
