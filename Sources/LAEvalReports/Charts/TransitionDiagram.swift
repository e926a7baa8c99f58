import Foundation

/// A state-transition diagram of a multi-state model: the states as boxes in a row, each
/// allowed move as an arc (moves rightwards above the boxes, leftwards below), labelled with
/// its text (e.g. the estimated intensity and the number of observed moves). Arc width grows
/// with `weight`, so the busiest moves stand out; the label, not the width, carries the value.
public struct TransitionDiagram: Sendable {
    public struct Transition: Sendable, Equatable {
        public var from: Int
        public var to: Int
        public var label: String
        /// Relative thickness, 0…1 (the largest arc is 1).
        public var weight: Double

        public init(from: Int, to: Int, label: String, weight: Double) {
            self.from = from
            self.to = to
            self.label = label
            self.weight = weight
        }
    }

    public var id = "chart"
    public var title: String
    public var description: String
    public var states: [String]
    public var transitions: [Transition]
    public var note: String?
    public var width = 720.0

    public init(title: String, description: String, states: [String], transitions: [Transition], note: String? = nil) {
        self.title = title
        self.description = description
        self.states = states
        self.transitions = transitions
        self.note = note
    }

    static let boxHeight = 44.0, arcRise = 46.0, boxTop = 96.0

    /// Room for the lowest arc's label below the boxes, and the note.
    public var height: Double {
        let widest = Double(transitions.map { abs($0.to - $0.from) }.max() ?? 1)
        return Self.boxTop + Self.boxHeight + Self.arcRise * (0.6 + 0.4 * widest) * 0.75 + 36 + (note == nil ? 0 : 24)
    }

    public func svg() -> String {
        var svg = SVGDocument(width: width, height: height)
        svg.raw("<defs><marker id=\"\(SVGDocument.escape(id))-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"10\" "
            + "markerHeight=\"10\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"\(ChartTheme.text)\"/></marker></defs>")
        for transition in transitions { drawArc(&svg, transition) }
        for (index, state) in states.enumerated() { drawBox(&svg, state, index: index) }
        if let note { ChartParts.text(&svg, note, x: 8, y: height - 10, size: 12, className: "note") }
        return svg.rendered(title: title, description: description, id: id)
    }

    var slot: Double { (width - 16) / Double(max(states.count, 1)) }
    var boxWidth: Double { min(slot - 36, 150) }
    func centre(_ index: Int) -> Double { 8 + slot * (Double(index) + 0.5) }

    func drawBox(_ svg: inout SVGDocument, _ state: String, index: Int) {
        let x = centre(index) - boxWidth / 2
        svg.element("rect", [("x", .number(x)), ("y", .number(Self.boxTop)), ("width", .number(boxWidth)),
                             ("height", .number(Self.boxHeight)), ("rx", .number(6)), ("fill", .text(ChartTheme.band)),
                             ("stroke", .text(ChartTheme.colours[0])), ("stroke-width", .number(1.5)), ("class", .text("state"))])
        let words = wrapped(state, width: boxWidth - 8)
        for (line, text) in words.enumerated() {
            let y = Self.boxTop + Self.boxHeight / 2 + 4 + 14 * (Double(line) - Double(words.count - 1) / 2)
            ChartParts.text(&svg, text, x: centre(index), y: y, anchor: "middle", weight: "bold")
        }
    }

    func drawArc(_ svg: inout SVGDocument, _ transition: Transition) {
        let rightwards = transition.to > transition.from
        let span = Double(abs(transition.to - transition.from))
        let offset = boxWidth / 4 * (rightwards ? 1 : -1)
        let x1 = centre(transition.from) + offset, x2 = centre(transition.to) + offset
        let edge = rightwards ? Self.boxTop : Self.boxTop + Self.boxHeight
        let rise = Self.arcRise * (0.6 + 0.4 * span) * (rightwards ? -1 : 1)
        let n = SVGDocument.number
        svg.element("path", [("d", .text("M\(n(x1)) \(n(edge)) C\(n(x1)) \(n(edge + rise)) \(n(x2)) \(n(edge + rise)) \(n(x2)) \(n(edge))")),
                             ("fill", .text("none")), ("stroke", .text(rightwards ? ChartTheme.colours[2] : ChartTheme.colours[1])),
                             ("stroke-width", .number(1 + 4 * max(0, min(1, transition.weight)))),
                             ("marker-end", .text("url(#\(id)-arrow)")), ("class", .text("transition"))])
        let labelY = edge + rise * 0.75 + (rightwards ? -6 : 16)
        ChartParts.text(&svg, transition.label, x: (x1 + x2) / 2, y: labelY, anchor: "middle", size: 12, halo: true,
                        className: "transition-label")
    }

    /// Splits `text` into lines no wider than `width` (at 12 px bold, about 7 px a character).
    func wrapped(_ text: String, width: Double) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if Double(candidate.count) * 7 > width, !current.isEmpty {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
