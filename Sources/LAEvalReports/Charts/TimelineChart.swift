import Foundation

/// A timeline with one row per unit (e.g. a local authority) over a horizontal axis of years:
/// intervals (e.g. support episodes) as bars whose category sets their colour and fill pattern,
/// and point events (e.g. inspection grades) as markers whose category sets their shape and colour,
/// both named in legends. Unit names are in a column on the left; the chart grows by one row height
/// (18 px) per unit. Colours go first to the event categories, then to the interval categories, so
/// no colour means two things.
public struct TimelineChart: Sendable {
    public struct Interval: Sendable, Equatable {
        /// Years as decimals, e.g. 2016.25 for the start of April 2016.
        public var start: Double
        public var end: Double
        public var category: String

        public init(start: Double, end: Double, category: String) {
            self.start = start
            self.end = end
            self.category = category
        }
    }

    public struct Event: Sendable, Equatable {
        public var time: Double
        public var category: String

        public init(time: Double, category: String) {
            self.time = time
            self.category = category
        }
    }

    public struct Row: Sendable, Equatable {
        public var label: String
        public var intervals: [Interval]
        public var events: [Event]

        public init(label: String, intervals: [Interval] = [], events: [Event] = []) {
            self.label = label
            self.intervals = intervals
            self.events = events
        }
    }

    /// Prefix of the element ids (`<id>-title`, `<id>-desc`, patterns); make it unique on a page with several charts.
    public var id = "chart"
    public var title: String
    public var description: String
    public var xLabel: String
    public var rows: [Row]
    /// Interval categories in legend order (colour and pattern follow this order).
    public var intervalCategories: [String]
    /// Event categories in legend order (shape and colour follow this order), e.g. inspection grades best to worst.
    public var eventCategories: [String]
    public var intervalLegendTitle = "Support:"
    public var eventLegendTitle = "Inspection:"
    public var width = 640.0
    public var rowHeight = 18.0

    /// Categories not listed are added in order of first appearance.
    public init(title: String, description: String, xLabel: String = "Year", rows: [Row], intervalCategories: [String] = [],
                eventCategories: [String] = []) {
        self.title = title
        self.description = description
        self.xLabel = xLabel
        self.rows = rows
        self.intervalCategories = Self.ordered(intervalCategories, seen: rows.flatMap { $0.intervals.map(\.category) })
        self.eventCategories = Self.ordered(eventCategories, seen: rows.flatMap { $0.events.map(\.category) })
    }

    static func ordered(_ given: [String], seen: [String]) -> [String] {
        var result = given
        for category in seen where !result.contains(category) { result.append(category) }
        return result
    }

    func intervalStyle(_ category: String) -> (style: Int, colour: String) {
        let index = intervalCategories.firstIndex(of: category) ?? 0
        return (index, ChartParts.colour(eventCategories.count + index))
    }

    func eventStyle(_ category: String) -> (shape: String, colour: String) {
        let index = eventCategories.firstIndex(of: category) ?? 0
        return (ChartParts.shape(index), ChartParts.colour(index))
    }

    var legendHeight: Double {
        var scratch = SVGDocument(width: width, height: 0)
        return drawLegends(&scratch)
    }

    var top: Double { 12 + legendHeight + 4 }

    /// Grows with the number of rows.
    public var height: Double { top + Double(rows.count) * rowHeight + 56 }

    public func svg() -> String {
        let times = rows.flatMap { $0.intervals.flatMap { [$0.start, $0.end] } + $0.events.map(\.time) }.filter(\.isFinite)
        let domain = ((times.min() ?? 2015).rounded(.down))...((times.max() ?? 2020).rounded(.up))
        let ticks = ChartParts.yearTicks(domain, count: 8).filter { domain.contains($0) }
        let left = 12 + (rows.map { ChartParts.textWidth($0.label) }.max() ?? 0) + 12
        let x = LinearScale(domain: domain, from: left, to: width - 20)
        let plotBottom = top + Double(rows.count) * rowHeight
        var svg = SVGDocument(width: width, height: height)
        ChartParts.patternDefinitions(&svg, id: id, fills: intervalCategories.map { intervalStyle($0) })
        drawLegends(&svg)
        drawBands(&svg, right: x.to)
        ChartParts.verticalGrid(&svg, ticks: ticks, scale: x, top: top, bottom: plotBottom, zero: false) { LinearScale.label($0, step: 1) }
        for (index, row) in rows.enumerated() { drawRow(&svg, row, middle: top + (Double(index) + 0.5) * rowHeight, x: x) }
        ChartParts.axisTitles(&svg, x: xLabel, y: nil, left: x.from, right: x.to, top: top, bottom: plotBottom, height: height)
        return svg.rendered(title: title, description: description, id: id)
    }

    /// The interval legend, then the event legend below it; returns their height.
    @discardableResult
    func drawLegends(_ svg: inout SVGDocument) -> Double {
        var y = 18.0
        if !intervalCategories.isEmpty {
            let items = intervalCategories.map { category -> (label: String, swatch: ChartParts.Swatch) in
                let style = intervalStyle(category)
                return (category, .box(paint: ChartParts.paint(id: id, style: style.style, colour: style.colour), stroke: style.colour))
            }
            y += ChartParts.legend(&svg, title: intervalLegendTitle, items: items, x: 12, y: y, right: width - 12)
        }
        if !eventCategories.isEmpty {
            let items = eventCategories.map { category -> (label: String, swatch: ChartParts.Swatch) in
                let style = eventStyle(category)
                return (category, .marker(shape: style.shape, colour: style.colour, open: false))
            }
            y += ChartParts.legend(&svg, title: eventLegendTitle, items: items, x: 12, y: y, right: width - 12)
        }
        return y - 6
    }

    /// A pale band behind every other row, to lead the eye from a label across its row.
    func drawBands(_ svg: inout SVGDocument, right: Double) {
        for index in rows.indices where index % 2 == 1 {
            svg.element("rect", [("x", .number(6)), ("y", .number(top + Double(index) * rowHeight)), ("width", .number(right)),
                                 ("height", .number(rowHeight)), ("fill", .text(ChartTheme.band))])
        }
    }

    func drawRow(_ svg: inout SVGDocument, _ row: Row, middle: Double, x: LinearScale) {
        ChartParts.text(&svg, row.label, x: 12, y: middle + 4)
        for interval in row.intervals where interval.start.isFinite && interval.end.isFinite {
            let style = intervalStyle(interval.category)
            let from = x(min(interval.start, interval.end)), to = x(max(interval.start, interval.end))
            svg.element("rect", [("x", .number(from)), ("y", .number(middle - 5)), ("width", .number(max(to - from, 1))), ("height", .number(10)),
                                 ("fill", .text(ChartParts.paint(id: id, style: style.style, colour: style.colour))),
                                 ("stroke", .text(style.colour)), ("class", .text("interval"))])
        }
        for event in row.events where event.time.isFinite {
            let style = eventStyle(event.category)
            ChartParts.marker(&svg, style.shape, cx: x(event.time), cy: middle, r: ChartParts.balanced(style.shape, 5), fill: style.colour, stroke: "white", strokeWidth: 1,
                              className: "event")
        }
    }
}
