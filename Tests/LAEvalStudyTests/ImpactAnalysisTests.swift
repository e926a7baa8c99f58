import Foundation
import LAEvalCore
import LAEvalData
import LAEvalEstimators
import Testing
@testable import LAEvalStudy

/// The impact stage on the demo study, where the planted effects are known (truth.json).
@Suite struct ImpactAnalysisTests {
    static let demo = DemoStudy()

    /// Coverage of the planted effect by event time, over every model and outcome with an
    /// estimate, event times 0…4 with at least 5 LAs.
    static func coverage(_ options: ImpactAnalysis.Options) -> (covered: Int, total: Int, estimates: [ImpactAnalysis.Estimate]) {
        var study = demo.study
        study.description.plan.comparisons = SupportModel.allCases.map(\.rawValue)
        let estimates = ImpactAnalysis.run(study, options: options)
        let (covered, total) = ImpactAnalysis.coverage(estimates, truth: demo.truth)
        return (covered, total, estimates)
    }

    static let defaults = coverage(.init())

    @Test func everyModelAndOutcomeGetsAnEstimate() {
        let estimates = Self.defaults.estimates
        #expect(estimates.count == SupportModel.allCases.count * Self.demo.study.description.plan.outcomes.count)
        let failed = estimates.filter { $0.failure != nil }
        #expect(failed.isEmpty, "\(failed.map { "\($0.treatment)/\($0.indicator): \($0.failure!)" })")
        #expect(estimates.allSatisfy { !$0.dynamic.isEmpty && $0.att != nil && $0.ciLower! < $0.ciUpper! })
        #expect(estimates.allSatisfy { $0.pretrend.map { $0.df > 0 && (0...1).contains($0.p) } ?? false })
    }

    /// The issue's target is that the planted effects lie inside the 95% intervals at about 95%.
    /// Measured on 2026-11-29: 86% (272/315) with the defaults, 84% excluding LAs with other
    /// programmes' support from the comparison group, 87% anchored on the triggering judgement:
    /// the demo plants selection on a dip in latent quality and overlapping support, which these
    /// designs do not yet remove. This test guards against a fall below 80%; the target is open.
    /// The joint event study nets out concurrent support: measured on 2026-11-29, 92.4% coverage
    /// (291/315) with a mean standardised error of −0.28 (against −0.4 for the separate
    /// Callaway–Sant'Anna estimates, 86%). Guarded at 87%.
    @Test func theJointEventStudyRemovesTheLeanFromConcurrentSupport() {
        let (covered, total, estimates) = Self.coverage(.init(design: .jointEventStudy))
        #expect(total > 200)
        #expect(Double(covered) / Double(total) >= 0.87, "coverage \(covered)/\(total)")
        #expect(estimates.filter { $0.failure == nil }.allSatisfy { $0.att != nil && $0.pretrend != nil })
    }

    @Test func plantedEffectsAreCoveredAtLeastEightyPercentOfTheTime() {
        let (covered, total, _) = Self.defaults
        #expect(total > 200)
        #expect(Double(covered) / Double(total) >= 0.8, "coverage \(covered)/\(total)")
    }
}


/// The joint imputation design on the demo: robust to concurrent support and to effects that
/// differ by cohort. Measured on 2026-11-29 over every model, outcome and event time 0–4 with at
/// least 5 LAs: 95.6% (301/315) for the default seed, 93.0% (251/270) for seed 7, 94.4%
/// (255/270) for seed 11; standardised errors with mean −0.05 and SD 1.02 (default seed).
@Suite struct JointImputationOnTheDemoTests {
    @Test func plantedEffectsAreCoveredAtTheNominalRate() throws {
        let (covered, total, estimates) = ImpactAnalysisTests.coverage(.init(design: .jointImputation))
        #expect(total > 300)
        // 315 intervals, correlated within an LA's supports: across seeds the demo gives 91–95%
        // (docs/methods/did.md), so 92% on the default seed is the floor, with the z check below
        #expect(Double(covered) / Double(total) >= 0.92, "coverage \(covered)/\(total)")
        var z: [Double] = []
        for estimate in estimates {
            for row in estimate.dynamic where (0...4).contains(row.eventTime) {
                guard let planted = ImpactAnalysisTests.demo.truth.effectsByEventTime.first(where: {
                    $0.indicator == estimate.indicator && $0.model.rawValue == estimate.treatment && $0.eventTime == row.eventTime
                }), planted.nLAs >= 5 else { continue }
                z.append((row.att - planted.att) / row.se)
            }
        }
        let mean = z.reduce(0, +) / Double(z.count)
        let sd = (z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(z.count - 1)).squareRoot()
        #expect(abs(mean) < 0.2 && (0.8...1.2).contains(sd), "standardised errors: mean \(mean), sd \(sd)")
        // an alternative delivery model always follows a commissioner, so its lead −1 has no LA-year without support
        let incomplete = estimates.filter { $0.failure != nil || $0.pretrend == nil || !$0.dynamic.contains { $0.eventTime < 0 } }
        #expect(incomplete.isEmpty, "\(incomplete.map { "\($0.treatment)/\($0.indicator): \($0.failure ?? "")" })")
    }

