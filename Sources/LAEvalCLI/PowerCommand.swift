import ArgumentParser
import Foundation
import LAEvalStats

extension Alternative: ExpressibleByArgument {}
extension TTestPower.TestType: ExpressibleByArgument {}
extension DiDPower.CriticalValues: ExpressibleByArgument {}

/// `laeval power`: analytic power, sample sizes and minimum detectable effects.
public struct PowerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "power",
        abstract: "Power, sample size or minimum detectable effect of a planned comparison.",
        discussion: """
        Give all but one of the sample size, the effect size and the power; the
        missing one is solved for, as R's pwr package does (to 1e-12, where pwr stops
        near 1e-4). Sample sizes are reported unrounded, with the whole number to
        plan for in n_ceiling. See docs/methods/power.md.

        Examples:
          laeval power ttest --d 0.5 --power 0.8
          laeval power ttest --n 40 --d 0.4 --icc 0.05 --cluster-size 20 --format json
          laeval power proportions --p1 0.65 --p2 0.45 --power 0.9
          laeval power did --pre 4 --post 3 --units 150 --sd 1 --rho 0.6 --power 0.8
          laeval power simulate --data panel.csv --unit la --time year --group first_treat --outcome y
        """,
        subcommands: [TTestPowerCommand.self, ProportionsPowerCommand.self, DiDPowerCommand.self, PowerSimulateCommand.self]
    )

    public init() {}
}

/// What every power subcommand prints: the pwr-style result first, then anything particular.
struct PowerReport {
    var result: PowerResult
    var solved: String
    var title: String
    /// Further (key, value) pairs for the JSON, after the five standard keys.
    var extra: [(String, PowerReport.Value)] = []

    enum Value {
        case number(Double)
        case integer(Int)
        case text(String)

        var json: String {
            switch self {
            case .number(let value): value.isFinite ? "\(value)" : "\"\(value.isNaN ? "NaN" : value > 0 ? "Infinity" : "-Infinity")\""
            case .integer(let value): "\(value)"
            case .text(let value): "\"\(value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
            }
        }
    }

    /// {"n", "power", "effect_size", "alpha", "n_ceiling", then `extra`} in that order, laid
    /// out as the other laeval commands lay out JSON.
    var json: String {
        let fields: [(String, Value)] = [("n", .number(result.n)), ("power", .number(result.power)),
                                         ("effect_size", .number(result.effectSize)), ("alpha", .number(result.alpha)),
                                         ("n_ceiling", .integer(result.nCeiling))] + extra
        return "{\n" + fields.map { "  \"\($0.0)\" : \($0.1.json)" }.joined(separator: ",\n") + "\n}\n"
    }

    func table(nLabel: String, effectLabel: String) -> String {
        func number(_ value: Double) -> String { String(format: "%.6g", value) }
        func mark(_ name: String) -> String { name == solved ? "  (solved)" : "" }
        var lines = [title]
        lines.append("  \(nLabel.padding(toLength: 22, withPad: " ", startingAt: 0)) \(number(result.n)) → plan \(result.nCeiling)\(mark("n"))")
        if let n2 = result.n2, let ceiling = result.n2Ceiling {
            lines.append("  \("second group".padding(toLength: 22, withPad: " ", startingAt: 0)) \(number(n2)) → plan \(ceiling)\(mark("n2"))")
        }
        lines.append("  \(effectLabel.padding(toLength: 22, withPad: " ", startingAt: 0)) \(number(result.effectSize))\(mark("effect_size"))")
        lines.append("  \("power".padding(toLength: 22, withPad: " ", startingAt: 0)) \(number(result.power))\(mark("power"))")
        lines.append("  \("alpha".padding(toLength: 22, withPad: " ", startingAt: 0)) \(number(result.alpha))")
        return lines.joined(separator: "\n")
    }

    func print(_ format: OutputFormat, nLabel: String, effectLabel: String) {
        switch format {
        case .json: Swift.print(json, terminator: "")
        case .table: Swift.print(table(nLabel: nLabel, effectLabel: effectLabel))
        }
    }
}

extension PowerCommand {
    /// Runs a calculation, turning its errors into one-line command failures.
    static func solving<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as PowerError { throw CommandFailure(error.description) }
    }

    /// The name of the one missing quantity among `given`, or a one-line failure naming the
    /// options.
    static func missing(_ given: [(option: String, value: Double?)], solvedNames: [String]) throws -> String {
        let absent = given.indices.filter { given[$0].value == nil }
        guard absent.count == 1 else {
            let options = given.map(\.option)
            let list = options.dropLast().joined(separator: ", ") + " and " + options.last!
            throw CommandFailure("give all but one of \(list): the missing one is solved for (\(absent.count) are missing)")
        }
        return solvedNames[absent[0]]
    }

    static func probability(_ value: Double?, _ option: String) throws {
        if let value, !(value > 0 && value < 1) {
            throw CommandFailure("\(option) must be between 0 and 1 (exclusive), not \(String(format: "%.6g", value))")
        }
    }
}

