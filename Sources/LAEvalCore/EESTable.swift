/// An Explore Education Statistics tidy data file held column by column.
///
/// Columns keep the file's order. `time_period` is numeric; indicator columns hold numbers or
/// EES symbols; every other column (time identifier, geography, filters) holds text.
/// `sourceLines[i]` is the 1-based line in the file that row `i` came from.
public struct EESTable: Sendable, Equatable {
    public enum Column: Sendable, Equatable {
        case text([String])
        case indicator([IndicatorValue])
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

    public func text(_ name: String) -> [String]? {
        guard let index = columnIndex(name), case .text(let values) = columns[index] else { return nil }
        return values
    }

    public func indicator(_ name: String) -> [IndicatorValue]? {
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
