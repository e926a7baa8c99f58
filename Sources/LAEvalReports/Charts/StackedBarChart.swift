import Foundation

/// A 100% stacked horizontal bar chart, such as the answers to Likert items: one bar per
/// category, split into one segment per series (the points of the scale, in order), each with
/// its own colour and fill pattern named in the legend, so colour is never the only cue. A
/// segment's percentage is written on it when it is wide enough; every percentage is in the data
/// table beside the chart. Withheld shares (disclosure control) are drawn in their place as one
/// grey hatched block marked "c" when they are next to each other, its width their combined
/// share (100 minus the shares shown); a category with no shares, or with withheld shares apart
/// from each other, shows its note, such as "c", in place of the bar.
public struct StackedBarChart: Sendable {
    public struct Category: Sendable, Equatable {
        public var label: String
        /// Percentages per series (summing to 100), nil entries withheld; nil when the whole bar is.
        public var shares: [Double?]?
        /// Shown instead of a bar when `shares` is nil, e.g. "c" for suppressed counts.
        public var note: String?

        public init(label: String, shares: [Double?]?, note: String? = nil) {
            self.label = label
            self.shares = shares
            self.note = note
        }
    }

    /// Prefix of the element ids (`<id>-title`, `<id>-desc`, patterns); unique on a page.
    public var id = "stacked"
    public var title: String
    public var description: String
    public var xLabel: String
    /// Names of the segments in order (e.g. "Strongly disagree" … "Strongly agree").
    public var series: [String]
    /// One colour per series; by default a diverging scale from the first to the last series
    /// for five series, else the categorical palette.
    public var colours: [String]?
    public var categories: [Category]
    public var footnote: String?
    public var width = 720.0
    public var barHeight = 22.0
    /// Segments narrower than this percentage carry no label (their value is in the table).
    public var minimumLabelled = 6.0

    /// Disagreement to agreement in the Analysis Function's colours, with grey for the middle.
    public static let likertColours = ["#801650", "#F46A25", "#8E8E8E", "#28A197", "#12436D"]
    /// Disagree, neither, agree.
    public static let threePointColours = ["#F46A25", "#8E8E8E", "#28A197"]
    static let withheldColour = "#BFC1C3"

    /// The withheld run of a category: (first index, last index, combined share), nil when nothing
    /// is withheld; `.some(nil)` when the withheld shares are not next to each other.
    static func withheldRun(_ shares: [Double?]) -> (first: Int, last: Int, share: Double)?? {
        let missing = shares.indices.filter { shares[$0] == nil }
        guard let first = missing.first, let last = missing.last else { return .none }
        guard last - first + 1 == missing.count else { return .some(nil) }
        return .some((first, last, max(0, 100 - shares.compactMap { $0 }.reduce(0, +))))
    }

    var withheldPaint: String { ChartParts.paint(id: "\(id)-withheld", style: 1, colour: Self.withheldColour) }

    public var anyWithheld: Bool { categories.contains { $0.shares?.contains { $0 == nil } ?? false } }

    public init(title: String, description: String, xLabel: String, series: [String], categories: [Category], footnote: String? = nil) {
        self.title = title
        self.description = description
        self.xLabel = xLabel
        self.series = series
        self.categories = categories
        self.footnote = footnote
    }

    func colour(_ index: Int) -> String {
        if let colours, !colours.isEmpty { return colours[index % colours.count] }
        if series.count == 5 { return Self.likertColours[index] }
        if series.count == 3 { return Self.threePointColours[index] }
        return ChartParts.colour(index)
    }

    var legendHeight: Double {
        var scratch = SVGDocument(width: width, height: 0)
        return drawLegend(&scratch) + 8
    }

    var rowHeight: Double { barHeight + 10 }
    var top: Double { 12 + legendHeight }
    public var height: Double { top + Double(categories.count) * rowHeight + 50 + (footnote == nil ? 0 : 20) }

