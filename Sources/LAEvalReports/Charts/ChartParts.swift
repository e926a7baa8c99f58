import Foundation

/// Pieces the charts share: text, gridlines with tick labels, axis titles, marker shapes, fill
/// patterns, legends and the nudging of direct labels apart. Every function appends elements to an
/// `SVGDocument` in a fixed order, so the charts stay byte-stable.
enum ChartParts {
    /// Approximate width of `text` in Arial at `size` px (about 6.5 px a character at 12 px).
    static func textWidth(_ text: String, size: Double = 12) -> Double {
        Double(text.count) * size * 6.5 / 12
    }

    /// A text element; `halo` outlines it in white so that it stays readable over lines.
    static func text(_ svg: inout SVGDocument, _ content: String, x: Double, y: Double, anchor: String? = nil, size: Double = 12,
                     fill: String = ChartTheme.text, weight: String? = nil, halo: Bool = false, className: String? = nil) {
        var attributes: [(String, SVGDocument.Value)] = [("x", .number(x)), ("y", .number(y))]
        if let anchor { attributes.append(("text-anchor", .text(anchor))) }
        attributes += [("font-size", .number(size)), ("fill", .text(fill))]
        if let weight { attributes.append(("font-weight", .text(weight))) }
        if halo { attributes += [("stroke", .text("white")), ("stroke-width", .number(3)), ("paint-order", .text("stroke"))] }
        if let className { attributes.append(("class", .text(className))) }
        svg.element("text", attributes, content: content)
    }

    static func line(_ svg: inout SVGDocument, x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                     width: Double? = nil, dash: String? = nil, className: String? = nil) {
        var attributes: [(String, SVGDocument.Value)] = [("x1", .number(x1)), ("x2", .number(x2)), ("y1", .number(y1)), ("y2", .number(y2)),
                                                          ("stroke", .text(stroke))]
        if let width { attributes.append(("stroke-width", .number(width))) }
        if let dash, !dash.isEmpty { attributes.append(("stroke-dasharray", .text(dash))) }
        if let className { attributes.append(("class", .text(className))) }
        svg.element("line", attributes)
    }

    // MARK: Axes

    /// The step between consecutive ticks (1 for a single tick).
    static func step(_ ticks: [Double]) -> Double {
        ticks.count > 1 ? ticks[1] - ticks[0] : 1
    }

    /// Nice ticks over the finite values (or -1...1 when there are none).
    static func ticks(_ values: [Double], count: Int = 5) -> [Double] {
        let finite = values.filter { $0.isFinite }
        return LinearScale.niceTicks((finite.min() ?? -1)...(finite.max() ?? 1), count: count)
    }

    /// Horizontal gridlines at `ticks` (the zero line darker) with tick labels left of `left`.
    static func horizontalGrid(_ svg: inout SVGDocument, ticks: [Double], scale y: LinearScale, left: Double, right: Double) {
        let tickStep = Self.step(ticks)
        for tick in ticks {
            svg.element("line", [("x1", .number(left)), ("x2", .number(right)), ("y1", .number(y(tick))), ("y2", .number(y(tick))),
                                 ("stroke", .text(tick == 0 ? ChartTheme.text : ChartTheme.grid)), ("stroke-width", .number(tick == 0 ? 1 : 0.5))])
            svg.element("text", [("x", .number(left - 6)), ("y", .number(y(tick) + 4)), ("text-anchor", .text("end")),
                                 ("font-size", .number(12)), ("fill", .text(ChartTheme.text))], content: LinearScale.label(tick, step: tickStep))
        }
    }

    /// Vertical gridlines at `ticks` with tick labels below `bottom`; the zero line darker if `zero`.
    static func verticalGrid(_ svg: inout SVGDocument, ticks: [Double], scale x: LinearScale, top: Double, bottom: Double,
                             zero: Bool = true, labels: (Double) -> String) {
        for tick in ticks {
            let dark = zero && tick == 0
            line(&svg, x1: x(tick), y1: top, x2: x(tick), y2: bottom, stroke: dark ? ChartTheme.text : ChartTheme.grid, width: dark ? 1 : 0.5)
            text(&svg, labels(tick), x: x(tick), y: bottom + 18, anchor: "middle")
        }
    }

