import Foundation
import LAEvalCore
import LAEvalData
import LAEvalEstimators
import LAEvalStats

/// The LA × reporting-year observations of one outcome of the plan: LA rows, the outcome's
/// filters, the study period; suppressed cells left out. A combined row for LAs that share a
/// service (EES writes `E06000061 / E06000062`) gives its value to each LA it covers: right for
/// the rates and percentages the plan analyses, and stated in the reports (`combinedCodes`).
public struct OutcomeObservations: Sendable {
    public var codes: [String] = []
    public var years: [Int] = []
    public var values: [Double] = []
    /// The combined codes met, each with the first and last year it covered.
    public var combinedCodes: [String: ClosedRange<Int>] = [:]

    public init?(_ study: Study, _ outcome: OutcomeSpec) {
        let columns = study.indicatorFiles.first(where: { $0.name == outcome.file }).map { file in outcome.columnNames.compactMap(file.table.indicator) } ?? []
        guard let file = study.indicatorFiles.first(where: { $0.name == outcome.file }), !columns.isEmpty,
              let levels = file.table.text("geographic_level"),
              let codes = file.table.text("new_la_code"), let periods = file.table.text("time_period") else { return nil }
        let filterColumns = outcome.filters.map { (file.table.text($0.key), $0.value) }
        for row in 0..<file.table.rowCount where levels[row] == "Local authority" {
            guard filterColumns.allSatisfy({ $0.0?[row] == $0.1 }), let value = columns.lazy.compactMap({ $0[row].number }).first,
                  let year = Int(periods[row].prefix(4)), study.description.period.contains(reportingYear: year) else { continue }
            let covered = codes[row].split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
            if covered.count > 1 {
                let span = combinedCodes[codes[row]].map { min($0.lowerBound, year)...max($0.upperBound, year) } ?? year...year
                combinedCodes[codes[row]] = span
            }
            for code in covered {
                self.codes.append(code)
                self.years.append(year)
                self.values.append(value)
            }
        }
    }

    /// A dense index per LA code in order of first appearance.
    func unitIndex() -> (index: [Int], count: Int) {
        var lookup: [String: Int] = [:]
        var index: [Int] = []
        index.reserveCapacity(codes.count)
        for code in codes {
            if let known = lookup[code] {
                index.append(known)
            } else {
                lookup[code] = lookup.count
                index.append(lookup.count - 1)
            }
        }
        return (index, lookup.count)
    }
}

/// The joint imputation design: every support model's effect for each cohort (first reporting
/// year of the model) and each year since it began, in one regression per outcome with LA and
/// year effects fitted on LA-years before any support (`ImputationDiD`, Borusyak, Jaravel &
/// Spiess 2024, with concurrent supports' effects adding up). It is robust both to effects that
/// differ by cohort and over time since start and to concurrent support. The ATT weights every
/// supported LA-year equally; the profile's pre-support points are the leads of the BJS
/// pre-trend regression, whose joint Wald test is the pre-trend test.
enum JointImputation {
    static func estimates(_ study: Study, outcome: OutcomeSpec, options: ImpactAnalysis.Options) -> [String: ImpactAnalysis.Estimate] {
        guard let observations = OutcomeObservations(study, outcome) else { return [:] }
        let models: [SupportModel] = SupportModel.allCases
        let treatments: [ImputationDiD.Treatment] = models.map { model in
            let cohort: [String: Int] = ImpactAnalysis.cohorts(study, treatment: model.rawValue, anchor: options.anchor)
            return ImputationDiD.Treatment(name: model.rawValue, cohort: observations.codes.map { cohort[$0] ?? 0 })
        }
        let (unit, unitCount) = observations.unitIndex()
        let critical = Normal.standardQuantile(0.975)
        let fitted: ImputationDiD?
        let failure: String?
        do {
            fitted = try ImputationDiD(unit: unit, period: observations.years, outcome: observations.values, treatments: treatments)
            failure = nil
        } catch {
            fitted = nil
            failure = "\(error)"
        }
        var result: [String: ImpactAnalysis.Estimate] = [:]
        for (m, model) in models.enumerated() where study.description.plan.comparisons.contains(model.rawValue) {
            var estimate = ImpactAnalysis.failed(model.rawValue, outcome, options, failure ?? "")
            estimate.units = unitCount
            if let fit = fitted?.results[m] {
                estimate.treatedUnits = fit.treatedUnits
                estimate.dynamic = (fit.leads + fit.eventTimes).map { .init(eventTime: $0.eventTime, att: $0.att, se: $0.se) }
                estimate.pretrend = fit.pretrend.map { .init(statistic: $0.statistic, df: $0.df, p: $0.p) }
                if let att = fit.att {
                    estimate.failure = nil
                    estimate.att = att.att
                    estimate.se = att.se
                    estimate.ciLower = att.att - critical * att.se
                    estimate.ciUpper = att.att + critical * att.se
                } else {
                    estimate.failure = "no LA-year with \(model.rawValue) could be estimated (none in the panel, or collinear with other support)"
                }
            }
            result[model.rawValue] = estimate
        }
        return result
    }
}
