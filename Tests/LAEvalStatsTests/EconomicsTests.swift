import Foundation
import LAEvalStats
import Testing

/// Economic-evaluation numerics against an independent worked example in plain Python with exact
/// fractions (Validation/economics/worked_example.py → Fixtures/economics/worked_example.json),
/// to 1e-9 (relative above 1 in absolute value, absolute below); plus the plumbing the example
/// cannot check: seeded determinism, sampled moments, tornado order and errors.
@Suite struct EconomicsTests {
    static let tolerance = 1e-9

    static func fixture() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: FixtureFiles.data("economics/worked_example.json")) as? [String: Any])
    }

    static func section(_ name: String) throws -> [String: Any] {
        try #require(try fixture()[name] as? [String: Any])
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = tolerance) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    static func numbers(_ value: Any?) -> [Double] { (value as? [Any] ?? []).map { ($0 as! NSNumber).doubleValue } }

    static func number(_ value: Any?) -> Double { (value as! NSNumber).doubleValue }

    // MARK: - Worked example

    @Test func discountFactorsAndPresentValues() throws {
        let example = try Self.section("discounting")
        let flows = Self.numbers(example["flows"])
        let schedules: [(String, DiscountSchedule)] = [("standard", .greenBookStandard), ("health", .greenBookHealth),
                                                       ("constant_3_5", try .constant(0.035))]
        for (key, schedule) in schedules {
            let expected = Self.numbers(example[key])
            let factors = try schedule.factors(through: expected.count - 1)
            for (year, (mine, theirs)) in zip(factors, expected).enumerated() {
                #expect(Self.close(mine, theirs), "\(key) year \(year): \(mine) vs \(theirs)")
            }
            #expect(Self.close(schedule.presentValue(flows), Self.number(example["pv_\(key)"])), "\(key) PV")
        }
        #expect(try DiscountSchedule.greenBookStandard.factor(year: 0) == 1)
        #expect(DiscountSchedule.greenBookStandard.rate(year: 30) == 0.035 && DiscountSchedule.greenBookStandard.rate(year: 31) == 0.03)
        #expect(DiscountSchedule.greenBookStandard.rate(year: 301) == 0.01)
    }

    @Test func rebasingToAPriceBaseYear() throws {
        let example = try Self.section("price_base")
        let labelled = (example["deflator"] as! [String: Any]).mapValues { Self.number($0) }
        let deflator = try DeflatorSeries(labelled: labelled)
        for case let item as [String: Any] in example["cases"] as! [Any] {
            let rebased = try deflator.rebase(Self.number(item["amount"]), from: DeflatorSeries.parseYear(item["year"] as! String),
                                              to: DeflatorSeries.parseYear(item["base"] as! String))
            #expect(Self.close(rebased, Self.number(item["expected"])), "\(item)")
        }
    }

    static func caseData() throws -> (labels: [String], costs: [Double], effects: [Double]) {
        let cases = try #require(try section("cost_effectiveness")["cases"] as? [String: Any])
        var labels: [String] = [], costs: [Double] = [], effects: [Double] = []
        for (group, value) in cases {
            let data = value as! [String: Any]
            let groupCosts = numbers(data["costs"])
            labels += Array(repeating: group, count: groupCosts.count)
            costs += groupCosts
            effects += numbers(data["effects"])
        }
        return (labels, costs, effects)
    }

    @Test func groupMeansComparisonsAndNetBenefit() throws {
        let example = try Self.section("cost_effectiveness")
        let data = try Self.caseData()
        let groups = try CostEffectiveness.groups(labels: data.labels, costs: data.costs, effects: data.effects)
        let expectedGroups = example["groups"] as! [[String: Any]]
        #expect(groups.map(\.group) == expectedGroups.map { $0["group"] as! String })
        for (mine, theirs) in zip(groups, expectedGroups) {
            #expect(mine.n == theirs["n"] as! Int)
            #expect(Self.close(mine.meanCost, Self.number(theirs["mean_cost"])))
            #expect(Self.close(mine.meanEffect, Self.number(theirs["mean_effect"])))
        }
        let thresholds = Self.numbers(example["thresholds"])
        let comparisons = try CostEffectiveness.comparisons(groups, reference: example["reference"] as! String)
        let expectedComparisons = example["comparisons"] as! [[String: Any]]
        #expect(comparisons.map(\.group) == expectedComparisons.map { $0["group"] as! String })
        for (mine, theirs) in zip(comparisons, expectedComparisons) {
            #expect(Self.close(mine.deltaCost, Self.number(theirs["delta_cost"])))
            #expect(Self.close(mine.deltaEffect, Self.number(theirs["delta_effect"])))
            #expect(Self.close(try #require(mine.icer), Self.number(theirs["icer"])))
            #expect(mine.dominance?.rawValue == theirs["dominance"] as? String, "\(mine.group)")
            let incremental = thresholds.map { CostEffectiveness.incrementalNetBenefit(mine, threshold: $0) }
            for (a, b) in zip(incremental, Self.numbers(theirs["incremental_nmb"])) { #expect(Self.close(a, b)) }
        }
        let nmb = CostEffectiveness.netMonetaryBenefits(groups, thresholds: thresholds)
        let expectedNMB = example["nmb"] as! [[String: Any]]
        #expect(nmb.count == expectedNMB.count)
        for (mine, theirs) in zip(nmb, expectedNMB) {
            #expect(mine.group == theirs["group"] as! String && mine.threshold == Self.number(theirs["threshold"]))
            #expect(Self.close(mine.nmb, Self.number(theirs["nmb"])))
        }
    }

    @Test func incrementalAnalysisWithStrictAndExtendedDominance() throws {
        let example = try Self.section("incremental_analysis")
        let options = (example["options"] as! [[String: Any]]).map {
            CostEffectGroup(group: $0["option"] as! String, n: 1, meanCost: Self.number($0["cost"]), meanEffect: Self.number($0["effect"]))
        }
        let analysis = IncrementalAnalysis(options.reversed())
        let expected = example["rows"] as! [[String: Any]]
        #expect(analysis.rows.map(\.option) == expected.map { $0["option"] as! String })
        for (mine, theirs) in zip(analysis.rows, expected) {
            #expect(mine.status.rawValue == theirs["status"] as! String, "\(mine.option)")
            #expect(mine.comparator == theirs["comparator"] as? String, "\(mine.option)")
            if let icer = theirs["icer"] as? Double {
                #expect(Self.close(try #require(mine.icer), icer))
            } else {
                #expect(mine.icer == nil)
            }
        }
    }

    @Test func acceptabilityCurveFromGivenReplicates() throws {
        let example = try Self.section("ceac")
        let replicates = try CostEffectReplicates(
            groups: example["groups"] as! [String], meanCosts: (example["mean_costs"] as! [Any]).map(Self.numbers),
            meanEffects: (example["mean_effects"] as! [Any]).map(Self.numbers))
        let points = AcceptabilityCurve.points(replicates, thresholds: Self.numbers(example["thresholds"]))
        let expected = example["points"] as! [[String: Any]]
        #expect(points.count == expected.count)
        for (mine, theirs) in zip(points, expected) {
            #expect(mine.group == theirs["group"] as! String && mine.threshold == Self.number(theirs["threshold"]))
            #expect(Self.close(mine.probability, Self.number(theirs["probability"])), "\(mine)")
        }
    }

    @Test func costBenefitOptimismBiasAndSwitchingValues() throws {
        let example = try Self.section("cost_benefit")
        let costs = Self.numbers(example["costs"]), benefits = Self.numbers(example["benefits"])
        let appraisal = CostBenefit.appraise(benefits: benefits, costs: costs)
        #expect(Self.close(appraisal.presentValueBenefits, Self.number(example["pv_benefits"])))
        #expect(Self.close(appraisal.presentValueCosts, Self.number(example["pv_costs"])))
        #expect(Self.close(appraisal.netPresentValue, Self.number(example["npv"])))
        #expect(Self.close(try #require(appraisal.benefitCostRatio), Self.number(example["bcr"])))

        let percent = Self.number(example["optimism_bias_percent"])
        let upliftedCosts = OptimismBias.upliftedPresentValue(costs, percent: percent, schedule: .greenBookStandard)
        #expect(Self.close(upliftedCosts, Self.number(example["pv_costs_uplifted"])))
        let uplifted = CostBenefit.appraise(benefits: benefits, costs: OptimismBias.uplift(costs, percent: percent))
        #expect(Self.close(uplifted.netPresentValue, Self.number(example["npv_uplifted"])))
        #expect(Self.close(try #require(uplifted.benefitCostRatio), Self.number(example["bcr_uplifted"])))

        let annualBenefit = try SwitchingValue.find(parameter: "benefit", base: ["benefit": 14_000], lower: 0, upper: 1e6) { values in
            CostBenefit.appraise(benefits: [0] + Array(repeating: values["benefit"]!, count: 10), costs: costs).netPresentValue
        }
        #expect(Self.close(annualBenefit, Self.number(example["switching_annual_benefit"])))

        let data = try Self.caseData()
        let groups = try CostEffectiveness.groups(labels: data.labels, costs: data.costs, effects: data.effects)
        let coaching = groups.first { $0.group == "coaching" }!, usual = groups.first { $0.group == "usual" }!
        let threshold = try SwitchingValue.rankingFlip(parameter: "lambda", base: ["lambda": 20_000], lower: 0, upper: 1e6,
                                                       first: { coaching.netMonetaryBenefit(threshold: $0["lambda"]!) },
                                                       second: { usual.netMonetaryBenefit(threshold: $0["lambda"]!) })
        #expect(Self.close(threshold, Self.number(example["switching_threshold_coaching_vs_usual"])))
    }
}

