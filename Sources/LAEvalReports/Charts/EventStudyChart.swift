import Foundation

/// An event-study plot: an estimate with its confidence interval at each event time, the
/// reference period marked, a dashed line where support begins, and optionally a second series
/// (e.g. the effect planted in a simulation) with its own marker and dash, labelled directly.
public struct EventStudyChart: Sendable {
    public struct Point: Sendable, Equatable {
        public var eventTime: Int
        public var estimate: Double
        public var lower: Double
        public var upper: Double

        public init(eventTime: Int, estimate: Double, lower: Double, upper: Double) {
            self.eventTime = eventTime
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
        }
    }

    /// Prefix of the element ids (`<id>-title`, `<id>-desc`); make it unique on a page with several charts.
    public var id = "chart"
    public var title: String
    public var description: String
    public var xLabel = "Years since support began"
    public var yLabel: String
    public var points: [Point]
    public var reference: Int? = -1
    /// Whether the reference period is a normalised zero drawn as an open circle (false when
    /// every period is estimated, e.g. imputation leads or a varying base period: only the
    /// boundary where support begins is drawn).
    public var referenceIsNormalised = true
    public var comparison: (label: String, values: [(eventTime: Int, value: Double)])?
    public var width = 640.0
    public var height = 360.0

    public init(title: String, description: String, yLabel: String, points: [Point], reference: Int? = -1,
                comparison: (label: String, values: [(eventTime: Int, value: Double)])? = nil) {
        self.title = title
        self.description = description
        self.yLabel = yLabel
        self.points = points
        self.reference = reference
        self.comparison = comparison
    }

    public func svg() -> String {
        let left = 72.0, top = 20.0, bottom = 56.0
        let right = comparison == nil ? 24.0 : 24.0 + 7.0 * Double(comparison!.label.count)  // room for the direct label
        var svg = SVGDocument(width: width, height: height)
        let times: [Int] = points.map { $0.eventTime } + (reference.map { [$0] } ?? []) + (comparison?.values.map { $0.eventTime } ?? [])
        let xDomain = Double(times.min() ?? -1) - 0.5...Double(times.max() ?? 1) + 0.5
        let values: [Double] = points.flatMap { [$0.lower, $0.upper, $0.estimate] } + [0] + (comparison?.values.map { $0.value } ?? [])
        let finite = values.filter { $0.isFinite }
        let yTicks = LinearScale.niceTicks((finite.min() ?? -1)...(finite.max() ?? 1))
        let x = LinearScale(domain: xDomain, from: left, to: width - right)
        let y = LinearScale(domain: yTicks.first!...yTicks.last!, from: height - bottom, to: top)
        ChartParts.horizontalGrid(&svg, ticks: yTicks, scale: y, left: left, right: width - right)
        for time in Int(xDomain.lowerBound.rounded(.up))...Int(xDomain.upperBound.rounded(.down)) {
            svg.element("text", [("x", .number(x(Double(time)))), ("y", .number(height - bottom + 18)), ("text-anchor", .text("middle")),
                                 ("font-size", .number(12)), ("fill", .text(ChartTheme.text))], content: String(time))
        }
        if let reference {
            let boundary = x(Double(reference) + 0.5)
            svg.element("line", [("x1", .number(boundary)), ("x2", .number(boundary)), ("y1", .number(top)), ("y2", .number(height - bottom)),
                                 ("stroke", .text(ChartTheme.colours[4])), ("stroke-dasharray", .text("4 4"))])
            svg.element("text", [("x", .number(boundary + 4)), ("y", .number(top + 12)), ("font-size", .number(12)),
                                 ("fill", .text(ChartTheme.text))], content: "support begins")
            if referenceIsNormalised {
                svg.element("circle", [("cx", .number(x(Double(reference)))), ("cy", .number(y(0))), ("r", .number(4)),
                                       ("fill", .text("white")), ("stroke", .text(ChartTheme.colours[0]))])
                svg.element("text", [("x", .number(x(Double(reference)))), ("y", .number(y(0) - 8)), ("text-anchor", .text("middle")),
                                     ("font-size", .number(11)), ("fill", .text(ChartTheme.text))], content: "reference")
            }
        }
        for point in points where point.estimate.isFinite {
            let px = x(Double(point.eventTime))
            if point.lower.isFinite, point.upper.isFinite {
                svg.element("line", [("x1", .number(px)), ("x2", .number(px)), ("y1", .number(y(point.lower))), ("y2", .number(y(point.upper))),
                                     ("stroke", .text(ChartTheme.colours[0])), ("stroke-width", .number(1.5))])
                for end in [point.lower, point.upper] {
                    svg.element("line", [("x1", .number(px - 4)), ("x2", .number(px + 4)), ("y1", .number(y(end))), ("y2", .number(y(end))),
                                         ("stroke", .text(ChartTheme.colours[0])), ("stroke-width", .number(1.5))])
                }
            }
            svg.element("circle", [("cx", .number(px)), ("cy", .number(y(point.estimate))), ("r", .number(4)), ("fill", .text(ChartTheme.colours[0]))])
        }
        if let comparison, !comparison.values.isEmpty {
            let path = comparison.values.enumerated().map { index, item in
                "\(index == 0 ? "M" : "L")\(SVGDocument.number(x(Double(item.eventTime)))) \(SVGDocument.number(y(item.value)))"
            }.joined(separator: " ")
            svg.element("path", [("d", .text(path)), ("fill", .text("none")), ("stroke", .text(ChartTheme.colours[3])),
                                 ("stroke-width", .number(1.5)), ("stroke-dasharray", .text(ChartTheme.dashes[1]))])
            for item in comparison.values {
                ChartParts.marker(&svg, "diamond", cx: x(Double(item.eventTime)), cy: y(item.value), r: 5, fill: ChartTheme.colours[3])
            }
            let last = comparison.values.last!
            svg.element("text", [("x", .number(x(Double(last.eventTime)) + 8)), ("y", .number(y(last.value) + 4)),
                                 ("font-size", .number(12)), ("fill", .text(ChartTheme.colours[3]))], content: comparison.label)
        }
        ChartParts.axisTitles(&svg, x: xLabel, y: yLabel, left: left, right: width - right, top: top, bottom: height - bottom, height: height)
        return svg.rendered(title: title, description: description, id: id)
    }
}
