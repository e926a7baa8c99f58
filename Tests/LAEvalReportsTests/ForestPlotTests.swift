import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import LAEvalReports

@Suite struct ForestPlotTests {
    static var chart: ForestPlot {
        var chart = ForestPlot(
            title: "Effects on re-referrals by estimator (simulated)",
            description: "Estimated effect of support on re-referrals (percentage points) with 95% intervals, and the planted effect.",
            xLabel: "Effect on re-referrals (percentage points)",
            rows: [
                .init(label: "Callaway and Sant'Anna", estimate: -1.8, lower: -2.9, upper: -0.7, group: "Staggered adoption", comparison: -2),
                .init(label: "Sun and Abraham", estimate: -1.6, lower: -2.8, upper: -0.4, group: "Staggered adoption", comparison: -2),
                .init(label: "Two-way fixed effects", estimate: -0.9, lower: -1.7, upper: -0.1, group: "Naive", comparison: -2),
                .init(label: "Synthetic control", estimate: .nan, lower: .nan, upper: .nan, group: "Naive"),
                .init(label: "Before-after, no comparison group", estimate: 0.4, lower: -0.5, upper: 1.3, comparison: -2),
            ])
        chart.id = "forest"
        return chart
    }

    @Test func isAccessibleStableXML() throws {
        let chart = Self.chart
        #expect(try commonProblems(chart.svg, id: "forest", title: chart.title) == [])
        saveForViewing(chart.svg(), as: "forest")
        let texts = try ParsedChart(chart.svg()).texts
        for label in ["Effect on re-referrals (percentage points)", "Staggered adoption", "Naive", "Estimate with 95% interval",
                      "Planted effect"] + chart.rows.map(\.label) {
            #expect(texts.contains(label), "\(label) is written as text")
        }
        #expect(texts.contains("-1.80 (-2.90 to -0.70)"))
    }

    @Test func aMissingEstimateSaysNotEstimated() throws {
        let chart = try ParsedChart(Self.chart.svg())
        let note = try #require(try chart.elements("text", className: "not-estimated").first)
        #expect(note.stringValue == "not estimated")
        let label = try #require(try chart.text("Synthetic control"))
        #expect(note.number("y") == label.number("y"), "on the row of its label")
        #expect(try chart.elements(className: "estimate").count == 4)
        #expect(try chart.elements(className: "interval").count == 4)
    }

    @Test func theReferenceLineIsAtZero() throws {
        let chart = try ParsedChart(Self.chart.svg())
        let reference = try #require(try chart.elements("line", className: "reference").first)
        let zero = try #require(try chart.text("0"))
        #expect(reference.number("x1") == zero.number("x"))
        #expect(reference.number("x1") == reference.number("x2"))
    }

    @Test func labelsFitTheirColumnAndEstimatesAreInOrder() throws {
        let chart = try ParsedChart(Self.chart.svg())
        let rows = Self.chart.rows
        let plotStart = try chart.elements("text").filter { Double($0.stringValue ?? "") != nil }.map { $0.number("x") }.min() ?? 0
        for row in rows {
            let label = try #require(try chart.text(row.label))
            #expect(label.string("text-anchor") == nil, "left-aligned")
            #expect(label.number("x") + 6.5 * Double(row.label.count) < plotStart - 4, "\(row.label) fits its column")
        }
        let squares = try chart.elements(className: "estimate").map { $0.number("x") }
        #expect(squares == squares.sorted(), "the estimates rise down the rows, so their x does")
        let diamonds = try chart.elements(className: "comparison")
        #expect(diamonds.count == 4 && diamonds.allSatisfy { $0.string("fill") == "none" }, "comparisons are open diamonds")
    }

    @Test func aDifferentReferenceMovesTheLine() throws {
        var plot = Self.chart
        plot.reference = 1
        let chart = try ParsedChart(plot.svg())
        let reference = try #require(try chart.elements("line", className: "reference").first)
        #expect(reference.number("x1") == (try #require(try chart.text("1"))).number("x"))
    }

    @Test func heightGrowsWithRows() {
        var plot = Self.chart
        let before = plot.height
        plot.rows.append(.init(label: "One more", estimate: 0, lower: -1, upper: 1))
        #expect(plot.height == before + plot.rowHeight)
    }

    @Test func emptyOrAllMissingInputStillRenders() throws {
        let empty = ForestPlot(title: "t", description: "d", xLabel: "x", rows: [])
        let missing = ForestPlot(title: "t", description: "d", xLabel: "x", rows: [.init(label: "a", estimate: .nan, lower: .nan, upper: .nan)])
        for chart in [empty, missing] { #expect(try commonProblems(chart.svg, id: "chart", title: "t") == []) }
    }
}