/// Seeded determinism, sampled moments, orderings and error messages of the economics numerics.
@Suite struct EconomicsPlumbingTests {
    static let model: ProbabilisticSensitivity.Model = { p in
        let deltaCost = p["programme_cost"]! - p["saving"]! * p["uptake"]!
        let deltaEffect = p["effect"]! * p["uptake"]!
        return ["delta_cost": deltaCost, "delta_effect": deltaEffect, "npv": 25_000 * deltaEffect - deltaCost]
    }

    static let parameters = [
        UncertainParameter("programme_cost", .gamma(mean: 1_000, sd: 200)),
        UncertainParameter("saving", .logNormal(mean: 600, sd: 150)),
        UncertainParameter("uptake", .beta(mean: 0.7, sd: 0.1)),
        UncertainParameter("effect", .normal(mean: 0.03, sd: 0.02)),
    ]

    @Test func psaIsDeterministicUnderASeedWhateverTheThreads() throws {
        let one = try ProbabilisticSensitivity.run(parameters: Self.parameters, seed: 7, threads: 1, model: Self.model)
        let many = try ProbabilisticSensitivity.run(parameters: Self.parameters, seed: 7, threads: 4, model: Self.model)
        let other = try ProbabilisticSensitivity.run(parameters: Self.parameters, seed: 8, model: Self.model)
        #expect(one.draws == 10_000 && one.outputs["npv"]!.count == 10_000)
        #expect(one == many)
        #expect(one.outputs["npv"] != other.outputs["npv"])
        let npv = try #require(one.summaries.first { $0.output == "npv" })
        let values = one.outputs["npv"]!
        #expect(npv.lower < npv.mean && npv.mean < npv.upper)
        #expect(npv.probabilityPositive == Double(values.filter { $0 > 0 }.count) / 10_000)
        let curve = try one.probabilityCostEffective(deltaCost: "delta_cost", deltaEffect: "delta_effect", thresholds: [0, 25_000])
        #expect(curve[1].probability == npv.probabilityPositive)
        #expect(curve[0].probability <= curve[1].probability)
    }

