import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import LAEvalReports

@Suite struct ScatterChartTests {
    static var chart: ScatterChart {
        var chart = ScatterChart(
            title: "Cost-effectiveness of three kinds of support (simulated)",
            description: "Incremental cost against incremental effect for each authority, by kind of support, with a threshold of 20,000 per unit of effect.",
            xLabel: "Incremental effect (children kept safely at home per 100)", yLabel: "Incremental cost (£ thousand)",
            points: [
                .init(x: 2.1, y: 30, label: "A", category: "Commissioner"), .init(x: 1.4, y: 42, label: "B", category: "Commissioner"),
                .init(x: 0.8, y: -5, label: "C", category: "Improvement adviser"), .init(x: -0.4, y: 12, label: "D", category: "Improvement adviser"),
                .init(x: 1.5, y: 40, label: "E", category: "Sector-led"), .init(x: -0.9, y: -12, category: "Sector-led"),
                .init(x: .nan, y: 10, label: "Missing", category: "Sector-led"),
            ],
            quadrantCaptions: .init(topRight: "More effective, more costly", topLeft: "Less effective, more costly",
                                    bottomLeft: "Less effective, less costly", bottomRight: "More effective, less costly"),
            referenceLine: .init(slope: 20, label: "£20,000 per child"))
        chart.id = "scatter"
        return chart
    }

    @Test func isAccessibleStableXML() throws {
        let chart = Self.chart
        #expect(try commonProblems(chart.svg, id: "scatter", title: chart.title) == [])
        saveForViewing(chart.svg(), as: "scatter")
        let texts = try ParsedChart(chart.svg()).texts
        for label in [chart.xLabel, chart.yLabel, "Commissioner", "Improvement adviser", "Sector-led", "£20,000 per child",
                      "More effective, more costly", "Less effective, more costly", "Less effective, less costly", "More effective, less costly",
                      "A", "B", "C", "D", "E"] {
            #expect(texts.contains(label), "\(label) is written as text")
        }
        #expect(!texts.contains("Missing"), "a point with a missing coordinate is left out, label and all")
    }

    @Test func pointsAreDrawnOncePerFinitePoint() throws {
        let chart = try ParsedChart(Self.chart.svg())
        #expect(try chart.elements(className: "point").count == 6)
        #expect(try chart.elements(className: "point-label").count == 5)
    }

    @Test func quadrantLinesAndTheThresholdMeetAtTheOrigin() throws {
        let chart = try ParsedChart(Self.chart.svg())
        let quadrants = try chart.elements("line", className: "quadrant")
        #expect(quadrants.count == 2)
        let originX = quadrants[0].number("x1"), originY = quadrants[1].number("y1")
        let zeroTick = try chart.elements("text").filter { $0.stringValue == "0" }
        #expect(zeroTick.contains { $0.number("x") == originX }, "the vertical quadrant line is at x = 0")
        #expect(zeroTick.contains { $0.number("y") - 4 == originY }, "the horizontal quadrant line is at y = 0")
        let line = try #require(try chart.elements("line", className: "reference").first)
        let (x1, y1, x2, y2) = (line.number("x1"), line.number("y1"), line.number("x2"), line.number("y2"))
        let cross = (x2 - x1) * (originY - y1) - (y2 - y1) * (originX - x1)
        #expect(abs(cross) / hypot(x2 - x1, y2 - y1) < 0.05, "y = k·x passes through the origin")
        #expect(y2 < y1, "a positive threshold rises to the right")
    }

    @Test func categoriesHaveTheirOwnShapeAndColour() throws {
        let chart = try ParsedChart(Self.chart.svg())
        let points = try chart.elements(className: "point")
        let looks = points.map { "\($0.localName ?? "") \($0.string("fill") ?? "")" }
        #expect(looks[0] == looks[1] && looks[2] == looks[3] && looks[4] == looks[5])
        #expect(Set(looks).count == 3)
        #expect(Set(points.map { $0.localName ?? "" }).count == 3, "shape as well as colour")
    }

    @Test func nearbyLabelsDoNotOverlap() throws {
        let chart = try ParsedChart(Self.chart.svg())
        let b = try #require(try chart.text("B")), e = try #require(try chart.text("E"))
        let apart = abs(b.number("y") - e.number("y")) >= 14 || abs(b.number("x") - e.number("x")) >= 8
        #expect(apart)
    }

    @Test func withoutQuadrantsNoLinesOrCaptions() throws {
        var plain = Self.chart
        plain.quadrantLines = false
        plain.quadrantCaptions = nil
        plain.referenceLine = nil
        let chart = try ParsedChart(plain.svg())
        #expect(try chart.elements(className: "quadrant").isEmpty)
        #expect(try chart.elements(className: "reference").isEmpty)
        #expect(try !chart.texts.contains("More effective, more costly"))
    }

    @Test func emptyInputOrAnUnreachableThresholdStillRenders() throws {
        let empty = ScatterChart(title: "t", description: "d", xLabel: "x", yLabel: "y", points: [], quadrantLines: true)
        let steep = ScatterChart(title: "t", description: "d", xLabel: "x", yLabel: "y", points: [.init(x: 1, y: 1), .init(x: 2, y: 2)],
                                 referenceLine: .init(slope: -1, label: "never"))
        for chart in [empty, steep] { #expect(try commonProblems(chart.svg, id: "chart", title: "t") == []) }
        #expect(try !ParsedChart(steep.svg()).texts.contains("never"), "a line that misses the plot is not drawn")
    }
}
