import ArgumentParser
import Foundation
import LAEvalData
import LAEvalStats

/// `laeval estimate`: one estimator on any tidy CSV.
public struct EstimateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Run one estimator on a tidy CSV file (one row per observation, one column per variable).",
        discussion: """
        Examples:
          laeval estimate ols --data panel.csv --outcome y --covariates x1,x2 --vcov hc1
          laeval estimate ols --data panel.csv --outcome y --covariates x --fixed-effects la,year --format json
          laeval estimate did --data mpdta.csv --unit countyreal --time year --group first_treat --outcome lemp
          laeval estimate twfe --data panel.csv --unit la --time year --outcome y --treatment supported
          laeval estimate msm --data cav.csv --subject PTNUM --time years --state state --transitions 1-2,1-4,2-1,2-3,2-4,3-2,3-4 --exact-death 4
          laeval estimate km --data lung.csv --time time --event status --strata sex
          laeval estimate synth --spec basque.yaml --placebo --format json
          laeval estimate match --data lalonde.csv --treatment treat --outcome re78 --covariates age,educ,race,married,nodegree,re74,re75
          laeval estimate cea --data costs.csv --group arm --cost cost --effect months_at_home --reference usual --thresholds 0,20000,30000
          laeval estimate qca --data lipset_fuzzy.csv --outcome SURV --conditions DEV,URB,LIT,IND,STB --incl-cut 0.8 --case-id case
        """,
        subcommands: [OLSCommand.self, DiDCommand.self, TWFECommand.self, EventStudyCommand.self, ImputationCommand.self,
                      KaplanMeierCommand.self, CoxCommand.self, MultiStateCommand.self, OrdinalCommand.self, MatchCommand.self,
                      SynthCommand.self, QCACommand.self, CEACommand.self]
    )

    public init() {}
}

extension OLSVariance: ExpressibleByArgument {}

/// `laeval estimate ols`.
public struct OLSCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ols",
        abstract: "Least squares (OLS or WLS) with robust or clustered standard errors and absorbed fixed effects.",
        discussion: """
        Without fixed effects the conventions are R's (lm; sandwich's vcovHC and vcovCL with
        type HC1, i.e. Stata's CR1; t tests on the residual degrees of freedom). With
        --fixed-effects the conventions are fixest's (feols): no intercept, standard errors
        clustered by the first fixed effect unless --vcov or --cluster says otherwise, fixest's
        default small-sample correction, t tests on min(G) − 1 degrees of freedom when clustered.
        Text columns, and numeric columns written as factor(x), are dummy-coded with the first
        level in sorted order as reference, as R does. Rows missing a used value are dropped and
        counted in n_dropped.

        Examples:
          laeval estimate ols --data mtcars.csv --outcome mpg --covariates wt,hp,factor(cyl) --vcov hc3
          laeval estimate ols --data petersen.csv --outcome y --covariates x --cluster firm,year
          laeval estimate ols --data grunfeld.csv --outcome inv --covariates value,capital --fixed-effects firm,year --format json
        """
    )

    @Option(help: "The tidy CSV file.") public var data: String
    @Option(help: "The outcome column.") public var outcome: String
    @Option(help: "Covariate columns, comma-separated; factor(x) makes a numeric column categorical.") public var covariates: String
    @Option(name: .customLong("fixed-effects"), help: "Fixed-effect columns to absorb, comma-separated.") public var fixedEffects: String?
    @Option(help: "Variance estimator: iid, hc0, hc1, hc2, hc3 or cluster.") public var vcov: OLSVariance?
    @Option(help: "One or two cluster columns, comma-separated.") public var cluster: String?
    @Option(help: "A column of non-negative weights (weighted least squares).") public var weights: String?
    @Option(help: "Confidence level of the intervals.") public var level: Double = 0.95
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    static func list(_ text: String?) -> [String] {
        text.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
    }

    public func validate() throws {
        guard level > 0, level < 1 else { throw ValidationError("--level must be between 0 and 1, e.g. 0.95") }
        guard !Self.list(covariates).isEmpty else { throw ValidationError("--covariates needs at least one column") }
    }

    public func run() throws {
        let columns = try TidyCSVReader.read(path: data).columns
        let options = OLSEstimation.Options(outcome: outcome, covariates: Self.list(covariates).map(CovariateSpec.init),
                                            fixedEffects: Self.list(fixedEffects), variance: vcov, cluster: Self.list(cluster),
                                            weights: weights, level: level)
        let result: OLSResult
        do {
            result = try OLSEstimation.run(data: columns, options: options)
        } catch let error as CustomStringConvertible where !(error is InputProblem) {
            throw CommandFailure("\((data as NSString).lastPathComponent): \(error.description)")
        }
        switch format {
        case .json: print(try Terminal.jsonText(result), terminator: "")
        case .table: print(Self.table(result))
        }
    }

    static func table(_ result: OLSResult) -> String {
        func cell(_ value: Double) -> String { String(format: "%12.6g", value) }
        var lines = ["OLS of \(result.outcome): \(result.nObs) observations (\(result.nDropped) dropped); vcov \(result.vcov)"
            + (result.clusters.isEmpty ? "" : " by \(result.clusters.joined(separator: " and "))")
            + (result.fixedEffects.isEmpty ? "" : "; fixed effects \(result.fixedEffects.joined(separator: ", "))")]
        let width = max(12, result.coefficients.map(\.term.count).max() ?? 0)
        let level = Int((result.confidenceLevel * 100).rounded())
        lines.append("term".padding(toLength: width, withPad: " ", startingAt: 0) + "     estimate           se            t            p     \(level)% lower     \(level)% upper")
        for row in result.coefficients {
            lines.append(row.term.padding(toLength: width, withPad: " ", startingAt: 0) + " "
                + [row.estimate, row.se, row.t, row.p, row.ciLower, row.ciUpper].map(cell).joined(separator: " "))
        }
        if !result.aliased.isEmpty { lines.append("dropped as collinear: \(result.aliased.joined(separator: ", "))") }
        var fit = "R² \(String(format: "%.6g", result.r2))"
        if let adjusted = result.adjR2 { fit += ", adjusted \(String(format: "%.6g", adjusted))" }
        if let within = result.r2Within { fit += ", within \(String(format: "%.6g", within))" }
        lines.append(fit + "; residual SE \(String(format: "%.6g", result.sigma)); t on \(result.dfT) df")
        return lines.joined(separator: "\n")
    }
}
