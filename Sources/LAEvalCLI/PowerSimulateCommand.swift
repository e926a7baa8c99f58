import ArgumentParser
import Foundation
import LAEvalData
import LAEvalEstimators

extension PanelPowerSimulation.Design: ExpressibleByArgument {}

/// The JSON of `laeval power simulate`: the keys of the analytic designs first (`n` is the
/// number of units, `effect_size` the simulated minimum detectable effect), then the curve.
struct PowerSimulationOutput: Encodable {
    struct Point: Encodable { var effect: Double; var power: Double; var monteCarloSe: Double }
    var n: Int
    var power: Double
    var effectSize: Double?
    var alpha: Double
    var method = "simulation: Callaway-Sant'Anna simple ATT, analytic SE"
    var design: String
    var replicates: Int
    var usableReplicates: Int
    var seed: UInt64
    var nTreated: Int
    var realDataSe: Double
    /// The mean over replicates of the simple ATT's SE.
    var meanSe: Double
    var residualSd: Double
    var curve: [Point]
    var seconds: Double
}

/// `laeval power simulate`: simulation power and MDE of Callaway–Sant'Anna on a tidy panel.
public struct PowerSimulateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Power and the minimum detectable effect of Callaway–Sant'Anna by simulation on your own panel.",
        discussion: """
        Each replicate rebuilds the panel from the data (design real-timings: every unit keeps its
        level, its treatment timing and the never-treated units' year effects, and takes the whole
        residual series of a never-treated unit drawn with replacement; placebo-timings: the
        never-treated units' real outcomes with the real cohort sizes assigned at random), plants
        each effect from the first treated period, runs the estimator and tests the simple ATT at
        --alpha with its analytic SE. Effects default to 0…4 times the SE on the real data.
        Seeded: the same seed gives the same numbers on any machine and number of cores.

        Examples:
          laeval power simulate --data panel.csv --unit la --time year --group first_treat --outcome y
          laeval power simulate --data panel.csv --unit la --time year --group first_treat --outcome y \\
              --replicates 1000 --control notyet --effects 0,0.5,1,1.5 --format json
        """
    )

    @Option(help: "The tidy CSV file.") public var data: String
    @Option(help: "The unit column.") public var unit: String
    @Option(help: "The period column (whole numbers).") public var time: String
    @Option(help: "The first-treated period column (0 for never treated).") public var group: String
    @Option(help: "The outcome column.") public var outcome: String
    @Option(help: "real-timings or placebo-timings.") public var design: PanelPowerSimulation.Design = .realTimings
    @Option(help: "Simulated panels.") public var replicates: Int = 1000
    @Option(help: "Seed.") public var seed: UInt64 = 1
    @Option(help: "Effects to plant, comma-separated (default: 0,1,2,3,4 times the real-data SE).") public var effects: String?
    @Option(help: "Significance level.") public var alpha: Double = 0.05
    @Option(help: "Power defining the minimum detectable effect.") public var power: Double = 0.8
    @Option(help: "Comparison group: never or notyet.") public var control: CallawaySantAnna.ControlGroup = .never
    @Option(help: "2×2 estimator: dr, ipw or reg.") public var estimator: DiDEstimator = .dr
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    public func validate() throws {
        try SimulationOptions.check(replicates: replicates, alpha: alpha, power: power)
    }

    public func run() throws {
        let name = (data as NSString).lastPathComponent
        let columns = try TidyCSVReader.read(path: data).columns
        let clock = ContinuousClock(), start = clock.now
        let output: PowerSimulationOutput
        do {
            let panel = try BalancedPanel(data: columns, unit: unit, time: time, group: group, outcome: outcome)
            let simulation = PanelPowerSimulation(periods: panel.periods, outcome: panel.outcome, cohorts: panel.firstTreated)
            let options = PanelPowerSimulation.Options(design: design, replicates: replicates, alpha: alpha, targetPower: power, seed: seed,
                                                       estimator: .init(control: control, estimator: estimator))
            guard let real = simulation.observedEstimate(options: options.estimator) else {
                throw CommandFailure("\(name): the estimator cannot be fitted to the data as they are")
            }
            let grid = try effects.map(Self.numbers) ?? [0, 1, 2, 3, 4].map { $0 * real.se }
            let result = try simulation.run(effects: grid, options: options) { done, total in
                if done % max(total / 10, 1) == 0 { Terminal.progress("simulated \(done) of \(total)") }
            }
            let elapsed = start.duration(to: clock.now).components
            output = PowerSimulationOutput(
                n: result.units, power: power, effectSize: result.minimumDetectableEffect, alpha: alpha, design: design.rawValue,
                replicates: replicates, usableReplicates: result.curve.first?.replicates ?? 0, seed: seed, nTreated: result.treatedUnits,
                realDataSe: real.se, meanSe: result.curve.first?.meanSE ?? .nan, residualSd: result.residualSD,
                curve: result.curve.map { .init(effect: $0.effect, power: $0.power, monteCarloSe: $0.monteCarloSE) },
                seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
        } catch let error as CustomStringConvertible where !(error is InputProblem) && !(error is CommandFailure) {
            throw CommandFailure("\(name): \(error.description)")
        }
        switch format {
        case .json: print(try Terminal.jsonText(output), terminator: "")
        case .table: print(Self.table(output))
        }
    }

    static func numbers(_ text: String) throws -> [Double] {
        try text.split(separator: ",").map { part in
            guard let value = Double(part.trimmingCharacters(in: .whitespaces)) else {
                throw CommandFailure("--effects: \(part) is not a number: give effects as 0,0.5,1")
            }
            return value
        }
    }

    static func table(_ o: PowerSimulationOutput) -> String {
        var lines = ["Simulation power (\(o.design), \(o.usableReplicates) of \(o.replicates) replicates usable, seed \(o.seed)): \(o.n) units, \(o.nTreated) treated",
                     "SE of the simple ATT on the real data: \(String(format: "%.4g", o.realDataSe)); residual SD \(String(format: "%.4g", o.residualSd))",
                     "effect        power   MC s.e."]
        lines += o.curve.map { String(format: "%-12.5g  %5.3f   %5.3f", $0.effect, $0.power, $0.monteCarloSe) }
        lines.append("Minimum detectable effect at \(Int(100 * o.power))% power, \(o.alpha) level: \(o.effectSize.map { String(format: "%.5g", $0) } ?? "not reached")")
        return lines.joined(separator: "\n")
    }
}

/// The checks shared by the commands that simulate power (`power simulate`, `scope`).
enum SimulationOptions {
    static func check(replicates: Int, alpha: Double, power: Double) throws {
        guard replicates >= 10 else { throw ValidationError("--replicates must be at least 10") }
        guard alpha > 0 && alpha < 1 else { throw ValidationError("--alpha must be between 0 and 1") }
        guard power > alpha && power < 1 else { throw ValidationError("--power must be above --alpha and below 1") }
    }
}