    /// Ticks at whole years (never fractions of a year) covering `domain`.
    static func yearTicks(_ domain: ClosedRange<Double>, count: Int = 6) -> [Double] {
        let ticks = LinearScale.niceTicks(domain, count: count)
        guard step(ticks) < 1 else { return ticks }
        return stride(from: domain.lowerBound.rounded(.down), through: domain.upperBound.rounded(.up), by: 1).map { $0 }
    }

    /// The x-axis title centred under the plot and, if given, the y-axis title rotated at the left edge.
    /// The footnote (if any) at the foot of the chart, and the finished SVG.
    static func finish(_ svg: inout SVGDocument, footnote: String?, height: Double, title: String, description: String, id: String) -> String {
        if let footnote { text(&svg, footnote, x: 12, y: height - 10, size: 11) }
        return svg.rendered(title: title, description: description, id: id)
    }

    static func axisTitles(_ svg: inout SVGDocument, x xLabel: String, y yLabel: String?, left: Double, right: Double,
                           top: Double, bottom: Double, height: Double) {
        svg.element("text", [("x", .number((left + right) / 2)), ("y", .number(height - 12)), ("text-anchor", .text("middle")),
                             ("font-size", .number(13)), ("fill", .text(ChartTheme.text)), ("class", .text("axis-title"))], content: xLabel)
        guard let yLabel else { return }
        let middle = (top + bottom) / 2
        svg.element("text", [("x", .number(16)), ("y", .number(middle)), ("text-anchor", .text("middle")), ("font-size", .number(13)),
                             ("fill", .text(ChartTheme.text)), ("transform", .text("rotate(-90 16 \(SVGDocument.number(middle)))")),
                             ("class", .text("axis-title"))], content: yLabel)
    }

    // MARK: Markers and fills

    /// Marker shapes, in the order series and categories take them.
    static let shapes = ["circle", "square", "triangle", "diamond", "cross", "triangle-down"]

    static func shape(_ index: Int) -> String { shapes[index % shapes.count] }
    static func colour(_ index: Int) -> String { ChartTheme.colours[index % ChartTheme.colours.count] }
    static func dash(_ index: Int) -> String { ChartTheme.dashes[index % ChartTheme.dashes.count] }

    /// The half-size at which `shape` looks about as big as a circle of radius `r` (a diamond of
    /// the same half-diagonal has half a square's area).
    static func balanced(_ shape: String, _ r: Double) -> Double {
        shape == "diamond" ? r * 1.3 : r
    }

    /// A marker of `shape` ("circle", "square", "triangle", "triangle-down", "diamond", "cross")
    /// centred on (cx, cy) with half-size `r`.
    static func marker(_ svg: inout SVGDocument, _ shape: String, cx: Double, cy: Double, r: Double, fill: String,
                       stroke: String? = nil, strokeWidth: Double? = nil, className: String? = nil) {
        let n = SVGDocument.number
        var attributes: [(String, SVGDocument.Value)]
        let name: String
        switch shape {
        case "square":
            name = "rect"
            attributes = [("x", .number(cx - r)), ("y", .number(cy - r)), ("width", .number(2 * r)), ("height", .number(2 * r))]
        case "triangle", "triangle-down":
            let s = shape == "triangle" ? 1.0 : -1.0, h = r * 1.2
            name = "path"
            attributes = [("d", .text("M\(n(cx)) \(n(cy - s * h)) L\(n(cx + h)) \(n(cy + s * h * 0.8)) L\(n(cx - h)) \(n(cy + s * h * 0.8)) Z"))]
        case "diamond":
            name = "path"
            attributes = [("d", .text("M\(n(cx)) \(n(cy - r)) l\(n(r)) \(n(r)) l\(n(-r)) \(n(r)) l\(n(-r)) \(n(-r)) z"))]
        case "cross":
            let a = r * 0.35
            name = "path"
            attributes = [("d", .text("M\(n(cx - a)) \(n(cy - r)) h\(n(2 * a)) v\(n(r - a)) h\(n(r - a)) v\(n(2 * a)) h\(n(a - r)) v\(n(r - a)) "
                + "h\(n(-2 * a)) v\(n(a - r)) h\(n(a - r)) v\(n(-2 * a)) h\(n(r - a)) z"))]
        default:
            name = "circle"
            attributes = [("cx", .number(cx)), ("cy", .number(cy)), ("r", .number(r))]
        }
        attributes.append(("fill", .text(fill)))
        if let stroke { attributes.append(("stroke", .text(stroke))) }
        if let strokeWidth { attributes.append(("stroke-width", .number(strokeWidth))) }
        if let className { attributes.append(("class", .text(className))) }
        svg.element(name, attributes)
    }

