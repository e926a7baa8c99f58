import LAEvalCore
import LAEvalEstimators
import Testing
@testable import LAEvalStudy

/// The scoping stage: the extended audit on a hand-made study with known answers, the
/// method-validity rules on constructed inputs, and the whole stage on part of the demo.
@Suite struct ScopingAnalysisTests {
    static var study: Study {
        var study = DataAuditTests.study
        study.description.plan.comparisons = ["commissioner", "intervention"]
        study.description.plan.moderators = ["deprivation"]
        let deprivation = ["E06000001": 0.1, "E06000002": 0.3, "E06000003": 0.2]
        study.localAuthorities = study.localAuthorities.map { la in
            var la = la
            la.context = ["deprivation": deprivation[la.newCode]!]
            return la
        }
        return study
    }

    @Test func periodsCountYearsBeforeAndFromTheFirstSupportYear() throws {
        let audit = ScopingAudit(study: Self.study)
        // the commissioner began in May 2015: reporting year 2016 of a 2015–2020 study
        let row = try #require(audit.periods.first { $0.treatment == "commissioner" })
        #expect(row.localAuthorities == 1 && row.cohorts == 1)
        #expect(row.minimumPreYears == 1 && row.minimumPostYears == 5 && row.withTwoPreYears == 0)
    }

    @Test func concurrentSupportIsAnOverlapWithAnotherProgramme() throws {
        let audit = ScopingAudit(study: Self.study)
        // the commissioner (to 30 April 2018) overlaps the alliance (from 1 April 2018)
        #expect(audit.contamination.first { $0.model == .commissioner }
            == .init(model: .commissioner, localAuthorities: 1, withConcurrentSupport: 1, clean: 0))
        #expect(audit.contamination.first { $0.model == .pipPartner }
            == .init(model: .pipPartner, localAuthorities: 1, withConcurrentSupport: 0, clean: 1))
    }

    @Test func inspectionFrequencyAndTransitions() {
        let inspections = ScopingAudit(study: Self.study).inspections
        #expect(inspections.byGradedInspections.map(\.count) == [1, 1, 1])
        #expect(inspections.withTwoOrMore == 1)
        #expect(inspections.transitions == [.init(key: "inadequate → requiresImprovement", count: 1)])
        // 1 February 2015 to 1 February 2018: 1,096 days
        #expect(inspections.medianYearsBetween == 1096 / 365.25)
    }

    @Test func contextOverlapComparesSupportedWithOtherLAs() throws {
        // one supported LA gives no standard deviation: no row without two on each side
        #expect(ScopingAudit(study: Self.study).overlap.isEmpty)
        var study = Self.study
        for (code, value) in [("E06000004", 0.5), ("E06000005", 0.0)] {
            var la = LocalAuthority(newCode: code, oldCode: "8", name: code, regionCode: "E12000001", regionName: "North East", alliance: "NE")
            la.context = ["deprivation": value]
            study.localAuthorities.append(la)
        }
        study.support.append(SupportEpisode(laCode: "E06000004", programme: .intervention, model: .improvementAdviser,
                                            start: DataAuditTests.date("2016-06-01"), end: nil))
        let row = try #require(ScopingAudit(study: study).overlap.first { $0.treatment == "intervention" })
        // supported 0.3 and 0.5 (mean 0.4, sd 0.1414); others 0.1, 0.2, 0.0 (mean 0.1, sd 0.1)
        #expect(abs(row.treatedMean - 0.4) < 1e-12 && abs(row.comparisonMean - 0.1) < 1e-12)
        #expect(abs(row.standardisedDifference - 0.3 / ((0.02 + 0.01) / 2).squareRoot()) < 1e-12)
        // 0.5 lies outside the others' range [0, 0.2], and 0.3 too
        #expect(row.shareWithinComparisonRange == 0)
    }

    @Test func differenceInDifferencesIsDroppedWithTooFewLAs() {
        let audit = ScopingAudit(study: Self.study)
        let row = MethodValidity.differenceInDifferences("commissioner", audit: audit, power: [])
        #expect(row.verdict == .drop)
        #expect(row.reason == "0 LAs have two years of data before support began; at least 3 are needed for any estimate")
    }

    @Test func theStageOnTheDemoGivesPowerCurvesAndAVerdictForEveryMethod() throws {
        var study = ImpactAnalysisTests.demo.study
        study.description.plan.comparisons = ["regionalAlliance", "commissioner"]
        study.description.plan.outcomes = Array(study.description.plan.outcomes.prefix(2))
        let scoping = ScopingAnalysis.run(study, impact: .init(), settings: PowerSettings(replicates: 60, seed: 5))
        #expect(scoping.power.count == 4)
        // the simulations use exactly the LAs with a complete series
        for (completeness, estimate) in zip(scoping.audit.completeness, scoping.power.filter { $0.treatment == "regionalAlliance" }) {
            #expect(completeness.complete + completeness.partial + completeness.none == study.localAuthorities.count)
            #expect(estimate.units == completeness.complete)
        }
        for estimate in scoping.power {
            let curve = try #require(estimate.simulation?.curve)
            #expect(curve.map(\.effect).first == 0)
            #expect(zip(curve, curve.dropFirst()).allSatisfy { $0.power <= $1.power })
            #expect(curve.last!.power > 0.8 && curve.first!.power < 0.25)
            let mde = try #require(estimate.simulation?.minimumDetectableEffect)
            let analytic = try #require(estimate.analyticMDE)
            // the two MDEs answer the same question under different assumptions: same order of size
            #expect(mde / analytic > 0.5 && mde / analytic < 2)
            #expect(estimate.placebo != nil)
        }
        let methods = Set(scoping.validity.map(\.method))
        #expect(methods.isSuperset(of: ["Difference in differences (Callaway–Sant'Anna)", "Synthetic control", "Multi-state model of Ofsted grades",
                                        "Statistical-neighbour comparisons", "Joint imputation (concurrent support netted out)"]))
        #expect(scoping.syntheticPreFit.contains { $0.preRMSPE != nil })
        // grades: every programme, rising from the false-positive rate at HR 1 to near certainty at HR 3
        #expect(scoping.grades.map(\.programme) == Programme.allCases)
        for grade in scoping.grades {
            #expect(grade.curve.map(\.hazardRatio) == [1, 1.5, 2, 3])
            #expect(grade.curve.first!.power <= 0.2 && grade.curve.last!.power >= 0.8, "\(grade.programme): \(grade.curve.map(\.power))")
            #expect(grade.curve.allSatisfy { $0.replicates >= 10 })
        }
    }
}
