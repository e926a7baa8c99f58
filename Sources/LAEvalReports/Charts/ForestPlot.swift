import Foundation

/// A forest plot: one row per estimate, drawn as a square with a horizontal line for its interval,
/// labels left-aligned in a column on the left (optionally under group headings), a vertical line
/// at the reference value (0 by default), an optional comparison value per row (such as the effect
/// planted in a simulation) as an open diamond, and the estimate and interval written out on the
/// right. Rows whose estimate is missing (NaN) say "not estimated". Rows are drawn in the order given.
public struct ForestPlot: Sendable {
    public struct Row: Sendable, Equatable {
        public var label: String
        public var estimate: Double
        public var lower: Double
        public var upper: Double
        /// A heading drawn above the first row of each run of rows with the same group.
        public var group: String?
        public var comparison: Double?

        public init(label: String, estimate: Double, lower: Double, upper: Double, group: String? = nil, comparison: Double? = nil) {
            self.label = label
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
            self.group = group
            self.comparison = comparison
        }
    }

    /// Prefix of the element ids (`<id>-title`, `<id>-desc`); make it unique on a page with several charts.
    public var id = "chart"
    public var title: String
    public var description: String
    public var xLabel: String
    public var rows: [Row]
    public var reference = 0.0
    public var estimateLabel = "Estimate with 95% interval"
    public var comparisonLabel = "Planted effect"
    /// Decimals of the numbers written on the right; nil leaves them out.
    public var decimals: Int? = 2
    public var width = 640.0
    public var rowHeight = 22.0

    public init(title: String, description: String, xLabel: String, rows: [Row], reference: Double = 0,
                comparisonLabel: String = "Planted effect") {
        self.title = title
        self.description = description
        self.xLabel = xLabel
        self.rows = rows
        self.reference = reference
        self.comparisonLabel = comparisonLabel
    }

    /// One line per heading or row, top to bottom.
    enum Line: Equatable {
        case heading(String)
        case row(Row)
    }

    var lines: [Line] {
        var result: [Line] = [], previous: String?? = .none
        for row in rows {
            if let group = row.group, previous != .some(row.group) { result.append(.heading(group)) }
            previous = .some(row.group)
            result.append(.row(row))
        }
        return result
    }

    static let top = 44.0, bottom = 56.0
    /// The narrowest the interval area may be; the chart grows wider if its labels need it.
    static let minimumPlotWidth = 280.0

    /// Grows with the number of rows and headings.
    public var height: Double { Self.top + Double(lines.count) * rowHeight + 8 + Self.bottom }

    func numbers(_ row: Row) -> String? {
        guard let decimals, row.estimate.isFinite else { return nil }
        let format = { (value: Double) in String(format: "%.\(decimals)f", value) }
        return row.lower.isFinite && row.upper.isFinite ? "\(format(row.estimate)) (\(format(row.lower)) to \(format(row.upper)))" : format(row.estimate)
    }

    /// The width of the longest label (bold headings are a little wider, grouped rows indented).
    func labelWidth(_ lines: [Line]) -> Double {
        lines.map { line -> Double in
            switch line {
            case .heading(let text): ChartParts.textWidth(text) * 1.1
            case .row(let row): ChartParts.textWidth(row.label) + (row.group == nil ? 0 : 8)
            }
        }.max() ?? 0
    }

    public func svg() -> String {
        let lines = lines
        let left = 12 + labelWidth(lines) + 16
        let right = 16 + (rows.compactMap(numbers).map { ChartParts.textWidth($0) }.max() ?? 0)
        // long labels widen the chart rather than squeeze (or reverse) the plot area
        if left + right + Self.minimumPlotWidth > width {
            var wider = self
            wider.width = (left + right + Self.minimumPlotWidth).rounded(.up)
            return wider.svg()
        }
        let plotBottom = height - Self.bottom
        var svg = SVGDocument(width: width, height: height)
        let values = rows.flatMap { [$0.estimate, $0.lower, $0.upper, $0.comparison ?? .nan] } + [reference]
        let ticks = ChartParts.ticks(values)
        let x = LinearScale(domain: ticks.first!...ticks.last!, from: left + 8, to: width - right - 8)
        let step = ChartParts.step(ticks)
        ChartParts.verticalGrid(&svg, ticks: ticks, scale: x, top: Self.top, bottom: plotBottom, zero: false) { LinearScale.label($0, step: step) }
        ChartParts.line(&svg, x1: x(reference), y1: Self.top, x2: x(reference), y2: plotBottom, stroke: ChartTheme.text, width: 1,
                        className: "reference")
        drawLegend(&svg)
        for (index, line) in lines.enumerated() {
            let y = Self.top + (Double(index) + 0.5) * rowHeight
            switch line {
            case .heading(let text): ChartParts.text(&svg, text, x: 12, y: y + 4, weight: "bold")
            case .row(let row): drawRow(&svg, row, y: y, x: x)
            }
        }
        ChartParts.axisTitles(&svg, x: xLabel, y: nil, left: x.from, right: x.to, top: Self.top, bottom: plotBottom, height: height)
        return svg.rendered(title: title, description: description, id: id)
    }

    func drawLegend(_ svg: inout SVGDocument) {
        var items: [(label: String, swatch: ChartParts.Swatch)] = [(estimateLabel, .interval(shape: "square", colour: ChartTheme.colours[0]))]
        if rows.contains(where: { $0.comparison?.isFinite == true }) {
            items.append((comparisonLabel, .marker(shape: "diamond", colour: ChartTheme.colours[3], open: true)))
        }
        ChartParts.legend(&svg, items: items, x: 12, y: 16, right: width - 12)
    }

    func drawRow(_ svg: inout SVGDocument, _ row: Row, y: Double, x: LinearScale) {
        let indent = row.group == nil ? 12.0 : 20.0
        ChartParts.text(&svg, row.label, x: indent, y: y + 4)
        guard row.estimate.isFinite else {
            ChartParts.text(&svg, "not estimated", x: x.from, y: y + 4, className: "not-estimated")
            return
        }
        if row.lower.isFinite, row.upper.isFinite {
            ChartParts.line(&svg, x1: x(row.lower), y1: y, x2: x(row.upper), y2: y, stroke: ChartTheme.colours[0], width: 1.5, className: "interval")
        }
        ChartParts.marker(&svg, "square", cx: x(row.estimate), cy: y, r: 4.5, fill: ChartTheme.colours[0], className: "estimate")
        if let comparison = row.comparison, comparison.isFinite {
            ChartParts.marker(&svg, "diamond", cx: x(comparison), cy: y, r: 5.5, fill: "none", stroke: ChartTheme.colours[3], strokeWidth: 1.5,
                              className: "comparison")
        }
        if let numbers = numbers(row) { ChartParts.text(&svg, numbers, x: width - 12, y: y + 4, anchor: "end") }
    }
}
