import ArgumentParser
import Foundation
import LAEvalData
import LAEvalStudy

/// `laeval vfm`: the economic evaluation of a study (aim d).
public struct ValueForMoneyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vfm",
        abstract: "Value for money: costs, cost-effectiveness, acceptability, cost–benefit and sensitivity analyses of every programme and model.",
        discussion: """
        Runs the stages value for money needs (Callaway–Sant'Anna impact estimates with their
        influence functions, the Ofsted-grade models, the comparison stage's joint bootstrap) and
        writes DIR/vfm.json (and DIR/manifest-vfm.json: input hashes, timings): costs per LA-year at the study's price base with its optimism bias,
        cost per unit of improvement, incremental cost-effectiveness against no support with
        dominance, net monetary benefit and the acceptability curve at economics.thresholds,
        cost per additional LA reaching Good, and, where economics.benefits monetises outcomes,
        the cost–benefit analysis per LA (Green Book discounting) with a probabilistic
        sensitivity analysis, a tornado and switching values (docs/methods/economics.md).
        `laeval run` does all this too, with the reports.

        Examples:
          laeval vfm laeval-demo/study --out vfm
          laeval vfm my-study --psa-draws 20000 --format json
        """
    )

    @Argument(help: "The study folder.") public var study: String
    @Option(help: "The output folder.") public var out: String = "laeval-vfm"
    @Option(name: .customLong("psa-draws"), help: "Draws of the probabilistic sensitivity analysis.") public var psaDraws: Int = 10_000
    @Option(help: "Replicates of the joint bootstrap.") public var replicates: Int = 2_000
    @Option(help: "Print a summary table for people, or vfm.json's content.") public var format: OutputFormat = .table

    public init() {}

    public func validate() throws {
        guard psaDraws >= 1 else { throw ValidationError("--psa-draws must be at least 1, e.g. 10000") }
        guard replicates >= 1 else { throw ValidationError("--replicates must be at least 1, e.g. 2000") }
    }

    public func run() throws {
        let results: EvaluationResults, timings: [(stage: String, seconds: Double)]
        do {
            (results, timings) = try Evaluation.valueForMoney(folder: study, version: LAEvalVersion.current, psaDraws: psaDraws,
                                                        replicates: replicates, progress: Terminal.progress)
        } catch let invalid as StudyInvalid {
            for problem in invalid.problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            throw CommandFailure("\(study) has \(invalid.errors.count) errors: nothing was run (see above, or run laeval validate)")
        }
        let vfm = results.valueForMoney!
        let json = try Terminal.jsonText(vfm)
        try AtomicFile.write(json, to: (out as NSString).appendingPathComponent("vfm.json"))
        let manifest = try Terminal.jsonText(ScopeCommand.ScopeManifest(laevalVersion: results.provenance.laevalVersion, seed: results.provenance.seed,
                                                                         study: results.study, inputs: results.provenance.inputs,
                                                                         timings: timings.map { .init(stage: $0.stage, seconds: $0.seconds) }))
        try AtomicFile.write(manifest, to: (out as NSString).appendingPathComponent("manifest-vfm.json"))
        if format == .json { print(json, terminator: ""); return }
        print(Self.summary(vfm, simulated: results.simulated))
        print("Wrote \(out)/vfm.json and \(out)/manifest-vfm.json")
    }

    static func summary(_ vfm: ValueForMoneyResults, simulated: Bool) -> String {
        var lines = [simulated ? "SIMULATED study: costs and values are invented." : "Value for money at \(vfm.priceBase)-\(String(format: "%02d", (vfm.priceBase + 1) % 100)) prices."]
        lines.append("Cost per LA-year (with \(NumberText.format(vfm.optimismBias))% optimism bias), overall improvement per LA-year, incremental analysis:")
        for family in vfm.families {
            for row in family.incremental.rows where row.option != "none" {
                let icer = row.icer.map { String(format: "£%.0f per unit against %@", $0, row.comparator ?? "") } ?? ""
                lines.append("  \(family.family) \(row.option): £\(String(format: "%.0f", row.cost)), \(String(format: "%.3f", row.effect)) — \(row.status.rawValue) \(icer)")
            }
        }
        for row in vfm.costBenefit {
            let interval = row.uncertainty.map { String(format: " (95%% %.0f to %.0f)", $0.netPresentValue.lower, $0.netPresentValue.upper) } ?? ""
            lines.append("  NPV per LA, \(row.treatment): £\(String(format: "%.0f", row.base.netPresentValue))\(interval), BCR \(row.base.benefitCostRatio.map { String(format: "%.2f", $0) } ?? "x")")
        }
        return lines.joined(separator: "\n")
    }
}
