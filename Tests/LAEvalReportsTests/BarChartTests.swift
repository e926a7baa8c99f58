import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import LAEvalReports

@Suite struct BarChartTests {
    static var single: BarChart {
        var chart = BarChart(
            title: "Change in re-referrals by region (simulated)",
            description: "Change in the re-referral rate between 2018 and 2023, percentage points, by region. One region is suppressed.",
            xLabel: "Change in re-referrals (percentage points)", yLabel: "Region",
            categories: [.init(label: "North East", value: .init(-2.4)), .init(label: "North West", value: .init(1.2)),
                         .init(label: "Yorkshire and The Humber", value: .init(3.5)), .init(label: "East Midlands", value: .suppressed()),
                         .init(label: "London", value: .init(-0.6))],
            footnote: "c: suppressed because fewer than 10 authorities")
        chart.id = "bars"
        return chart
    }

    static var grouped: BarChart {
        var chart = BarChart(
            title: "Children in need per 10,000 children (simulated)",
            description: "Rate of children in need per 10,000 children in 2018 and 2023 by type of authority.",
            xLabel: "Children in need per 10,000 children", series: ["2018", "2023", "2023 (projected)"],
            categories: [.init(label: "Supported", values: [.init(340), .init(310), .init(300)]),
                         .init(label: "Not supported", values: [.init(320), .suppressed(), .init(330)]),
                         .init(label: "England", values: [.init(330), .init(325), .init(322)])])
        chart.id = "grouped"
        chart.decimals = 0
        return chart
    }

    @Test func isAccessibleStableXML() throws {
        for chart in [Self.single, Self.grouped] {
            #expect(try commonProblems(chart.svg, id: chart.id, title: chart.title) == [])
        }
        saveForViewing(Self.single.svg(), as: "bar")
        saveForViewing(Self.grouped.svg(), as: "bar-grouped")
        let texts = try ParsedChart(Self.single.svg()).texts
        for label in ["Change in re-referrals (percentage points)", "Region", "-2.4", "3.5", "c: suppressed because fewer than 10 authorities"]
            + Self.single.categories.map(\.label) {
            #expect(texts.contains(label), "\(label) is written as text")
        }
        let grouped = try ParsedChart(Self.grouped.svg()).texts
        for label in Self.grouped.series + Self.grouped.categories.map(\.label) { #expect(grouped.contains(label), "\(label) in the legend") }
    }

    @Test func aSuppressedValueShowsItsNoteNotAZeroBar() throws {
        let chart = try ParsedChart(Self.single.svg())
        let bars = try chart.elements("rect", className: "bar")
        #expect(bars.count == 4, "no bar for the suppressed value")
        #expect(bars.allSatisfy { $0.number("width") > 0 })
        let note = try #require(try chart.elements("text", className: "suppressed").first)
        #expect(note.stringValue == "c")
        #expect(note.number("y") == (try #require(try chart.text("East Midlands"))).number("y"))
        let groupedBars = try ParsedChart(Self.grouped.svg()).elements("rect", className: "bar")
        #expect(groupedBars.count == 8)
    }

    @Test func aLargerValueHasALongerBarAndNegativesGoLeftOfZero() throws {
        let chart = try ParsedChart(Self.single.svg())
        let bars = try chart.elements("rect", className: "bar")
        let zero = try #require(try chart.text("0")).number("x")
        let (northEast, northWest, yorkshire, london) = (bars[0], bars[1], bars[2], bars[3])
        #expect(yorkshire.number("width") > northWest.number("width"))
        #expect(northEast.number("width") > london.number("width"))
        #expect(abs(northEast.number("x") + northEast.number("width") - zero) < 0.02, "a negative bar ends at zero")
        #expect(abs(northWest.number("x") - zero) < 0.02, "a positive bar starts at zero")
        let values = try chart.elements("text", className: "value")
        #expect(values[0].string("text-anchor") == "end" && values[0].number("x") < northEast.number("x"))
        #expect(values[1].string("text-anchor") == "start" && values[1].number("x") > northWest.number("x") + northWest.number("width"))
    }

    @Test func seriesDifferInPatternAsWellAsColour() throws {
        let chart = try ParsedChart(Self.grouped.svg())
        let bars = try chart.elements("rect", className: "bar")
        let fills = Set(bars.map { $0.string("fill") ?? "" }), strokes = Set(bars.map { $0.string("stroke") ?? "" })
        #expect(fills.count == 3 && strokes.count == 3)
        #expect(fills.contains("url(#grouped-pattern-1)") && fills.contains("url(#grouped-pattern-2)"))
        let patterns = try chart.elements("pattern").compactMap { $0.string("id") }
        #expect(patterns == ["grouped-pattern-1", "grouped-pattern-2"], "pattern ids carry the chart's id")
    }

    @Test func heightGrowsWithCategories() {
        var chart = Self.single
        let before = chart.height
        chart.categories.append(.init(label: "South West", value: .init(1)))
        #expect(chart.height == before + chart.groupHeight)
    }

    @Test func emptyOrAllSuppressedInputStillRenders() throws {
        let empty = BarChart(title: "t", description: "d", xLabel: "x", categories: [])
        let suppressed = BarChart(title: "t", description: "d", xLabel: "x",
                                  categories: [.init(label: "a", value: .suppressed()), .init(label: "b", value: .init(value: .nan, note: nil))])
        for chart in [empty, suppressed] { #expect(try commonProblems(chart.svg, id: "chart", title: "t") == []) }
        #expect(try ParsedChart(suppressed.svg()).texts.contains("no data"))
    }
}
