import Foundation
import LAEvalEstimators
import LAEvalStats
import Testing

/// The cumulative link model against R's ordinal::clm (2022.11.16) on ordinal's `wine` data
/// (fixtures by Validation/ordinal/make_fixtures.R, clm fitted with gradTol = relTol = 1e-12):
/// thresholds, coefficients, SEs, z, p, the covariance, the log-likelihood and predicted
/// probabilities, for the logit and probit links, with a numeric covariate and with case
/// weights. Tolerance 1e-5 relative (the acceptance's "clm on wine to 1e-5").
@Suite struct OrdinalFixtureTests {
    struct Wine: Decodable {
        let rating: [Int]
        let tempwarm: [Double]
        let contactyes: [Double]
        let bottle: [Double]
        let weight: [Double]

        func column(_ term: String) -> [Double] {
            switch term {
            case "tempwarm": tempwarm
            case "contactyes": contactyes
            case "bottlenum": bottle
            default: []
            }
        }
    }

    struct Fixture: Decodable {
        struct Block: Decodable { let names: [String]; let estimate: [Double]; let se: [Double]; let z: [Double]; let p: [Double] }
        let link: String
        let weighted: Bool
        let terms: [String]
        let thresholds: Block
        let coefficients: Block
        let vcov: [[Double]]
        let logLik: Double
        let nobs: Int
        let newdata: [[Double]]
        let probabilities: [[Double]]
        let cumulative: [[Double]]
    }

    static let tolerance = 1e-5
    static let categories = ["1", "2", "3", "4", "5"]

    static func load<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/ordinal/\(name).json")
        return try JSONDecoder().decode(type, from: Data(contentsOf: url))
    }

    static func relativeError(_ mine: [Double], _ theirs: [Double]) -> Double {
        guard mine.count == theirs.count else { return .infinity }
        return zip(mine, theirs).map { abs($0 - $1) / abs($1) }.max() ?? 0
    }

    static func fit(_ fixture: Fixture) throws -> CumulativeLinkFit {
        let wine = try load(Wine.self, "wine")
        let design = Matrix(columns: fixture.terms.map(wine.column))
        return try CumulativeLinkModel.fit(outcome: wine.rating.map { $0 - 1 }, design: design, names: fixture.terms,
                                           categories: categories, link: try #require(CumulativeLink(rawValue: fixture.link)),
                                           weights: fixture.weighted ? wine.weight : nil)
    }

    @Test(arguments: ["clm_logit", "clm_probit", "clm_logit_bottle", "clm_probit_weighted"])
    func matchesClm(name: String) throws {
        let fixture = try Self.load(Fixture.self, name)
        let fit = try Self.fit(fixture)
        #expect(fit.converged, "\(name) did not converge")
        if !fixture.weighted { #expect(fit.observations == fixture.nobs) }  // clm's nobs is the sum of the weights
        #expect(fit.thresholds.map(\.term) == fixture.thresholds.names)
        #expect(fit.coefficients.map(\.term) == fixture.coefficients.names)
        for (label, mine, theirs) in [("thresholds", fit.thresholds, fixture.thresholds),
                                      ("coefficients", fit.coefficients, fixture.coefficients)] {
            let errors = [Self.relativeError(mine.map(\.estimate), theirs.estimate),
                          Self.relativeError(mine.map(\.standardError), theirs.se),
                          Self.relativeError(mine.map(\.z), theirs.z), Self.relativeError(mine.map(\.p), theirs.p)]
            #expect(errors.max()! <= Self.tolerance, "\(name) \(label): estimate, SE, z, p relative errors \(errors)")
        }
        let vcovError = Self.relativeError(fit.covariance.storage, Matrix(fixture.vcov).storage)
        #expect(vcovError <= Self.tolerance, "\(name) vcov relative error \(vcovError)")
        let logLikError = abs(fit.logLikelihood - fixture.logLik) / abs(fixture.logLik)
        #expect(logLikError <= Self.tolerance, "\(name) logLik \(fit.logLikelihood) vs \(fixture.logLik)")
        for (row, x) in fixture.newdata.enumerated() {
            let columns = Array(x.prefix(fixture.terms.count))
            let probabilityError = Self.relativeError(fit.categoryProbabilities(x: columns), fixture.probabilities[row])
            let cumulativeError = Self.relativeError(fit.cumulativeProbabilities(x: columns), fixture.cumulative[row])
            #expect(max(probabilityError, cumulativeError) <= Self.tolerance, "\(name) probabilities at \(x)")
        }
    }

    @Test func categoryProbabilitiesSumToOne() throws {
        let fit = try Self.fit(try Self.load(Fixture.self, "clm_logit"))
        for x in [[0.0, 0.0], [1, 1], [-40, 0], [40, 5]] {
            let probabilities = fit.categoryProbabilities(x: x)
            #expect(abs(probabilities.reduce(0, +) - 1) < 1e-12)
            #expect(probabilities.allSatisfy { $0 >= 0 })
        }
    }
}

