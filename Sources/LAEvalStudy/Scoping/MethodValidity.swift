import Foundation
import LAEvalCore
import LAEvalEstimators
import LAEvalStats

/// Whether the data can support one method for one kind of support, and why: the scoping
/// report's proceed / adapt / drop recommendation for each element of the evaluation.
public struct MethodAssessment: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable, CaseIterable {
        /// The data support the method as planned.
        case proceed
        /// The method can run, but with a change (pooling, another design, descriptive reading).
        case adapt
        /// The data cannot support it.
        case drop
    }

    public var method: String
    /// The programme or model (or "all LAs").
    public var subject: String
    public var verdict: Verdict
    public var reason: String
}

/// The rules behind each verdict, stated so a reader can check them (docs/methods/scoping.md).
public enum MethodValidity {
    /// A standardised MDE (simulated MDE / between-LA SD) at or below this supports estimation.
    public static let proceedMDE = 0.5
    /// Up to this, the method runs but can only detect large effects.
    public static let adaptMDE = 1.0
    /// Fewest supported LAs with two years before support for a difference-in-differences.
    public static let minimumTreatedLAs = 10
    /// A synthetic control fits acceptably when its pre-period RMSPE is at most the median
    /// year-on-year change of the outcome across LAs.
    public static let acceptableSyntheticShare = 0.75

    static func assess(study: Study, audit: ScopingAudit, power: [PowerEstimate], grades: [GradePowerEstimate] = [], synthetic: [SyntheticPreFit]) -> [MethodAssessment] {
        let plan = study.description.plan
        var rows = plan.comparisons.map { treatment in differenceInDifferences(treatment, audit: audit, power: power.filter { $0.treatment == treatment }) }
        rows += audit.contamination.map(concurrentSupport)
        rows += SyntheticComparators.models.compactMap { model in syntheticControl(model, fits: synthetic.filter { $0.model == model }) }
        rows += Programme.allCases.compactMap { programme in matching(programme.rawValue, overlap: audit.overlap.filter { $0.treatment == programme.rawValue }) }
        var gradeRow = multiState(audit.inspections, localAuthorities: study.localAuthorities.count, states: plan.judgementStates)
        if !grades.isEmpty {
            let detectable = grades.map { "\($0.programme.rawValue) \($0.minimumDetectableHazardRatio.map { "HR " + format($0) } ?? "not within HR 3")" }
            gradeRow.reason += "; smallest hazard ratio on improving moves detected with 80% power: " + detectable.joined(separator: ", ")
        }
        rows.append(gradeRow)
        rows.append(neighbours(study))
        return rows
    }

    static func differenceInDifferences(_ treatment: String, audit: ScopingAudit, power: [PowerEstimate]) -> MethodAssessment {
        let method = "Difference in differences (Callaway–Sant'Anna)"
        let lengths = audit.periods.first { $0.treatment == treatment }
        let withPre = lengths?.withTwoPreYears ?? 0
        guard withPre >= 3 else {
            return MethodAssessment(method: method, subject: treatment, verdict: .drop,
                                    reason: "\(withPre) LAs have two years of data before support began; at least 3 are needed for any estimate")
        }
        let mdes = power.compactMap(\.standardisedMDE)
        guard !mdes.isEmpty else {
            return MethodAssessment(method: method, subject: treatment, verdict: .drop, reason: "the power simulation could not be run on any outcome")
        }
        let median = Bootstrap.quantile(mdes, 0.5)
        let sizes = power.compactMap { $0.placebo?.curve.first(where: { $0.effect == 0 })?.power }
        let worstSize = sizes.max() ?? 0
        let detail = "\(withPre) LAs with two years before support; median MDE over \(mdes.count) outcomes \(format(median)) SD between LAs (80% power, 5% level)"
        var changes: [String] = []
        if withPre < minimumTreatedLAs {
            changes.append("with fewer than \(minimumTreatedLAs) LAs, report the overall effect only, not cohorts or years")
        }
        if median > adaptMDE {
            changes.append("only very large effects are detectable: describe trajectories and rely on case studies and comparators")
        } else if median > proceedMDE {
            changes.append("only moderate to large effects are detectable: pool models or outcomes")
        }
        if worstSize > 0.1 {
            changes.append("at placebo timings the test rejects in up to \(Int((100 * worstSize).rounded()))% of simulations with no effect: judge significance by placebo (randomisation) inference")
        }
        return MethodAssessment(method: method, subject: treatment, verdict: changes.isEmpty ? .proceed : .adapt,
                                reason: ([detail] + changes).joined(separator: "; "))
    }