    @Test func sampledMomentsMatchTheTargets() {
        let distributions: [ParameterDistribution] = [
            .normal(mean: 3, sd: 2), .logNormal(mean: 5, sd: 3), .gamma(mean: 1_000, sd: 400), .gamma(mean: 0.5, sd: 1),
            .beta(mean: 0.3, sd: 0.1), .beta(mean: 0.9, sd: 0.05), .uniform(low: -1, high: 3),
            .triangular(low: 0, mode: 1, high: 5), .fixed(2.5),
        ]
        let n = 100_000
        for (index, distribution) in distributions.enumerated() {
            var generator = SeededGenerator(seed: 99, stream: UInt64(index))
            let draws = (0..<n).map { _ in distribution.draw(using: &generator) }
            let mean = SampleStatistics.mean(draws), sd = SampleStatistics.standardDeviation(draws)
            let target = distribution.standardDeviation
            #expect(abs(mean - distribution.mean) <= 5 * target / Double(n).squareRoot() + 1e-12, "\(distribution): mean \(mean)")
            #expect(abs(sd - target) <= 0.03 * target + 1e-12, "\(distribution): sd \(sd)")
        }
        var generator = SeededGenerator(seed: 1)
        #expect((0..<10_000).allSatisfy { _ in (0...1).contains(ParameterDistribution.beta(mean: 0.9, sd: 0.05).draw(using: &generator)) })
    }