/// `laeval power ttest`.
public struct TTestPowerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ttest",
        abstract: "Power of a t test (two-sample, one-sample or paired), as R's pwr.t.test and pwr.t2n.test.",
        discussion: """
        d is Cohen's effect size: the difference in means over the standard
        deviation. Give two of --n, --d and --power. With --n2 the groups differ in
        size (two-sample only): n is the first group and is solved for when missing.
        With --icc and --cluster-size, n counts individuals in clusters and the test
        uses n / (1 + (m − 1)·ICC).

        Examples:
          laeval power ttest --d 0.5 --power 0.8
          laeval power ttest --n 30 --d 0.6 --type paired --alternative greater
          laeval power ttest --n2 80 --d 0.5 --power 0.8 --format json
          laeval power ttest --d 0.3 --power 0.9 --icc 0.1 --cluster-size 25
        """
    )

    @Option(help: "Sample size per group (pairs when paired; the first group with --n2).") public var n: Double?
    @Option(help: "Cohen's d.") public var d: Double?
    @Option(help: "Power, 1 − β.") public var power: Double?
    @Option(help: "Significance level.") public var alpha: Double = 0.05
    @Option(help: "two-sample, one-sample or paired.") public var type: TTestPower.TestType = .twoSample
    @Option(help: "two-sided, less or greater.") public var alternative: Alternative = .twoSided
    @Option(help: "The second group's size, when the groups differ.") public var n2: Double?
    @Option(help: "Intraclass correlation of clustered observations.") public var icc: Double?
    @Option(name: .customLong("cluster-size"), help: "Members per cluster (with --icc).") public var clusterSize: Double?
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    public func run() throws {
        let solved = try PowerCommand.missing([("--n", n), ("--d", d), ("--power", power)], solvedNames: ["n", "effect_size", "power"])
        try PowerCommand.probability(power, "--power")
        try PowerCommand.probability(alpha, "--alpha")
        guard (icc == nil) == (clusterSize == nil) else { throw CommandFailure("--icc and --cluster-size go together: give both or neither") }
        let report: PowerReport
        if let n2 {
            guard type == .twoSample else { throw CommandFailure("--n2 is for two-sample tests, not \(type.rawValue)") }
            guard icc == nil else { throw CommandFailure("--icc and --cluster-size apply to equal groups; drop --n2") }
            let result = try PowerCommand.solving {
                try TwoSampleUnequalTTestPower(alternative: alternative).solve(n1: n, n2: n2, d: d, power: power, alpha: alpha)
            }
            report = PowerReport(result: result, solved: solved, title: "Two-sample t test power, unequal groups (\(alternative.rawValue))",
                                 extra: [("n2", .number(n2)), ("n2_ceiling", .integer(result.n2Ceiling ?? 0)),
                                         ("method", .text("two-sample t test, unequal groups")), ("alternative", .text(alternative.rawValue)),
                                         ("solved", .text(solved))])
        } else {
            let designEffect = try icc.map { icc in try PowerCommand.solving { try DesignEffect(clusterSize: clusterSize!, icc: icc) } }
            let result = try PowerCommand.solving {
                try TTestPower(type: type, alternative: alternative, designEffect: designEffect).solve(n: n, d: d, power: power, alpha: alpha)
            }
            var extra: [(String, PowerReport.Value)] = [("method", .text("\(type.rawValue) t test")),
                                                        ("alternative", .text(alternative.rawValue)), ("solved", .text(solved))]
            if let designEffect { extra.append(("design_effect", .number(designEffect.value))) }
            report = PowerReport(result: result, solved: solved, title: "\(type.rawValue.prefix(1).uppercased() + type.rawValue.dropFirst()) t test power (\(alternative.rawValue))"
                                 + (designEffect.map { String(format: ", design effect %.6g", $0.value) } ?? ""),
                                 extra: extra)
        }
        report.print(format, nLabel: type == .paired ? "pairs" : type == .oneSample ? "n" : n2 == nil ? "n per group" : "first group",
                     effectLabel: "d")
    }
}

