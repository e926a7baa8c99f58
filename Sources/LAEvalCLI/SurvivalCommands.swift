import ArgumentParser
import Foundation
import LAEvalData
import LAEvalEstimators
import LAEvalStats

/// The JSON of `laeval estimate km`.
struct KaplanMeierOutput: Encodable {
    struct Curve: Encodable {
        var stratum: String
        var times: [Double]
        var nRisk: [Double]
        var nEvent: [Double]
        var survival: [Double]
        var se: [Double]
        var lower: [Double]
        var upper: [Double]
    }
    struct Median: Encodable { var stratum: String; var median: Double?; var lower: Double?; var upper: Double? }
    struct LogRank: Encodable { var chisq: Double; var df: Int; var p: Double; var groups: [String]; var observed: [Double]; var expected: [Double] }

    var method = "km"
    var nObs: Int
    var nDropped: Int
    var curves: [Curve]
    var median: [Median]
    var logrank: LogRank?
}

/// The survival columns shared by `km` and `cox`: time (or start and stop) and the event.
struct SurvivalColumns {
    var time: [Double]
    var start: [Double]?
    var event: [Bool]

    init(columns: [String: DataColumn], rows: [Int], file: String, time: String, start: String?, event: String) throws {
        self.time = try ModelDesign.numbers(columns, time, rows: rows, file: file)
        self.start = try start.map { try ModelDesign.numbers(columns, $0, rows: rows, file: file) }
        let codes = try ModelDesign.numbers(columns, event, rows: rows, file: file)
        do {
            self.event = try SurvivalData.eventIndicator(codes)
        } catch let error as SurvivalDataError {
            throw CommandFailure("\((file as NSString).lastPathComponent): column \(event): \(error.description)")
        }
    }
}

/// `laeval estimate km`: Kaplan–Meier curves, medians and the log-rank test, as R's survival.
public struct KaplanMeierCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "km",
        abstract: "Kaplan–Meier survival curves with medians and the log-rank test, as R's survfit and survdiff.",
        discussion: """
        Greenwood standard errors and R's default log-transformed 95% intervals; medians with
        intervals as print.survfit computes them; the log-rank test across --strata groups
        (survdiff, rho = 0), stratified by --by when given. --event is 1 for an event and 0 for
        censoring (R's 1/2 coding of status is accepted too). Matches R on survival's lung data
        (Validation/survival).

        Examples:
          laeval estimate km --data lung.csv --time time --event status --strata sex
          laeval estimate km --data spells.csv --time years --event left --strata model --format json
        """
    )

    @Option(help: "The tidy CSV file.") public var data: String
    @Option(help: "The follow-up time column.") public var time: String
    @Option(help: "The event column (1 event, 0 censored).") public var event: String
    @Option(help: "A column of groups: one curve each, compared by the log-rank test.") public var strata: String?
    @Option(help: "A column to stratify the log-rank test by.") public var by: String?
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    public func run() throws {
        let name = (data as NSString).lastPathComponent
        let columns = try TidyCSVReader.read(path: data).columns
        let design = try ModelDesign(columns: columns, file: data, covariates: [], required: [time, event] + [strata, by].compactMap { $0 })
        let survival = try SurvivalColumns(columns: columns, rows: design.rows, file: data, time: time, start: nil, event: event)
        let groups = strata.map { ModelDesign.texts(columns, $0, rows: design.rows) }
        let output: KaplanMeierOutput
        do {
            let curves = try KaplanMeier.fit(time: survival.time, event: survival.event, strata: groups)
            var logrank: KaplanMeierOutput.LogRank?
            if let groups, Set(groups).count > 1 {
                let test = try LogRankTest.test(time: survival.time, event: survival.event, group: groups,
                                                strata: by.map { ModelDesign.texts(columns, $0, rows: design.rows) })
                logrank = .init(chisq: test.chiSquare, df: test.degreesOfFreedom, p: test.pValue, groups: test.groups,
                                observed: test.observed, expected: test.expected)
            }
            output = KaplanMeierOutput(
                nObs: design.rows.count, nDropped: design.dropped,
                curves: curves.map { .init(stratum: $0.stratum, times: $0.times, nRisk: $0.atRisk, nEvent: $0.events, survival: $0.survival,
                                           se: $0.standardError, lower: $0.lower, upper: $0.upper) },
                median: curves.map { .init(stratum: $0.stratum, median: $0.median.estimate, lower: $0.median.lower, upper: $0.median.upper) },
                logrank: logrank)
        } catch let error as SurvivalDataError {
            throw CommandFailure("\(name): \(error.description)")
        }
        switch format {
        case .json: print(try Terminal.jsonText(output), terminator: "")
        case .table: print(Self.table(output))
        }
    }

    static func table(_ output: KaplanMeierOutput) -> String {
        func value(_ x: Double?) -> String { x.map { String(format: "%.4g", $0) } ?? "NA" }
        var lines = ["Kaplan–Meier: \(output.nObs) observations (\(output.nDropped) dropped)", "stratum                  n  events   median  0.95 lower  0.95 upper"]
        for (curve, median) in zip(output.curves, output.median) {
            let n = curve.nRisk.first ?? 0, events = curve.nEvent.reduce(0, +)
            lines.append(curve.stratum.padding(toLength: 20, withPad: " ", startingAt: 0)
                + String(format: " %6.0f  %6.0f ", n, events) + [median.median, median.lower, median.upper].map { value($0).leftPadded(10) }.joined(separator: " "))
        }
        if let test = output.logrank { lines.append(String(format: "log-rank χ² %.4f on %d df, p = %.4g", test.chisq, test.df, test.p)) }
        return lines.joined(separator: "\n")
    }
}