    @Test func tornadoBarsAreSortedBySwing() throws {
        let base = ["cost": 1_000.0, "effect": 0.2, "threshold": 20_000.0, "unused": 1]
        let result = try OneWaySensitivity.tornado(
            base: base,
            ranges: [ParameterRange("unused", low: 0, high: 2), ParameterRange("cost", low: 800, high: 1_500),
                     ParameterRange("effect", low: 0.1, high: 0.3), ParameterRange("threshold", low: 15_000, high: 30_000)]
        ) { $0["threshold"]! * $0["effect"]! - $0["cost"]! }
        #expect(result.baseOutput == 3_000)
        #expect(result.bars.map(\.parameter) == ["effect", "threshold", "cost", "unused"])
        #expect(result.bars.map(\.swing) == [4_000, 3_000, 700, 0])
        #expect(result.bars[2].outputAtLow == 3_200 && result.bars[2].outputAtHigh == 2_500)
    }

    @Test func bootstrapIsSeededAndCentredOnTheGroupMeans() throws {
        let labels = (0..<60).map { $0 % 3 == 0 ? "b" : ($0 % 3 == 1 ? "a" : "c") }
        let costs = (0..<60).map { Double(100 + ($0 * 37) % 50) }, effects = (0..<60).map { Double(($0 * 13) % 7) / 10 }
        let one = try CostEffectReplicates.bootstrap(labels: labels, costs: costs, effects: effects, replicates: 2_000, seed: 5, threads: 1)
        let many = try CostEffectReplicates.bootstrap(labels: labels, costs: costs, effects: effects, replicates: 2_000, seed: 5, threads: 3)
        #expect(one == many && one.groups == ["a", "b", "c"])
        let groups = try CostEffectiveness.groups(labels: labels, costs: costs, effects: effects)
        for (g, group) in groups.enumerated() {
            let replicateMean = SampleStatistics.mean(one.meanCosts.map { $0[g] })
            #expect(abs(replicateMean - group.meanCost) < 1, "\(group.group)")
        }
        let increments = try one.increments(reference: "b")
        #expect(increments.map(\.group) == ["a", "c"] && increments[0].deltaCosts.count == 2_000)
        let curve = AcceptabilityCurve.points(one, thresholds: [0, 1_000])
        for threshold in [0.0, 1_000] {
            let total = curve.filter { $0.threshold == threshold }.reduce(0) { $0 + $1.probability }
            #expect(abs(total - 1) < 1e-12)
        }
    }

