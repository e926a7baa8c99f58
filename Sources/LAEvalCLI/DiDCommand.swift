import ArgumentParser
import Foundation
import LAEvalData
import LAEvalEstimators
import LAEvalStats

extension CallawaySantAnna.ControlGroup: ExpressibleByArgument {}
extension DiDEstimator: ExpressibleByArgument {}
extension CallawaySantAnna.BasePeriod: ExpressibleByArgument {}

/// How `estimate did` computes standard errors.
public enum DiDStandardErrors: String, ExpressibleByArgument, CaseIterable, Sendable {
    case analytic, bootstrap
}

/// The JSON of `laeval estimate did` (design.md §8); NaN (a universal base cell) is null.
struct DiDOutput: Encodable {
    struct Cell: Encodable { var group: Int; var time: Int; var att: Double; var se: Double? }
    struct Estimate: Encodable { var att: Double; var se: Double? }
    struct EventTime: Encodable { var eventTime: Int; var att: Double; var se: Double? }
    struct Group: Encodable { var group: Int; var att: Double; var se: Double? }
    struct Calendar: Encodable { var time: Int; var att: Double; var se: Double? }
    struct Aggregates: Encodable {
        var simple: Estimate
        var dynamic: [EventTime]
        var dynamicOverall: Estimate
        var group: [Group]
        var groupOverall: Estimate
        var calendar: [Calendar]
        var calendarOverall: Estimate
    }

    var method = "did"
    var control: String
    var estimator: String
    var basePeriod: String
    var anticipation: Int
    var se: String
    var repetitions: Int?
    var seed: UInt64?
    var uniformCriticalValue: Double?
    var nUnits: Int
    var nDroppedUnits: Int
    var nDropped: Int
    var attGt: [Cell]
    var aggregates: Aggregates
    struct Pretrend: Encodable { var statistic: Double; var df: Int; var p: Double }
    /// Joint Wald test that every pre-treatment ATT(g,t) is zero.
    var pretrendTest: Pretrend?

    static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
}

