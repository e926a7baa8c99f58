import Foundation
import Testing
@testable import LAEvalReports

/// The transition diagram of the multi-state model and the step-function survival curves.
@Suite struct TransitionDiagramTests {
    static var chart: TransitionDiagram {
        var chart = TransitionDiagram(
            title: "Moves between Ofsted grades", description: "Four grades with moves between adjacent ones.",
            states: ["Inadequate", "Requires improvement", "Good", "Outstanding"],
            transitions: [
                .init(from: 0, to: 1, label: "0.41/yr (30 seen)", weight: 1),
                .init(from: 1, to: 0, label: "0.12/yr (9 seen)", weight: 0.3),
                .init(from: 1, to: 2, label: "0.20/yr (25 seen)", weight: 0.8),
                .init(from: 2, to: 1, label: "0.09/yr (12 seen)", weight: 0.4),
                .init(from: 2, to: 3, label: "0.05/yr (4 seen)", weight: 0.1),
                .init(from: 3, to: 2, label: "0.10/yr (3 seen)", weight: 0.1),
            ], note: "Rates per year.")
        chart.id = "transitions"
        return chart
    }

    @Test func isAccessibleStableXML() throws {
        let chart = Self.chart
        #expect(try commonProblems(chart.svg, id: "transitions", title: chart.title) == [])
        saveForViewing(chart.svg(), as: "transitions")
        let parsed = try ParsedChart(chart.svg())
        #expect(try parsed.elements("rect", className: "state").count == 4)
        #expect(try parsed.elements("path", className: "transition").count == 6)
        for label in chart.transitions.map(\.label) + ["Inadequate", "Good", "Outstanding", "Requires", "improvement", "Rates per year."] {
            #expect(try parsed.texts.contains(label), "\(label) is written as text")
        }
    }

    @Test func improvingMovesRunAboveTheBoxesAndDecliningMovesBelow() throws {
        let parsed = try ParsedChart(Self.chart.svg())
        let boxes = try parsed.elements("rect", className: "state")
        let top = boxes[0].number("y"), bottom = top + boxes[0].number("height")
        let labels = try parsed.elements("text", className: "transition-label")
        for (label, transition) in zip(labels, Self.chart.transitions) {
            if transition.to > transition.from {
                #expect(label.number("y") < top, "\(transition.label) above")
            } else {
                #expect(label.number("y") > bottom, "\(transition.label) below")
            }
        }
        let widths = try parsed.elements("path", className: "transition").map { $0.number("stroke-width") }
        #expect(widths[0] == 5 && widths[4] < widths[2], "width follows weight")
    }

    @Test func labelsOfTheSameDirectionDoNotOverlap() throws {
        let parsed = try ParsedChart(Self.chart.svg())
        let labels = try parsed.elements("text", className: "transition-label")
        for (a, b) in zip(labels, labels.dropFirst(2)) where a.number("y") == b.number("y") {
            let widthA = 6.5 * Double((a.stringValue ?? "").count), widthB = 6.5 * Double((b.stringValue ?? "").count)
            #expect(abs(a.number("x") - b.number("x")) > (widthA + widthB) / 2, "\(a.stringValue ?? "") and \(b.stringValue ?? "")")
        }
    }

    @Test func aSteppedLineHoldsEachValueUntilTheNextPoint() throws {
        var chart = LineChart(title: "Still Inadequate", description: "Kaplan–Meier curve.", xLabel: "Years", yLabel: "Share",
                              series: [.init(label: "Commissioner", points: [.init(x: 0, y: 1), .init(x: 1, y: 0.8), .init(x: 2, y: 0.5)])])
        chart.steps = true
        chart.id = "km"
        #expect(try commonProblems(chart.svg, id: "km", title: "Still Inadequate") == [])
        let parsed = try ParsedChart(chart.svg())
        let path = try #require(try parsed.elements("path", className: "series-line").first?.string("d"))
        let points = path.split(whereSeparator: { "ML".contains($0) }).map { $0.split(separator: " ").compactMap { Double($0) } }
        #expect(points.count == 5, "a corner before each point after the first")
        #expect(points[1][1] == points[0][1] && points[1][0] == points[2][0], "flat, then a vertical drop")
        #expect(try parsed.elements("circle").count == 1, "a marker at the end only")
    }
}
