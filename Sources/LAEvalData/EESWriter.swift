import LAEvalCore

/// Writes EES tidy data and metadata files (LF line ends, numbers in their shortest exact form).
public enum EESWriter {
    public static func dataText(_ table: EESTable) -> String {
        var writer = CSVWriter()
        writer.write(table.columnNames)
        var fields = [String](repeating: "", count: table.columnNames.count)
        for row in 0..<table.rowCount {
            for (position, column) in table.columns.enumerated() {
                switch column {
                case .text(let values): fields[position] = values[row]
                case .indicator(let values): fields[position] = cellText(values[row])
                }
            }
            writer.write(fields)
        }
        return writer.text
    }

    /// A cell's text. EES has no symbol for a number that is not finite (NaN or infinite, which
    /// only a computation can produce): it is written as `x`, unavailable.
    public static func cellText(_ value: IndicatorValue) -> String {
        switch value {
        case .number(let number): number.isFinite ? NumberText.format(number) : EESSymbol.unavailable.rawValue
        case .missing(let symbol): symbol.rawValue
        }
    }

    public static func metaText(_ rows: [EESMetaRow]) -> String {
        var writer = CSVWriter()
        writer.write(EESReader.metaRequiredColumns)
        for row in rows {
            writer.write([row.colName, row.colType.rawValue, row.label, row.indicatorGrouping, row.indicatorUnit,
                          row.indicatorDP, row.filterHint, row.filterGroupingColumn])
        }
        return writer.text
    }
}