    public func svg() -> String {
        let labelColumn = 12 + min(ChartParts.textWidth(categories.map(\.label).max { $0.count < $1.count } ?? ""), 300) + 12
        if labelColumn + 18 + 260 > width {
            var wider = self
            wider.width = (labelColumn + 18 + 260).rounded(.up)
            return wider.svg()
        }
        let x = LinearScale(domain: 0...100, from: labelColumn, to: width - 18)
        let plotBottom = top + Double(categories.count) * rowHeight
        var svg = SVGDocument(width: width, height: height)
        ChartParts.patternDefinitions(&svg, id: id, fills: series.indices.map { ($0, colour($0)) })
        if anyWithheld { ChartParts.patternDefinitions(&svg, id: "\(id)-withheld", fills: [(1, Self.withheldColour)]) }
        drawLegend(&svg)
        ChartParts.verticalGrid(&svg, ticks: [0, 25, 50, 75, 100], scale: x, top: top, bottom: plotBottom, zero: false) { "\(Int($0))%" }
        for (index, category) in categories.enumerated() {
            let y = top + Double(index) * rowHeight + 5
            ChartParts.text(&svg, Self.fitted(category.label, width: labelColumn - 24), x: 12, y: y + barHeight / 2 + 4)
            let note = { (svg: inout SVGDocument) in
                ChartParts.text(&svg, category.note ?? "c", x: x(0) + 4, y: y + barHeight / 2 + 4, className: "suppressed")
            }
            guard let shares = category.shares, !shares.isEmpty else {
                note(&svg)
                continue
            }
            let run: (first: Int, last: Int, share: Double)
            switch Self.withheldRun(shares) {
            case .none: run = (-1, -1, 0)
            case .some(.none):
                note(&svg)
                continue
            case .some(.some(let withheld)): run = withheld
            }
            var start = 0.0
            for (s, share) in shares.enumerated() {
                if s == run.first {
                    let end = min(100, start + run.share)
                    svg.element("rect", [("x", .number(x(start))), ("y", .number(y)), ("width", .number(x(end) - x(start))), ("height", .number(barHeight)),
                                         ("fill", .text(withheldPaint)), ("stroke", .text("white")), ("stroke-width", .number(1)),
                                         ("class", .text("withheld"))])
                    ChartParts.text(&svg, "c", x: (x(start) + x(end)) / 2, y: y + barHeight / 2 + 4, anchor: "middle", size: 11, halo: true,
                                    className: "suppressed")
                    start = end
                }
                guard let share, share > 0 else { continue }
                let end = min(100, start + share)
                svg.element("rect", [("x", .number(x(start))), ("y", .number(y)), ("width", .number(x(end) - x(start))), ("height", .number(barHeight)),
                                     ("fill", .text(ChartParts.paint(id: id, style: s, colour: colour(s)))), ("stroke", .text("white")),
                                     ("stroke-width", .number(1)), ("class", .text("segment"))])
                if share >= minimumLabelled {
                    ChartParts.text(&svg, "\(Int(share.rounded()))%", x: (x(start) + x(end)) / 2, y: y + barHeight / 2 + 4, anchor: "middle",
                                    size: 11, halo: true, className: "value")
                }
                start = end
            }
        }
        ChartParts.axisTitles(&svg, x: xLabel, y: nil, left: x.from, right: x.to, top: top, bottom: plotBottom,
                              height: height - (footnote == nil ? 0 : 20))
        return ChartParts.finish(&svg, footnote: footnote, height: height, title: title, description: description, id: id)
    }

    @discardableResult
    func drawLegend(_ svg: inout SVGDocument) -> Double {
        var items = series.enumerated().map { index, name -> (label: String, swatch: ChartParts.Swatch) in
            (name, .box(paint: ChartParts.paint(id: id, style: index, colour: colour(index)), stroke: colour(index)))
        }
        if anyWithheld { items.append(("c: withheld", .box(paint: withheldPaint, stroke: Self.withheldColour))) }
        return ChartParts.legend(&svg, items: items, x: 12, y: 18, right: width - 12)
    }

    /// The label cut with an ellipsis to about `width` pixels (the full text is in the table).
    static func fitted(_ label: String, width: Double) -> String {
        guard ChartParts.textWidth(label) > width else { return label }
        let keep = max(4, Int(width / 6.5) - 1)
        return String(label.prefix(keep)).trimmingCharacters(in: .whitespaces) + "…"
    }
}