/// `laeval power proportions`.
public struct ProportionsPowerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "proportions",
        abstract: "Power of a comparison of two proportions (Cohen's h, arcsine), as R's pwr.2p.test and pwr.2p2n.test.",
        discussion: """
        The effect is Cohen's h = 2 asin √p1 − 2 asin √p2, given directly with --h or
        through --p1 and --p2. Give two of --n, the effect and --power. With --n2 the
        groups differ in size: n is the first group and is solved for when missing.

        Examples:
          laeval power proportions --p1 0.65 --p2 0.45 --power 0.9
          laeval power proportions --h 0.3 --n 120
          laeval power proportions --n 200 --n2 90 --power 0.8 --format json
        """
    )

    @Option(help: "Proportion in the first group.") public var p1: Double?
    @Option(help: "Proportion in the second group.") public var p2: Double?
    @Option(help: "Cohen's h (instead of --p1 and --p2).") public var h: Double?
    @Option(help: "Sample size per group (the first group with --n2).") public var n: Double?
    @Option(help: "Power, 1 − β.") public var power: Double?
    @Option(help: "Significance level.") public var alpha: Double = 0.05
    @Option(help: "two-sided, less or greater.") public var alternative: Alternative = .twoSided
    @Option(help: "The second group's size, when the groups differ.") public var n2: Double?
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    public func run() throws {
        guard h == nil || (p1 == nil && p2 == nil) else { throw CommandFailure("give the effect as --h or as --p1 and --p2, not both") }
        guard (p1 == nil) == (p2 == nil) else { throw CommandFailure("--p1 and --p2 go together: give both or neither") }
        for (value, option) in [(p1, "--p1"), (p2, "--p2")] {
            if let value, !(value >= 0 && value <= 1) {
                throw CommandFailure("\(option) must be a proportion between 0 and 1, not \(String(format: "%.6g", value))")
            }
        }
        let effect = h ?? p1.map { ProportionsPower.cohenH(p1: $0, p2: p2!) }
        let solved = try PowerCommand.missing([("--n", n), ("the effect (--h, or --p1 and --p2)", effect), ("--power", power)],
                                              solvedNames: ["n", "effect_size", "power"])
        try PowerCommand.probability(power, "--power")
        try PowerCommand.probability(alpha, "--alpha")
        let test = ProportionsPower(alternative: alternative)
        let result = try PowerCommand.solving {
            if let n2 { return try test.solve(h: effect, n1: n, n2: n2, power: power, alpha: alpha) }
            return try test.solve(h: effect, n: n, power: power, alpha: alpha)
        }
        var extra: [(String, PowerReport.Value)] = []
        if let n2 { extra += [("n2", .number(n2)), ("n2_ceiling", .integer(result.n2Ceiling ?? 0))] }
        extra += [("method", .text("difference of two proportions (arcsine transformation)")),
                  ("alternative", .text(alternative.rawValue)), ("solved", .text(solved))]
        if let p1, let p2 { extra += [("p1", .number(p1)), ("p2", .number(p2))] }
        let report = PowerReport(result: result, solved: solved,
                                 title: "Two proportions power, Cohen's h (\(alternative.rawValue))", extra: extra)
        report.print(format, nLabel: n2 == nil ? "n per group" : "first group", effectLabel: "h")
    }
}

