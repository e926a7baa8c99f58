import Foundation

/// A place in a table of counts: an interior cell or one of the published totals.
///
/// Positions sort in reading order: row by row (each row's cells, then its row total), then the
/// column totals, then the grand total.
public enum TablePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// An interior cell (zero-based indices).
    case cell(row: Int, column: Int)
    /// The total of a row (the last column).
    case rowTotal(row: Int)
    /// The total of a column (the last row).
    case columnTotal(column: Int)
    /// The total of every cell.
    case grandTotal

    private var sortKey: (Int, Int) {
        switch self {
        case .cell(let row, let column): (row, column)
        case .rowTotal(let row): (row, Int.max)
        case .columnTotal(let column): (Int.max, column)
        case .grandTotal: (Int.max, Int.max)
        }
    }

    public static func < (lhs: TablePosition, rhs: TablePosition) -> Bool { lhs.sortKey < rhs.sortKey }

    public var description: String {
        switch self {
        case .cell(let row, let column): "cell(\(row), \(column))"
        case .rowTotal(let row): "rowTotal(\(row))"
        case .columnTotal(let column): "columnTotal(\(column))"
        case .grandTotal: "grandTotal"
        }
    }
}

/// A two-way table of counts to be published, with the totals that will be published alongside it.
///
/// Totals are computed from the cells (a `nil` cell adds nothing); a total over only `nil` cells is
/// itself not applicable. Call `suppressed(threshold:suppressZero:)` to get what may be published.
public struct CountTable: Sendable, Hashable {
    public let rowLabels: [String]
    public let columnLabels: [String]
    /// `cells[row][column]`; nil when not applicable or missing (shown as `x`, never suppressed).
    public let cells: [[Int?]]
    /// Whether each row's total is published (as a last column).
    public let publishesRowTotals: Bool
    /// Whether each column's total is published (as a last row).
    public let publishesColumnTotals: Bool
    /// Whether the total of all cells is published.
    public let publishesGrandTotal: Bool

    /// A table of non-negative counts, one row of `cells` per row label and one entry per column label.
    public init(rowLabels: [String], columnLabels: [String], cells: [[Int?]],
                rowTotals: Bool = true, columnTotals: Bool = true, grandTotal: Bool = true) {
        precondition(cells.count == rowLabels.count, "one row of cells per row label")
        precondition(cells.allSatisfy { $0.count == columnLabels.count }, "one cell per column label in every row")
        precondition(cells.allSatisfy { $0.allSatisfy { ($0 ?? 0) >= 0 } }, "counts cannot be negative")
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.cells = cells
        self.publishesRowTotals = rowTotals
        self.publishesColumnTotals = columnTotals
        self.publishesGrandTotal = grandTotal
    }

    /// The sum of a row's cells, or nil if every cell in it is nil.
    public func rowTotal(_ row: Int) -> Int? { Self.sum(cells[row]) }

    /// The sum of a column's cells, or nil if every cell in it is nil.
    public func columnTotal(_ column: Int) -> Int? { Self.sum(cells.map { $0[column] }) }

    /// The sum of all cells, or nil if every cell is nil.
    public var grandTotal: Int? { Self.sum(cells.flatMap { $0 }) }

    private static func sum(_ counts: [Int?]) -> Int? {
        let present = counts.compactMap { $0 }
        return present.isEmpty ? nil : present.reduce(0, +)
    }

    /// The table as it may be published: small counts (1 to `threshold − 1`, and 0 if `suppressZero`)
    /// replaced by `c`, then further counts replaced by `c` until no published total leaves exactly
    /// one suppressed count in its line. See `DisclosureControl` for the rule and its limits.
    /// The result is deterministic: the same table always gives the same suppressions.
    public func suppressed(threshold: Int = DisclosureControl.defaultThreshold, suppressZero: Bool = false) -> SuppressedTable {
        let layout = layout()
        let published = DisclosureControl.suppress(values: layout.values, lines: layout.lines, threshold: threshold, suppressZero: suppressZero)
        var lookup: [TablePosition: PublishedCount] = [:]
        for (position, count) in zip(layout.positions, published) { lookup[position] = count }
        let rows = rowLabels.indices, columns = columnLabels.indices
        return SuppressedTable(
            rowLabels: rowLabels, columnLabels: columnLabels,
            cells: rows.map { row in columns.map { lookup[.cell(row: row, column: $0)]! } },
            rowTotals: publishesRowTotals ? rows.map { lookup[.rowTotal(row: $0)]! } : nil,
            columnTotals: publishesColumnTotals ? columns.map { lookup[.columnTotal(column: $0)]! } : nil,
            grandTotal: publishesGrandTotal ? lookup[.grandTotal]! : nil,
            threshold: threshold, suppressZero: suppressZero)
    }