    static func concurrentSupport(_ row: ScopingAudit.Contamination) -> MethodAssessment {
        let share = Double(row.withConcurrentSupport) / Double(max(row.localAuthorities, 1))
        let text = "\(row.withConcurrentSupport) of \(row.localAuthorities) LAs had support from another programme at the same time"
        return MethodAssessment(method: "Joint imputation (concurrent support netted out)", subject: row.model.rawValue,
                                verdict: share > 0.2 ? .proceed : .adapt,
                                reason: share > 0.2 ? text + ": the separate estimates mix programmes, so the joint design is needed"
                                    : text + ": the separate estimates are little affected; the joint design is a check")
    }

    static func syntheticControl(_ model: SupportModel, fits: [SyntheticPreFit]) -> MethodAssessment? {
        guard !fits.isEmpty else { return nil }
        let built = fits.filter { $0.preRMSPE != nil }
        let good = built.filter(\.acceptable)
        let las = Set(fits.map(\.la)).count
        let text = "pre-period fit acceptable for \(good.count) of \(fits.count) LA × outcome pairs (\(las) LAs; \(fits.count - built.count) could not be built); acceptable: pre-RMSPE at most the median year-on-year change across LAs"
        let share = Double(good.count) / Double(fits.count)
        return MethodAssessment(method: "Synthetic control", subject: model.rawValue,
                                verdict: share >= acceptableSyntheticShare ? .proceed : share >= 0.25 ? .adapt : .drop,
                                reason: share >= acceptableSyntheticShare ? text
                                    : text + (share >= 0.25 ? "; show only the well-fitted pairs and say which" : "; use neighbour comparisons instead"))
    }

    static func matching(_ treatment: String, overlap: [ScopingAudit.ContextOverlap]) -> MethodAssessment? {
        guard !overlap.isEmpty else { return nil }
        let worst = overlap.min { $0.shareWithinComparisonRange < $1.shareWithinComparisonRange }!
        let largest = overlap.map { abs($0.standardisedDifference) }.max()!
        let text = "least overlap on \(worst.variable): \(Int((100 * worst.shareWithinComparisonRange).rounded()))% of supported LAs within the other LAs' range; largest standardised difference \(format(largest))"
        let verdict: MethodAssessment.Verdict = worst.shareWithinComparisonRange >= 0.9 ? .proceed : worst.shareWithinComparisonRange >= 0.75 ? .adapt : .drop
        let advice = verdict == .proceed ? "" : verdict == .adapt ? "; use a caliper and report the LAs left unmatched" : "; too few comparable LAs"
        return MethodAssessment(method: "Matching on context", subject: treatment, verdict: verdict, reason: text + advice)
    }

