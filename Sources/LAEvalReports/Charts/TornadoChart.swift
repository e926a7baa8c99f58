import Foundation

/// A tornado diagram of a one-way sensitivity analysis (HM Treasury Green Book 2022, ch. 5):
/// one horizontal bar per parameter, widest swing at the top, from the base-case output to the
/// output with the parameter at its low value (one colour) and at its high value (another), with
/// a vertical line at the base case. Each bar's label names the parameter and its low and high
/// values.
public struct TornadoChart: Sendable {
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var atLow: Double
        public var atHigh: Double

        public init(label: String, atLow: Double, atHigh: Double) {
            self.label = label
            self.atLow = atLow
            self.atHigh = atHigh
        }
    }

    public var id = "tornado"
    public var title: String
    public var description: String
    public var xLabel: String
    public var base: Double
    /// Drawn top to bottom in the order given (sort by swing first).
    public var bars: [Bar]
    public var width = 640.0
    public var rowHeight = 26.0
    static let top = 44.0, bottom = 56.0

    public init(title: String, description: String, xLabel: String, base: Double, bars: [Bar]) {
        self.title = title
        self.description = description
        self.xLabel = xLabel
        self.base = base
        self.bars = bars
    }

    /// Tick labels in thousands or millions (500k, 1.5m) so that large amounts do not overlap.
    static func compact(_ value: Double, step: Double) -> String {
        let magnitude = max(abs(value), step)
        if magnitude >= 1e6 { return LinearScale.label(value / 1e6, step: step / 1e6) + "m" }
        if magnitude >= 1e4 { return LinearScale.label(value / 1e3, step: step / 1e3) + "k" }
        return LinearScale.label(value, step: step)
    }

    public var height: Double { Self.top + Double(bars.count) * rowHeight + 8 + Self.bottom }

    public func svg() -> String {
        var svg = SVGDocument(width: width, height: height)
        let left = 12 + (bars.map { ChartParts.textWidth($0.label) }.max() ?? 0) + 16
        let ticks = ChartParts.ticks(bars.flatMap { [$0.atLow, $0.atHigh] } + [base])
        let x = LinearScale(domain: ticks.first!...ticks.last!, from: left + 8, to: width - 24)
        let plotBottom = height - Self.bottom
        let step = ChartParts.step(ticks)
        ChartParts.verticalGrid(&svg, ticks: ticks, scale: x, top: Self.top, bottom: plotBottom, zero: false) { Self.compact($0, step: step) }
        ChartParts.legend(&svg, items: [("Parameter at its low value", .box(paint: ChartTheme.colours[1], stroke: "none")),
                                        ("at its high value", .box(paint: ChartTheme.colours[0], stroke: "none"))],
                          x: 12, y: 16, right: width - 12)
        for (index, bar) in bars.enumerated() {
            let y = Self.top + Double(index) * rowHeight
            ChartParts.text(&svg, bar.label, x: 12, y: y + rowHeight / 2 + 4)
            for (value, colour, name) in [(bar.atLow, ChartTheme.colours[1], "low"), (bar.atHigh, ChartTheme.colours[0], "high")] {
                let (a, b) = (min(x(base), x(value)), max(x(base), x(value)))
                svg.element("rect", [("class", .text("bar-\(name)")), ("x", .number(a)), ("y", .number(y + 5)),
                                     ("width", .number(max(b - a, 0.5))), ("height", .number((rowHeight - 10) / 2)),
                                     ("transform", .text(name == "high" ? "translate(0 \(SVGDocument.number((rowHeight - 10) / 2)))" : "translate(0 0)")),
                                     ("fill", .text(colour))])
            }
        }
        ChartParts.line(&svg, x1: x(base), y1: Self.top, x2: x(base), y2: plotBottom - 8, stroke: ChartTheme.text, width: 1.5, className: "base")
        ChartParts.axisTitles(&svg, x: xLabel, y: nil, left: x.from, right: x.to, top: Self.top, bottom: plotBottom, height: height)
        return svg.rendered(title: title, description: description, id: id)
    }
}
