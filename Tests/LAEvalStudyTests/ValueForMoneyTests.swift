import Foundation
import LAEvalCore
import LAEvalData
import LAEvalStats
import Testing
@testable import LAEvalStudy

/// The value-for-money stage: cost accounting on a small study with hand-worked numbers, the
/// cost–benefit model against a hand calculation, and the stage on the demo study.
@Suite struct ValueForMoneyTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    /// Two commissioner LAs (one for the whole of 2016-17, one for half of it), overheads of the
    /// intervention programme, an adviser LA, and one cost row at 2019 prices.
    static var study: Study {
        var study = DataAuditTests.study
        study.support = [
            SupportEpisode(laCode: "E06000001", programme: .intervention, model: .commissioner, start: date("2016-04-01"), end: date("2017-03-31")),
            SupportEpisode(laCode: "E06000002", programme: .intervention, model: .commissioner, start: date("2016-10-01"), end: date("2017-03-31")),
            SupportEpisode(laCode: "E06000003", programme: .intervention, model: .improvementAdviser, start: date("2016-04-01"), end: date("2017-03-31")),
        ]
        study.costs = [
            Cost(programme: .intervention, model: .commissioner, laCode: "E06000001", timePeriod: 201617, amountGBP: 100_000, priceBase: 2024, kind: .staff),
            Cost(programme: .intervention, model: .commissioner, laCode: "E06000002", timePeriod: 201617, amountGBP: 50_000, priceBase: 2024, kind: .staff),
            Cost(programme: .intervention, model: .improvementAdviser, laCode: "E06000003", timePeriod: 201617, amountGBP: 40_000, priceBase: 2019, kind: .staff),
            Cost(programme: .intervention, model: nil, laCode: nil, timePeriod: 201617, amountGBP: 19_000, priceBase: 2024, kind: .overhead),
        ]
        study.description.plan.economics.deflator = ["2019-20": 80, "2024-25": 100]
        return study
    }

    @Test func costsAreRebasedOverheadsSharedAndLAYearsCounted() throws {
        let costs = SupportCosts(study: Self.study, treatments: ["commissioner", "improvementAdviser", "intervention"])
        #expect(costs.warnings.isEmpty)
        let commissioner = try #require(costs.treatments.first { $0.treatment == "commissioner" })
        let adviser = try #require(costs.treatments.first { $0.treatment == "improvementAdviser" })
        // the adviser's £40,000 at 2019-20 prices is £50,000 at 2024-25 prices; the £19,000
        // overhead is shared 150,000 : 50,000
        #expect(abs(adviser.totalGBP - (50_000 + 19_000 * 50_000 / 200_000)) < 1e-9)
        #expect(abs(commissioner.totalGBP - (150_000 + 19_000 * 150_000 / 200_000)) < 1e-9)
        #expect(abs(commissioner.unattributedGBP - 19_000 * 150_000 / 200_000) < 1e-9)
        // a whole financial year and the half from 1 October: 182 of 365 days
        #expect(abs(commissioner.laYears - (1 + 182.0 / 365)) < 1e-12)
        #expect(commissioner.las == 2)
        #expect(abs(commissioner.costPerLAYear - commissioner.totalGBP / commissioner.laYears) < 1e-9)
        let intervention = try #require(costs.treatments.first { $0.treatment == "intervention" })
        #expect(abs(intervention.totalGBP - 219_000) < 1e-9)
    }

    @Test func aCostThatCannotBeRebasedIsUsedAsRecordedAndSaid() {
        var study = Self.study
        study.description.plan.economics.deflator = [:]
        let costs = SupportCosts(study: study, treatments: ["improvementAdviser"])
        #expect(costs.warnings == ["costs at 2019 prices could not be rebased to 2024 (economics.deflator has no index for both years): used as recorded"])
        #expect(costs.treatments[0].totalGBP == 40_000 + 19_000 * 40_000 / 190_000)
    }

    @Test func costBenefitMatchesAHandCalculation() throws {
        var study = Self.study
        study.description.plan.economics.benefits = ["x": 1_000]
        study.description.plan.economics.benefitYears = 1
        study.description.plan.economics.optimismBias = 20
        let costs = SupportCosts(study: study, treatments: ["improvementAdviser"])
        let effects = ["improvementAdviser|x": ComparativeEffectiveness.Draws(value: 0.1, se: 0.05, draws: [0.1])]
        let model = try #require(CostBenefitModel(study: study, costs: costs, effects: effects, uplift: 1.2))
        // median length 1 year: costs in year 0 with 20% optimism bias, benefits of £100 in years 0 and 1
        #expect(model.supportYears["improvementAdviser"] == 1)
        let c = costs.treatments[0].costPerLAYear * 1.2
        let result = model.appraise("improvementAdviser", model.base)
        #expect(abs(result.presentValueCosts - c) < 1e-9)
        #expect(abs(result.presentValueBenefits - (100 + 100 / 1.035)) < 1e-9)
        #expect(abs(result.netPresentValue - (100 + 100 / 1.035 - c)) < 1e-9)
        // a switching value makes the NPV zero
        let switching = ValueForMoneyAnalysis.switching(model)
        let value = try #require(switching.first { $0.parameter == "value:x" }?.value)
        var atSwitch = model.base
        atSwitch["value:x"] = value
        #expect(abs(model.npv(of: "improvementAdviser", atSwitch)) < 1e-6)
    }

    static let demo = ComparativeEffectivenessTests.demo
    static let demoResults: ValueForMoneyResults = {
        let (_, draws) = ComparativeEffectiveness.analyse(demo.study, influence: ComparativeEffectivenessTests.fitted.influence, options: .init(replicates: 500, seed: 3))
        return ValueForMoneyAnalysis.run(demo.study, effects: draws, judgements: nil, options: .init(seed: 3, psaDraws: 2_000))
    }()

    @Test func onTheDemoEveryFamilyHasAPlaneAndAnAcceptabilityCurve() throws {
        let vfm = Self.demoResults
        #expect(vfm.families.map(\.family) == ["programmes", "models"])
        for family in vfm.families {
            #expect(family.plane.allSatisfy { $0.deltaCost.count == 500 && $0.deltaEffect.count == 500 })
            for threshold in vfm.thresholds {
                let total = family.acceptability.filter { $0.threshold == threshold }.reduce(0) { $0 + $1.probability }
                #expect(abs(total - 1) < 1e-9)
            }
            // at a willingness to pay of zero, no support (free, no effect) is cheapest whenever every option costs something
            #expect(family.acceptability.first { $0.threshold == 0 && $0.group == "none" }?.probability == 1)
        }
        #expect(vfm.costBenefit.count == 10)
        #expect(vfm.costBenefit.allSatisfy { $0.uncertainty?.netPresentValue.lower ?? .infinity <= $0.base.netPresentValue })
        #expect(vfm.psaDraws == 2_000)
        #expect(vfm.tornado != nil && vfm.tornado!.bars.count == 6)
    }
}
