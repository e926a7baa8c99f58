import ArgumentParser
import Foundation
import LAEvalData
import LAEvalEstimators
import LAEvalStats

/// The JSON of `laeval estimate match` (design.md §8).
struct MatchOutput: Encodable {
    struct Balance: Encodable {
        var covariate: String
        var meanTreated: Double
        var meanControlBefore: Double
        var meanControlAfter: Double
        var smdBefore: Double?
        var smdAfter: Double?
        var varianceRatioBefore: Double?
        var varianceRatioAfter: Double?

        enum CodingKeys: String, CodingKey {
            case covariate, meanTreated, meanControlBefore, meanControlAfter, smdBefore, smdAfter, varianceRatioBefore, varianceRatioAfter
        }

        /// Writes null for an absent SMD or variance ratio rather than leaving the key out.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(covariate, forKey: .covariate)
            try c.encode(meanTreated, forKey: .meanTreated)
            try c.encode(meanControlBefore, forKey: .meanControlBefore)
            try c.encode(meanControlAfter, forKey: .meanControlAfter)
            try c.encode(smdBefore, forKey: .smdBefore)
            try c.encode(smdAfter, forKey: .smdAfter)
            try c.encode(varianceRatioBefore, forKey: .varianceRatioBefore)
            try c.encode(varianceRatioAfter, forKey: .varianceRatioAfter)
        }
    }

    var method: String
    var estimand: String
    var att: Double
    var se: Double
    var ciLower: Double
    var ciUpper: Double
    var seType: String
    var nTreated: Int
    var nControlMatched: Int
    var nTreatedUnmatched: Int
    var nObs: Int
    var nDropped: Int
    var caliperWidth: Double?
    var propensityTerms: [String]
    var propensityCoefficients: [Double]
    var balance: [Balance]
}

extension MatchingMethod: ExpressibleByArgument {}
extension Estimand: ExpressibleByArgument {}

/// `laeval estimate match`: propensity-score matching or weighting, as R's MatchIt.
public struct MatchCommand: ParsableCommand {
    public enum Order: String, ExpressibleByArgument, CaseIterable { case largest, smallest, random, data }