/// `laeval power did`.
public struct DiDPowerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "did",
        abstract: "Power of a panel difference-in-differences with serially correlated errors (Burlig, Preonas & Woerman 2020).",
        discussion: """
        J units, a share P treated, m periods before and r after. The error's
        variance and within-unit covariances come from --sd and --rho (a stationary
        AR(1); with --unit-share and --time-share, the shares of the outcome's
        variance that are unit and time effects, which the fixed effects remove) or
        directly from --sigma2, --psi-pre, --psi-post and --psi-cross. Give two of
        --units, --effect and --power; the missing one is solved for: the minimum
        detectable effect when --effect is missing. Critical values are t on J
        degrees of freedom, as the paper, unless --critical-values normal. n in the
        JSON is J.

        Examples:
          laeval power did --pre 4 --post 3 --units 150 --sd 1 --rho 0.6 --power 0.8
          laeval power did --pre 5 --post 5 --effect 0.2 --power 0.8 --sd 1.2 --rho 0.7 --unit-share 0.5
          laeval power did --pre 2 --post 2 --units 60 --effect 0.3 --sigma2 1 --psi-pre 0.5 --psi-post 0.5 --psi-cross 0.4 --format json
        """
    )

    @Option(help: "Pre-treatment periods, m.") public var pre: Int
    @Option(help: "Post-treatment periods, r.") public var post: Int
    @Option(help: "Units, J.") public var units: Double?
    @Option(name: .customLong("treated-share"), help: "Share of units treated, P.") public var treatedShare: Double = 0.5
    @Option(help: "Effect in outcome units.") public var effect: Double?
    @Option(help: "Power, 1 − β.") public var power: Double?
    @Option(help: "Significance level.") public var alpha: Double = 0.05
    @Option(help: "Standard deviation of the outcome (with --rho).") public var sd: Double?
    @Option(help: "AR(1) autocorrelation of the idiosyncratic error (with --sd).") public var rho: Double?
    @Option(name: .customLong("unit-share"), help: "Share of the outcome's variance from unit effects (with --sd).") public var unitShare: Double = 0
    @Option(name: .customLong("time-share"), help: "Share of the outcome's variance from time effects (with --sd).") public var timeShare: Double = 0
    @Option(help: "Variance of the idiosyncratic error, σ².") public var sigma2: Double?
    @Option(name: .customLong("psi-pre"), help: "Average covariance between pre-treatment periods, ψᴮ.") public var psiPre: Double = 0
    @Option(name: .customLong("psi-post"), help: "Average covariance between post-treatment periods, ψᴬ.") public var psiPost: Double = 0
    @Option(name: .customLong("psi-cross"), help: "Average covariance between a pre- and a post-treatment period, ψˣ.") public var psiCross: Double = 0
    @Option(name: .customLong("critical-values"), help: "t (on J degrees of freedom) or normal.") public var criticalValues: DiDPower.CriticalValues = .studentT
    @Option(help: "two-sided, less or greater.") public var alternative: Alternative = .twoSided
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    func design() throws -> DiDPower {
        switch (sd, sigma2) {
        case (let sd?, nil):
            guard let rho else { throw CommandFailure("--sd needs --rho, the AR(1) autocorrelation (0 for independent errors)") }
            guard sd > 0 else { throw CommandFailure("--sd must be positive, not \(String(format: "%.6g", sd))") }
            return try PowerCommand.solving {
                try DiDPower.twoWayFixedEffects(prePeriods: pre, postPeriods: post, treatedShare: treatedShare, outcomeVariance: sd * sd,
                                                unitShare: unitShare, timeShare: timeShare, rho: rho,
                                                criticalValues: criticalValues, alternative: alternative)
            }
        case (nil, let sigma2?):
            guard rho == nil else { throw CommandFailure("--rho goes with --sd; with --sigma2 give --psi-pre, --psi-post and --psi-cross") }
            return try PowerCommand.solving {
                try DiDPower(prePeriods: pre, postPeriods: post, treatedShare: treatedShare, variance: sigma2, psiPre: psiPre,
                             psiPost: psiPost, psiCross: psiCross, criticalValues: criticalValues, alternative: alternative)
            }
        default:
            throw CommandFailure("give the error's variance as --sd with --rho, or as --sigma2 (with --psi-pre, --psi-post, --psi-cross)")
        }
    }

    public func run() throws {
        let solved = try PowerCommand.missing([("--units", units), ("--effect", effect), ("--power", power)],
                                              solvedNames: ["n", "effect_size", "power"])
        try PowerCommand.probability(power, "--power")
        try PowerCommand.probability(alpha, "--alpha")
        let design = try design()
        let result = try PowerCommand.solving { try design.solve(units: units, effect: effect, power: power, alpha: alpha) }
        let extra: [(String, PowerReport.Value)] = [
            ("method", .text("panel difference-in-differences, serial-correlation-robust (Burlig, Preonas & Woerman 2020)")),
            ("alternative", .text(alternative.rawValue)), ("critical_values", .text(criticalValues.rawValue)), ("solved", .text(solved)),
            ("standard_error", .number(design.standardError(units: result.n))), ("pre_periods", .integer(pre)),
            ("post_periods", .integer(post)), ("treated_share", .number(treatedShare)), ("sigma2", .number(design.variance)),
            ("psi_pre", .number(design.psiPre)), ("psi_post", .number(design.psiPost)), ("psi_cross", .number(design.psiCross)),
        ]
        let report = PowerReport(result: result, solved: solved,
                                 title: "Panel difference-in-differences power, \(pre) pre and \(post) post periods (\(alternative.rawValue), \(criticalValues == .normal ? "normal" : "t") critical values)",
                                 extra: extra)
        report.print(format, nLabel: "units (J)", effectLabel: solved == "effect_size" ? "MDE" : "effect")
        if format == .table {
            print(String(format: "  %@ %.6g", "standard error".padding(toLength: 22, withPad: " ", startingAt: 0), design.standardError(units: result.n)))
        }
    }
}