    @Test func dominanceAndIdenticalOptions() {
        #expect(CostEffectiveness.dominance(deltaCost: 0, deltaEffect: 0.1) == .dominant)
        #expect(CostEffectiveness.dominance(deltaCost: 10, deltaEffect: 0) == .dominated)
        #expect(CostEffectiveness.dominance(deltaCost: 0, deltaEffect: 0) == nil)
        #expect(CostEffectiveness.dominance(deltaCost: 10, deltaEffect: 0.1) == nil)
        let same = CostEffectGroup(group: "x", n: 3, meanCost: 5, meanEffect: 1)
        #expect(CostEffectiveness.compare(same, with: same).icer == nil)
        let analysis = IncrementalAnalysis([same, CostEffectGroup(group: "w", n: 3, meanCost: 5, meanEffect: 1)])
        #expect(analysis.rows.map(\.status) == [.reference, .dominated] && analysis.rows[1].comparator == "w")
    }

    @Test func errorsNameTheProblem() throws {
        let deflator = try DeflatorSeries(labelled: ["2019-20": 90, "2020/21": 95])
        #expect(throws: EconomicsError.missingDeflatorYear(year: 2018, available: [2019, 2020])) {
            try deflator.rebase(100, from: 2018, to: 2020)
        }
        #expect(EconomicsError.missingDeflatorYear(year: 2018, available: [2019, 2020]).description
            == "the deflator series has no index for 2018 (it covers 2019, 2020)")
        #expect(throws: EconomicsError.badFinancialYear("2019-21")) { try DeflatorSeries.parseYear("2019-21") }
        #expect(try DeflatorSeries.parseYear("1999-2000") == 1999 && DeflatorSeries.parseYear("1999-00") == 1999)
        #expect(throws: EconomicsError.invalidDeflatorIndex(year: 2020, value: 0)) { try DeflatorSeries(index: [2020: 0]) }
        #expect(throws: EconomicsError.negativeYear(-1)) { try DiscountSchedule.greenBookStandard.factor(year: -1) }
        #expect(throws: EconomicsError.invalidRate(-1)) { try DiscountSchedule.constant(-1) }
        let groups = [CostEffectGroup(group: "a", n: 1, meanCost: 1, meanEffect: 1)]
        #expect(throws: EconomicsError.unknownReference("z", groups: ["a"])) { try CostEffectiveness.comparisons(groups, reference: "z") }
        #expect(EconomicsError.unknownReference("z", groups: ["a"]).description == "reference level 'z' is not a group (groups: a)")
        #expect(throws: EconomicsError.self) {
            try ProbabilisticSensitivity.run(parameters: [UncertainParameter("p", .beta(mean: 0.5, sd: 0.6))], seed: 1) { _ in [:] }
        }
        #expect(throws: EconomicsError.noSwitchingValue(parameter: "x", lower: 0, upper: 1)) {
            try SwitchingValue.find(parameter: "x", base: ["x": 0.5], lower: 0, upper: 1) { $0["x"]! + 10 }
        }
        #expect(throws: EconomicsError.unknownParameter("y")) {
            try OneWaySensitivity.tornado(base: ["x": 1], ranges: [ParameterRange("y", low: 0, high: 1)]) { $0["x"]! }
        }
        #expect(throws: EconomicsError.nonPositiveCount("the number of bootstrap replicates", 0)) {
            try CostEffectReplicates.bootstrap(labels: ["a"], costs: [1], effects: [1], replicates: 0, seed: 1)
        }
    }

    @Test func resultsEncodeNullsExplicitly() throws {
        let comparison = IncrementalComparison(group: "a", reference: "b", deltaCost: 1, deltaEffect: 0, icer: nil, dominance: .dominated)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let text = String(decoding: try encoder.encode(comparison), as: UTF8.self)
        #expect(text.contains("\"icer\":null") && text.contains("\"dominance\":\"dominated\""))
    }
}
