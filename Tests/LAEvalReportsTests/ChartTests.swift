import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import LAEvalReports

@Suite struct ChartTests {
    static let chart = EventStudyChart(
        title: "Re-referrals fell after a commissioner was appointed <simulated>",
        description: "Estimated change in re-referrals (percentage points) by years since support began, with 95% intervals.",
        yLabel: "Change in re-referrals (percentage points)",
        points: [.init(eventTime: -3, estimate: 0.2, lower: -0.8, upper: 1.2), .init(eventTime: -2, estimate: -0.1, lower: -1, upper: 0.8),
                 .init(eventTime: 0, estimate: -0.9, lower: -1.9, upper: 0.1), .init(eventTime: 1, estimate: -1.8, lower: -3.0, upper: -0.6)],
        comparison: ("planted effect", [(0, -1.0), (1, -2.0)]))

    @Test func numbersHaveAFixedPrecision() {
        #expect(SVGDocument.number(1.004) == "1")
        #expect(SVGDocument.number(1.006) == "1.01")
        #expect(SVGDocument.number(-0.001) == "0")
        #expect(SVGDocument.number(12) == "12")
        #expect(SVGDocument.number(3.1) == "3.1")
        #expect(SVGDocument.number(-2.25) == "-2.25")
        #expect(SVGDocument.number(0.05) == "0.05")
    }

    @Test func niceTicksAreMultiplesOfOneTwoOrFive() {
        #expect(LinearScale.niceTicks(0...10) == [0, 2, 4, 6, 8, 10])
        #expect(LinearScale.niceTicks(-3...1.2) == [-3, -2, -1, 0, 1, 2])
        #expect(LinearScale.niceTicks(0.013...0.048) == [0.01, 0.02, 0.03, 0.04, 0.05])
    }

    @Test func theChartIsAccessibleAndStable() {
        let svg = Self.chart.svg()
        #expect(svg == Self.chart.svg(), "the same chart gives the same bytes")
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title id=\"chart-title\">Re-referrals fell after a commissioner was appointed &lt;simulated&gt;</title>"))
        #expect(svg.contains("<desc id=\"chart-desc\">"))
        #expect(svg.contains(">Years since support began</text>"))
        #expect(svg.contains(">Change in re-referrals (percentage points)</text>"))
        #expect(svg.contains(">planted effect</text>"), "series are labelled directly")
        #expect(!svg.contains("NaN"))
        #expect(svg.components(separatedBy: "http").count == 2, "the SVG namespace is the only URL")
        if let path = ProcessInfo.processInfo.environment["LAEVAL_CHART_OUT"] { try? svg.write(toFile: path, atomically: true, encoding: .utf8) }
        #expect((try? ParsedChart(svg)) != nil, "well-formed XML")
    }

    @Test func theIdPrefixesTheTitleAndDescription() {
        var chart = Self.chart
        chart.id = "event-study-2"
        let svg = chart.svg()
        #expect(svg.contains("aria-labelledby=\"event-study-2-title event-study-2-desc\""))
        #expect(svg.contains("<title id=\"event-study-2-title\">"))
        #expect(svg.contains("<desc id=\"event-study-2-desc\">"))
        #expect(!svg.contains("chart-title"))
        saveForViewing(Self.chart.svg(), as: "event-study")
    }
}
