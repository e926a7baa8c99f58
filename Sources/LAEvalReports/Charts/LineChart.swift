import Foundation

/// A line chart of several series over a numeric x (usually years): each series a line with its
/// own colour, dash and marker, an optional translucent confidence ribbon, and a direct label at
/// its last point (labels nudged apart so they never overlap). Missing values (NaN) break the line
/// rather than being drawn as zero. Optional dashed vertical lines mark events such as "support began".
public struct LineChart: Sendable {
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        /// The confidence interval at this point; nil or NaN draws no ribbon here.
        public var lower: Double?
        public var upper: Double?

        public init(x: Double, y: Double, lower: Double? = nil, upper: Double? = nil) {
            self.x = x
            self.y = y
            self.lower = lower
            self.upper = upper
        }
    }

    public struct Series: Sendable, Equatable {
        public var label: String
        public var points: [Point]

        public init(label: String, points: [Point]) {
            self.label = label
            self.points = points
        }
    }

    /// A dashed vertical line across the plot at `x`, labelled above the plot.
    public struct Marker: Sendable, Equatable {
        public var x: Double
        public var label: String

        public init(x: Double, label: String) {
            self.x = x
            self.label = label
        }
    }

    /// Prefix of the element ids (`<id>-title`, `<id>-desc`); make it unique on a page with several charts.
    public var id = "chart"
    public var title: String
    public var description: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var markers: [Marker]
    public var width = 640.0
    public var height = 360.0
    /// Draw each series as a step function (a survival curve): flat until the next point, where
    /// it jumps; markers only at the ends, since every point is a jump rather than a measurement.
    public var steps = false

    public init(title: String, description: String, xLabel: String, yLabel: String, series: [Series], markers: [Marker] = []) {
        self.title = title
        self.description = description
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.markers = markers
    }

    public func svg() -> String {
        let left = 72.0, bottom = 56.0
        let right = 24.0 + (series.map { ChartParts.textWidth($0.label) }.max() ?? 0)
        var svg = SVGDocument(width: width, height: height)
        let points = series.flatMap(\.points)
        let xs = (points.map(\.x) + markers.map(\.x)).filter(\.isFinite)
        let xDomain = (xs.min() ?? 0)...(xs.max() ?? 1)
        let xTicks = LinearScale.niceTicks(xDomain, count: 6).filter { xDomain.contains($0) }
        let x = LinearScale(domain: xDomain, from: left, to: width - right)
        let rows = markerRows(x)
        let top = 20.0 + 14.0 * Double(rows.max().map { $0 + 1 } ?? 0)
        let yTicks = ChartParts.ticks(points.flatMap { [$0.y, $0.lower ?? .nan, $0.upper ?? .nan] })
        let y = LinearScale(domain: yTicks.first!...yTicks.last!, from: height - bottom, to: top)
        ChartParts.horizontalGrid(&svg, ticks: yTicks, scale: y, left: left, right: width - right)
        let xStep = ChartParts.step(xTicks)
        ChartParts.verticalGrid(&svg, ticks: xTicks, scale: x, top: top, bottom: height - bottom, zero: false) {
            LinearScale.label($0, step: xStep)
        }
        drawMarkers(&svg, rows: rows, x: x, top: top, bottom: height - bottom)
        let drawn = steps ? series.map(Self.stepped) : series
        for (index, item) in drawn.enumerated() { drawRibbon(&svg, item, index: index, x: x, y: y) }
        for (index, item) in drawn.enumerated() { drawLine(&svg, item, index: index, x: x, y: y) }
        drawLabels(&svg, x: x, y: y, top: top, bottom: height - bottom)
        ChartParts.axisTitles(&svg, x: xLabel, y: yLabel, left: left, right: width - right, top: top, bottom: height - bottom, height: height)
        return svg.rendered(title: title, description: description, id: id)
    }

    /// The series with a corner before each point: the previous value (and interval) carried
    /// across to the point's x, so straight segments draw a step function.
    static func stepped(_ series: Series) -> Series {
        var points: [Point] = []
        for point in series.points {
            if let last = points.last { points.append(Point(x: point.x, y: last.y, lower: last.lower, upper: last.upper)) }
            points.append(point)
        }
        return Series(label: series.label, points: points)
    }

    /// The row (0 = lowest, just above the plot) of each marker's label, so that labels never overlap.
    func markerRows(_ x: LinearScale) -> [Int] {
        var rows: [[ClosedRange<Double>]] = []
        return markers.map { marker in
            guard marker.x.isFinite else { return 0 }
            let span = markerSpan(marker, x: x)
            let row = rows.firstIndex { $0.allSatisfy { $0.upperBound + 8 < span.lowerBound || span.upperBound + 8 < $0.lowerBound } } ?? rows.count
            if row == rows.count { rows.append([]) }
            rows[row].append(span)
            return row
        }
    }

    /// Where a marker's label runs: rightwards from the line, or leftwards if it would leave the chart.
    func markerSpan(_ marker: Marker, x: LinearScale) -> ClosedRange<Double> {
        let start = x(marker.x), width = ChartParts.textWidth(marker.label)
        return start + width <= self.width - 4 ? start...(start + width) : (start - width)...start
    }

    func drawMarkers(_ svg: inout SVGDocument, rows: [Int], x: LinearScale, top: Double, bottom: Double) {
        for (marker, row) in zip(markers, rows) where marker.x.isFinite {
            ChartParts.line(&svg, x1: x(marker.x), y1: top, x2: x(marker.x), y2: bottom, stroke: ChartTheme.colours[4], dash: "4 4",
                            className: "marker-line")
            let leftwards = markerSpan(marker, x: x).upperBound == x(marker.x)
            ChartParts.text(&svg, marker.label, x: x(marker.x), y: top - 6 - 14 * Double(row), anchor: leftwards ? "end" : "start")
        }
    }

    func drawRibbon(_ svg: inout SVGDocument, _ series: Series, index: Int, x: LinearScale, y: LinearScale) {
        var runs: [[Point]] = [[]]
        for point in series.points {
            if let lower = point.lower, let upper = point.upper, lower.isFinite, upper.isFinite, point.x.isFinite {
                runs[runs.count - 1].append(point)
            } else if !runs[runs.count - 1].isEmpty {
                runs.append([])
            }
        }
        for run in runs where run.count > 1 {
            let outline = run.map { (x: x($0.x), y: y($0.upper!)) } + run.reversed().map { (x: x($0.x), y: y($0.lower!)) }
            svg.element("path", [("d", .text(ChartParts.brokenPath(outline) + " Z")), ("fill", .text(ChartParts.colour(index))),
                                 ("fill-opacity", .number(0.2)), ("stroke", .text("none")), ("class", .text("ribbon"))])
        }
    }

    func drawLine(_ svg: inout SVGDocument, _ series: Series, index: Int, x: LinearScale, y: LinearScale) {
        let colour = ChartParts.colour(index)
        var attributes: [(String, SVGDocument.Value)] = [
            ("d", .text(ChartParts.brokenPath(series.points.map { (x: x($0.x), y: y($0.y)) }))),
            ("fill", .text("none")), ("stroke", .text(colour)), ("stroke-width", .number(2)),
        ]
        if !ChartParts.dash(index).isEmpty { attributes.append(("stroke-dasharray", .text(ChartParts.dash(index)))) }
        attributes.append(("class", .text("series-line")))
        svg.element("path", attributes)
        let marked = steps ? [series.points.last { $0.x.isFinite && $0.y.isFinite }].compactMap { $0 } : series.points
        for point in marked where point.x.isFinite && point.y.isFinite {
            ChartParts.marker(&svg, ChartParts.shape(index), cx: x(point.x), cy: y(point.y), r: 3.5, fill: colour, stroke: "white", strokeWidth: 1)
        }
    }

    /// Each series' label right of its last drawn point, spread at least 14 px apart, with a
    /// leader line in the series' colour when a label had to move.
    func drawLabels(_ svg: inout SVGDocument, x: LinearScale, y: LinearScale, top: Double, bottom: Double) {
        let ends = series.map { $0.points.last { $0.x.isFinite && $0.y.isFinite } }
        let labelled = series.indices.filter { ends[$0] != nil }
        let wanted = labelled.map { y(ends[$0]!.y) }
        let placed = ChartParts.spread(wanted, gap: 14, lower: top + 4, upper: bottom)
        let labelX = x.to + 10
        for (rank, index) in labelled.enumerated() {
            let end = ends[index]!
            if abs(placed[rank] - wanted[rank]) > 0.5 || x(end.x) + 8 < labelX {
                ChartParts.line(&svg, x1: x(end.x) + 5, y1: wanted[rank], x2: labelX - 3, y2: placed[rank], stroke: ChartParts.colour(index),
                                width: 1)
            }
            ChartParts.text(&svg, series[index].label, x: labelX, y: placed[rank] + 4, className: "series-label")
        }
    }
}
