import Foundation

/// A scatter plot: points whose category sets their marker shape and colour (named in a legend),
/// optionally labelled (labels nudged so they do not overlap), with optional quadrant lines at
/// x = 0 and y = 0 and a caption in each quadrant (as on a cost-effectiveness plane), and an
/// optional labelled reference line y = k·x (such as a willingness-to-pay threshold).
public struct ScatterChart: Sendable {
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var label: String?
        public var category: String

        public init(x: Double, y: Double, label: String? = nil, category: String = "") {
            self.x = x
            self.y = y
            self.label = label
            self.category = category
        }
    }

    /// The line y = slope·x, labelled where it leaves the plot.
    public struct ReferenceLine: Sendable, Equatable {
        public var slope: Double
        public var label: String

        public init(slope: Double, label: String) {
            self.slope = slope
            self.label = label
        }
    }

    /// Captions for the four quadrants.
    public struct Quadrants: Sendable, Equatable {
        public var topRight: String
        public var topLeft: String
        public var bottomLeft: String
        public var bottomRight: String

        public init(topRight: String, topLeft: String, bottomLeft: String, bottomRight: String) {
            self.topRight = topRight
            self.topLeft = topLeft
            self.bottomLeft = bottomLeft
            self.bottomRight = bottomRight
        }
    }

    /// Prefix of the element ids (`<id>-title`, `<id>-desc`); make it unique on a page with several charts.
    public var id = "chart"
    public var title: String
    public var description: String
    public var xLabel: String
    public var yLabel: String
    public var points: [Point]
    /// Categories in legend order (shape and colour follow this order); the legend is drawn unless
    /// the only category is "".
    public var categories: [String]
    /// Draws lines at x = 0 and y = 0 (and includes both in the axes).
    public var quadrantLines = false
    public var quadrantCaptions: Quadrants?
    public var referenceLine: ReferenceLine?
    public var width = 640.0
    public var height = 440.0

    /// Categories not listed are added in order of first appearance.
    public init(title: String, description: String, xLabel: String, yLabel: String, points: [Point], categories: [String] = [],
                quadrantLines: Bool = false, quadrantCaptions: Quadrants? = nil, referenceLine: ReferenceLine? = nil) {
        self.title = title
        self.description = description
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.points = points
        self.categories = categories
        for point in points where !self.categories.contains(point.category) { self.categories.append(point.category) }
        self.quadrantLines = quadrantLines || quadrantCaptions != nil
        self.quadrantCaptions = quadrantCaptions
        self.referenceLine = referenceLine
    }

    var showsLegend: Bool { categories != [""] && !categories.isEmpty }

    func style(_ category: String) -> (shape: String, colour: String) {
        let index = categories.firstIndex(of: category) ?? 0
        // past six categories the shapes shift against the colours, so no two categories look alike
        return (ChartParts.shape(index + index / ChartParts.shapes.count), ChartParts.colour(index))
    }

    public func svg() -> String {
        var svg = SVGDocument(width: width, height: height)
        var top = 20.0
        if showsLegend {
            let items = categories.map { category -> (label: String, swatch: ChartParts.Swatch) in
                (category, .marker(shape: style(category).shape, colour: style(category).colour, open: false))
            }
            top += ChartParts.legend(&svg, items: items, x: 72, y: 16, right: width - 12)
        }
        let left = 72.0, right = 24.0, bottom = 56.0
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
        let zero: [Double] = quadrantLines ? [0] : []
        let xTicks = ChartParts.ticks(finite.map(\.x) + zero), yTicks = ChartParts.ticks(finite.map(\.y) + zero)
        let x = LinearScale(domain: xTicks.first!...xTicks.last!, from: left, to: width - right)
        let y = LinearScale(domain: yTicks.first!...yTicks.last!, from: height - bottom, to: top)
        ChartParts.horizontalGrid(&svg, ticks: yTicks, scale: y, left: left, right: width - right)
        let xStep = ChartParts.step(xTicks)
        ChartParts.verticalGrid(&svg, ticks: xTicks, scale: x, top: top, bottom: height - bottom, zero: quadrantLines) {
            LinearScale.label($0, step: xStep)
        }
        if quadrantLines { drawQuadrants(&svg, x: x, y: y) }
        if let referenceLine { drawReference(&svg, referenceLine, x: x, y: y) }
        drawPoints(&svg, finite, x: x, y: y)
        ChartParts.axisTitles(&svg, x: xLabel, y: yLabel, left: left, right: width - right, top: top, bottom: height - bottom, height: height)
        return svg.rendered(title: title, description: description, id: id)
    }

    func drawQuadrants(_ svg: inout SVGDocument, x: LinearScale, y: LinearScale) {
        ChartParts.line(&svg, x1: x(0), y1: y.to, x2: x(0), y2: y.from, stroke: ChartTheme.text, width: 1.5, className: "quadrant")
        ChartParts.line(&svg, x1: x.from, y1: y(0), x2: x.to, y2: y(0), stroke: ChartTheme.text, width: 1.5, className: "quadrant")
        guard let captions = quadrantCaptions else { return }
        let inset = 6.0
        ChartParts.text(&svg, captions.topRight, x: x.to - inset, y: y.to + 14, anchor: "end", size: 11, weight: "bold", halo: true)
        ChartParts.text(&svg, captions.topLeft, x: x.from + inset, y: y.to + 14, size: 11, weight: "bold", halo: true)
        ChartParts.text(&svg, captions.bottomLeft, x: x.from + inset, y: y.from - inset, size: 11, weight: "bold", halo: true)
        ChartParts.text(&svg, captions.bottomRight, x: x.to - inset, y: y.from - inset, anchor: "end", size: 11, weight: "bold", halo: true)
    }

    /// The line y = k·x clipped to the plot, labelled near the top of the plot (below the
    /// top-right caption): right of the line if the label fits there, else left of it, so that
    /// the label never crosses the line.
    func drawReference(_ svg: inout SVGDocument, _ line: ReferenceLine, x: LinearScale, y: LinearScale) {
        let k = line.slope
        guard k.isFinite else { return }
        var ends = [x.domain.lowerBound, x.domain.upperBound].map { (x: $0, y: k * $0) }
        for (i, end) in ends.enumerated() where !y.domain.contains(end.y) && k != 0 {
            let bound = end.y > y.domain.upperBound ? y.domain.upperBound : y.domain.lowerBound
            ends[i] = (x: bound / k, y: bound)
        }
        guard ends.allSatisfy({ x.domain.contains($0.x) && y.domain.contains($0.y) }) else { return }
        ChartParts.line(&svg, x1: x(ends[0].x), y1: y(ends[0].y), x2: x(ends[1].x), y2: y(ends[1].y), stroke: ChartTheme.colours[4],
                        width: 1.5, dash: "8 4", className: "reference")
        let width = ChartParts.textWidth(line.label), baseline = y.to + (quadrantCaptions == nil ? 14 : 30)
        guard k > 0 else {
            ChartParts.text(&svg, line.label, x: x.to - 4, y: max(y(k * x.domain.upperBound) - 6, baseline), anchor: "end", halo: true,
                            className: "reference-label")
            return
        }
        let lineX = { (pixelY: Double) in x(y.invert(pixelY) / k) }
        let rightOf = lineX(baseline - 12) + 6, leftOf = min(lineX(baseline) - 6, x.to - 4)
        let fits = rightOf + width <= x.to - 4
        ChartParts.text(&svg, line.label, x: fits ? rightOf : max(leftOf, x.from + width), y: baseline, anchor: fits ? nil : "end", halo: true,
                        className: "reference-label")
    }

    func drawPoints(_ svg: inout SVGDocument, _ points: [Point], x: LinearScale, y: LinearScale) {
        for point in points {
            let style = style(point.category)
            ChartParts.marker(&svg, style.shape, cx: x(point.x), cy: y(point.y), r: 5, fill: style.colour, stroke: "white", strokeWidth: 1,
                              className: "point")
        }
        let labelled = points.compactMap { point in point.label.map { (point: point, text: $0) } }
        let flips = labelled.map { x($0.point.x) + 8 + ChartParts.textWidth($0.text, size: 11) > x.to }
        let boxes = zip(labelled, flips).map { item, flip in
            let width = ChartParts.textWidth(item.text, size: 11)
            return (x: x(item.point.x) + (flip ? -8 - width : 8), y: y(item.point.y) + 4, width: width)
        }
        for ((item, flip), baseline) in zip(zip(labelled, flips), ChartParts.placeLabels(boxes)) {
            ChartParts.text(&svg, item.text, x: x(item.point.x) + (flip ? -8 : 8), y: baseline, anchor: flip ? "end" : nil, size: 11,
                            halo: true, className: "point-label")
        }
    }
}