    public static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Propensity-score nearest-neighbour matching or inverse-probability weighting, as R's MatchIt.",
        discussion: """
        The propensity score is a logistic regression of the treatment (0/1) on the covariates
        (text columns and factor(x) dummy-coded, first sorted level the reference). --method
        nearest (default) matches each treated unit greedily to its --ratio nearest controls
        (without replacement unless --replace; treated units visited by --order, highest score
        first by default; --caliper in standard deviations of the score; --exact columns must be
        equal within a match), with MatchIt's defaults and weights; --method ipw weights by the
        inverse probability of treatment for the ATT or (--estimand ate) the ATE. The effect is the
        weighted difference in mean outcome (lm of the outcome on treatment with the weights),
        with a standard error cluster-robust by matched set (CR1, as sandwich::vcovCL) after
        matching without replacement and HC3 otherwise, as MatchIt's "estimating-effects"
        vignette advises; the CI is normal. Balance is reported per covariate (every level of a
        categorical one) as MatchIt's summary(): standardised mean differences (treated SD for
        the ATT, pooled for the ATE) and variance ratios, before and after. Unlike MatchIt
        4.5.1, the nearer of two candidate controls is always taken (see
        Validation/matchit). --order random uses laeval's own seeded generator.

        Examples:
          laeval estimate match --data lalonde.csv --treatment treat --outcome re78 --covariates age,educ,race,married,nodegree,re74,re75
          laeval estimate match --data lalonde.csv --treatment treat --outcome re78 --covariates age,educ,race,re74 --ratio 2 --caliper 0.2 --exact married --format json
          laeval estimate match --data lalonde.csv --treatment treat --outcome re78 --covariates age,educ,race,re74 --method ipw --estimand ate
        """
    )

    @Option(help: "The tidy CSV file.") public var data: String
    @Option(help: "The treatment column: 1 (or true) treated, 0 (or false) control.") public var treatment: String
    @Option(help: "The outcome column.") public var outcome: String
    @Option(help: "Covariate columns of the propensity score, comma-separated; factor(x) makes a numeric column categorical.") public var covariates: String
    @Option(help: "nearest (matching) or ipw (weighting).") public var method: MatchingMethod = .nearest
    @Option(help: "att, or ate (ipw only).") public var estimand: Estimand = .att
    @Option(help: "Controls per treated unit (k:1 matching).") public var ratio: Int = 1
    @Flag(help: "Match with replacement (a control may serve several treated units).") public var replace = false
    @Option(help: "Caliper in standard deviations of the propensity score.") public var caliper: Double?
    @Option(help: "Order in which treated units are matched: largest, smallest, random or data.") public var order: Order = .largest
    @Option(help: "Seed of --order random.") public var seed: UInt64 = 1
    @Option(help: "Columns on which matches must agree exactly, comma-separated.") public var exact: String?
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    public func run() throws {
        let name = (data as NSString).lastPathComponent
        let columns = try TidyCSVReader.read(path: data).columns
        let covariateList = OLSCommand.list(covariates)
        let exactColumns = OLSCommand.list(exact)
        let design = try ModelDesign(columns: columns, file: data, covariates: covariateList,
                                     required: [treatment, outcome] + covariateList.map { CovariateSpec($0).column } + exactColumns)
        let treated = try Self.treatment(columns, treatment, rows: design.rows, file: name)
        let y = try ModelDesign.numbers(columns, outcome, rows: design.rows, file: data)
        let (balanceDesign, balanceNames) = Self.balanceCovariates(columns, covariateList.map(CovariateSpec.init), rows: design.rows)
        let exactTexts = exactColumns.map { ModelDesign.texts(columns, $0, rows: design.rows) }
        let strata = exactColumns.isEmpty ? nil : design.rows.indices.map { i in exactTexts.map { $0[i] }.joined(separator: "\u{1}") }
        let options = NearestNeighbourOptions(ratio: ratio, replace: replace, caliper: caliper, order: matchingOrder)
        let analysis: MatchingAnalysis
        do {
            analysis = try MatchingAnalysis.run(treatment: treated, outcome: y, covariates: design.design, names: design.terms,
                                                balanceCovariates: balanceDesign, balanceNames: balanceNames,
                                                method: method, estimand: estimand, options: options, exactStrata: strata)
        } catch let error as MatchingError {
            throw CommandFailure("\(name): \(error.description)")
        } catch let error as RegressionError {
            throw CommandFailure("\(name): \(error.description)")
        }
        let output = Self.output(analysis, dropped: design.dropped, replace: replace)
        switch format {
        case .json: print(try Terminal.jsonText(output), terminator: "")
        case .table: print(Self.table(output))
        }
    }

    var matchingOrder: MatchingOrder {
        switch order {
        case .largest: .largest
        case .smallest: .smallest
        case .random: .random(seed: seed)
        case .data: .data
        }
    }

    /// The treatment as booleans: numbers 0/1 or text true/false.
    static func treatment(_ columns: [String: DataColumn], _ column: String, rows: [Int], file: String) throws -> [Bool] {
        let texts = ModelDesign.texts(columns, column, rows: rows)
        return try texts.enumerated().map { i, text in
            switch text.lowercased() {
            case "1", "true": return true
            case "0", "false": return false
            default: throw CommandFailure("\(file): line \(rows[i] + 2), column \(column): '\(text)' is not a treatment indicator (0/1 or true/false)")
            }
        }
    }

    /// The covariates as MatchIt's summary() lists them: numbers as they are, and a dummy for
    /// every level (in sorted order) of a categorical covariate.
    static func balanceCovariates(_ columns: [String: DataColumn], _ specs: [CovariateSpec], rows: [Int]) -> (Matrix, [String]) {
        var values: [[Double]] = [], names: [String] = []
        for spec in specs {
            let column = columns[spec.column]!
            if case .numeric(let numbers) = column, !spec.forceCategorical {
                values.append(rows.map { numbers[$0] })
                names.append(spec.column)
                continue
            }
            let texts = ModelDesign.texts(columns, spec.column, rows: rows)
            for level in ModelFrame.sortedLevels(Set(texts)) {
                values.append(texts.map { $0 == level ? 1 : 0 })
                names.append(spec.label + level)
            }
        }
        return (values.isEmpty ? Matrix(rows: rows.count, columns: 0) : Matrix(columns: values), names)
    }

    static func output(_ analysis: MatchingAnalysis, dropped: Int, replace: Bool) -> MatchOutput {
        let effect = analysis.effect
        return MatchOutput(
            method: analysis.method.rawValue, estimand: analysis.estimand.rawValue, att: effect.estimate, se: effect.standardError,
            ciLower: effect.ciLower, ciUpper: effect.ciUpper, seType: effect.clusters == nil ? "HC3" : "cluster (matched set)",
            nTreated: analysis.treatedCount, nControlMatched: analysis.controlCount,
            nTreatedUnmatched: analysis.matching?.treatedUnmatched ?? 0, nObs: analysis.weights.count, nDropped: dropped,
            caliperWidth: analysis.matching?.caliperWidth, propensityTerms: analysis.propensity.terms,
            propensityCoefficients: analysis.propensity.coefficients,
            balance: analysis.balance.map {
                .init(covariate: $0.covariate, meanTreated: $0.meanTreatedAfter, meanControlBefore: $0.meanControlBefore,
                      meanControlAfter: $0.meanControlAfter, smdBefore: $0.smdBefore, smdAfter: $0.smdAfter,
                      varianceRatioBefore: $0.varianceRatioBefore, varianceRatioAfter: $0.varianceRatioAfter)
            })
    }

    static func table(_ output: MatchOutput) -> String {
        let what = output.method == "ipw" ? "Inverse-probability weighting" : "Nearest-neighbour matching"
        var lines = ["\(what), \(output.estimand.uppercased()): \(output.nTreated) treated, \(output.nControlMatched) controls used"
            + " (\(output.nTreatedUnmatched) treated unmatched, \(output.nDropped) rows dropped)"]
        lines.append(String(format: "effect %.6g  se %.6g (%@)  95%% CI %.6g to %.6g", output.att, output.se, output.seType, output.ciLower, output.ciUpper))
        let width = max(12, output.balance.map(\.covariate.count).max() ?? 0)
        func pad(_ text: String) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        func number(_ x: Double?) -> String { x.map { String(format: "%10.4f", $0) } ?? String(repeating: " ", count: 9) + "-" }
        lines.append(pad("covariate") + "  smd before  smd after   vr before   vr after")
        for b in output.balance {
            lines.append(pad(b.covariate) + "  " + [b.smdBefore, b.smdAfter, b.varianceRatioBefore, b.varianceRatioAfter].map(number).joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }
}
