import Foundation

/// A grid of cells, rows by columns, each shaded by its value on a single-hue scale (light for
/// low, dark for high) with its value written in it, so the colour is never the only cue. A cell
/// without a value (missing or suppressed) is left white with its note (such as "c").
public struct HeatMap: Sendable {
    public struct Cell: Sendable, Equatable {
        public var value: Double?
        /// Written in the cell; nil writes the value with `decimals` (or the note of a missing value).
        public var text: String?

        public init(value: Double?, text: String? = nil) {
            self.value = value
            self.text = text
        }
    }

    public var id = "heatmap"
    public var title: String
    public var description: String
    public var rowLabel: String
    public var columnLabel: String
    public var rows: [String]
    public var columns: [String]
    /// rows × columns.
    public var cells: [[Cell]]
    /// The value shaded darkest; the lightest is `low`.
    public var low = 0.0
    public var high = 1.0
    public var decimals = 0
    /// A multiplier for the written value (e.g. 100 for shares written as percentages).
    public var textScale = 1.0
    public var footnote: String?
    public var cellWidth = 44.0
    public var cellHeight = 24.0

    public init(title: String, description: String, rowLabel: String, columnLabel: String, rows: [String], columns: [String],
                cells: [[Cell]], footnote: String? = nil) {
        self.title = title
        self.description = description
        self.rowLabel = rowLabel
        self.columnLabel = columnLabel
        self.rows = rows
        self.columns = columns
        self.cells = cells
        self.footnote = footnote
    }

    var labelColumn: Double { 12 + max(ChartParts.textWidth(rowLabel, size: 13), rows.map { ChartParts.textWidth($0) }.max() ?? 0) + 12 }
    var top: Double { 40 }
    public var width: Double { labelColumn + Double(columns.count) * cellWidth + 12 }
    public var height: Double { top + Double(rows.count) * cellHeight + 24 + (footnote == nil ? 0 : 20) }

    /// The fill of a value: the palette's dark blue blended with white by the value's position.
    func fill(_ value: Double) -> String {
        let span = high - low
        let t = span > 0 ? min(max((value - low) / span, 0), 1) : 1
        let dark = (0x12, 0x43, 0x6D)
        func channel(_ c: Int) -> Int { Int((255 - (255 - Double(c)) * (0.08 + 0.92 * t)).rounded()) }
        return String(format: "#%02X%02X%02X", channel(dark.0), channel(dark.1), channel(dark.2))
    }

    /// White text on dark cells, black on light ones.
    func ink(_ value: Double) -> String {
        let span = high - low
        return (span > 0 ? (value - low) / span : 1) > 0.55 ? "#FFFFFF" : ChartTheme.text
    }

    public func svg() -> String {
        var svg = SVGDocument(width: width, height: height)
        ChartParts.text(&svg, rowLabel, x: 12, y: top - 10, size: 13, weight: "bold", className: "axis-title")
        ChartParts.text(&svg, columnLabel, x: labelColumn, y: 16, size: 13, weight: "bold", className: "axis-title")
        for (c, column) in columns.enumerated() {
            ChartParts.text(&svg, column, x: labelColumn + (Double(c) + 0.5) * cellWidth, y: top - 10, anchor: "middle", size: 11)
        }
        for (r, row) in rows.enumerated() {
            let y = top + Double(r) * cellHeight
            ChartParts.text(&svg, row, x: 12, y: y + cellHeight / 2 + 4)
            for (c, cell) in cells[r].enumerated() {
                drawCell(&svg, cell, x: labelColumn + Double(c) * cellWidth, y: y)
            }
        }
        return ChartParts.finish(&svg, footnote: footnote, height: height, title: title, description: description, id: id)
    }

    func drawCell(_ svg: inout SVGDocument, _ cell: Cell, x: Double, y: Double) {
        let value = cell.value.flatMap { $0.isFinite ? $0 : nil }
        svg.element("rect", [("x", .number(x + 1)), ("y", .number(y + 1)), ("width", .number(cellWidth - 2)), ("height", .number(cellHeight - 2)),
                             ("fill", .text(value.map(fill) ?? "#FFFFFF")), ("stroke", .text(ChartTheme.grid)), ("class", .text("cell"))])
        let text = cell.text ?? value.map { String(format: "%.\(decimals)f", $0 * textScale) } ?? ""
        ChartParts.text(&svg, text, x: x + cellWidth / 2, y: y + cellHeight / 2 + 4, anchor: "middle", size: 11,
                        fill: value.map(ink) ?? ChartTheme.text, className: value == nil ? "suppressed" : "value")
    }
}
