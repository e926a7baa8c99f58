import Testing
@testable import LAEvalReports

@Suite struct DisclosureTests {
    // MARK: Primary suppression

    @Test func countsBelowTheThresholdAreSuppressed() {
        let list = CountList(labels: ["a", "b", "c", "d", "e", "f", "g"], counts: [0, 1, 2, 3, 4, 5, 6], publishesTotal: false)
        let published = list.suppressed()
        #expect(published.texts == ["0", "c", "c", "c", "c", "5", "6"])
        #expect(published.primarySuppressions == [1, 2, 3, 4])
        #expect(published.secondarySuppressions.isEmpty)
        #expect(published.total == nil)

        let withZero = list.suppressed(suppressZero: true)
        #expect(withZero.texts == ["c", "c", "c", "c", "c", "5", "6"])
        #expect(withZero.primarySuppressions == [0, 1, 2, 3, 4])

        #expect(list.suppressed(threshold: 10).texts == ["0", "c", "c", "c", "c", "c", "c"])
        #expect(list.suppressed(threshold: 1).texts == ["0", "1", "2", "3", "4", "5", "6"])
    }

    @Test func primarySensitivity() {
        #expect(!DisclosureControl.isPrimarySensitive(0))
        #expect(DisclosureControl.isPrimarySensitive(0, suppressZero: true))
        #expect((1...4).allSatisfy { DisclosureControl.isPrimarySensitive($0) })
        #expect(!DisclosureControl.isPrimarySensitive(5))
        #expect(DisclosureControl.isPrimarySensitive(9, threshold: 10))
        #expect(!DisclosureControl.isPrimarySensitive(10, threshold: 10))
    }

    // MARK: Secondary suppression

    @Test func aRowTotalForcesASecondSuppressionOfTheSmallestOtherPositiveCell() {
        let table = CountTable(rowLabels: ["LA"], columnLabels: ["A", "B", "C", "D"], cells: [[3, 12, 7, 20]],
                               rowTotals: true, columnTotals: false, grandTotal: false)
        let published = table.suppressed()
        #expect(published.textRows() == [["", "A", "B", "C", "D", "Total"], ["LA", "c", "12", "c", "20", "42"]])
        #expect(published.primarySuppressions == [.cell(row: 0, column: 0)])
        #expect(published.secondarySuppressions == [.cell(row: 0, column: 2)])
    }

    @Test func zerosAndNotApplicableCellsAreNotUsedAsComplements() {
        let table = CountTable(rowLabels: ["LA"], columnLabels: ["A", "B", "C", "D", "E"], cells: [[3, 0, nil, 9, 8]],
                               rowTotals: true, columnTotals: false, grandTotal: false)
        #expect(table.suppressed().textRows()[1] == ["LA", "c", "0", "x", "9", "c", "20"])
    }

    @Test func tiesAreBrokenByPosition() {
        let table = CountTable(rowLabels: ["LA"], columnLabels: ["A", "B", "C"], cells: [[2, 8, 8]],
                               rowTotals: true, columnTotals: false, grandTotal: false)
        #expect(table.suppressed().secondarySuppressions == [.cell(row: 0, column: 1)])
    }

    @Test func theTotalIsSuppressedWhenNoPositiveCellIsLeft() {
        // Column 1 holds the secondary 40 and a zero, so its total is the complement; that leaves one
        // suppressed total among the row and column totals (which must balance), so the smallest
        // other positive total, row 1's 12, goes too.
        let table = CountTable(rowLabels: ["r0", "r1"], columnLabels: ["c0", "c1"], cells: [[3, 40], [12, 0]], grandTotal: false)
        let published = table.suppressed()
        #expect(published.textRows() == [["", "c0", "c1", "Total"], ["r0", "c", "c", "43"], ["r1", "c", "0", "c"], ["Total", "15", "c", ""]])
        #expect(published.primarySuppressions == [.cell(row: 0, column: 0)])
        #expect(published.secondarySuppressions == [.cell(row: 0, column: 1), .cell(row: 1, column: 0), .rowTotal(row: 1), .columnTotal(column: 1)])
    }