/// The JSON of `laeval estimate cox`.
struct CoxOutput: Encodable {
    struct Coefficient: Encodable {
        var term: String; var estimate: Double; var se: Double; var robustSe: Double?; var hazardRatio: Double
        var ciLower: Double; var ciUpper: Double; var z: Double; var p: Double
    }
    struct Test: Encodable { var statistic: Double; var df: Int; var p: Double }
    struct Tests: Encodable { var wald: Test; var lr: Test; var score: Test }
    struct Concordance: Encodable { var value: Double; var se: Double }
    struct PHTest: Encodable { var term: String; var chisq: Double; var df: Int; var p: Double }

    var method = "cox"
    var ties: String
    var nObs: Int
    var nEvents: Int
    var nDropped: Int
    var coefficients: [Coefficient]
    var loglik: [Double]
    var concordance: Concordance
    var tests: Tests
    var proportionalHazards: [PHTest]
}

extension CoxTies: ExpressibleByArgument {}

/// `laeval estimate cox`: Cox proportional hazards, as R's coxph.
public struct CoxCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cox",
        abstract: "Cox proportional hazards regression, as R's coxph, with time-varying covariates in (start, stop] form.",
        discussion: """
        Partial likelihood maximised by Newton–Raphson (Cox 1972) with Efron (default) or
        Breslow ties; --start gives counting-process data, (start, stop] rows, for covariates
        that change over time; --cluster gives robust (Lin–Wei sandwich) standard errors by
        cluster, as coxph's cluster(). Reports hazard ratios with 95% intervals, the Wald,
        likelihood-ratio and score tests, Harrell's concordance and the Grambsch–Therneau test
        of proportional hazards (cox.zph, KM transform). Matches R on survival's lung and heart
        data (Validation/survival).

        Examples:
          laeval estimate cox --data lung.csv --time time --event status --covariates age,sex,ph.ecog
          laeval estimate cox --data heart.csv --start start --time stop --event event --covariates age,year,surgery,transplant --ties breslow --cluster id
        """
    )

    @Option(help: "The tidy CSV file.") public var data: String
    @Option(help: "The follow-up (or stop) time column.") public var time: String
    @Option(help: "The start time column, for (start, stop] rows.") public var start: String?
    @Option(help: "The event column (1 event, 0 censored).") public var event: String
    @Option(help: "Covariate columns, comma-separated; factor(x) makes a numeric column categorical.") public var covariates: String
    @Option(help: "Ties method: efron or breslow.") public var ties: CoxTies = .efron
    @Option(help: "A column of strata (separate baseline hazards).") public var strata: String?
    @Option(help: "A cluster column: robust standard errors by cluster.") public var cluster: String?
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    public func run() throws {
        let name = (data as NSString).lastPathComponent
        let columns = try TidyCSVReader.read(path: data).columns
        let covariateList = OLSCommand.list(covariates)
        let design = try ModelDesign(columns: columns, file: data, covariates: covariateList,
                                     required: [time, event] + [start, strata, cluster].compactMap { $0 } + covariateList.map { CovariateSpec($0).column })
        let survival = try SurvivalColumns(columns: columns, rows: design.rows, file: data, time: time, start: start, event: event)
        let fit: CoxFit
        do {
            let input = try CoxData(start: survival.start, stop: survival.time, event: survival.event, covariates: design.design,
                                    names: design.terms, strata: strata.map { ModelDesign.texts(columns, $0, rows: design.rows) },
                                    cluster: cluster.map { ModelDesign.texts(columns, $0, rows: design.rows) })
            fit = try CoxModel.fit(input, ties: ties)
        } catch let error as SurvivalDataError {
            throw CommandFailure("\(name): \(error.description)")
        }
        let output = Self.output(fit, nObs: design.rows.count, nEvents: survival.event.filter { $0 }.count, nDropped: design.dropped)
        switch format {
        case .json: print(try Terminal.jsonText(output), terminator: "")
        case .table: print(Self.table(output))
        }
    }

    static func output(_ fit: CoxFit, nObs: Int, nEvents: Int, nDropped: Int) -> CoxOutput {
        let ratios = fit.hazardRatios()
        func test(_ t: ChiSquareTest) -> CoxOutput.Test { .init(statistic: t.statistic, df: t.degreesOfFreedom, p: t.pValue) }
        let ph = fit.proportionalHazardsTest()
        return CoxOutput(
            ties: fit.ties.rawValue, nObs: nObs, nEvents: nEvents, nDropped: nDropped,
            coefficients: fit.names.indices.map { k in
                let beta = fit.coefficients[k], se = fit.robustStandardErrors?[k] ?? fit.standardErrors[k]
                return .init(term: fit.names[k], estimate: beta, se: fit.standardErrors[k], robustSe: fit.robustStandardErrors?[k],
                             hazardRatio: ratios[k].estimate, ciLower: ratios[k].lower, ciUpper: ratios[k].upper, z: beta / se,
                             p: 2 * Normal.standardCDF(-abs(beta / se)))
            },
            loglik: [fit.logLikelihoodNull, fit.logLikelihood],
            concordance: .init(value: fit.concordance.value, se: fit.concordance.standardError),
            tests: .init(wald: test(fit.waldTest), lr: test(fit.likelihoodRatioTest), score: test(fit.scoreTest)),
            proportionalHazards: ph.terms.map { .init(term: $0.name, chisq: $0.test.statistic, df: $0.test.degreesOfFreedom, p: $0.test.pValue) }
                + [.init(term: "GLOBAL", chisq: ph.global.statistic, df: ph.global.degreesOfFreedom, p: ph.global.pValue)])
    }

    static func table(_ output: CoxOutput) -> String {
        var lines = ["Cox model (\(output.ties) ties): \(output.nObs) rows, \(output.nEvents) events (\(output.nDropped) dropped)"]
        let width = max(12, output.coefficients.map(\.term.count).max() ?? 0)
        func pad(_ text: String) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        lines.append(pad("term") + "         coef    exp(coef)           se            z            p")
        for c in output.coefficients {
            lines.append(pad(c.term) + String(format: " %12.6g %12.6g %12.6g %12.6g %12.6g", c.estimate, c.hazardRatio, c.robustSe ?? c.se, c.z, c.p))
        }
        lines.append(String(format: "concordance %.4f (se %.4f); log-likelihood %.4f (null %.4f)", output.concordance.value, output.concordance.se,
                            output.loglik[1], output.loglik[0]))
        for (label, t) in [("likelihood ratio", output.tests.lr), ("Wald", output.tests.wald), ("score (log-rank)", output.tests.score)] {
            lines.append(label + String(format: " test %.4f on %d df, p = %.4g", t.statistic, t.df, t.p))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
