import Foundation
import LAEvalCore
import LAEvalData
import Testing
@testable import LAEvalStudy

/// The judgement stage on the demo study, whose grades follow a Markov process with planted
/// hazard ratios (truth.json `grade_process`).
@Suite struct JudgementAnalysisTests {
    static let results = JudgementAnalysis.run(ImpactAnalysisTests.demo.study, planted: ImpactAnalysisTests.demo.truth.gradeProcess)

    @Test func theMultiStateModelRecoversThePlantedHazardRatios() throws {
        let model = Self.results.multiState
        #expect(model.failure == nil)
        #expect(model.effects.count == SupportModel.allCases.count + 1, "every support model and deprivation")
        #expect(model.effects.allSatisfy { $0.improving != nil }, "every model has improving moves to learn from")
        let checks = model.effects.flatMap { [$0.improving, $0.declining].compactMap { $0 } }.filter { $0.planted != nil }
        // improving moves for all 7 models, declining moves for the 4 that are not intervention,
        // less those with too few moves seen while active (listed)
        #expect(checks.count + model.notEstimable.count == 11 && checks.count >= 9, "\(model.notEstimable)")
        #expect(checks.allSatisfy { $0.upper.isFinite && $0.lower > 0 }, "every estimated effect is identified")
        let covered = checks.filter { $0.coversPlanted == true }.count
        // 9–11 intervals at 95%: all but 2 cover with probability 0.985 or more
        #expect(covered >= checks.count - 2, "\(covered) of \(checks.count): \(checks.map { "\($0.term) \($0.planted!) in \($0.lower)…\($0.upper)" })")
        #expect(model.intensities.count == 6 && model.intensities.allSatisfy { $0.perYear.lower < $0.perYear.estimate && $0.perYear.estimate < $0.perYear.upper })
        #expect(model.supportTest.map { $0.degreesOfFreedom == checks.count } == true)
        #expect(model.threeYearProbabilities.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-9 })
    }

    @Test func timeToLeaveInadequateIsEstimatedByInterventionModel() {
        let leaving = Self.results.leavingInadequate
        #expect(leaving.failure == nil)
        #expect(leaving.spells > 30)
        #expect(Set(leaving.curves.map(\.group)).isSuperset(of: ["commissioner", "improvementAdviser"]))
        #expect(leaving.curves.allSatisfy { zip($0.survival, $0.survival.dropFirst()).allSatisfy { $0 >= $1 } })
        #expect(leaving.logRank != nil)
        #expect(leaving.cox.map(\.term) == ["commissioner", "alternativeDeliveryModel", "deprivation"], "against an adviser")
        #expect(leaving.cox.allSatisfy { $0.upper < 100 && $0.lower > 0.01 }, "identified: \(leaving.cox)")
        #expect(leaving.coxConcordance.map { (0.5...1).contains($0) } == true)
    }

    @Test func theNextGradeModelHasSupportTerms() {
        let next = Self.results.nextGrade
        #expect(next.failure == nil)
        #expect(next.pairs > 100)
        let terms = Set(next.coefficients.map(\.term))
        #expect(terms.isSuperset(of: ["previous: Good", "regionalAlliance", "deprivation", "years between inspections"]))
    }
}