    /// Writes one fill pattern per style (style 0 is solid and needs none): diagonal hatching,
    /// dots, cross-hatching, horizontal lines, reverse hatching, each over a pale tint of its colour.
    static func patternDefinitions(_ svg: inout SVGDocument, id: String, fills: [(style: Int, colour: String)]) {
        let patterned = fills.filter { $0.style % 6 != 0 }
        guard !patterned.isEmpty else { return }
        svg.raw("<defs>")
        for fill in patterned {
            let style = fill.style % 6
            let transform = [1: " patternTransform=\"rotate(45)\"", 3: " patternTransform=\"rotate(45)\"", 5: " patternTransform=\"rotate(-45)\""]
            svg.raw("<pattern id=\"\(SVGDocument.escape(patternID(id, fill.style)))\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"\(transform[style] ?? "")>")
            svg.element("rect", [("width", .number(6)), ("height", .number(6)), ("fill", .text(fill.colour)), ("fill-opacity", .number(0.25))])
            if style == 2 {
                svg.element("circle", [("cx", .number(3)), ("cy", .number(3)), ("r", .number(1.5)), ("fill", .text(fill.colour))])
            } else {
                line(&svg, x1: 0, y1: 3, x2: 6, y2: 3, stroke: fill.colour, width: 2)
                if style == 3 { line(&svg, x1: 3, y1: 0, x2: 3, y2: 6, stroke: fill.colour, width: 2) }
            }
            svg.raw("</pattern>")
        }
        svg.raw("</defs>")
    }

    static func patternID(_ id: String, _ style: Int) -> String { "\(id)-pattern-\(style)" }

    /// The paint for fill style `style`: the plain colour for style 0, else the pattern.
    static func paint(id: String, style: Int, colour: String) -> String {
        style % 6 == 0 ? colour : "url(#\(patternID(id, style)))"
    }

    // MARK: Legends

    enum Swatch {
        /// A short line with the series' dash and marker.
        case line(colour: String, dash: String, shape: String)
        /// A filled box (colour or pattern) with an outline.
        case box(paint: String, stroke: String)
        /// A marker alone; `open` draws it white with a coloured outline.
        case marker(shape: String, colour: String, open: Bool)
        /// An estimate with its interval: a horizontal line through a marker.
        case interval(shape: String, colour: String)
    }

    /// Legend entries left to right from (x, y), wrapping before `right`; an optional bold title
    /// first. Returns the height used.
    @discardableResult
    static func legend(_ svg: inout SVGDocument, title: String? = nil, items: [(label: String, swatch: Swatch)],
                       x: Double, y: Double, right: Double) -> Double {
        var cursor = x, row = 0.0
        if let title {
            text(&svg, title, x: cursor, y: y + 4, weight: "bold")
            cursor += textWidth(title) + 12
        }
        for item in items {
            let width = 30 + textWidth(item.label)
            if cursor + width > right, cursor > x {
                cursor = x
                row += 18
            }
            swatch(&svg, item.swatch, x: cursor, y: y + row)
            text(&svg, item.label, x: cursor + 28, y: y + row + 4)
            cursor += width + 16
        }
        return row + 18
    }

    static func swatch(_ svg: inout SVGDocument, _ swatch: Swatch, x: Double, y: Double) {
        switch swatch {
        case .line(let colour, let dash, let shape):
            line(&svg, x1: x, y1: y, x2: x + 22, y2: y, stroke: colour, width: 2, dash: dash)
            marker(&svg, shape, cx: x + 11, cy: y, r: 3.5, fill: colour)
        case .box(let paint, let stroke):
            svg.element("rect", [("x", .number(x)), ("y", .number(y - 6)), ("width", .number(22)), ("height", .number(12)),
                                 ("fill", .text(paint)), ("stroke", .text(stroke))])
        case .marker(let shape, let colour, let open):
            marker(&svg, shape, cx: x + 11, cy: y, r: balanced(shape, 5), fill: open ? "white" : colour, stroke: open ? colour : "white",
                   strokeWidth: open ? 1.5 : 1)
        case .interval(let shape, let colour):
            line(&svg, x1: x, y1: y, x2: x + 22, y2: y, stroke: colour, width: 1.5)
            marker(&svg, shape, cx: x + 11, cy: y, r: 4, fill: colour)
        }
    }

    // MARK: Direct labels

    /// Label positions as close as possible to `wanted` but at least `gap` apart, kept within
    /// `lower...upper` when there is room; the result is in the order of `wanted`.
    static func spread(_ wanted: [Double], gap: Double = 14, lower: Double, upper: Double) -> [Double] {
        let order = wanted.indices.sorted { (wanted[$0], $0) < (wanted[$1], $1) }
        var placed = order.map { min(max(wanted[$0], lower), upper) }
        for i in placed.indices.dropFirst() { placed[i] = max(placed[i], placed[i - 1] + gap) }
        if let last = placed.last, last > upper {
            placed[placed.count - 1] = upper
            for i in placed.indices.dropLast().reversed() { placed[i] = min(placed[i], placed[i + 1] - gap) }
        }
        var result = wanted
        for (rank, index) in order.enumerated() { result[index] = placed[rank] }
        return result
    }

    /// Baselines for labels that start at `x` and are `width` wide, as close to `y` as possible
    /// without overlapping each other (each label is moved down, then up, by `gap` steps).
    static func placeLabels(_ labels: [(x: Double, y: Double, width: Double)], gap: Double = 14) -> [Double] {
        var boxes: [(x: Double, y: Double, width: Double)] = []
        var result: [Double] = []
        for label in labels {
            let candidates = [0.0] + (1...6).flatMap { [Double($0) * gap, -Double($0) * gap] }
            let clash: (Double) -> Bool = { y in
                boxes.contains { abs($0.y - y) < gap && $0.x < label.x + label.width && label.x < $0.x + $0.width }
            }
            let y = label.y + (candidates.first { !clash(label.y + $0) } ?? 0)
            boxes.append((label.x, y, label.width))
            result.append(y)
        }
        return result
    }

    /// An SVG path through the points, starting a new subpath after every non-finite value.
    static func brokenPath(_ points: [(x: Double, y: Double)]) -> String {
        var parts: [String] = [], pen = false
        for point in points {
            guard point.x.isFinite, point.y.isFinite else { pen = false; continue }
            parts.append("\(pen ? "L" : "M")\(SVGDocument.number(point.x)) \(SVGDocument.number(point.y))")
            pen = true
        }
        return parts.joined(separator: " ")
    }
}

extension LinearScale {
    /// The data value drawn at `pixel`.
    func invert(_ pixel: Double) -> Double {
        domain.lowerBound + (pixel - from) / (to - from) * (domain.upperBound - domain.lowerBound)
    }
}
