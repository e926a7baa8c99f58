import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import LAEvalReports

@Suite struct LineChartTests {
    static let years = (2014...2023).map(Double.init)

    static var chart: LineChart {
        let supported = years.enumerated().map { index, year in
            LineChart.Point(x: year, y: 22 - (year > 2018 ? Double(index - 4) * 1.2 : 0) + 0.3 * Double(index % 3),
                            lower: 20 - Double(index) * 0.3, upper: 24 + Double(index) * 0.2)
        }
        let comparison = years.enumerated().map { index, year in
            LineChart.Point(x: year, y: year == 2018 ? .nan : 22.5 - 0.1 * Double(index))
        }
        let england = years.enumerated().map { index, year in LineChart.Point(x: year, y: 22 - 0.07 * Double(index)) }
        var chart = LineChart(
            title: "Re-referrals fell in supported authorities after support began (simulated)",
            description: "Re-referral rate (%) by year for supported authorities, comparison authorities and England, 2014 to 2023.",
            xLabel: "Year ending 31 March", yLabel: "Re-referrals within 12 months (%)",
            series: [.init(label: "Supported", points: supported), .init(label: "Comparison", points: comparison),
                     .init(label: "England", points: england)],
            markers: [.init(x: 2018.5, label: "support began"), .init(x: 2019, label: "new guidance")])
        chart.id = "lines"
        return chart
    }

    @Test func isAccessibleStableXML() throws {
        let chart = Self.chart
        #expect(try commonProblems(chart.svg, id: "lines", title: chart.title) == [])
        saveForViewing(chart.svg(), as: "line")
        let texts = try ParsedChart(chart.svg()).texts
        for label in ["Year ending 31 March", "Re-referrals within 12 months (%)", "support began", "new guidance",
                      "Supported", "Comparison", "England", "2014", "2022"] {
            #expect(texts.contains(label), "\(label) is written as text")
        }
    }

    @Test func theDefaultIdIsChart() {
        var chart = Self.chart
        chart.id = "chart"
        #expect(chart.svg().contains("<title id=\"chart-title\">"))
    }

    @Test func aMissingValueBreaksTheLine() throws {
        let lines = try ParsedChart(Self.chart.svg()).elements("path", className: "series-line")
        #expect(lines.count == 3)
        let subpaths = lines.map { ($0.string("d") ?? "").filter { $0 == "M" }.count }
        #expect(subpaths == [1, 2, 1], "the comparison line restarts after 2018")
        #expect(!(lines[1].string("d") ?? "").contains(" 0 "), "never drawn at zero")
    }

    @Test func ribbonsAreTranslucentPolygons() throws {
        let ribbons = try ParsedChart(Self.chart.svg()).elements("path", className: "ribbon")
        #expect(ribbons.count == 1)
        #expect(ribbons.first?.string("fill-opacity") == "0.2")
        #expect(ribbons.first?.string("d")?.hasSuffix("Z") == true)
    }

    @Test func seriesDifferInDashAsWellAsColour() throws {
        let lines = try ParsedChart(Self.chart.svg()).elements("path", className: "series-line")
        #expect(Set(lines.map { $0.string("stroke") ?? "" }).count == 3)
        #expect(Set(lines.map { $0.string("stroke-dasharray") ?? "solid" }).count == 3)
    }

    @Test func directLabelsAreAtLeast14PixelsApart() throws {
        let chart = try ParsedChart(Self.chart.svg())
        let ys = try chart.elements("text", className: "series-label").map { $0.number("y") }.sorted()
        #expect(ys.count == 3)
        for (a, b) in zip(ys, ys.dropFirst()) { #expect(b - a >= 14 - 1e-9) }
    }

    @Test func geometry() throws {
        let chart = try ParsedChart(Self.chart.svg())
        let marker = try #require(try chart.elements("line", className: "marker-line").first).number("x1")
        let x2018 = try #require(try chart.text("2018")).number("x"), x2020 = try #require(try chart.text("2020")).number("x")
        #expect(abs(marker - (x2018 + (x2020 - x2018) / 4)) < 0.02, "the marker sits at 2018.5")
        let ticks = try chart.elements("text").filter { $0.string("text-anchor") == "end" && Double($0.stringValue ?? "") != nil }
        let ordered = ticks.sorted { $0.number("y") < $1.number("y") }.compactMap { Double($0.stringValue ?? "") }
        #expect(ordered == ordered.sorted(by: >), "higher values are drawn higher")
    }

    @Test func markerLabelsThatWouldCollideGoOnSeparateRows() throws {
        let chart = try ParsedChart(Self.chart.svg())
        let a = try #require(try chart.text("support began")), b = try #require(try chart.text("new guidance"))
        #expect(a.number("y") != b.number("y"))
    }

    @Test func emptyOrAllMissingInputStillRenders() throws {
        let empty = LineChart(title: "t", description: "d", xLabel: "x", yLabel: "y", series: [])
        let missing = LineChart(title: "t", description: "d", xLabel: "x", yLabel: "y",
                                series: [.init(label: "only gaps", points: [.init(x: 2020, y: .nan), .init(x: .nan, y: 1)])],
                                markers: [.init(x: .nan, label: "never")])
        for chart in [empty, missing] { #expect(try commonProblems(chart.svg, id: "chart", title: "t") == []) }
        #expect(try !ParsedChart(missing.svg()).texts.contains("never"))
    }
}