    @Test func secondarySuppressionsCascadeAcrossRowsAndColumns() {
        // Primary: (0,0) = 2. Row 0 then hides 10; column 0 hides 15; column 1 (now holding the 10)
        // hides 25; row 1 (holding the 15) hides 6; row 2 (holding the 25) hides 9; column 2 then
        // holds two suppressions and everything is stable.
        let table = CountTable(rowLabels: ["r0", "r1", "r2"], columnLabels: ["c0", "c1", "c2"],
                               cells: [[2, 10, 30], [15, 40, 6], [20, 25, 9]])
        let published = table.suppressed()
        #expect(published.textRows(cornerLabel: "LA") == [
            ["LA", "c0", "c1", "c2", "Total"],
            ["r0", "c", "c", "30", "42"],
            ["r1", "c", "40", "c", "61"],
            ["r2", "20", "c", "c", "54"],
            ["Total", "37", "75", "45", "157"],
        ])
        #expect(published.primarySuppressions == [.cell(row: 0, column: 0)])
        #expect(published.secondarySuppressions == [.cell(row: 0, column: 1), .cell(row: 1, column: 0), .cell(row: 1, column: 2),
                                                    .cell(row: 2, column: 1), .cell(row: 2, column: 2)])
        let expected: [[PublishedCount]] = [
            [.suppressed(.primary), .suppressed(.secondary), .count(30)],
            [.suppressed(.secondary), .count(40), .suppressed(.secondary)],
            [.count(20), .suppressed(.secondary), .suppressed(.secondary)],
        ]
        for row in 0..<3 {
            for column in 0..<3 { #expect(published.cells[row][column] == expected[row][column], "cell (\(row), \(column))") }
        }
        #expect(published.rowTotals == [.count(42), .count(61), .count(54)])
        #expect(published.columnTotals == [.count(37), .count(75), .count(45)])
        #expect(published.grandTotal == .count(157))
        #expect(published.recoverablePositions.isEmpty)
    }

    // MARK: Audit

    @Test func theAuditFindsACountLeftAloneInALine() {
        let published = SuppressedTable(rowLabels: ["r0"], columnLabels: ["c0", "c1"], cells: [[.suppressed(.primary), .count(9)]],
                                        rowTotals: [.count(12)], columnTotals: nil, grandTotal: nil, threshold: 5, suppressZero: false)
        #expect(published.recoverablePositions == [.cell(row: 0, column: 0)])
    }

    @Test func theLineRuleCanLeaveACountRecoverableByCombiningTotals() {
        // Every line holds 0 or at least 2 suppressions, but column 4's pair joins the block in
        // rows 1–2 to the block in row 0 and the totals row, so the 4 at (1, 4) can be worked out:
        // (0,2) + (0,5) = C2 + C5 = 242 − 12 − 68 − 50 − 106 = 6, so (0,4) = 79 − 27 − 6 = 46 and
        // (1,4) = 106 − 46 − 56 = 4. The audit reports it; the line rule alone does not prevent it.
        let table = CountTable(rowLabels: ["r0", "r1", "r2"], columnLabels: ["c0", "c1", "c2", "c3", "c4", "c5"],
                               cells: [[0, 0, 5, 27, 46, 1], [7, 23, 0, 23, 4, 0], [5, 45, nil, nil, 56, 0]])
        let published = table.suppressed(threshold: 10)
        #expect(published.textRows() == [
            ["", "c0", "c1", "c2", "c3", "c4", "c5", "Total"],
            ["r0", "0", "0", "c", "27", "c", "c", "79"],
            ["r1", "c", "c", "0", "23", "c", "0", "57"],
            ["r2", "c", "c", "x", "x", "56", "0", "106"],
            ["Total", "12", "68", "c", "50", "106", "c", "242"],
        ])
        #expect(published.recoverablePositions == [.cell(row: 0, column: 4), .cell(row: 1, column: 4)])
    }

    // MARK: Totals, not-applicable cells, rendering

    @Test func smallTotalsAreThemselvesSuppressed() {
        let table = CountTable(rowLabels: ["r0", "r1"], columnLabels: ["c0", "c1", "c2"], cells: [[1, 2, 0], [10, 20, 30]])
        let published = table.suppressed()
        #expect(published.textRows() == [
            ["", "c0", "c1", "c2", "Total"],
            ["r0", "c", "c", "0", "c"],
            ["r1", "c", "c", "30", "c"],
            ["Total", "11", "22", "30", "63"],
        ])
        #expect(published.primarySuppressions == [.cell(row: 0, column: 0), .cell(row: 0, column: 1), .rowTotal(row: 0)])
        #expect(published.secondarySuppressions == [.cell(row: 1, column: 0), .cell(row: 1, column: 1), .rowTotal(row: 1)])
        #expect(published.recoverablePositions.isEmpty)

        let list = CountList(labels: ["a", "b"], counts: [1, 2]).suppressed()
        #expect(list.total == .suppressed(.primary))
        #expect(list.textRows() == [["", "Count"], ["a", "c"], ["b", "c"], ["All", "c"]])
    }

    @Test func notApplicableCellsRenderAsX() {
        let table = CountTable(rowLabels: ["r0", "r1"], columnLabels: ["c0", "c1"], cells: [[nil, 7], [nil, 9]])
        let published = table.suppressed()
        #expect(published.cells[0][0] == .notApplicable)
        #expect(published.text(at: .cell(row: 0, column: 0)) == "x")
        #expect(published.text(at: .columnTotal(column: 0)) == "x")
        #expect(published.textRows()[3] == ["Total", "x", "16", "16"])
        #expect(published.primarySuppressions.isEmpty && published.secondarySuppressions.isEmpty)
        #expect(CountList(labels: ["a"], counts: [nil]).suppressed(suppressZero: true).textRows() == [["", "Count"], ["a", "x"], ["All", "x"]])
    }

    @Test func supportModelListWithAnAllRow() {
        let list = CountList([("Commissioner", 12), ("Intervention", 3), ("Advisory", 30), ("None", 8)])
        let published = list.suppressed()
        #expect(published.texts == ["12", "c", "30", "c"])
        #expect(published.total == .count(53))
        #expect(published.primarySuppressions == [1])
        #expect(published.secondarySuppressions == [3])
        #expect(published.csv(labelHeading: "Support model", countHeading: "Number of LAs")
                == "Support model,Number of LAs\nCommissioner,12\nIntervention,c\nAdvisory,30\nNone,c\nAll,53\n")
    }

    @Test func csvQuotesLabelsThatNeedIt() {
        let table = CountTable(rowLabels: ["North, East"], columnLabels: ["\"A\""], cells: [[12]], rowTotals: false, columnTotals: false, grandTotal: false)
        #expect(table.suppressed().csv() == ",\"\"\"A\"\"\"\n\"North, East\",12\n")
    }

    @Test func withoutAGrandTotalTheTwoSetsOfTotalsStillBalance() {
        // Row 1's total (3) is small. Row totals and column totals must have the same sum, so with
        // only that total hidden it would be 21 + 22 − 40; the smallest other total goes too.
        let table = CountTable(rowLabels: ["r0", "r1"], columnLabels: ["c0", "c1"], cells: [[20, 20], [1, 2]], grandTotal: false)
        let published = table.suppressed()
        #expect(published.textRows() == [["", "c0", "c1", "Total"], ["r0", "c", "c", "40"], ["r1", "c", "c", "c"], ["Total", "c", "22", ""]])
        #expect(published.primarySuppressions == [.cell(row: 1, column: 0), .cell(row: 1, column: 1), .rowTotal(row: 1)])
        #expect(published.secondarySuppressions == [.cell(row: 0, column: 0), .cell(row: 0, column: 1), .columnTotal(column: 0)])
        #expect(published.recoverablePositions.isEmpty)
    }

    // MARK: Properties

    @Test func randomTablesLeaveNoLineWithExactlyOneSuppression() {
        var random = SplitMix64(seed: 20_240_601)
        for trial in 0..<2_000 {
            let (table, threshold, suppressZero) = Self.randomTable(&random)
            let published = table.suppressed(threshold: threshold, suppressZero: suppressZero)
            let context = Comment(rawValue: "trial \(trial): \(table.cells) rows \(table.publishesRowTotals) columns \(table.publishesColumnTotals) grand \(table.publishesGrandTotal) threshold \(threshold) zero \(suppressZero)")

            for position in published.positions {
                guard let count = published[position] else { continue }
                guard let value = Self.value(at: position, in: table) else {
                    #expect(count == .notApplicable, context)
                    continue
                }
                let sensitive = (value == 0 && suppressZero) || (1..<threshold).contains(value)
                #expect((count.suppression == .primary) == sensitive, context)
                if !count.isSuppressed { #expect(count == .count(value), context) }
                if value == 0 && !suppressZero { #expect(!count.isSuppressed, context) }
            }
            for line in Self.lines(of: table) {
                let suppressed = line.filter { Self.value(at: $0, in: table) != nil && published[$0]!.isSuppressed }
                #expect(suppressed.count != 1, "\(context) line \(line)")
            }
            #expect(table.suppressed(threshold: threshold, suppressZero: suppressZero) == published, context)
        }
    }

    @Test func theSameTableGivesTheSameResult() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let (table, threshold, suppressZero) = Self.randomTable(&random)
            let copy = CountTable(rowLabels: table.rowLabels, columnLabels: table.columnLabels, cells: table.cells,
                                  rowTotals: table.publishesRowTotals, columnTotals: table.publishesColumnTotals, grandTotal: table.publishesGrandTotal)
            let first = table.suppressed(threshold: threshold, suppressZero: suppressZero)
            #expect(copy.suppressed(threshold: threshold, suppressZero: suppressZero) == first)
            #expect(copy.suppressed(threshold: threshold, suppressZero: suppressZero).csv() == first.csv())
        }
    }

    // MARK: Helpers

    /// A table of 1–6 by 1–6 cells mixing small, large, zero and nil counts, with random totals published.
    static func randomTable(_ random: inout SplitMix64) -> (CountTable, Int, Bool) {
        let rows = Int(random.next(below: 6)) + 1, columns = Int(random.next(below: 6)) + 1
        let cells: [[Int?]] = (0..<rows).map { _ in
            (0..<columns).map { _ in
                switch random.next(below: 10) {
                case 0: nil
                case 1, 2: 0
                case 3, 4, 5: Int(random.next(below: 6))
                default: Int(random.next(below: 60))
                }
            }
        }
        let table = CountTable(rowLabels: (0..<rows).map { "r\($0)" }, columnLabels: (0..<columns).map { "c\($0)" }, cells: cells,
                               rowTotals: random.next(below: 4) != 0, columnTotals: random.next(below: 4) != 0,
                               grandTotal: random.next(below: 3) != 0)
        let threshold = [3, 5, 5, 10][Int(random.next(below: 4))]
        return (table, threshold, random.next(below: 4) == 0)
    }

    /// The true count at a published position, or nil when it is not applicable.
    static func value(at position: TablePosition, in table: CountTable) -> Int? {
        switch position {
        case .cell(let row, let column): table.cells[row][column]
        case .rowTotal(let row): table.rowTotal(row)
        case .columnTotal(let column): table.columnTotal(column)
        case .grandTotal: table.grandTotal
        }
    }

    /// Every set of published positions whose values add up (with signs) to zero, written out
    /// independently of the implementation.
    static func lines(of table: CountTable) -> [[TablePosition]] {
        let rows = Array(table.rowLabels.indices), columns = Array(table.columnLabels.indices)
        var lines: [[TablePosition]] = []
        if table.publishesRowTotals { lines += rows.map { row in columns.map { .cell(row: row, column: $0) } + [.rowTotal(row: row)] } }
        if table.publishesColumnTotals { lines += columns.map { column in rows.map { .cell(row: $0, column: column) } + [.columnTotal(column: column)] } }
        if table.publishesGrandTotal {
            lines.append(rows.flatMap { row in columns.map { .cell(row: row, column: $0) } } + [.grandTotal])
            if table.publishesRowTotals { lines.append(rows.map { .rowTotal(row: $0) } + [.grandTotal]) }
            if table.publishesColumnTotals { lines.append(columns.map { .columnTotal(column: $0) } + [.grandTotal]) }
        }
        if table.publishesRowTotals && table.publishesColumnTotals {
            lines.append(rows.map { .rowTotal(row: $0) } + columns.map { .columnTotal(column: $0) })
        }
        return lines
    }

    /// A small deterministic generator (SplitMix64) so that the property tests are reproducible.
    struct SplitMix64 {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// A number in 0..<bound (the slight modulo bias does not matter here).
        mutating func next(below bound: UInt64) -> UInt64 { next() % bound }
    }
}
