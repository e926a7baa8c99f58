import Foundation
import LAEvalEstimators
import LAEvalStats
import Testing

/// Matching and weighting against R's MatchIt 4.5.1 on `lalonde` (fixtures by
/// Validation/matchit/make_fixtures.R; see Fixtures/matchit/README.md): the propensity score,
/// matched sets identical, weights, subclasses, ATT and SE to 1e-6 (relative), balance tables
/// to 1e-8, for 1:1, 2:1 with caliper, with replacement, exact on `married`, m.order smallest
/// and data, 3:1 with replacement and caliper, and IPW (ATT, ATE).
@Suite struct MatchingFixtureTests {
    struct Lalonde: Decodable {
        let treat: [Int]
        let age, educ, married, nodegree, re74, re75, re78: [Double]
        let race: [String]
    }

    struct Row: Decodable {
        let covariate: String
        let mean_treated, mean_control_before, mean_treated_after, mean_control_after: Double
        let smd_before, smd_after: Double
        let variance_ratio_before, variance_ratio_after: Double?
    }

    struct Effect: Decodable { let estimate, se, ci_lower, ci_upper: Double; let n: Int }

    struct Options: Decodable {
        let ratio: Int?
        let caliper: Double?
        let replace: Bool?
        let exact: String?
        let m_order: String?
        enum CodingKeys: String, CodingKey { case ratio, caliper, replace, exact, m_order = "m.order" }
    }

    struct Case: Decodable {
        let name: String
        let options: Options
        let match_matrix: [[Int]]
        let weights: [Double]
        let subclass_treated_row: [Int]
        let balance: [Row]
        let n_treated_matched, n_control_matched: Int
        let effect: Effect