    var shape: TableShape {
        TableShape(rows: rowLabels.count, columns: columnLabels.count, rowTotals: publishesRowTotals,
                   columnTotals: publishesColumnTotals, grandTotal: publishesGrandTotal)
    }

    /// Every published count in reading order, and the lines of counts that add up to a published total.
    func layout() -> (positions: [TablePosition], values: [Int?], lines: [DisclosureControl.Line]) {
        let shape = shape
        let positions = shape.positions
        let values = positions.map { position -> Int? in
            switch position {
            case .cell(let row, let column): cells[row][column]
            case .rowTotal(let row): rowTotal(row)
            case .columnTotal(let column): columnTotal(column)
            case .grandTotal: grandTotal
            }
        }
        let index = Dictionary(uniqueKeysWithValues: positions.enumerated().map { ($1, $0) })
        let lines = shape.lines { values[index[$0]!] != nil }.map { line in
            DisclosureControl.Line(members: line.members.map { index[$0]! }, total: line.total.map { index[$0]! })
        }
        return (positions, values, lines)
    }
}

/// Which totals a table publishes, and so which sets of counts must add up.
struct TableShape: Sendable, Hashable {
    var rows: Int
    var columns: Int
    var rowTotals: Bool
    var columnTotals: Bool
    var grandTotal: Bool

    /// Every published position in reading order.
    var positions: [TablePosition] {
        var positions: [TablePosition] = []
        for row in 0..<rows {
            positions += (0..<columns).map { .cell(row: row, column: $0) }
            if rowTotals { positions.append(.rowTotal(row: row)) }
        }
        if columnTotals { positions += (0..<columns).map { .columnTotal(column: $0) } }
        if grandTotal { positions.append(.grandTotal) }
        return positions
    }

    /// The lines of published counts that add up: each row with its total, each column with its
    /// total, the column totals and the row totals each with the grand total (or every cell with the
    /// grand total when it is the only total), and the row totals against the column totals when
    /// both are published without a grand total (`total` nil). Members come in reading order with
    /// the total last; positions that are not `present` (not applicable) are left out, and so is a
    /// line whose total is not present.
    func lines(present: (TablePosition) -> Bool) -> [(members: [TablePosition], total: TablePosition?)] {
        var lines: [(members: [TablePosition], total: TablePosition?)] = []
        func line(_ parts: [TablePosition], total: TablePosition?) {
            let members = parts.filter(present)
            guard let total else { return lines.append((members, nil)) }
            if present(total) { lines.append((members + [total], total)) }
        }
        let rows = 0..<rows, columns = 0..<columns
        if rowTotals {
            for row in rows { line(columns.map { .cell(row: row, column: $0) }, total: .rowTotal(row: row)) }
        }
        if columnTotals {
            for column in columns { line(rows.map { .cell(row: $0, column: column) }, total: .columnTotal(column: column)) }
        }
        if grandTotal {
            if !rowTotals && !columnTotals {
                line(rows.flatMap { row in columns.map { .cell(row: row, column: $0) } }, total: .grandTotal)
            }
            if columnTotals { line(columns.map { .columnTotal(column: $0) }, total: .grandTotal) }
            if rowTotals { line(rows.map { .rowTotal(row: $0) }, total: .grandTotal) }
        } else if rowTotals && columnTotals {
            // Without a grand total the row totals and the column totals still have the same sum.
            line(rows.map { .rowTotal(row: $0) } + columns.map { .columnTotal(column: $0) }, total: nil)
        }
        return lines
    }
}

