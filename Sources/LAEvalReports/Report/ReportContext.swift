import Foundation
import LAEvalCore
import LAEvalData
import LAEvalStudy

/// The evaluation results with the lookups every report needs: outcomes by indicator,
/// estimates by design, the planted truth of a simulation, provenance lines.
struct ReportContext {
    let results: EvaluationResults
    let outcomes: [Descriptives.Outcome]
    private let outcomeByIndicator: [String: Descriptives.Outcome]

    init(_ results: EvaluationResults) {
        self.results = results
        outcomes = results.descriptives.outcomes
        outcomeByIndicator = Dictionary(outcomes.map { ($0.indicator, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func outcome(_ indicator: String) -> Descriptives.Outcome {
        outcomeByIndicator[indicator] ?? .init(indicator: indicator, file: "", label: indicator, unit: "", polarity: .neutral)
    }

    var estimates: [ImpactAnalysis.Estimate] { results.impact?.estimates ?? [] }

    /// The headline design for support models: the joint imputation.
    func jointEstimates(_ indicator: String) -> [ImpactAnalysis.Estimate] {
        estimates.filter { $0.options.design == .jointImputation && $0.indicator == indicator }
    }

    /// The plan's own design's estimates (when it is not the joint imputation).
    func planEstimates(_ indicator: String) -> [ImpactAnalysis.Estimate] {
        guard let options = results.impact?.options, options.design != .jointImputation else { return [] }
        return estimates.filter { $0.options.design == options.design && $0.indicator == indicator }
    }

    /// The planted effect at each event time of a model on an indicator (simulated studies).
    func plantedByEventTime(_ indicator: String, _ treatment: String) -> [(eventTime: Int, value: Double)] {
        guard let truth = results.truth else { return [] }
        return truth.effectsByEventTime
            .filter { $0.indicator == indicator && $0.model.rawValue == treatment && $0.eventTime + firstCohortYear(treatment) <= lastYear }
            .sorted { $0.eventTime < $1.eventTime }
            .map { ($0.eventTime, $0.att) }
    }

    /// The planted average effect over every supported LA-year (the estimand of the joint
    /// imputation's ATT): event-time effects weighted by their LAs.
    func plantedAverage(_ indicator: String, _ treatment: String) -> Double? {
        guard let truth = results.truth else { return nil }
        let rows = truth.effectsByEventTime.filter { $0.indicator == indicator && $0.model.rawValue == treatment && $0.eventTime >= 0 }
        let total = rows.reduce(0) { $0 + $1.nLAs }
        guard total > 0 else { return nil }
        return rows.reduce(0) { $0 + $1.att * Double($1.nLAs) } / Double(total)
    }

    var lastYear: Int { results.descriptives.lastYear }

    private func firstCohortYear(_ treatment: String) -> Int {
        results.audit.cohorts.filter { $0.model.rawValue == treatment }.map(\.startYear).min() ?? results.descriptives.firstYear
    }

    var threshold: Int { results.disclosureThreshold }

    /// A count as published: suppressed as `c` when 1 … threshold − 1.
    func count(_ value: Int) -> String {
        DisclosureControl.isPrimarySensitive(value, threshold: threshold) ? DisclosureControl.confidentialSymbol : ReportText.integer(value)
    }

    var provenance: [String] {
        var lines = ["laeval \(results.provenance.laevalVersion); seed \(results.provenance.seed); LA lookup: \(results.provenance.laLookup)."]
        if let impact = results.impact { lines.append(impact.method) }
        lines += results.provenance.inputs.map { "\($0.path): SHA-256 \($0.sha256)" }
        lines.append("Counts from 1 to \(threshold - 1) are suppressed (shown as c), with further cells suppressed where a total would reveal them.")
        return lines
    }

    /// Provenance in two lines, for the short pages; the full list is in the other reports, results.json and manifest.json.
    var briefProvenance: [String] {
        ["laeval \(results.provenance.laevalVersion); seed \(results.provenance.seed); \(results.provenance.inputs.count) input files, with their SHA-256 hashes in results.json and the scoping report.",
         "Counts from 1 to \(threshold - 1) are suppressed (shown as c)."]
    }

    func page(file: String, title: String, lede: String, sections: [ReportSection], brief: Bool = false) -> ReportPage {
        ReportPage(file: file, title: title, lede: lede, study: results.study, simulated: results.simulated, sections: sections,
                   provenance: brief ? briefProvenance : provenance)
    }

    /// A section for a later stage that has not been run, saying so plainly.
    static func notRun(id: String, heading: String, stage: String, what: String) -> ReportSection {
        ReportSection(id: id, heading: heading,
                      notRun: "The \(stage) stage has not been run on this study, so this report makes no claim about \(what). laeval adds it when that analysis is built.")
    }
}