/// `laeval estimate did`: Callaway & Sant'Anna (2021) on a panel in a tidy CSV.
public struct DiDCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "did",
        abstract: "Callaway & Sant'Anna difference in differences for staggered adoption: ATT(g,t) and its aggregations.",
        discussion: """
        The data are a panel: one row per unit and period, with the period each unit is first
        treated in (--group; 0 for never treated). Units not observed in every period are dropped
        (as R's did does) and counted in n_dropped_units; units treated in the first period have
        no pre-period and are left out. Defaults are R's did: never-treated controls, the doubly
        robust estimator, a varying base period, no anticipation. Analytic standard errors come
        from the influence functions; --se bootstrap uses the multiplier bootstrap (Rademacher
        weights by unit) and reports the critical value of simultaneous 95% bands for ATT(g,t).

        Examples:
          laeval estimate did --data mpdta.csv --unit countyreal --time year --group first_treat --outcome lemp
          laeval estimate did --data mpdta.csv --unit countyreal --time year --group first_treat --outcome lemp \\
              --control notyet --covariates lpop --se bootstrap --reps 999 --seed 1 --format json
        """
    )

    @Option(help: "The tidy CSV file.") public var data: String
    @Option(help: "The unit column.") public var unit: String
    @Option(help: "The period column (whole numbers).") public var time: String
    @Option(help: "The first-treated period column (0 for never treated).") public var group: String
    @Option(help: "The outcome column.") public var outcome: String
    @Option(help: "Comparison group: never or notyet.") public var control: CallawaySantAnna.ControlGroup = .never
    @Option(help: "2×2 estimator: dr, ipw or reg.") public var estimator: DiDEstimator = .dr
    @Option(help: "Covariates (taken at the base period), comma-separated.") public var covariates: String?
    @Option(name: .customLong("base-period"), help: "varying or universal.") public var basePeriod: CallawaySantAnna.BasePeriod = .varying
    @Option(help: "Periods of anticipation.") public var anticipation: Int = 0
    @Option(help: "Standard errors: analytic or bootstrap.") public var se: DiDStandardErrors = .analytic
    @Option(help: "Bootstrap repetitions.") public var reps: Int = 999
    @Option(help: "Bootstrap seed.") public var seed: UInt64 = 1
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table
    @Option(name: .customLong("benchmark-repeats"), help: .hidden) public var benchmarkRepeats: Int?

    public init() {}

    public func validate() throws {
        guard anticipation >= 0 else { throw ValidationError("--anticipation must be 0 or more") }
        guard reps >= 2 else { throw ValidationError("--reps must be at least 2") }
    }

    public func run() throws {
        let name = (data as NSString).lastPathComponent
        let columns = try TidyCSVReader.read(path: data).columns
        let output: DiDOutput
        do {
            let panel = try BalancedPanel(data: columns, unit: unit, time: time, group: group, outcome: outcome,
                                          covariates: OLSCommand.list(covariates))
            let options = CallawaySantAnna.Options(control: control, estimator: estimator, anticipation: anticipation, basePeriod: basePeriod)
            let cs = try CallawaySantAnna(panel: panel, options: options)
            output = Self.output(cs, panel: panel, command: self)
            if let repeats = benchmarkRepeats {
                // for Benchmarks/did: the estimation, bootstrap and aggregation alone, in process
                let clock = ContinuousClock()
                var seconds: [Double] = []
                for _ in 0..<repeats {
                    let start = clock.now
                    _ = Self.output(try CallawaySantAnna(panel: panel, options: options), panel: panel, command: self)
                    let elapsed = start.duration(to: clock.now).components
                    seconds.append(Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
                }
                Terminal.progress("in-process median seconds: \(seconds.sorted()[seconds.count / 2])")
            }
        } catch let error as CustomStringConvertible where !(error is InputProblem) {
            throw CommandFailure("\(name): \(error.description)")
        }
        switch format {
        case .json: print(try Terminal.jsonText(output), terminator: "")
        case .table: print(Self.table(output))
        }
    }

    static func output(_ cs: CallawaySantAnna, panel: BalancedPanel, command: DiDCommand) -> DiDOutput {
        let parts = cs.aggregateInfluence()
        var cellSE = cs.attGroupTime.map(\.se)
        var aggregateSE: [Double]?
        var critical: Double?
        if command.se == .bootstrap {
            // one set of draws for every estimate; the simultaneous band covers the ATT(g,t)
            let bootstrap = DiDMultiplierBootstrap(influence: cs.influence + parts.map(\.psi), repetitions: command.reps,
                                                   seed: command.seed, band: Array(cs.influence.indices))
            cellSE = Array(bootstrap.standardErrors.prefix(cs.influence.count))
            aggregateSE = Array(bootstrap.standardErrors.dropFirst(cs.influence.count))
            critical = bootstrap.uniformCriticalValue
        }
        let a = cs.aggregate(standardErrors: aggregateSE)
        let f = DiDOutput.finite
        return DiDOutput(
            control: command.control.rawValue, estimator: command.estimator.rawValue, basePeriod: command.basePeriod.rawValue,
            anticipation: command.anticipation, se: command.se.rawValue,
            repetitions: command.se == .bootstrap ? command.reps : nil, seed: command.se == .bootstrap ? command.seed : nil,
            uniformCriticalValue: critical, nUnits: cs.units, nDroppedUnits: panel.droppedUnits, nDropped: panel.droppedRows,
            attGt: zip(cs.attGroupTime, cellSE).map { .init(group: $0.group, time: $0.time, att: $0.att, se: f($1)) },
            aggregates: .init(
                simple: .init(att: a.simple.att, se: f(a.simple.se)),
                dynamic: a.dynamic.map { .init(eventTime: $0.eventTime, att: $0.att, se: f($0.se)) },
                dynamicOverall: .init(att: a.dynamicOverall.att, se: f(a.dynamicOverall.se)),
                group: a.group.map { .init(group: $0.group, att: $0.att, se: f($0.se)) },
                groupOverall: .init(att: a.groupOverall.att, se: f(a.groupOverall.se)),
                calendar: a.calendar.map { .init(time: $0.time, att: $0.att, se: f($0.se)) },
                calendarOverall: .init(att: a.calendarOverall.att, se: f(a.calendarOverall.se))),
            pretrendTest: cs.pretrendTest.map { .init(statistic: $0.statistic, df: $0.df, p: $0.p) })
    }

    static func table(_ output: DiDOutput) -> String {
        func number(_ value: Double?) -> String { value.map { String(format: "%10.4f", $0) } ?? "         —" }
        var lines = ["Callaway–Sant'Anna DiD: \(output.estimator), \(output.control == "never" ? "never-treated" : "not-yet-treated") controls, "
            + "\(output.basePeriod) base period; \(output.nUnits) units (\(output.nDroppedUnits) unbalanced units dropped); SEs \(output.se)"]
        lines.append("")
        lines.append("ATT(g,t)   group   time        att         se")
        for cell in output.attGt { lines.append("          \(cell.group)   \(cell.time) \(number(cell.att)) \(number(cell.se))") }
        if let critical = output.uniformCriticalValue { lines.append("critical value of simultaneous 95% bands: \(String(format: "%.3f", critical))") }
        if let test = output.pretrendTest {
            lines.append("pre-trend test (all pre-treatment ATT(g,t) = 0): W = \(String(format: "%.3f", test.statistic)), df \(test.df), p = \(String(format: "%.4g", test.p))")
        }
        lines.append("")
        lines.append("simple ATT \(number(output.aggregates.simple.att)) (SE \(number(output.aggregates.simple.se).trimmingCharacters(in: .whitespaces)))")
        lines.append("event time        att         se")
        for row in output.aggregates.dynamic { lines.append(String(format: "%10d", row.eventTime) + " \(number(row.att)) \(number(row.se))") }
        lines.append("  overall \(number(output.aggregates.dynamicOverall.att)) \(number(output.aggregates.dynamicOverall.se))")
        lines.append("group             att         se")
        for row in output.aggregates.group { lines.append(String(format: "%10d", row.group) + " \(number(row.att)) \(number(row.se))") }
        lines.append("  overall \(number(output.aggregates.groupOverall.att)) \(number(output.aggregates.groupOverall.se))")
        lines.append("calendar          att         se")
        for row in output.aggregates.calendar { lines.append(String(format: "%10d", row.time) + " \(number(row.att)) \(number(row.se))") }
        lines.append("  overall \(number(output.aggregates.calendarOverall.att)) \(number(output.aggregates.calendarOverall.se))")
        return lines.joined(separator: "\n")
    }
}

