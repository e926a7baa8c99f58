import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LAEvalCore
import LAEvalData
import LAEvalStudy
import Testing
@testable import LAEvalReports

/// The reports of a demo run: all five written, well-formed, accessible, self-contained, with
/// small counts suppressed, saying plainly what was not run, and trends that extend with a year.
@Suite struct ReportSetTests {
    static func temporaryFolder() -> String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("laeval-reports-\(UUID().uuidString)")
    }

    /// Writes `study` (with the demo's truth) to a temporary folder and runs the evaluation on it.
    static func evaluate(_ study: Study, truth: DemoTruth? = nil) throws -> EvaluationResults {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try StudyWriter.write(study, to: folder, extraFiles: try truth.map { [("truth.json", try $0.json())] } ?? [])
        return try Evaluation.run(folder: folder, version: "test").results
    }

    static let demo = DemoStudy()
    static let results: EvaluationResults = try! evaluate(demo.study, truth: demo.truth)
    static let files: [String: String] = Dictionary(uniqueKeysWithValues: ReportSet.render(results).map { ($0.path, $0.text) })
    static let pages = ["scoping", "interim", "final", "summary", "infographic"].map { "report/\($0).html" }

    @Test func everyReportIsWrittenAndWellFormed() throws {
        #expect(Set(Self.files.keys) == Set(Self.pages + ["report/infographic.svg"]))
        for page in Self.pages {
            let check = HTMLCheck(Self.files[page]!)
            #expect(check.problems.isEmpty, "\(page): \(check.problems.prefix(5))")
            #expect(Self.files[page]!.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"))
        }
        _ = try ParsedChart(Self.files["report/infographic.svg"]!)
        let again = ReportSet.render(Self.results)
        #expect(again.allSatisfy { Self.files[$0.path] == $0.text }, "the same results give the same bytes")
    }

    /// Every inline chart: role="img", a title and description its aria-labelledby names, and
    /// at least one axis title (except the transition diagram, which has no axes).
    @Test func everyChartIsAccessible() throws {
        var charts = 0
        for page in Self.pages {
            for svg in Self.svgs(in: Self.files[page]!) where !svg.contains("id=\"infographic-title\"") {
                charts += 1
                #expect(svg.contains("role=\"img\""))
                let labelled = try #require(svg.firstMatch(of: /aria-labelledby="([^"]+) ([^"]+)"/))
                #expect(svg.contains("<title id=\"\(labelled.1)\">") && svg.contains("<desc id=\"\(labelled.2)\">"), "\(labelled.0)")
                // a diagram of states has no axes
                let diagram = svg.contains("class=\"transition\"")
                #expect(diagram || svg.contains("class=\"axis-title\""), "a chart without an axis title in \(page): \(svg.prefix(300))")
                _ = try ParsedChart(String(svg))
            }
        }
        #expect(charts > 20)
    }

    static func svgs(in html: String) -> [Substring] {
        html.matches(of: /<svg[\s\S]*?<\/svg>/).map(\.output)
    }

    @Test func nothingOutsideTheFileIsReferenced() {
        for (path, text) in Self.files {
            let urls = text.matches(of: /(https?:)?\/\/[A-Za-z0-9.-]+\.[a-z]{2,}[^\s"'<)]*/).map { String($0.output.0) }
            #expect(urls.allSatisfy { $0 == "http://www.w3.org/2000/svg" }, "\(path): \(urls.prefix(3))")
            #expect(!text.contains(" src=") && !text.contains("<link") && !text.contains("@import"), "\(path)")
            #expect(text.matches(of: /url\(([^)]*)\)/).allSatisfy { $0.output.1.hasPrefix("#") }, "\(path): url() outside the file")
            #expect(!text.contains("href=\"") || text.matches(of: /href="([^"]*)"/).allSatisfy { $0.output.1.hasPrefix("#") }, "\(path)")
        }
    }

    /// Every count cell shows c, 0 or a count at or above the threshold; some are suppressed.
    @Test func smallCountsAreSuppressedInEveryTable() {
        var suppressed = 0, shown = 0
        for page in Self.pages {
            for match in Self.files[page]!.matches(of: /<td class="num count">([^<]*)<\/td>/) {
                let text = String(match.output.1)
                if text == "c" { suppressed += 1; continue }
                let value = Int(text.replacingOccurrences(of: ",", with: ""))
                #expect(value.map { $0 == 0 || $0 >= Self.results.disclosureThreshold } ?? false, "\(page): a count cell shows \(text)")
                shown += 1
            }
        }
        #expect(suppressed > 10 && shown > 100, "suppressed \(suppressed), shown \(shown)")
    }

    @Test func reportsSayPlainlyWhatWasNotRunAndThatTheDataAreSimulated() {
        let final = Self.files["report/final.html"]!
        // aims b, c and d are run: their sections have results, not a "not run" notice
        for (heading, figure) in [("(b) Which approach works best", "ranked-models"), ("(c) How local context changes success", "Truth table"),
                                  ("(d) Value for money", "ce-plane")] {
            let section = final.components(separatedBy: heading)
            #expect(section.count > 1 && !section[section.count - 1].prefix(400).contains("Not run.") && section[section.count - 1].contains(figure), "\(heading)")
        }
        #expect(final.contains("tornado-title") && final.contains("ceac-title"))
        #expect(Self.files["report/infographic.svg"]!.contains("improved outcomes most"))
        let scoping = Self.files["report/scoping.html"]!
        #expect(!scoping.contains("The power (scoping) stage has not been run"))
        #expect(scoping.contains("Minimum detectable effects (80% power, 5% level)") && scoping.contains("Method validity and recommendation"))
        for page in Self.pages where page != "report/infographic.html" {
            #expect(Self.files[page]!.contains("<strong>Simulated data.</strong>"), "\(page)")
        }
        #expect(Self.files["report/infographic.svg"]!.contains("SIMULATED DATA"))
        #expect(final.contains("MSMS level"))
    }

    @Test func aRealStudysReportsSayRealDataAtAGlance() {
        var real = Self.results
        real.simulated = false
        real.truth = nil
        for file in ReportSet.render(real) where file.path.hasSuffix(".html") && file.path != "report/infographic.html" {
            #expect(file.text.contains("<strong>Real data.</strong>") && !file.text.contains("Simulated data."), "\(file.path)")
        }
    }

    /// The demo study as if its data ended a year earlier.
    static func endingEarlier(_ study: Study, lastYear: Int) -> Study {
        var earlier = study
        let end = CalendarDate.endOfReportingYear(lastYear)
        earlier.description.period.lastYear = lastYear
        earlier.inspections = study.inspections.filter { $0.date <= end }
        earlier.support = study.support.filter { $0.start <= end }.map { episode in
            var episode = episode
            if let stop = episode.end, stop > end { episode.end = nil }
            return episode
        }
        earlier.costs = study.costs.filter { $0.timePeriod / 100 < lastYear }
        return earlier
    }

    /// Running the evaluation again after a later year's data are added extends the trends of
    /// the final report by that year and leaves the earlier years as they were.
    @Test func trendsExtendWhenALaterYearIsAdded() throws {
        let earlier = try Self.evaluate(Self.endingEarlier(Self.demo.study, lastYear: 2024))
        let later = Self.results
        #expect(earlier.descriptives.lastYear == 2024 && later.descriptives.lastYear == 2025)
        for (before, after) in zip(earlier.descriptives.trends, later.descriptives.trends) {
            for (a, b) in zip(before.groups, after.groups) where a.group == "All LAs" {
                #expect(a.points.last?.year == 2024 && b.points.last?.year == 2025)
                #expect(Array(b.points.dropLast()) == a.points, "\(before.indicator): the years already reported are unchanged")
            }
        }
        let earlierFinal = ReportSet.render(earlier).first { $0.path == "report/final.html" }!.text
        let laterFinal = Self.files["report/final.html"]!
        #expect(earlierFinal.contains("Trends, 2011 to 2024") && laterFinal.contains("Trends, 2011 to 2025"))
        #expect(!Self.trendTable(earlierFinal).contains("<td class=\"num\">2025</td>") && Self.trendTable(laterFinal).contains("<td class=\"num\">2025</td>"))
    }

    static func trendTable(_ html: String) -> String {
        guard let start = html.range(of: "id=\"trends\"") else { return "" }
        return String(html[start.lowerBound...].prefix(40_000))
    }
}
