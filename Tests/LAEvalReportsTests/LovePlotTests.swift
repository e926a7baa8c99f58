import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import LAEvalReports

@Suite struct LovePlotTests {
    static var chart: LovePlot {
        var chart = LovePlot(title: "Balance before and after matching (simulated)",
                             description: "Absolute standardised mean differences before and after matching.",
                             rows: [.init(label: "deprivation", before: 0.96, after: -0.07),
                                    .init(label: "rurality", before: -0.54, after: 0.02),
                                    .init(label: "pre-period level", before: 0.37, after: .nan)])
        chart.id = "love"
        return chart
    }

    @Test func isAccessibleStableXML() throws {
        let chart = Self.chart
        #expect(try commonProblems(chart.svg, id: "love", title: chart.title) == [])
        saveForViewing(chart.svg(), as: "love")
        let texts = try ParsedChart(chart.svg()).texts
        for label in ["Absolute standardised mean difference", "Before matching", "After matching"] + chart.rows.map(\.label) {
            #expect(texts.contains(label), "\(label) is written as text")
        }
    }

    @Test func markersSitAtAbsoluteDifferencesOnTheirRows() throws {
        let chart = try ParsedChart(Self.chart.svg())
        let before = try chart.elements(className: "before"), after = try chart.elements(className: "after")
        #expect(before.count == 3 && after.count == 2, "a missing value draws no marker")
        let zero = try #require(try chart.text("0.0")).number("x")
        let thresholds = try chart.elements("line", className: "threshold").map { $0.number("x1") }
        #expect(thresholds.count == 2)
        // |−0.54| is drawn right of 0.25 and |0.02| left of 0.1: the absolute values are plotted.
        let rurality = try #require(try chart.text("rurality")).number("y")
        let ruralityBefore = try #require(before.first { abs($0.number("cy") - (rurality - 4)) < 1 })
        #expect(ruralityBefore.number("cx") > thresholds[1])
        let ruralityAfter = try #require(after.first { abs($0.number("cy") - (rurality - 4)) < 1 })
        #expect(ruralityAfter.number("cx") > zero && ruralityAfter.number("cx") < thresholds[0])
    }
}