        // an empty R list is written as [] rather than {}
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            name = try c.decode(String.self, forKey: .name)
            options = (try? c.decode(Options.self, forKey: .options)) ?? Options(ratio: nil, caliper: nil, replace: nil, exact: nil, m_order: nil)
            match_matrix = try c.decode([[Int]].self, forKey: .match_matrix)
            weights = try c.decode([Double].self, forKey: .weights)
            subclass_treated_row = try c.decode([Int].self, forKey: .subclass_treated_row)
            balance = try c.decode([Row].self, forKey: .balance)
            n_treated_matched = try c.decode(Int.self, forKey: .n_treated_matched)
            n_control_matched = try c.decode(Int.self, forKey: .n_control_matched)
            effect = try c.decode(Effect.self, forKey: .effect)
        }
        enum Keys: String, CodingKey { case name, options, match_matrix, weights, subclass_treated_row, balance, n_treated_matched, n_control_matched, effect }
    }

    struct IPWCase: Decodable { let name: String; let weights: [Double]; let balance: [Row]; let effect: Effect }

    struct Demo: Decodable {
        let first_treated_row, unscaled_match_row, scaled_match_row: Int
        let distance_unscaled_match, distance_scaled_match: Double
    }

    struct Fixture: Decodable {
        let data: Lalonde
        let ps_coefficients: [Double]
        let propensity: [Double]
        let balance_columns: [String]
        let cases: [Case]
        let ipw: [IPWCase]
        let truncation_demo: Demo
    }

    static let fixture: Fixture = {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/matchit/matchit.json")
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static var treatment: [Bool] { fixture.data.treat.map { $0 == 1 } }

    /// The propensity-model design: race dummy-coded with "black" as reference (R's default).
    static var psDesign: (Matrix, [String]) {
        let d = fixture.data
        let columns = [d.age, d.educ, d.race.map { $0 == "hispan" ? 1 : 0 }, d.race.map { $0 == "white" ? 1 : 0 },
                       d.married, d.nodegree, d.re74, d.re75]
        return (Matrix(columns: columns), ["age", "educ", "racehispan", "racewhite", "married", "nodegree", "re74", "re75"])
    }

    /// The balance covariates as MatchIt's summary lists them: every level of race.
    static var balanceDesign: Matrix {
        let d = fixture.data
        return Matrix(columns: [d.age, d.educ, d.race.map { $0 == "black" ? 1 : 0 }, d.race.map { $0 == "hispan" ? 1 : 0 },
                                d.race.map { $0 == "white" ? 1 : 0 }, d.married, d.nodegree, d.re74, d.re75])
    }

    static func options(_ o: Options) -> NearestNeighbourOptions {
        let order: MatchingOrder = switch o.m_order { case "smallest": .smallest; case "data": .data; default: .largest }
        return NearestNeighbourOptions(ratio: o.ratio ?? 1, replace: o.replace ?? false, caliper: o.caliper, order: order)
    }

    static func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

    static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    static func checkBalance(_ mine: [BalanceRow], _ theirs: [Row], tolerance: Double = 1e-8) {
        #expect(mine.map(\.covariate) == theirs.map(\.covariate))
        for (m, r) in zip(mine, theirs) {
            let pairs: [(Double?, Double?)] = [
                (m.meanTreatedBefore, r.mean_treated), (m.meanControlBefore, r.mean_control_before),
                (m.meanTreatedAfter, r.mean_treated_after), (m.meanControlAfter, r.mean_control_after),
                (m.smdBefore, r.smd_before), (m.smdAfter, r.smd_after),
                (m.varianceRatioBefore, r.variance_ratio_before), (m.varianceRatioAfter, r.variance_ratio_after),
            ]
            for (a, b) in pairs {
                if let a, let b { #expect(abs(a - b) <= tolerance * max(1, abs(b)), "\(r.covariate): \(a) vs \(b)") } else { #expect(a == nil && b == nil, "\(r.covariate)") }
            }
        }
    }

    @Test func propensityScoreMatchesGLM() throws {
        let (x, names) = Self.psDesign
        let ps = try PropensityScore.logit(treatment: Self.treatment, covariates: x, names: names)
        #expect(ps.converged)
        #expect(Self.maxDifference(ps.scores, Self.fixture.propensity) < 1e-10)
        for (a, b) in zip(ps.coefficients, Self.fixture.ps_coefficients) { #expect(Self.relative(a, b) < 1e-7) }
    }

    @Test(arguments: fixture.cases.map(\.name))
    func matchingMatchesMatchIt(_ name: String) throws {
        let fixture = Self.fixture
        let c = try #require(fixture.cases.first { $0.name == name })
        let d = fixture.data
        let exact = c.options.exact.map { _ in d.married.map { String($0) } }
        let result = try NearestNeighbourMatching.match(treatment: Self.treatment, distance: fixture.propensity,
                                                        exactStrata: exact, options: Self.options(c.options))
        #expect(result.sets.map(\.controls) == c.match_matrix)
        #expect(Self.maxDifference(result.weights, c.weights) < 1e-12)
        #expect(result.treatedMatched == c.n_treated_matched)
        #expect(result.controlsMatched == c.n_control_matched)
        if c.options.replace != true {
            let treatedOfSet = result.sets.filter { !$0.controls.isEmpty }.map(\.treated)
            #expect(result.subclass.map { $0.map { treatedOfSet[$0] } ?? -1 } == c.subclass_treated_row)
        }
        let balance = try BalanceTable.compute(treatment: Self.treatment, covariates: Self.balanceDesign,
                                               names: fixture.balance_columns, weights: result.weights)
        Self.checkBalance(balance, c.balance)
        let effect = try MatchedEffect.estimate(outcome: d.re78, treatment: Self.treatment, weights: result.weights,
                                                subclass: c.options.replace == true ? nil : result.subclass)
        #expect(Self.relative(effect.estimate, c.effect.estimate) < 1e-6)
        #expect(Self.relative(effect.standardError, c.effect.se) < 1e-6)
        #expect(Self.relative(effect.ciLower, c.effect.ci_lower) < 1e-6)
        #expect(Self.relative(effect.ciUpper, c.effect.ci_upper) < 1e-6)
        #expect(effect.observations == c.effect.n)
    }

    @Test(arguments: [Estimand.att, .ate])
    func inverseProbabilityWeightingMatches(_ estimand: Estimand) throws {
        let fixture = Self.fixture
        let c = try #require(fixture.ipw.first { $0.name == "ipw_\(estimand.rawValue)" })
        let weights = try InverseProbabilityWeighting.weights(treatment: Self.treatment, propensity: fixture.propensity, estimand: estimand)
        #expect(zip(weights, c.weights).allSatisfy { Self.relative($0, $1) < 1e-12 })
        let balance = try BalanceTable.compute(treatment: Self.treatment, covariates: Self.balanceDesign,
                                               names: fixture.balance_columns, weights: weights, estimand: estimand)
        Self.checkBalance(balance, c.balance)
        let effect = try MatchedEffect.estimate(outcome: fixture.data.re78, treatment: Self.treatment, weights: weights)
        #expect(Self.relative(effect.estimate, c.effect.estimate) < 1e-6)
        #expect(Self.relative(effect.standardError, c.effect.se) < 1e-6)
    }

    /// The whole pipeline from the raw covariates (laeval's own logit fit) reproduces case (a).
    @Test func analysisFromCovariatesMatchesDefault() throws {
        let fixture = Self.fixture
        let (x, names) = Self.psDesign
        let analysis = try MatchingAnalysis.run(treatment: Self.treatment, outcome: fixture.data.re78, covariates: x, names: names,
                                                balanceCovariates: Self.balanceDesign, balanceNames: fixture.balance_columns)
        let c = fixture.cases[0]
        #expect(analysis.matching?.sets.map(\.controls) == c.match_matrix)
        #expect(Self.relative(analysis.effect.estimate, c.effect.estimate) < 1e-6)
        #expect(Self.relative(analysis.effect.standardError, c.effect.se) < 1e-6)
        #expect(analysis.treatedCount == 185 && analysis.controlCount == 185)
    }

    /// Where Debian's MatchIt 4.5.1 on the unscaled score took the farther control, laeval takes
    /// the nearer one (the fixture's scaled-distance choice).
    @Test func takesTheNearerControlWhereMatchIt451Truncates() throws {
        let fixture = Self.fixture
        let demo = fixture.truncation_demo
        #expect(demo.distance_scaled_match < demo.distance_unscaled_match)
        let result = try NearestNeighbourMatching.match(treatment: Self.treatment, distance: fixture.propensity)
        let set = try #require(result.sets.first { $0.treated == demo.first_treated_row })
        #expect(set.controls == [demo.scaled_match_row])
    }
}

/// Plumbing: input checks and edge cases of matching and weighting.
@Suite struct MatchingPlumbingTests {
    @Test func rejectsBadInput() {
        #expect(throws: MatchingError.lengthMismatch("the distance and the treatment")) {
            try NearestNeighbourMatching.match(treatment: [true, false], distance: [0.5])
        }
        #expect(throws: MatchingError.noControlUnits) {
            try NearestNeighbourMatching.match(treatment: [true, true], distance: [0.5, 0.4])
        }
        #expect(throws: MatchingError.noTreatedUnits) {
            try NearestNeighbourMatching.match(treatment: [false, false], distance: [0.5, 0.4])
        }
        #expect(throws: MatchingError.invalidRatio(0)) {
            try NearestNeighbourMatching.match(treatment: [true, false], distance: [0.5, 0.4], options: .init(ratio: 0))
        }
        #expect(throws: MatchingError.invalidCaliper(-1)) {
            try NearestNeighbourMatching.match(treatment: [true, false], distance: [0.5, 0.4], options: .init(caliper: -1))
        }
        #expect(throws: MatchingError.nonFinite("the distance")) {
            try NearestNeighbourMatching.match(treatment: [true, false], distance: [.nan, 0.4])
        }
        #expect(throws: MatchingError.propensityOutOfRange(row: 1)) {
            try InverseProbabilityWeighting.weights(treatment: [true, false], propensity: [0.5, 1], estimand: .ate)
        }
    }

    @Test func noControlWithinCaliperThrows() {
        #expect(throws: MatchingError.noMatches) {
            try NearestNeighbourMatching.match(treatment: [true, false, false], distance: [0.9, 0.1, 0.11],
                                               options: .init(caliper: 0.01, standardisedCaliper: false))
        }
    }

    @Test func caliperLeavesDistantTreatedUnmatched() throws {
        let result = try NearestNeighbourMatching.match(treatment: [true, true, false, false], distance: [0.9, 0.2, 0.21, 0.5],
                                                        options: .init(caliper: 0.05, standardisedCaliper: false))
        #expect(result.sets == [MatchedSet(treated: 0, controls: []), MatchedSet(treated: 1, controls: [2])])
        #expect(result.weights == [0, 1, 1, 0])
        #expect(result.subclass == [nil, 0, 0, nil])
        #expect(result.caliperWidth == 0.05)
    }

    @Test func greedyTakesTheTrulyNearerControl() throws {
        // below at distance 0.03, above at 0.01: MatchIt 4.5.1 would take the one below
        let result = try NearestNeighbourMatching.match(treatment: [true, false, false], distance: [0.50, 0.47, 0.51])
        #expect(result.sets[0].controls == [2])
    }

    @Test func replacementReusesControlsAndWeightsThem() throws {
        let result = try NearestNeighbourMatching.match(treatment: [true, true, false, false], distance: [0.5, 0.52, 0.51, 0.1],
                                                        options: .init(replace: true))
        #expect(result.sets.map(\.controls) == [[2], [2]])
        #expect(result.weights == [1, 1, 1, 0])
        #expect(result.subclass.allSatisfy { $0 == nil })
    }

    @Test func ratioTwoWithTooFewControlsGivesUnequalSetsAndWeights() throws {
        let result = try NearestNeighbourMatching.match(treatment: [true, true, false, false, false], distance: [0.9, 0.5, 0.85, 0.45, 0.1],
                                                        options: .init(ratio: 2))
        // round 1: 0.9 takes 0.85, 0.5 takes 0.45; round 2: 0.9 takes 0.1 (the only one left)
        #expect(result.sets.map(\.controls) == [[2, 4], [3]])
        // raw control weights 1/2, 1, 1/2 rescaled to sum to 3
        #expect(result.weights[2] == 0.75 && result.weights[3] == 1.5 && result.weights[4] == 0.75)
    }

    @Test func exactStrataKeepMatchesWithin() throws {
        let result = try NearestNeighbourMatching.match(treatment: [true, false, false], distance: [0.5, 0.51, 0.9],
                                                        exactStrata: ["a", "b", "a"])
        #expect(result.sets[0].controls == [2])
    }

    @Test func randomOrderIsReproducibleForASeed() throws {
        let distance = (0..<40).map { Double($0) / 40 + 0.001 }
        let treatment = (0..<40).map { $0 % 3 == 0 }
        let a = try NearestNeighbourMatching.match(treatment: treatment, distance: distance, options: .init(order: .random(seed: 7)))
        let b = try NearestNeighbourMatching.match(treatment: treatment, distance: distance, options: .init(order: .random(seed: 7)))
        #expect(a.sets == b.sets)
    }

    @Test func nearestMatchingRefusesTheATE() {
        #expect(throws: MatchingError.nearestNeedsATT) {
            try MatchingAnalysis.run(treatment: [true, false, true, false], outcome: [1, 2, 3, 4],
                                     covariates: Matrix(columns: [[1, 2, 3, 5]]), names: ["x"], estimand: .ate)
        }
    }
}
