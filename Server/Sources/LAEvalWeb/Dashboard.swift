import Foundation
import Hummingbird
import LAEvalCore
import LAEvalReports
import LAEvalStudy

/// The latest evaluation results for the dashboard: `results.json` in the study folder or beside
/// it (where `laeval run --out DIR` writes DIR/study and DIR/results.json).
public struct DashboardResults: Sendable {
    public var results: EvaluationResults
    public var path: String

    public static func load(study folder: String) -> DashboardResults? {
        let candidates = [(folder as NSString).appendingPathComponent("results.json"),
                          ((folder as NSString).deletingLastPathComponent as NSString).appendingPathComponent("results.json")]
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        for path in candidates {
            if let data = FileManager.default.contents(atPath: path), let results = try? decoder.decode(EvaluationResults.self, from: data) {
                return DashboardResults(results: results, path: path)
            }
        }
        return nil
    }
}

/// One indicator of the plan by LA and reporting year, as the analysis reads it
/// (`OutcomeObservations`: LA rows, the outcome's filters, the study period).
struct IndicatorSeries {
    var values: [String: [Int: Double]] = [:]

    init(study: Study, outcome: OutcomeSpec) {
        guard let observations = OutcomeObservations(study, outcome) else { return }
        for (code, (year, value)) in zip(observations.codes, zip(observations.years, observations.values)) { values[code, default: [:]][year] = value }
    }

    /// The mean over the LAs of each year (LAs with a value that year).
    func mean(of codes: Set<String>) -> [LineChart.Point] {
        var sums: [Int: (Double, Int)] = [:]
        for code in codes.sorted() { for (year, value) in values[code] ?? [:] { sums[year, default: (0, 0)].0 += value; sums[year, default: (0, 0)].1 += 1 } }
        return sums.keys.sorted().map { LineChart.Point(x: Double($0), y: sums[$0]!.0 / Double(sums[$0]!.1)) }
    }
}

