import Foundation
import LAEvalStudy
import Testing
@testable import LAEvalReports

/// The final report's "Longitudinal survey" section on the demo run, its line in the summary,
/// what a study without a survey says, the stacked-bar chart and the survey's disclosure control.
@Suite struct SurveyReportTests {
    static var final: String { ReportSetTests.files["report/final.html"]! }

    static func section(_ html: String) -> String {
        guard let start = html.range(of: "<section id=\"survey\""), let end = html[start.upperBound...].range(of: "</section>") else { return "" }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func theFinalReportHasALongitudinalSurveySection() throws {
        let section = Self.section(Self.final)
        #expect(section.contains("<h2 id=\"survey-heading\">Longitudinal survey</h2>"))
        for piece in ["survey-response-title", "survey-likert-title", "Respondents and LAs responding, by wave", "Non-response: chi-square tests of independence",
                      "Answers to each statement, all five points (%)", "Scale scores and Cronbach&#39;s alpha, by wave",
                      "Paired change in LA scale scores between consecutive waves", "Planted (simulated)", "tables/survey_free_text.csv",
                      "Wave 3 (2024)", "Leadership practice"] {
            #expect(section.contains(piece) || section.contains(piece.replacingOccurrences(of: "&#39;", with: "'")), "\(piece)")
        }
        // free text is for the evaluators: none of it is quoted in a report
        let texts = try #require(ReportSetTests.results.survey?.freeText)
        for page in ReportSetTests.pages {
            #expect(!texts.prefix(200).contains { ReportSetTests.files[page]!.contains($0.text) }, "\(page) quotes free text")
        }
        #expect(Self.final.contains("<a href=\"#survey\">Longitudinal survey</a>") || Self.final.contains("href=\"#survey\""))
        #expect(Self.final.contains("The longitudinal survey of LAs (3 waves"))
        #expect(ReportSetTests.files["report/summary.html"]!.contains("What LAs told us"))
    }

    @Test func aStudyWithoutASurveySaysSoInTheMethodSection() {
        var results = ReportSetTests.results
        results.survey = nil
        let final = ReportSet.render(results).first { $0.path == "report/final.html" }!.text
        #expect(!final.contains("<section id=\"survey\""))
        #expect(final.contains("This study has no survey/ folder, so there is no survey stage"))
        #expect(!ReportSet.render(results).first { $0.path == "report/summary.html" }!.text.contains("What LAs told us"))
        results.stagesNotRun = ["survey"]
        let notRun = ReportSet.render(results).first { $0.path == "report/final.html" }!.text
        #expect(Self.section(notRun).contains("The survey stage has not been run on this study"))
    }

    static var chart: StackedBarChart {
        var chart = StackedBarChart(title: "Agreement (simulated)", description: "Shares of respondents agreeing, by statement.", xLabel: "Respondents (%)",
                                    series: ["Disagree", "Neither", "Agree"],
                                    categories: [.init(label: "Clear vision", shares: [10, 30, 60]),
                                                 .init(label: "Withheld together", shares: [nil, nil, 70]),
                                                 .init(label: "Withheld apart", shares: [nil, 80, nil]),
                                                 .init(label: "Whole bar withheld", shares: nil, note: "c")],
                                    footnote: "c: withheld")
        chart.id = "likert"
        return chart
    }

    @Test func stackedBarsAreAccessibleAndDrawWithheldSharesInPlace() throws {
        #expect(try commonProblems(Self.chart.svg, id: "likert", title: "Agreement (simulated)") == [])
        saveForViewing(Self.chart.svg(), as: "stacked")
        let parsed = try ParsedChart(Self.chart.svg())
        let segments = try parsed.elements("rect").filter { $0.string("class") == "segment" }
        let withheld = try parsed.elements("rect").filter { $0.string("class") == "withheld" }
        #expect(segments.count == 4 && withheld.count == 1)
        // the withheld block of the second bar starts at 0% and spans the 30% not shown
        let plotLeft = segments[0].number("x")
        #expect(abs(withheld[0].number("x") - plotLeft) < 0.01)
        #expect(abs(withheld[0].number("width") / (segments[0].number("width") * 3) - 1) < 0.01)
        let texts = try parsed.texts
        for label in ["Disagree", "Neither", "Agree", "c: withheld", "60%", "30%", "Respondents (%)"] { #expect(texts.contains(label), "\(label)") }
        #expect(texts.filter { $0 == "c" }.count == 3, "one c in the withheld block, one for each bar not drawn")
    }

    @Test func likertRowsAreSuppressedAsOneHierarchicalTable() {
        let labels = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
        func row(_ counts: [Int]) -> SurveyResults.LikertDistribution {
            var points: [SurveyResults.LikertDistribution.Point] = []
            for (index, count) in counts.enumerated() {
                points.append(SurveyResults.LikertDistribution.Point(value: String(index + 1), label: labels[index], count: count))
            }
            return SurveyResults.LikertDistribution(wave: 1, questionID: "q", text: "Q", breakdown: "overall", group: "all", label: "All LAs",
                                                    respondents: counts.reduce(0, +), points: points)
        }
        // small counts at both ends: each withheld with its neighbour, the three groups all shown
        let ends = SurveyPublication.likert(row([2, 30, 40, 50, 3]), threshold: 5)
        #expect(ends.points.map(\.text) == ["c", "c", "40", "c", "c"])
        #expect(ends.groups.map(\.text) == ["32", "40", "53"] && ends.total.text == "125")
        #expect(ends.groupNames == ["Disagree or strongly disagree", "Neither agree nor disagree", "Agree or strongly agree"])
        // a small count alone in its group with a zero: the group is withheld, and another with it
        let lonely = SurveyPublication.likert(row([0, 3, 40, 50, 20]), threshold: 5)
        #expect(lonely.points.map(\.text) == ["0", "c", "c", "50", "20"])
        #expect(lonely.groups.map(\.text) == ["c", "c", "70"])
        // nothing small: everything shown
        #expect(SurveyPublication.likert(row([5, 6, 7, 8, 9]), threshold: 5).points.allSatisfy { !$0.isSuppressed })
        #expect(SurveyPublication.rate(3, of: 40, threshold: 5) == nil && SurveyPublication.rate(38, of: 40, threshold: 5) == nil)
        #expect(SurveyPublication.rate(30, of: 40, threshold: 5) == 0.75)
        // grade rows divide the all-LA row: one small count among them is protected against the all-LA total too
        var all = row([10, 20, 30, 25, 15]), good = row([3, 10, 15, 10, 7]), bad = row([7, 10, 15, 15, 8])
        all.breakdown = "overall"
        good.breakdown = "grade"
        bad.breakdown = "grade"
        let joint = SurveyPublication.likertRows([all, good, bad], threshold: 5)
        #expect(joint[1].points[0].isSuppressed && joint[2].points[0].isSuppressed, "the other grade's count would give it away")
        #expect(!joint[0].points[0].isSuppressed)
    }

    /// No published table of the demo's survey lets a withheld count be worked out exactly from
    /// the sums published beside it: every line of the Likert and response tables has none or at
    /// least two members withheld, checked on the published results.
    @Test func theDemoSurveysPublishedCountsHideEverySmallCount() throws {
        let survey = try #require(ReportSetTests.results.survey)
        let published = SurveyPublication.publish(survey, threshold: 5)
        for (row, p) in zip(survey.likert, published.likert) {
            for (count, shown) in zip(row.points.map(\.count), p.points) where (1..<5).contains(count) { #expect(shown.isSuppressed) }
            let parts = p.points + [p.total]
            #expect(parts.filter(\.isSuppressed).count != 1 || p.groups.filter(\.isSuppressed).count >= 1)
        }
        for (row, p) in zip(survey.responseRates, published.responses) {
            #expect((1..<5).contains(row.partial) ? p.statuses[1].isSuppressed : true)
            #expect((p.statuses + [p.respondents]).filter(\.isSuppressed).count != 1)
            #expect([p.lasResponding, p.lasNotResponding, p.las].filter(\.isSuppressed).count != 1)
        }
        // the region rows of each wave: in every column, none or at least two withheld (the all-LA row shown)
        for wave in survey.waves.map(\.wave) {
            let regions = survey.responseRates.indices.filter { survey.responseRates[$0].wave == wave && survey.responseRates[$0].breakdown == "region" }
            for column in 0..<3 {
                #expect(regions.filter { published.responses[$0].statuses[column].isSuppressed }.count != 1, "wave \(wave) status \(column)")
            }
            #expect(regions.filter { published.responses[$0].lasResponding.isSuppressed }.count != 1, "wave \(wave) LAs responding")
        }
    }
}
