import Foundation
import LAEvalCore
import LAEvalEstimators
import LAEvalStats

/// A matched comparison of LAs that began a programme with LAs that had not (yet), on one
/// outcome: the robustness check beside the difference-in-differences estimates.
public struct MatchedComparison: Sendable, Codable, Equatable {
    public struct Balance: Sendable, Codable, Equatable {
        public var covariate: String
        public var smdBefore: Double?
        public var smdAfter: Double?
        public var varianceRatioBefore: Double?
        public var varianceRatioAfter: Double?
    }

    public var programme: Programme
    public var indicator: String
    public var polarity: Polarity
    /// Average effect on the change in the outcome for the matched LAs (ATT), with the
    /// cluster-robust SE by matched pair.
    public var att: Double
    public var se: Double
    public var ciLower: Double
    public var ciUpper: Double
    public var treated: Int
    public var treatedMatched: Int
    public var controlsMatched: Int
    public var cohorts: Int
    public var balance: [Balance]
    /// The plan's DiD estimate of the same programme and outcome (Callaway–Sant'Anna by default), for comparison.
    public var didATT: Double?
    public var didSE: Double?

    /// ATT and SE spelled so that results.json's snake_case keys (`did_att`) read back.
    enum CodingKeys: String, CodingKey {
        case programme, indicator, polarity, att, se, ciLower, ciUpper, treated, treatedMatched, controlsMatched, cohorts, balance
        case didATT = "didAtt", didSE = "didSe"
    }
}

public struct MatchedFailure: Sendable, Codable, Equatable {
    public var programme: Programme
    public var indicator: String
    public var reason: String
}

/// For each programme and outcome: every LA that began the programme in year g (its cohort) is
/// matched 1:1, without replacement, on the logit propensity score (MatchIt's defaults), to an LA
/// that had not begun it by g + 2, exactly within the cohort (stacked by cohort, as
/// Cengiz et al. 2019 stack event studies). The outcome is the long difference: the mean of the
/// outcome over g … g + 2 minus its mean over g − 2 … g − 1. The propensity model uses the
/// plan's moderators and the outcome's level before the start. The effect is the ATT of the
/// matched long differences with SEs clustered by matched pair (MatchIt's guidance); a control
/// LA may serve more than one cohort, which those SEs ignore.
public enum MatchedComparisons {
    static let preYears = 2, postYears = 3

    public static func run(_ study: Study, impact: [ImpactAnalysis.Estimate]) -> (comparisons: [MatchedComparison], failures: [MatchedFailure]) {
        var comparisons: [MatchedComparison] = [], failures: [MatchedFailure] = []
        let matrices = study.description.plan.outcomes.compactMap { outcome in OutcomeMatrix(study, outcome).map { (outcome, $0) } }
        for programme in Programme.allCases {
            for (outcome, matrix) in matrices {
                do {
                    var comparison = try compare(study, programme: programme, outcome: outcome, matrix: matrix)
                    let did = impact.first { $0.treatment == programme.rawValue && $0.indicator == outcome.indicator && $0.failure == nil }
                    comparison.didATT = did?.att
                    comparison.didSE = did?.se
                    comparisons.append(comparison)
                } catch {
                    failures.append(.init(programme: programme, indicator: outcome.indicator, reason: "\(error)"))
                }
            }
        }
        return (comparisons, failures)
    }

    /// One row of the stacked data: an LA in one cohort's comparison.
    struct Row {
        var cohort: Int
        var treated: Bool
        var change: Double
        var covariates: [Double]
    }

    static func compare(_ study: Study, programme: Programme, outcome: OutcomeSpec, matrix: OutcomeMatrix) throws -> MatchedComparison {
        let starts = Dictionary(grouping: study.support.filter { $0.programme == programme }, by: \.laCode)
            .mapValues { $0.map(\.start.reportingYear).min()! }
        let moderators = study.description.plan.moderators
        let names = moderators + ["pre-period level"]
        var rows: [Row] = []
        for cohort in Set(starts.values).sorted() {
            for la in study.localAuthorities {
                let start = starts[la.newCode]
                guard start == cohort || start.map({ $0 > cohort + postYears - 1 }) ?? true,
                      let (before, after) = windows(matrix.series(la.newCode), matrix: matrix, cohort: cohort) else { continue }
                let context = moderators.map { la.context[$0] ?? .nan }
                guard context.allSatisfy(\.isFinite) else { continue }
                rows.append(Row(cohort: cohort, treated: start == cohort, change: after - before, covariates: context + [before]))
            }
        }
        // cohorts need both a treated LA and a possible control
        let usable = Set(rows.filter(\.treated).map(\.cohort)).intersection(rows.filter { !$0.treated }.map(\.cohort))
        rows = rows.filter { usable.contains($0.cohort) }
        let treatedCount = rows.filter(\.treated).count
        guard treatedCount >= 2 else { throw ComparatorError("fewer than 2 LAs began \(programme.rawValue) with \(preYears) years of data before and \(postYears) after") }
        let design = Matrix(columns: names.indices.map { c in rows.map { $0.covariates[c] } })
        let analysis = try MatchingAnalysis.run(treatment: rows.map(\.treated), outcome: rows.map(\.change), covariates: design, names: names,
                                                exactStrata: rows.map { String($0.cohort) })
        return MatchedComparison(
            programme: programme, indicator: outcome.indicator, polarity: outcome.polarity, att: analysis.effect.estimate,
            se: analysis.effect.standardError, ciLower: analysis.effect.ciLower, ciUpper: analysis.effect.ciUpper,
            treated: treatedCount, treatedMatched: analysis.matching?.treatedMatched ?? treatedCount, controlsMatched: analysis.controlCount,
            cohorts: usable.count,
            balance: analysis.balance.map { .init(covariate: $0.covariate, smdBefore: $0.smdBefore, smdAfter: $0.smdAfter,
                                                  varianceRatioBefore: $0.varianceRatioBefore, varianceRatioAfter: $0.varianceRatioAfter) },
            didATT: nil, didSE: nil)
    }

    /// Mean over g − 2 … g − 1 and over g … g + 2 (years within the period), nil if either has no value.
    static func windows(_ series: [Double], matrix: OutcomeMatrix, cohort: Int) -> (Double, Double)? {
        func mean(_ years: ClosedRange<Int>) -> Double? {
            let values = years.compactMap { matrix.index(of: $0) }.map { series[$0] }.filter(\.isFinite)
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
        guard let before = mean((cohort - preYears)...(cohort - 1)), let after = mean(cohort...(cohort + postYears - 1)) else { return nil }
        return (before, after)
    }
}