/// `laeval estimate twfe`: the static two-way fixed effects regression.
public struct TWFECommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "twfe",
        abstract: "Two-way fixed effects regression of an outcome on a treatment indicator, clustered by unit (fixest's conventions).",
        discussion: """
        Fits Y = unit effect + period effect + β·treatment, standard errors clustered by unit
        (or --cluster) with fixest's default small-sample correction. Under staggered adoption with
        effects that change over time this β is biased: use `laeval estimate did` for the effect and
        keep this as a benchmark.

        Examples:
          laeval estimate twfe --data panel.csv --unit la --time year --outcome y --treatment supported
          laeval estimate twfe --data panel.csv --unit la --time year --outcome y --treatment supported --cluster region --format json
        """
    )

    @Option(help: "The tidy CSV file.") public var data: String
    @Option(help: "The unit column.") public var unit: String
    @Option(help: "The period column.") public var time: String
    @Option(help: "The outcome column.") public var outcome: String
    @Option(help: "The treatment indicator column (0/1).") public var treatment: String
    @Option(help: "Cluster column (default: the unit).") public var cluster: String?
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    public func run() throws {
        let ols = try OLSCommand.parse(["--data", data, "--outcome", outcome, "--covariates", treatment,
                                        "--fixed-effects", "\(unit),\(time)", "--vcov", "cluster",
                                        "--cluster", cluster ?? unit, "--format", format.rawValue])
        try ols.run()
    }
}
