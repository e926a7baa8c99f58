import Foundation
import LAEvalData
import LAEvalReports
import LAEvalStudy

/// The survey stage's tidy tables (tables/survey_*.csv). Counts of respondents and LAs from 1 to
/// the disclosure threshold − 1 are `c`, with further counts withheld where a published sum would
/// reveal them, and rates withheld with their counts, exactly as in the reports
/// (`SurveyPublication`). The free-text
/// export is for the evaluators' coding and is not disclosure-controlled: it is not for publication.
enum SurveyTables {
    static func tables(_ survey: SurveyResults, threshold: Int, number: (Double?) -> String, count: (Int) -> String) -> [(String, String)] {
        let published = SurveyPublication.publish(survey, threshold: threshold)
        var rates = CSVWriter()
        rates.write(["wave", "breakdown", "group", "label", "respondents", "submitted", "partial", "not_started", "respondent_rate",
                     "las", "las_responding", "la_rate"])
        for (r, p) in zip(survey.responseRates, published.responses) {
            rates.write([String(r.wave), r.breakdown, r.group, r.label, p.respondents.text] + p.statuses.map(\.text)
                + [p.respondentRate.map { number($0) } ?? "c", p.las.text, p.lasResponding.text, p.laRate.map { number($0) } ?? "c"])
        }
        var nonResponse = CSVWriter()
        nonResponse.write(["wave", "factor", "groups", "chi_square", "df", "p", "minimum_expected", "cells_expected_below_5"])
        for t in survey.nonResponse {
            nonResponse.write([String(t.wave), t.factor, String(t.groups.count), number(t.test?.statistic), t.test.map { String($0.df) } ?? "x",
                               number(t.test?.p), number(t.test?.minimumExpected), t.test.map { String($0.cellsExpectedBelow5) } ?? "x"])
        }
        var likert = CSVWriter()
        likert.write(["wave", "question_id", "breakdown", "group", "label", "point", "point_label", "count", "percent", "respondents"])
        for (row, published) in zip(survey.likert, published.likert) {
            func percent(_ value: PublishedCount) -> String {
                value.value.flatMap { v in published.total.value.map { $0 > 0 ? number(100 * Double(v) / Double($0)) : "x" } } ?? "c"
            }
            for (point, value) in zip(row.points, published.points) {
                likert.write([String(row.wave), row.questionID, row.breakdown, row.group, row.label, point.value, point.label, value.text, percent(value), published.total.text])
            }
            // the points grouped as the report's stacked bars draw them (suppressed together with the points)
            for (name, value) in zip(published.groupNames, published.groups) {
                likert.write([String(row.wave), row.questionID, row.breakdown, row.group, row.label, "group", name, value.text, percent(value), published.total.text])
            }
        }
        var scales = CSVWriter()
        scales.write(["wave", "scale", "items", "respondents", "las", "mean_score", "sd_score", "alpha", "ci_lower", "ci_upper"])
        for s in survey.scales {
            scales.write([String(s.wave), s.scale, s.items.joined(separator: ";"), count(s.respondents), count(s.las), number(s.meanScore), number(s.sdScore),
                          number(s.alpha?.alpha), number(s.alpha?.ciLower), number(s.alpha?.ciUpper)])
        }
        var changes = CSVWriter()
        changes.write(["scale", "from_wave", "to_wave", "group", "label", "las", "mean_before", "mean_after", "mean_change", "se", "ci_lower", "ci_upper", "t", "df", "p"])
        for (index, c) in survey.changes.enumerated() {
            let small = published.withheldChanges.contains(index)
            let t = small ? nil : c.test
            changes.write([c.scale, String(c.fromWave), String(c.toWave), c.group, c.label, small ? "c" : String(c.las),
                           small ? "c" : number(c.meanBefore), small ? "c" : number(c.meanAfter), small ? "c" : number(t?.meanDifference), small ? "c" : number(t?.se),
                           small ? "c" : number(t?.ciLower), small ? "c" : number(t?.ciUpper), small ? "c" : number(t?.t),
                           small ? "c" : t.map { String($0.df) } ?? "x", small ? "c" : number(t?.p)])
        }
        var freeText = CSVWriter()
        freeText.write(["wave", "new_la_code", "respondent_id", "question_id", "text"])
        for f in survey.freeText { freeText.write([String(f.wave), f.laCode, f.respondentID, f.questionID, f.text]) }
        return [("tables/survey_response_rates.csv", rates.text), ("tables/survey_non_response.csv", nonResponse.text),
                ("tables/survey_likert.csv", likert.text), ("tables/survey_scales.csv", scales.text), ("tables/survey_change.csv", changes.text),
                ("tables/survey_free_text.csv", freeText.text)]
    }
}
