import ArgumentParser
import Foundation
import LAEvalData
import LAEvalEstimators
import LAEvalStats

/// The JSON of `laeval estimate ordinal`.
struct OrdinalOutput: Encodable {
    struct Coefficient: Encodable { var term: String; var estimate: Double; var se: Double; var z: Double; var p: Double; var ciLower: Double; var ciUpper: Double }
    struct Threshold: Encodable { var term: String; var estimate: Double; var se: Double }

    var method = "ordinal"
    var link: String
    var levels: [String]
    var coefficients: [Coefficient]
    var thresholds: [Threshold]
    var loglik: Double
    var aic: Double
    var nObs: Int
    var nDropped: Int
    var converged: Bool
    var iterations: Int
}

extension CumulativeLink: ExpressibleByArgument {}

/// `laeval estimate ordinal`: a cumulative-link model, as R's ordinal::clm.
public struct OrdinalCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ordinal",
        abstract: "Cumulative-link (proportional odds) regression of an ordered outcome, as R's ordinal::clm.",
        discussion: """
        P(Y ≤ j) = F(θ_j − xᵀβ) with F logistic (--link logit, the proportional odds model) or
        normal (--link probit) (McCullagh 1980), fitted by Newton–Raphson to the maximum of the
        likelihood; standard errors from the observed information. A positive coefficient moves
        the outcome towards its higher levels. The levels are ordered as R orders a factor
        (numbers numerically, text alphabetically) unless --levels gives the order. Matches
        clm on ordinal's wine data to 1e-12 (Validation/ordinal).

        Examples:
          laeval estimate ordinal --data wine.csv --outcome rating --covariates temp,contact
          laeval estimate ordinal --data grades.csv --outcome grade --levels inadequate,requiresImprovement,good,outstanding --covariates supported --link probit --format json
        """
    )

    @Option(help: "The tidy CSV file.") public var data: String
    @Option(help: "The ordered outcome column.") public var outcome: String
    @Option(help: "Covariate columns, comma-separated; factor(x) makes a numeric column categorical.") public var covariates: String
    @Option(help: "The outcome's levels from lowest to highest, comma-separated (default: sorted as R sorts a factor).") public var levels: String?
    @Option(help: "The link: logit or probit.") public var link: CumulativeLink = .logit
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    public func run() throws {
        let name = (data as NSString).lastPathComponent
        let columns = try TidyCSVReader.read(path: data).columns
        let design = try ModelDesign(columns: columns, file: data, covariates: OLSCommand.list(covariates),
                                     required: [outcome] + OLSCommand.list(covariates).map { CovariateSpec($0).column })
        let values = ModelDesign.texts(columns, outcome, rows: design.rows)
        let order = levels.map { OLSCommand.list($0) } ?? ModelFrame.sortedLevels(Set(values))
        let index = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        if let row = values.indices.first(where: { index[values[$0]] == nil }) {
            throw CommandFailure("\(name): line \(design.rows[row] + 2), column \(outcome): '\(values[row])' is not one of --levels \(order.joined(separator: ","))")
        }
        let fit: CumulativeLinkFit
        do {
            fit = try CumulativeLinkModel.fit(outcome: values.map { index[$0]! }, design: design.design, names: design.terms,
                                              categories: order, link: link)
        } catch let error as CumulativeLinkError {
            throw CommandFailure("\(name): \(error.description)")
        }
        let z = Normal.standardQuantile(0.975)
        let output = OrdinalOutput(
            link: link.rawValue, levels: order,
            coefficients: fit.coefficients.map {
                .init(term: $0.term, estimate: $0.estimate, se: $0.standardError, z: $0.z, p: $0.p,
                      ciLower: $0.estimate - z * $0.standardError, ciUpper: $0.estimate + z * $0.standardError)
            },
            thresholds: fit.thresholds.map { .init(term: $0.term, estimate: $0.estimate, se: $0.standardError) },
            loglik: fit.logLikelihood, aic: fit.aic, nObs: fit.observations, nDropped: design.dropped,
            converged: fit.converged, iterations: fit.iterations)
        switch format {
        case .json: print(try Terminal.jsonText(output), terminator: "")
        case .table: print(Self.table(output))
        }
    }

    static func table(_ output: OrdinalOutput) -> String {
        var lines = ["Cumulative \(output.link) model of \(output.levels.joined(separator: " < ")): \(output.nObs) observations (\(output.nDropped) dropped)"]
        let width = max(12, (output.coefficients.map(\.term) + output.thresholds.map(\.term)).map(\.count).max() ?? 0)
        func pad(_ text: String) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        lines.append(pad("term") + "     estimate           se            z            p")
        for c in output.coefficients { lines.append(pad(c.term) + String(format: " %12.6g %12.6g %12.6g %12.6g", c.estimate, c.se, c.z, c.p)) }
        lines.append("thresholds")
        for t in output.thresholds { lines.append(pad(t.term) + String(format: " %12.6g %12.6g", t.estimate, t.se)) }
        lines.append(String(format: "log-likelihood %.6f, AIC %.4f", output.loglik, output.aic) + (output.converged ? "" : " (NOT CONVERGED)"))
        return lines.joined(separator: "\n")
    }
}