    @Test func theStudyRunsThePlansDesignAndTheJointImputationBesideIt() {
        let estimates = ImpactAnalysis.runWithConcurrentSupportCheck(ImpactAnalysisTests.demo.study)
        let plan = ImpactAnalysisTests.demo.study.description.plan
        let joint = estimates.filter { $0.options.design == .jointImputation }
        #expect(estimates.count - joint.count == plan.comparisons.count * plan.outcomes.count)
        #expect(joint.count == plan.comparisons.filter { SupportModel(rawValue: $0) != nil }.count * plan.outcomes.count)
    }
}

/// The plan's `impact` block sets the impact stage's options.
@Suite struct ImpactPlanOptionsTests {
    @Test func theAllowedValuesAreTheOptionsValues() {
        // the same values (study.yaml's list names the default first)
        let allowed = Dictionary(uniqueKeysWithValues: ImpactPlan.allowed.map { ($0.key, Set($0.values)) })
        #expect(allowed["design"] == Set(ImpactAnalysis.Design.allCases.map(\.rawValue)))
        #expect(allowed["control"] == Set(CallawaySantAnna.ControlGroup.allCases.map(\.rawValue)))
        #expect(allowed["estimator"] == Set(DiDEstimator.allCases.map(\.rawValue)))
        #expect(allowed["anchor"] == Set(ImpactAnalysis.Anchor.allCases.map(\.rawValue)))
        #expect(allowed["overlap"] == Set(ImpactAnalysis.Overlap.allCases.map(\.rawValue)))
        #expect(allowed["population"] == Set(ImpactAnalysis.Population.allCases.map(\.rawValue)))
    }

    @Test func optionsFollowThePlanAndDefaultOtherwise() {
        #expect(ImpactAnalysis.Options(plan: ImpactPlan()) == ImpactAnalysis.Options())
        let options = ImpactAnalysis.Options(plan: ImpactPlan(design: "jointImputation", control: "never", estimator: "reg",
                                                              population: "everInadequate", covariates: ["deprivation"]))
        #expect(options == ImpactAnalysis.Options(design: .jointImputation, control: .never, estimator: .reg, population: .everInadequate,
                                                  covariates: ["deprivation"]))
    }

    @Test func covariatesEnterTheCallawaySantAnnaEstimates() throws {
        var study = ImpactAnalysisTests.demo.study
        study.description.plan.outcomes = [study.description.plan.outcomes[0]]
        study.description.plan.comparisons = ["commissioner"]
        let plain = try #require(ImpactAnalysis.run(study).first)
        let adjusted = try #require(ImpactAnalysis.run(study, options: .init(covariates: ["deprivation"])).first)
        #expect(plain.failure == nil && adjusted.failure == nil, "\(adjusted.failure ?? "")")
        #expect(adjusted.att != plain.att && abs(adjusted.att! - plain.att!) < 3 * plain.se!)
        #expect(adjusted.options.covariates == ["deprivation"])
    }
}

/// Rows that combine LAs sharing a service (EES `E06000061 / E06000062`).
@Suite struct CombinedRowsTests {
    @Test func aCombinedRowIsGivenToEachLAItCoversAndStated() throws {
        var study = ImpactAnalysisTests.demo.study
        let las = Array(study.localAuthorities.prefix(3))
        let combined = "\(las[0].newCode) / \(las[1].newCode)"
        let rows: [(year: Int, code: String, value: Double)] = [(2016, combined, 10), (2017, combined, 12), (2016, las[2].newCode, 5)]
        let names = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "new_la_code", "rate"]
        let text: [[String]] = [rows.map { String($0.year) }, rows.map { _ in "Reporting year" }, rows.map { _ in "Local authority" },
                                rows.map { _ in "E92000001" }, rows.map { _ in "England" }, rows.map(\.code)]
        let table = EESTable(columnNames: names, columns: text.map { .text(TextColumn($0)) } + [.indicator(IndicatorColumn(rows.map { .number($0.value) }))],
                             sourceLines: Array(2..<(2 + rows.count)))
        study.indicatorFiles = [IndicatorFile(name: "shared", table: table, meta: [])]
        study.description.plan.outcomes = [OutcomeSpec(indicator: "rate", file: "shared", polarity: .lowerIsBetter)]
        let observed = try #require(OutcomeObservations(study, study.description.plan.outcomes[0]))
        #expect(observed.codes == [las[0].newCode, las[1].newCode, las[0].newCode, las[1].newCode, las[2].newCode])
        #expect(observed.values == [10, 10, 12, 12, 5] && observed.years == [2016, 2016, 2017, 2017, 2016])
        let descriptives = Descriptives(study: study)
        #expect(descriptives.combinedRows == [.init(indicator: "rate", codes: combined, firstYear: 2016, lastYear: 2017)])
    }
}
