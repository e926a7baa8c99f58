import ArgumentParser
import Foundation
import LAEvalCore
import LAEvalData
import LAEvalStats
import LAEvalStudy

/// `laeval demo`: simulate the demo study of every English LA, validate it and audit it.
public struct DemoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate the simulated demo study of every English LA, validate it, print its data audit and run the evaluation on it.",
        discussion: """
        Writes DIR/study/ (a complete study folder with SIMULATED inspections, support, indicators,
        costs and three waves of survey responses for the 153 real English LAs, plus truth.json
        with the planted effects) and
        DIR/audit.json, then runs the evaluation on it as `laeval run` does (DIR/results.json,
        DIR/manifest.json, DIR/tables/). The same seed always gives byte-identical files (except
        the timings in manifest.json).

        Examples:
          laeval demo
          laeval demo --out /tmp/demo --seed 7
          laeval demo --format json
        """
    )

    @Option(help: "The output folder.")
    public var out: String = "laeval-demo"

    @Option(help: "The simulation seed.")
    public var seed: UInt64 = DemoStudy.defaultSeed

    @Option(help: "Print the audit as a table for people or as JSON.")
    public var format: OutputFormat = .table

    public init() {}

    public func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        Terminal.progress("Simulating the demo study (seed \(seed))...")
        let demo = DemoStudy(seed: seed)
        let studyFolder = (out as NSString).appendingPathComponent("study")
        Terminal.progress("Writing \(studyFolder)/ ...")
        try AtomicFolder.write(try demo.files(), to: studyFolder)
        Terminal.progress("Reading and validating it back ...")
        let loaded: LoadedStudy
        do {
            loaded = try StudyReader.read(folder: studyFolder)
        } catch let invalid as StudyInvalid {
            throw CommandFailure("the demo study failed validation (a laeval bug):\n\(invalid)")
        }
        let audit = DataAudit(study: loaded.study, warnings: loaded.warnings.count)
        let auditText = try Terminal.jsonText(audit)
        try AtomicFile.write(auditText, to: (out as NSString).appendingPathComponent("audit.json"))
        Terminal.progress("Running the evaluation on it ...")
        let results = try RunCommand.evaluate(study: studyFolder, out: out)
        switch format {
        case .table:
            print(audit.summary)
            if let scoping = results.scoping {
                let mdes = scoping.power.compactMap(\.standardisedMDE)
                let median = mdes.isEmpty ? "none" : String(format: "%.2f", Bootstrap.quantile(mdes, 0.5))
                let verdicts = MethodAssessment.Verdict.allCases.map { v in "\(scoping.validity.filter { $0.verdict == v }.count) \(v.rawValue)" }
                print("\nScoping (see docs/methods/scoping.md): power simulated for \(scoping.power.count) support × outcome pairs, "
                    + "\(scoping.settings.replicates) simulations each; median MDE \(median) SD between LAs at 80% power; "
                    + "method validity: \(verdicts.joined(separator: ", ")) (report/scoping.html)")
            }
            if let impact = results.impact {
                print("\nImpact: \(impact.estimates.filter { $0.failure == nil }.count) estimates in tables/impact_estimates.csv and results.json")
                print("  SIMULATED check: how often the 95% intervals contain the planted effect (event times 0–4; 95% expected; "
                    + "see docs/methods/did.md)")
                for design in ImpactAnalysis.Design.allCases {
                    let estimated = impact.estimates.filter { $0.failure == nil && $0.options.design == design }
                    guard !estimated.isEmpty else { continue }
                    let (covered, total) = ImpactAnalysis.coverage(estimated, truth: demo.truth)
                    print("    \(ImpactAnalysis.title(of: design)): \(covered) of \(total) (\(Int((100 * Double(covered) / Double(max(total, 1))).rounded()))%)")
                }
            }
            if let model = results.judgements?.multiState {
                let checks = model.effects.flatMap { [$0.improving?.coversPlanted, $0.declining?.coversPlanted] }.compactMap { $0 }
                print("\nOfsted judgements (multi-state model; see docs/methods/judgements.md): "
                    + (model.failure ?? "SIMULATED check: \(checks.filter { $0 }.count) of \(checks.count) planted hazard ratios inside their 95% intervals"))
            }
            if let comparators = results.comparators {
                let neighbours = comparators.neighbours.map { "statistical neighbours for \($0.sets.count) LAs, " } ?? ""
                print("\nComparators (see docs/methods/synth.md, matching.md, neighbours.md): \(neighbours)"
                    + "synthetic controls for \(comparators.synthetic.count) LA-outcome pairs under a commissioner or trust, "
                    + "\(comparators.matched.count) matched comparisons beside the DiD")
            }
            if let survey = results.survey {
                let latest = survey.waves.last!
                let overall = survey.responseRates.first { $0.wave == latest.wave && $0.breakdown == "overall" }!
                print("\nSurvey (see docs/methods/survey.md): \(survey.waves.count) waves, \(overall.lasResponding) of \(overall.las) LAs responding in wave \(latest.wave); "
                    + "SIMULATED check, mean paired change in LA scale scores between waves (planted in brackets), LAs with support / without:")
                for change in demo.truth.survey?.changes ?? [] {
                    let rows = survey.changes.filter { $0.scale == change.scale && $0.fromWave == change.fromWave }
                    let with = rows.first { $0.group == "any_support" }?.test, without = rows.first { $0.group == "no_support" }?.test
                    func show(_ t: PairedTTest?, _ planted: Double) -> String {
                        t.map { String(format: "%+.2f [%+.2f, %+.2f] (%+.2f)", $0.meanDifference, $0.ciLower, $0.ciUpper, planted) } ?? "none"
                    }
                    print("    \(change.scale) wave \(change.fromWave) to \(change.toWave): \(show(with, change.supportedChange)) / \(show(without, change.unsupportedChange))")
                }
            }
            print("\nWrote \(studyFolder)/, \(out)/audit.json, \(out)/results.json, \(out)/manifest.json, \(out)/tables/ and \(out)/report/")
            print("Open \(out)/report/final.html in a browser (scoping, interim, summary and infographic are beside it).")
        case .json:
            print(auditText, terminator: "")
        }
        Terminal.progress("Done in \(started.duration(to: clock.now)).")
    }
}
