import ArgumentParser
import Foundation
import LAEvalData
import LAEvalReports
import LAEvalStudy

/// `laeval scope`: the scoping stage on a study folder: data audit, power and method validity.
public struct ScopeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "scope",
        abstract: "The scoping stage: data audit, power and minimum detectable effects, and which methods the data can support.",
        discussion: """
        Writes DIR/scope.json (the audit, every power estimate and the method-validity table),
        DIR/report/scoping.html and DIR/manifest-scope.json (input hashes and timings). Power is
        simulated on the study's own panel: each replicate keeps the real treatment timings,
        draws whole residual series of never-supported LAs, runs the plan's Callaway–Sant'Anna
        estimator and tests at --alpha; the planted effects are multiples of the real-data SE
        (docs/methods/scoping.md). The same seed gives the same numbers on any machine.

        Examples:
          laeval scope laeval-demo/study --out scope
          laeval scope my-study --replicates 1000 --seed 7
        """
    )

    @Argument(help: "The study folder.") public var study: String
    @Option(help: "The output folder.") public var out: String = "laeval-scope"
    @Option(help: "Simulated studies per kind of support and outcome.") public var replicates: Int = 100
    @Option(help: "Seed of the simulations (default: the study's seed).") public var seed: UInt64?
    @Option(help: "Significance level of the test.") public var alpha: Double = 0.05
    @Option(help: "Power that defines the minimum detectable effect.") public var power: Double = 0.8
    @Option(help: "Print a summary table for people, or scope.json's content.") public var format: OutputFormat = .table

    public init() {}

    public func validate() throws {
        try SimulationOptions.check(replicates: replicates, alpha: alpha, power: power)
    }

    public func run() throws {
        let results: EvaluationResults, timings: [(stage: String, seconds: Double)]
        do {
            let settings = PowerSettings(replicates: replicates, alpha: alpha, targetPower: power, seed: seed ?? 0)
            (results, timings) = try Evaluation.scope(folder: study, version: LAEvalVersion.current, power: settings,
                                                      useStudySeed: seed == nil, progress: Terminal.progress)
        } catch let invalid as StudyInvalid {
            for problem in invalid.problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            throw CommandFailure("\(study) has \(invalid.errors.count) errors: nothing was run (see above, or run laeval validate)")
        }
        let scoping = results.scoping!
        let report = ReportSet.renderScoping(results)
        let json = try Terminal.jsonText(scoping)
        let manifest = try Terminal.jsonText(ScopeManifest(laevalVersion: results.provenance.laevalVersion, seed: scoping.settings.seed,
                                                           study: results.study, inputs: results.provenance.inputs,
                                                           timings: timings.map { .init(stage: $0.stage, seconds: $0.seconds) }))
        for (path, text) in [("scope.json", json), (report.path, report.text), ("manifest-scope.json", manifest)] {
            try AtomicFile.write(text, to: (out as NSString).appendingPathComponent(path))
        }
        if format == .json { print(json, terminator: ""); return }
        print(Self.summary(scoping))
        print("Wrote \(out)/scope.json, \(out)/report/scoping.html and \(out)/manifest-scope.json")
    }

    struct ScopeManifest: Encodable {
        var laevalVersion: String
        var seed: UInt64
        var study: String
        var inputs: [FileHashes.Entry]
        var timings: [RunOutputs.Manifest.Timing]
    }

    /// One line per method assessment, then the MDEs.
    static func summary(_ scoping: ScopingResults) -> String {
        var lines = ["Method validity:"]
        lines += scoping.validity.map { "  \($0.verdict.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \($0.method), \($0.subject): \($0.reason)" }
        lines.append("Minimum detectable effects (simulated, \(scoping.settings.replicates) replicates, \(Int(100 * scoping.settings.targetPower))% power):")
        for e in scoping.power {
            let mde = e.simulation?.minimumDetectableEffect.map { String(format: "%.4g", $0) } ?? (e.failure == nil ? "not reached" : "not simulated")
            let sd = e.standardisedMDE.map { String(format: " (%.2f SD)", $0) } ?? ""
            lines.append("  \(e.treatment) on \(e.indicator): \(mde)\(sd)")
        }
        return lines.joined(separator: "\n")
    }
}