    static func multiState(_ inspections: ScopingAudit.InspectionFrequency, localAuthorities: Int, states: Int) -> MethodAssessment {
        let share = Double(inspections.withTwoOrMore) / Double(max(localAuthorities, 1))
        let count = Dictionary(uniqueKeysWithValues: inspections.transitions.map { ($0.key, $0.count) })
        let adjacent = [("requiresImprovement", "good"), ("good", "requiresImprovement"), ("inadequate", "requiresImprovement"),
                        ("requiresImprovement", "inadequate")]
        let sparse = adjacent.filter { (count["\($0.0) → \($0.1)"] ?? 0) < 5 }.map { "\($0.0) → \($0.1)" }
        let text = "\(inspections.withTwoOrMore) of \(localAuthorities) LAs (\(Int((100 * share).rounded()))%) have two or more graded inspections"
        if share >= 0.5 && sparse.isEmpty {
            return MethodAssessment(method: "Multi-state model of Ofsted grades", subject: "all LAs", verdict: .proceed,
                                    reason: text + "; every adjacent move between grades is seen at least 5 times")
        }
        let why = sparse.isEmpty ? "" : "; seen fewer than 5 times: \(sparse.joined(separator: ", "))"
        return MethodAssessment(method: "Multi-state model of Ofsted grades", subject: "all LAs", verdict: share >= 0.25 ? .adapt : .drop,
                                reason: text + why + (share >= 0.25 ? (states == 4 ? "; merge Outstanding into Good (plan.judgements.states: 3)" : "; keep the model small") : ""))
    }

    static func neighbours(_ study: Study) -> MethodAssessment {
        let variables = study.description.plan.neighbours.variables.isEmpty ? study.description.plan.moderators : study.description.plan.neighbours.variables
        let complete = study.localAuthorities.filter { la in variables.allSatisfy { la.context[$0].map(\.isFinite) ?? false } }.count
        let total = study.localAuthorities.count
        let text = "\(complete) of \(total) LAs have every neighbour variable (\(variables.joined(separator: ", ")))"
        return MethodAssessment(method: "Statistical-neighbour comparisons", subject: "all LAs",
                                verdict: variables.isEmpty ? .drop : complete == total ? .proceed : .adapt,
                                reason: variables.isEmpty ? "the plan names no context variables" : complete == total ? text : text + "; the others have no neighbours unless DfE's published groupings are used")
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}

/// One LA's synthetic control fitted to the years before its support (no placebos): whether
/// the method can reproduce its past.
public struct SyntheticPreFit: Sendable, Codable, Equatable {
    public var la: String
    public var model: SupportModel
    public var indicator: String
    public var preRMSPE: Double?
    /// The median absolute year-on-year change of the outcome across LAs.
    public var typicalYearChange: Double
    public var acceptable: Bool

    enum CodingKeys: String, CodingKey {
        case la, model, indicator, typicalYearChange, acceptable
        case preRMSPE = "preRmspe"
    }
}

extension SyntheticComparators {
    /// Every LA under a commissioner or an alternative delivery model, on every outcome: its
    /// synthetic control's pre-period RMSPE (the comparator stage's predictors and V).
    static func preFits(_ study: Study) -> [SyntheticPreFit] {
        let (las, firstEpisode, donorPool) = candidates(study)
        return study.description.plan.outcomes.flatMap { outcome -> [SyntheticPreFit] in
            guard let matrix = OutcomeMatrix(study, outcome) else { return [] }
            let typical = typicalYearChange(matrix, codes: study.localAuthorities.map(\.newCode))
            return las.map { la in
                let episode = firstEpisode[la.newCode]!
                let rmspe = try? SyntheticControl.fit(problem(la, start: episode.start.reportingYear, outcome: outcome, matrix: matrix,
                                                              donorPool: donorPool).problem, treated: 0, options: options).preRMSPE
                return SyntheticPreFit(la: la.newCode, model: episode.model, indicator: outcome.indicator, preRMSPE: rmspe,
                                       typicalYearChange: typical, acceptable: rmspe.map { $0 <= typical } ?? false)
            }
        }
    }

    static func typicalYearChange(_ matrix: OutcomeMatrix, codes: [String]) -> Double {
        let changes = codes.flatMap { code -> [Double] in
            let series = matrix.series(code)
            return zip(series, series.dropFirst()).map { abs($1 - $0) }.filter(\.isFinite)
        }
        return changes.isEmpty ? .nan : Bootstrap.quantile(changes, 0.5)
    }
}