/// The checks on the input of CumulativeLinkModel.fit, each with its message.
@Suite struct CumulativeLinkInputTests {
    static let outcome = [0, 1, 2, 0, 1, 2, 1, 2]
    static let x = Matrix(columns: [[0, 1, 0, 1, 1, 0, 1, 0], [1.5, 2, 0.5, 3, 1, 2.5, 0, 4]])
    static let names = ["a", "b"]
    static let categories = ["low", "mid", "high"]

    static func message(outcome: [Int] = outcome, design: Matrix = x, names: [String] = names,
                        categories: [String] = categories, weights: [Double]? = nil) -> String? {
        do {
            _ = try CumulativeLinkModel.fit(outcome: outcome, design: design, names: names, categories: categories, weights: weights)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func cleanInputFits() { #expect(Self.message() == nil) }

    @Test func tooFewCategories() {
        #expect(Self.message(outcome: Array(repeating: 0, count: 8), categories: ["only"])
            == "the outcome has 1 category: an ordinal model needs at least 2")
    }

    @Test func emptyCategory() {
        #expect(Self.message(outcome: [0, 2, 2, 0, 0, 2, 0, 2])
            == "outcome category 'mid' has no observations: merge it with a neighbouring category or drop it")
    }

    @Test func categoryWithOnlyZeroWeightIsEmpty() {
        #expect(Self.message(weights: [1, 0, 1, 1, 0, 1, 0, 1])
            == "outcome category 'mid' has no observations: merge it with a neighbouring category or drop it")
    }

    @Test func outcomeOutOfRange() {
        #expect(Self.message(outcome: [0, 1, 2, 3, 1, 2, 1, 2]) == "row 4: outcome category index 3 is not one of 0..<3")
    }

    @Test func lengthsMustAgree() {
        #expect(Self.message(outcome: [0, 1, 2]) == "the outcome has 3 values but the design has 8 rows")
        #expect(Self.message(names: ["a"]) == "1 term names were given for a design with 2 columns")
        #expect(Self.message(weights: [1, 1]) == "the weights have 2 values but the design has 8 rows")
    }

    @Test func nonFiniteCovariateNamesRowAndTerm() {
        var design = Self.x
        design[5, 1] = .nan
        #expect(Self.message(design: design) == "row 6: covariate 'b' is missing or infinite: drop or impute that row first")
    }

    @Test func negativeWeightNamesRow() {
        #expect(Self.message(weights: [1, 1, -1, 1, 1, 1, 1, 1])
            == "row 3: weight -1.0 is negative or not finite: weights must be finite and 0 or more")
    }

    @Test func constantColumn() {
        let design = Matrix(columns: [Self.x.column(0), Array(repeating: 1, count: 8)])
        #expect(Self.message(design: design) == "covariate 'b' is constant: the thresholds play the intercept's role, so drop it")
    }

    @Test func integerWeightsEqualRepeatedRows() throws {
        let weights = [1.0, 2, 3, 1, 2, 1, 3, 2]
        let repeated = Self.outcome.indices.flatMap { Array(repeating: $0, count: Int(weights[$0])) }
        let weighted = try CumulativeLinkModel.fit(outcome: Self.outcome, design: Self.x, names: Self.names,
                                                   categories: Self.categories, link: .probit, weights: weights)
        let expanded = try CumulativeLinkModel.fit(outcome: repeated.map { Self.outcome[$0] }, design: Self.x.selectingRows(repeated),
                                                   names: Self.names, categories: Self.categories, link: .probit)
        let pairs = zip(weighted.thresholds + weighted.coefficients, expanded.thresholds + expanded.coefficients)
        #expect(pairs.allSatisfy { abs($0.estimate - $1.estimate) < 1e-9 && abs($0.standardError - $1.standardError) < 1e-9 })
        #expect(abs(weighted.logLikelihood - expanded.logLikelihood) < 1e-9)
    }

    @Test func separatedCategoriesDoNotConverge() throws {
        let x = Matrix(columns: [[0, 0, 0, 1, 1, 1, 2, 2, 2]])
        let fit = try CumulativeLinkModel.fit(outcome: [0, 0, 0, 1, 1, 1, 2, 2, 2], design: x, names: ["x"], categories: Self.categories)
        #expect(!fit.converged)
    }

    @Test func rankDeficientDesign() {
        let a = Self.x.column(0)
        let design = Matrix(columns: [a, Self.x.column(1), a.map { 1 - $0 }])
        #expect(Self.message(design: design, names: ["a", "b", "notA"])
            == "the design is rank deficient: 'notA' is a linear combination of the earlier columns and a constant: drop it")
    }
}
