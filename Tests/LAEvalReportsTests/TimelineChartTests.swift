import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import LAEvalReports

@Suite struct TimelineChartTests {
    static let grades = ["Outstanding", "Good", "Requires improvement", "Inadequate"]

    static var chart: TimelineChart {
        var chart = TimelineChart(
            title: "Support episodes and inspection grades by authority (simulated)",
            description: "For each of five authorities, when it had a commissioner or an improvement adviser, and its inspection grades.",
            rows: [
                .init(label: "Authority A", intervals: [.init(start: 2016.25, end: 2018.5, category: "Commissioner")],
                      events: [.init(time: 2015.9, category: "Inadequate"), .init(time: 2019.2, category: "Requires improvement")]),
                .init(label: "Authority B", intervals: [.init(start: 2017, end: 2019.75, category: "Improvement adviser")],
                      events: [.init(time: 2016.5, category: "Requires improvement"), .init(time: 2020.4, category: "Good")]),
                .init(label: "Authority C with a long name",
                      intervals: [.init(start: 2018.5, end: 2020, category: "Commissioner"),
                                  .init(start: 2020, end: 2022.5, category: "Improvement adviser")],
                      events: [.init(time: 2018.1, category: "Inadequate"), .init(time: 2022.8, category: "Good")]),
                .init(label: "Authority D", events: [.init(time: 2017.3, category: "Good"), .init(time: 2021.6, category: "Outstanding")]),
                .init(label: "Authority E", intervals: [.init(start: .nan, end: 2019, category: "Commissioner")],
                      events: [.init(time: .nan, category: "Good")]),
            ],
            intervalCategories: ["Commissioner", "Improvement adviser"], eventCategories: grades)
        chart.id = "timeline"
        return chart
    }

    @Test func isAccessibleStableXML() throws {
        let chart = Self.chart
        #expect(try commonProblems(chart.svg, id: "timeline", title: chart.title) == [])
        saveForViewing(chart.svg(), as: "timeline")
        let texts = try ParsedChart(chart.svg()).texts
        for label in ["Year", "Support:", "Inspection:", "Commissioner", "Improvement adviser", "2016", "2022"]
            + Self.grades + chart.rows.map(\.label) {
            #expect(texts.contains(label), "\(label) is written as text")
        }
    }

    @Test func categoriesNotListedAreAddedInOrderOfAppearance() {
        let chart = TimelineChart(title: "t", description: "d", rows: [.init(label: "A", events: [.init(time: 2017, category: "Good"),
                                                                                                 .init(time: 2018, category: "Outstanding")])],
                                  eventCategories: ["Outstanding"])
        #expect(chart.eventCategories == ["Outstanding", "Good"])
    }

    @Test func intervalsAndEventsSitOnTheTimeAxis() throws {
        let chart = try ParsedChart(Self.chart.svg())
        let intervals = try chart.elements("rect", className: "interval")
        #expect(intervals.count == 4, "the interval with a missing start is left out")
        let x2017 = try #require(try chart.text("2017")).number("x"), x2018 = try #require(try chart.text("2018")).number("x")
        let authorityB = intervals[1]
        #expect(abs(authorityB.number("x") - x2017) < 0.02, "B's support starts in 2017")
        #expect(abs(authorityB.number("width") - 2.75 * (x2018 - x2017)) < 0.05)
        let events = try chart.elements(className: "event")
        #expect(events.count == 8, "the event with a missing time is left out")
    }

    @Test func eachGradeHasItsOwnShapeAndColour() throws {
        let chart = try ParsedChart(Self.chart.svg())
        let events = try chart.elements(className: "event")
        let grades = Self.chart.rows.flatMap { $0.events.filter(\.time.isFinite).map(\.category) }
        let looks = events.map { "\($0.localName ?? "") \($0.string("fill") ?? "") \(($0.string("d") ?? "").filter(\.isLetter))" }
        var look: [String: String] = [:]
        for (grade, seen) in zip(grades, looks) {
            #expect(look[grade, default: seen] == seen, "\(grade) always looks the same")
            look[grade] = seen
        }
        #expect(Set(look.values).count == 4, "each grade looks different")
        let shapes = look.values.map { $0.split(separator: " ", omittingEmptySubsequences: false) }.map { "\($0[0]) \($0[2])" }
        #expect(Set(shapes).count == 4, "and not by colour alone")
        let intervalFills = Set(try chart.elements("rect", className: "interval").map { $0.string("fill") ?? "" })
        #expect(intervalFills.count == 2 && intervalFills.contains("url(#timeline-pattern-1)"))
        #expect(intervalFills.isDisjoint(with: Set(events.map { $0.string("fill") ?? "" })), "no colour means two things")
    }

    @Test func rowsAreInOrderAndTheChartGrowsByARowHeight() throws {
        let chart = try ParsedChart(Self.chart.svg())
        let ys = try Self.chart.rows.map { try #require(try chart.text($0.label)).number("y") }
        #expect(zip(ys, ys.dropFirst()).allSatisfy { $1 - $0 == 18 })
        var bigger = Self.chart
        bigger.rows.append(.init(label: "Authority F"))
        #expect(bigger.height == Self.chart.height + 18)
    }

    @Test func emptyInputStillRenders() throws {
        let empty = TimelineChart(title: "t", description: "d", rows: [])
        let reversed = TimelineChart(title: "t", description: "d", rows: [.init(label: "a", intervals: [.init(start: 2019, end: 2017, category: "x")])])
        for chart in [empty, reversed] { #expect(try commonProblems(chart.svg, id: "chart", title: "t") == []) }
        let bar = try #require(try ParsedChart(reversed.svg()).elements("rect", className: "interval").first)
        #expect(bar.number("width") > 100, "an interval given end first is still drawn from 2017 to 2019")
    }
}
