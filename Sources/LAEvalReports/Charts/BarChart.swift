import Foundation

/// A horizontal bar chart: one bar per category, or a group of bars per category when there are
/// several series (each series with its own colour and fill pattern, named in a legend). Each bar
/// has its value written at its end; negative values go left of the zero line. A value that is
/// missing or suppressed shows its note (such as "c") in place of the bar, never a zero-length bar.
public struct BarChart: Sendable {
    public struct Value: Sendable, Equatable {
        /// nil (or NaN) when there is no value to draw.
        public var value: Double?
        /// Shown instead of a bar when there is no value, e.g. "c" for a suppressed count.
        public var note: String?

        public init(_ value: Double) {
            self.value = value
            self.note = nil
        }

        public init(value: Double?, note: String?) {
            self.value = value
            self.note = note
        }

        /// A value withheld (e.g. to protect small numbers), shown as `note`.
        public static func suppressed(_ note: String = "c") -> Value { Value(value: nil, note: note) }

        var drawn: Double? { value.flatMap { $0.isFinite ? $0 : nil } }
    }

    public struct Category: Sendable, Equatable {
        public var label: String
        /// One value per series, in the order of `BarChart.series`.
        public var values: [Value]

        public init(label: String, values: [Value]) {
            self.label = label
            self.values = values
        }

        public init(label: String, value: Value) {
            self.init(label: label, values: [value])
        }
    }

    /// Prefix of the element ids (`<id>-title`, `<id>-desc`, patterns); make it unique on a page with several charts.
    public var id = "chart"
    public var title: String
    public var description: String
    /// The value axis, under the plot.
    public var xLabel: String
    /// The category axis, as a heading over the category labels (none if nil).
    public var yLabel: String?
    /// Names of the series; the legend is drawn when there are two or more.
    public var series: [String]
    public var categories: [Category]
    public var decimals = 1
    /// A note under the chart, such as what "c" means.
    public var footnote: String?
    public var width = 640.0
    public var barHeight = 18.0

    public init(title: String, description: String, xLabel: String, yLabel: String? = nil, series: [String] = [],
                categories: [Category], footnote: String? = nil) {
        self.title = title
        self.description = description
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.categories = categories
        self.footnote = footnote
    }

    var seriesCount: Int { max(series.count, categories.map(\.values.count).max() ?? 1, 1) }
    var groupHeight: Double { Double(seriesCount) * barHeight + 10 }

    var legendHeight: Double {
        var scratch = SVGDocument(width: width, height: 0)
        return series.count > 1 ? drawLegend(&scratch) + 6 : 0
    }

    var top: Double { 12 + legendHeight + (yLabel == nil ? 0 : 20) }

    /// Grows with the number of categories and series.
    public var height: Double { top + Double(categories.count) * groupHeight + 50 + (footnote == nil ? 0 : 20) }

    /// The narrowest the bar area may be; the chart grows wider if its labels need it.
    static let minimumPlotWidth = 260.0

    func label(_ value: Double) -> String { String(format: "%.\(decimals)f", value) }

    public func svg() -> String {
        let values = categories.flatMap { $0.values.compactMap(\.drawn) }
        let labelColumn = 12 + (categories.map { ChartParts.textWidth($0.label) }.max() ?? 0) + 12
        let negative = values.filter { $0 < 0 }.map { ChartParts.textWidth(label($0)) + 6 }.max() ?? 0
        let positive = (values.filter { $0 >= 0 }.map { ChartParts.textWidth(label($0)) }
            + categories.flatMap { $0.values.compactMap { $0.drawn == nil ? ChartParts.textWidth($0.note ?? "") : nil } }).max() ?? 0
        // long labels widen the chart rather than squeeze the bars
        if labelColumn + negative + positive + 18 + Self.minimumPlotWidth > width {
            var wider = self
            wider.width = (labelColumn + negative + positive + 18 + Self.minimumPlotWidth).rounded(.up)
            return wider.svg()
        }
        let ticks = ChartParts.ticks(values + [0])
        let x = LinearScale(domain: ticks.first!...ticks.last!, from: labelColumn + negative, to: width - 18 - positive)
        let plotBottom = top + Double(categories.count) * groupHeight
        var svg = SVGDocument(width: width, height: height)
        ChartParts.patternDefinitions(&svg, id: id, fills: (0..<seriesCount).map { ($0, ChartParts.colour($0)) })
        if series.count > 1 { drawLegend(&svg) }
        if let yLabel { ChartParts.text(&svg, yLabel, x: 12, y: top - 8, size: 13, weight: "bold") }
        let step = ChartParts.step(ticks)
        ChartParts.verticalGrid(&svg, ticks: ticks, scale: x, top: top, bottom: plotBottom) { LinearScale.label($0, step: step) }
        for (index, category) in categories.enumerated() {
            drawCategory(&svg, category, top: top + Double(index) * groupHeight + 5, x: x)
        }
        ChartParts.axisTitles(&svg, x: xLabel, y: nil, left: x.from, right: x.to, top: top, bottom: plotBottom,
                              height: height - (footnote == nil ? 0 : 20))
        return ChartParts.finish(&svg, footnote: footnote, height: height, title: title, description: description, id: id)
    }

    @discardableResult
    func drawLegend(_ svg: inout SVGDocument) -> Double {
        let items = series.enumerated().map { index, name -> (label: String, swatch: ChartParts.Swatch) in
            (name, .box(paint: ChartParts.paint(id: id, style: index, colour: ChartParts.colour(index)), stroke: ChartParts.colour(index)))
        }
        return ChartParts.legend(&svg, items: items, x: 12, y: 18, right: width - 12)
    }

    func drawCategory(_ svg: inout SVGDocument, _ category: Category, top: Double, x: LinearScale) {
        let middle = top + Double(seriesCount) * barHeight / 2
        ChartParts.text(&svg, category.label, x: 12, y: middle + 4)
        for (index, value) in category.values.enumerated() {
            let y = top + Double(index) * barHeight
            guard let number = value.drawn else {
                ChartParts.text(&svg, value.note ?? "no data", x: x(0) + 4, y: y + barHeight / 2 + 4, className: "suppressed")
                continue
            }
            let colour = ChartParts.colour(index)
            svg.element("rect", [("x", .number(min(x(0), x(number)))), ("y", .number(y + 1)), ("width", .number(abs(x(number) - x(0)))),
                                 ("height", .number(barHeight - 2)), ("fill", .text(ChartParts.paint(id: id, style: index, colour: colour))),
                                 ("stroke", .text(colour)), ("class", .text("bar"))])
            ChartParts.text(&svg, label(number), x: x(number) + (number < 0 ? -4 : 4), y: y + barHeight / 2 + 4,
                            anchor: number < 0 ? "end" : "start", className: "value")
        }
    }
}
