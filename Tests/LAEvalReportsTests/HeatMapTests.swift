import Foundation
import Testing
@testable import LAEvalReports

@Suite struct HeatMapTests {
    static var chart: HeatMap {
        var chart = HeatMap(title: "Coverage (simulated)", description: "Share of LAs with a value by outcome and year.",
                            rowLabel: "Outcome", columnLabel: "Year", rows: ["Re-referrals", "Assessments"], columns: ["2019", "2020"],
                            cells: [[.init(value: 1.0), .init(value: 0.25)], [.init(value: nil, text: "c"), .init(value: 0.0)]],
                            footnote: "Percent of LAs.")
        chart.textScale = 100
        return chart
    }

    @Test func everyCellWritesItsValueAndShadesByIt() {
        let svg = Self.chart.svg()
        #expect(svg.contains(">100</text>") && svg.contains(">25</text>") && svg.contains(">0</text>"))
        // darkest at the top of the scale, white where there is no value
        #expect(svg.contains("fill=\"#12436D\"") && svg.contains("fill=\"#FFFFFF\" stroke"))
        #expect(svg.contains("class=\"suppressed\">c</text>"))
        #expect(svg.contains("class=\"axis-title\">Outcome</text>") && svg.contains("role=\"img\""))
    }

    @Test func theTextIsWhiteOnDarkCellsAndDarkOnLightOnes() {
        let chart = Self.chart
        #expect(chart.ink(1.0) == "#FFFFFF" && chart.ink(0.1) == ChartTheme.text)
        // 8% of the way from white to #12436D: 255 − 0.08·(255 − c) per channel = (236, 240, 243)
        #expect(chart.fill(0) == "#ECF0F3")
    }
}
