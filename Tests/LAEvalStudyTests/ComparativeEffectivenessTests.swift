import Foundation
import LAEvalCore
import LAEvalData
import Testing
@testable import LAEvalStudy

/// The comparison stage on the demo study, whose planted ranking of models is known
/// (DemoEffects: alternative delivery model 0.60 SD, commissioner 0.50, adviser 0.30, Partners in
/// Practice 0.25, DfE lead 0.15, alliance 0.10, LGA package 0.05).
@Suite struct ComparativeEffectivenessTests {
    static let demo = ImpactAnalysisTests.demo
    static let fitted: (estimates: [ImpactAnalysis.Estimate], influence: [EstimateInfluence]) = ImpactAnalysis.runWithInfluence(demo.study)
    static let results = ComparativeEffectiveness.run(demo.study, influence: fitted.influence, options: .init(replicates: 2_000, seed: 7))

    static func overall(_ family: String) throws -> ComparisonResults.Ranking {
        try #require(results.rankings.first { $0.family == family && $0.indicator == ComparativeEffectiveness.overall })
    }

    @Test func influenceStandardErrorsAreTheEstimatesOwn() throws {
        for influence in Self.fitted.influence {
            let estimate = try #require(Self.fitted.estimates.first { $0.treatment == influence.treatment && $0.indicator == influence.indicator })
            #expect(abs(influence.se - estimate.se!) < 1e-9 * estimate.se!)
            #expect(influence.att == estimate.att)
        }
        #expect(Self.fitted.influence.count == Self.fitted.estimates.filter { $0.failure == nil }.count)
    }

    /// Stated in docs/methods/compare.md: the planted best model is first with probability at least
    /// 0.95 in the joint bootstrap, the model ranking's Spearman correlation with the planted one is
    /// at least 0.8, and the programmes (intervention above Partners in Practice above improvement
    /// in planted average effect) are ranked exactly, the first with probability at least 0.95.
    @Test func thePlantedRankingIsRecovered() throws {
        let models = try Self.overall("models")
        #expect(models.entries.first?.treatment == SupportModel.alternativeDeliveryModel.rawValue)
        #expect(models.entries.first!.probabilityBest >= 0.95)
        let planted = Self.demo.truth.models.sorted { $0.standardisedEffect > $1.standardisedEffect }.map(\.model.rawValue)
        let estimated = models.entries.map(\.treatment)
        #expect(spearman(planted, estimated) >= 0.8)
        let programmes = try Self.overall("programmes")
        #expect(programmes.entries.map(\.treatment) == ["intervention", "partnersInPractice", "improvement"])
        #expect(programmes.entries.first!.probabilityBest >= 0.95)
        #expect(abs(models.entries.map(\.probabilityBest).reduce(0, +) - 1) < 1e-12)
    }

    @Test func differencesUseTheCovarianceAndAdjustmentsAreOrdered() throws {
        let models = Self.results.differences.filter { $0.family == "models" && $0.indicator != ComparativeEffectiveness.overall }
        #expect(models.count == 21 * Self.demo.study.description.plan.outcomes.count)
        for d in models {
            // Holm never below the raw p; Romano–Wolf, using the dependence, never above Holm by more than bootstrap noise
            #expect(d.pHolm >= d.p - 1e-15)
            #expect(d.pRomanoWolf <= d.pHolm + 0.05)
        }
        // Estimates sharing LAs are correlated: the SE of a difference is not √(se₁² + se₂²).
        let intervention = Self.results.differences.first { $0.family == "programmes" && $0.treatment == "intervention" && $0.reference == "improvement" && $0.indicator == ComparativeEffectiveness.overall }!
        let a = try Self.overall("programmes").entries.first { $0.treatment == "intervention" }!.se
        let b = try Self.overall("programmes").entries.first { $0.treatment == "improvement" }!.se
        #expect(abs(intervention.se - (a * a + b * b).squareRoot()) > 1e-4)
    }

    @Test func sameSeedSameNumbers() {
        let again = ComparativeEffectiveness.run(Self.demo.study, influence: Self.fitted.influence, options: .init(replicates: 2_000, seed: 7))
        #expect(again == Self.results)
    }

    func spearman(_ a: [String], _ b: [String]) -> Double {
        let n = Double(a.count)
        let d2 = a.enumerated().reduce(0.0) { total, item in
            let other = Double(b.firstIndex(of: item.element) ?? 0)
            return total + (Double(item.offset) - other) * (Double(item.offset) - other)
        }
        return 1 - 6 * d2 / (n * (n * n - 1))
    }
}