/// A table of counts after disclosure control: what to publish in each cell and total.
///
/// Suppressed counts keep no value, so nothing rendered from this type can reveal them.
public struct SuppressedTable: Sendable, Hashable {
    public let rowLabels: [String]
    public let columnLabels: [String]
    /// `cells[row][column]`.
    public let cells: [[PublishedCount]]
    /// One per row, or nil when row totals are not published.
    public let rowTotals: [PublishedCount]?
    /// One per column, or nil when column totals are not published.
    public let columnTotals: [PublishedCount]?
    /// Nil when the grand total is not published.
    public let grandTotal: PublishedCount?
    /// The threshold used: counts from 1 to `threshold − 1` were primary-suppressed.
    public let threshold: Int
    /// Whether zeros were primary-suppressed too.
    public let suppressZero: Bool

    /// What is published at `position`, or nil if that total is not published.
    public subscript(position: TablePosition) -> PublishedCount? {
        switch position {
        case .cell(let row, let column): cells[row][column]
        case .rowTotal(let row): rowTotals?[row]
        case .columnTotal(let column): columnTotals?[column]
        case .grandTotal: grandTotal
        }
    }

    var shape: TableShape {
        TableShape(rows: rowLabels.count, columns: columnLabels.count, rowTotals: rowTotals != nil,
                   columnTotals: columnTotals != nil, grandTotal: grandTotal != nil)
    }

    /// Every published position (cells and published totals) in reading order.
    public var positions: [TablePosition] { shape.positions }

    /// The positions suppressed because their counts are small, in reading order.
    public var primarySuppressions: [TablePosition] { positions.filter { self[$0]?.suppression == .primary } }

    /// The positions suppressed to protect the primary suppressions, in reading order.
    public var secondarySuppressions: [TablePosition] { positions.filter { self[$0]?.suppression == .secondary } }

    /// An audit of the result: the suppressed positions whose values an intruder could work out
    /// exactly by solving all the published totals together (for instance through a complement that
    /// joins two otherwise separate groups of suppressed cells), in reading order. Empty when every
    /// suppressed value stays unknown. The line rule in `DisclosureControl` cannot guarantee this,
    /// so check it before publishing and suppress by hand (or aggregate) if it is not empty. Uses
    /// only what is published. It tests exact linear recovery only: it does not report the bounds
    /// that follow from counts being non-negative (such as suppressed zeros in a line that sums to 0).
    public var recoverablePositions: [TablePosition] {
        let shape = shape
        let suppressed = shape.positions.filter { self[$0]!.isSuppressed }
        guard !suppressed.isEmpty else { return [] }
        let index = Dictionary(uniqueKeysWithValues: suppressed.enumerated().map { ($1, $0) })
        let equations = shape.lines { self[$0] != .notApplicable }.map { line in
            line.members.compactMap { position -> (Int, Double)? in
                guard let unknown = index[position] else { return nil }
                if let total = line.total { return (unknown, position == total ? -1 : 1) }
                if case .columnTotal = position { return (unknown, -1) }
                return (unknown, 1)
            }
        }
        let determined = DisclosureControl.determined(unknowns: suppressed.count, equations: equations)
        return suppressed.indices.filter { determined[$0] }.map { suppressed[$0] }
    }

    /// The text to publish at `position` (`"12"`, `"c"` or `"x"`), or `""` if it is not published.
    public func text(at position: TablePosition) -> String { self[position]?.text ?? "" }

    /// The table as rows of text for display or CSV: a header row (`cornerLabel`, the column labels,
    /// then `totalLabel` if row totals or a grand total are published), one row per row label (with
    /// its total), and a `totalLabel` row if column totals or a grand total are published. Totals
    /// that are not published are left empty.
    public func textRows(cornerLabel: String = "", totalLabel: String = "Total") -> [[String]] {
        let totalColumn = rowTotals != nil || grandTotal != nil
        let totalRow = columnTotals != nil || grandTotal != nil
        var rows = [[cornerLabel] + columnLabels + (totalColumn ? [totalLabel] : [])]
        for (row, label) in rowLabels.enumerated() {
            rows.append([label] + cells[row].map(\.text) + (totalColumn ? [text(at: .rowTotal(row: row))] : []))
        }
        if totalRow {
            rows.append([totalLabel] + columnLabels.indices.map { text(at: .columnTotal(column: $0)) }
                        + (totalColumn ? [text(at: .grandTotal)] : []))
        }
        return rows
    }

    /// `textRows` as CSV (RFC 4180 quoting, one line per row).
    public func csv(cornerLabel: String = "", totalLabel: String = "Total") -> String {
        DisclosureCSV.csv(textRows(cornerLabel: cornerLabel, totalLabel: totalLabel))
    }
}
