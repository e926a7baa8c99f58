import Foundation

/// A love plot (Ahmed et al. 2006; the balance plot of MatchIt and cobalt): one row per covariate,
/// its absolute standardised mean difference between treated and comparison units before
/// adjustment (open circle) and after (filled circle), joined by a thin line, with dashed vertical
/// lines at the usual balance thresholds (0.1 and 0.25). Rows are drawn in the order given;
/// missing values (NaN) are left out of the row.
public struct LovePlot: Sendable {
    public struct Row: Sendable, Equatable {
        public var label: String
        public var before: Double
        public var after: Double

        public init(label: String, before: Double, after: Double) {
            self.label = label
            self.before = before
            self.after = after
        }
    }

    public var id = "love"
    public var title: String
    public var description: String
    public var rows: [Row]
    public var thresholds = [0.1, 0.25]
    public var beforeLabel = "Before matching"
    public var afterLabel = "After matching"
    public var xLabel = "Absolute standardised mean difference"
    public var width = 640.0
    public var rowHeight = 22.0

    public init(title: String, description: String, rows: [Row]) {
        self.title = title
        self.description = description
        self.rows = rows
    }

    static let top = 44.0, bottom = 56.0

    public var height: Double { Self.top + Double(rows.count) * rowHeight + 8 + Self.bottom }

    public func svg() -> String {
        let left = 12 + (rows.map { ChartParts.textWidth($0.label) }.max() ?? 0) + 16
        let plotBottom = height - Self.bottom
        var svg = SVGDocument(width: width, height: height)
        let values = rows.flatMap { [abs($0.before), abs($0.after)] } + thresholds + [0]
        let ticks = ChartParts.ticks(values)
        let x = LinearScale(domain: 0...ticks.last!, from: left + 8, to: width - 24)
        let step = ChartParts.step(ticks)
        ChartParts.verticalGrid(&svg, ticks: ticks.filter { $0 >= 0 }, scale: x, top: Self.top, bottom: plotBottom, zero: false) {
            LinearScale.label($0, step: step)
        }
        for threshold in thresholds {
            svg.element("line", [("x1", .number(x(threshold))), ("y1", .number(Self.top)), ("x2", .number(x(threshold))),
                                 ("y2", .number(plotBottom)), ("stroke", .text(ChartTheme.text)), ("stroke-width", .number(1)),
                                 ("stroke-dasharray", .text("4 3")), ("class", .text("threshold"))])
        }
        ChartParts.legend(&svg, items: [(beforeLabel, .marker(shape: "circle", colour: ChartTheme.colours[1], open: true)),
                                        (afterLabel, .marker(shape: "circle", colour: ChartTheme.colours[0], open: false))],
                          x: 12, y: 16, right: width - 12)
        for (index, row) in rows.enumerated() {
            drawRow(&svg, row, y: Self.top + (Double(index) + 0.5) * rowHeight, x: x)
        }
        ChartParts.axisTitles(&svg, x: xLabel, y: nil, left: x.from, right: x.to, top: Self.top, bottom: plotBottom, height: height)
        return svg.rendered(title: title, description: description, id: id)
    }

    func drawRow(_ svg: inout SVGDocument, _ row: Row, y: Double, x: LinearScale) {
        ChartParts.text(&svg, row.label, x: 12, y: y + 4)
        let before = abs(row.before), after = abs(row.after)
        if before.isFinite, after.isFinite {
            ChartParts.line(&svg, x1: x(before), y1: y, x2: x(after), y2: y, stroke: ChartTheme.grid, width: 1, className: "shift")
        }
        if before.isFinite {
            ChartParts.marker(&svg, "circle", cx: x(before), cy: y, r: 4.5, fill: "none", stroke: ChartTheme.colours[1], strokeWidth: 1.5,
                              className: "before")
        }
        if after.isFinite {
            ChartParts.marker(&svg, "circle", cx: x(after), cy: y, r: 4.5, fill: ChartTheme.colours[0], className: "after")
        }
    }
}