extension WebApp {
    func addDashboardRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/admin/dashboard") { request, _ -> Response in
            try await self.signedIn(request) { session in
                self.adminPage("Dashboard", session, self.dashboard(query: request.uri.queryParameters))
            }
        }
    }

    func dashboard(query: Parameters) -> String {
        guard let study = study.study else { return "<h1>Dashboard</h1><p>Start the server with a study folder to see trends.</p>" }
        let outcomes = study.description.plan.outcomes
        guard !outcomes.isEmpty else { return "<h1>Dashboard</h1><p>The study's plan names no outcomes.</p>" }
        let indicator = query.get("indicator").flatMap { name in outcomes.first { $0.indicator == name } } ?? outcomes[0]
        let view = query.get("view") ?? "region"
        let la = query.get("la").flatMap { code in study.localAuthorities.first { $0.newCode == code } }
        let series = IndicatorSeries(study: study, outcome: indicator)
        let options = outcomes.map { "<option value=\"\(HTML.escape($0.indicator))\"\($0.indicator == indicator.indicator ? " selected" : "")>\(HTML.escape($0.indicator))</option>" }.joined()
        let views = [("region", "By region"), ("programme", "By programme"), ("la", "One LA and its neighbours")].map {
            "<option value=\"\($0.0)\"\($0.0 == view ? " selected" : "")>\($0.1)</option>"
        }.joined()
        let laOptions = study.localAuthorities.sorted { $0.name < $1.name }.map {
            "<option value=\"\($0.newCode)\"\($0.newCode == la?.newCode ? " selected" : "")>\(HTML.escape($0.name))</option>"
        }.joined()
        let form = """
            <form method="get" action="/admin/dashboard" class="form-group">
            <label class="label" for="indicator">Indicator</label><select class="input" id="indicator" name="indicator">\(options)</select>
            <label class="label" for="view">View</label><select class="input" id="view" name="view">\(views)</select>
            <label class="label" for="la">LA (for the LA view)</label><select class="input" id="la" name="la">\(laOptions)</select>
            <p><button class="button button--secondary">Show</button></p></form>
            """
        var charts = ""
        switch view {
        case "programme":
            var groups: [(String, Set<String>)] = Programme.allCases.map { p in (p.rawValue, Set(study.support.filter { $0.programme == p }.map(\.laCode))) }
            groups.append(("no support", Set(study.localAuthorities.map(\.newCode)).subtracting(study.support.map(\.laCode))))
            charts = LineChart(title: "\(indicator.indicator) by programme", description: "Mean over the LAs each programme ever supported, by reporting year.",
                               xLabel: "Reporting year", yLabel: indicator.indicator,
                               series: groups.filter { !$0.1.isEmpty }.map { LineChart.Series(label: $0.0, points: series.mean(of: $0.1)) }).svg()
        case "la":
            charts = la.map { laCharts($0, study: study, indicator: indicator, series: series) } ?? "<p>Choose an LA.</p>"
        default:
            let regions = Dictionary(grouping: study.localAuthorities, by: \.regionName)
            charts = LineChart(title: "\(indicator.indicator) by region", description: "Mean over each region's LAs, by reporting year.",
                               xLabel: "Reporting year", yLabel: indicator.indicator,
                               series: regions.keys.sorted().map { LineChart.Series(label: $0, points: series.mean(of: Set(regions[$0]!.map(\.newCode)))) }).svg()
        }
        return "<h1>Dashboard</h1>\(study.description.simulated ? "<p><strong class=\"tag tag--red\">Simulated data</strong></p>" : "")\(form)<div>\(charts)</div>\(latestResults())"
    }

    func laCharts(_ la: LocalAuthority, study: Study, indicator: OutcomeSpec, series: IndicatorSeries) -> String {
        let neighbours = results?.results.comparators?.neighbours?.sets.first { $0.la == la.newCode }?.neighbours.map(\.la) ?? []
        var lines = [LineChart.Series(label: la.name, points: series.mean(of: [la.newCode]))]
        if !neighbours.isEmpty { lines.append(LineChart.Series(label: "its \(neighbours.count) statistical neighbours (mean)", points: series.mean(of: Set(neighbours)))) }
        let trend = LineChart(title: "\(indicator.indicator): \(la.name)", description: neighbours.isEmpty ? "No statistical neighbours in the latest results." : "Beside the mean of its statistical neighbours.",
                              xLabel: "Reporting year", yLabel: indicator.indicator, series: lines).svg()
        let year = { (d: CalendarDate) in Double(d.daysSinceEpoch) / 365.25 + 1970 }
        let intervals = study.support.filter { $0.laCode == la.newCode }.map { TimelineChart.Interval(start: year($0.start), end: year($0.end ?? study.description.period.lastDay), category: $0.model.rawValue) }
        let events = study.inspections.filter { $0.laCode == la.newCode && $0.overall != nil }.map { TimelineChart.Event(time: year($0.date), category: $0.overall!.label) }
        let timeline = TimelineChart(title: "Inspections and support: \(la.name)", description: "Support episodes as bars, graded inspections as marks.",
                                     rows: [TimelineChart.Row(label: la.name, intervals: intervals, events: events)]).svg()
        return trend + timeline
    }

    func latestResults() -> String {
        guard let loaded = results else { return "<h2>Latest evaluation results</h2><p>No results.json beside the study folder: run <code>laeval run</code> on it.</p>" }
        let overall = loaded.results.comparison?.rankings.filter { $0.indicator == ComparativeEffectiveness.overall } ?? []
        let rows = overall.flatMap { ranking in
            ranking.entries.enumerated().map { index, e in
                [HTML.escape(ranking.family), String(index + 1), HTML.escape(e.treatment), String(format: "%.2f", e.improvement),
                 String(format: "%.2f to %.2f", e.ciLower, e.ciUpper), String(format: "%.2f", e.probabilityBest)]
            }
        }
        let table = rows.isEmpty ? "<p>The latest results rank no kinds of support.</p>"
            : HTML.table(caption: "Overall improvement (within-LA SDs), ranked", headers: ["Family", "Rank", "Support", "Improvement", "95% interval", "P(best)"], rows: rows, numeric: [1, 3, 4, 5])
        return "<h2>Latest evaluation results</h2><p>From \(HTML.escape(loaded.path)) (study \(HTML.escape(loaded.results.study))\(loaded.results.simulated ? ", simulated" : "")).</p>\(table)"
    }
}
