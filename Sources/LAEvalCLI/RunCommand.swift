import ArgumentParser
import Foundation
import LAEvalData
import LAEvalStudy

/// `laeval run`: the evaluation on a study folder.
public struct RunCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the evaluation on a study folder: validation, data audit and impact estimates, with provenance.",
        discussion: """
        Writes DIR/results.json (every estimate with SEs, intervals, diagnostics and provenance),
        DIR/tables/*.csv (tidy tables) and DIR/manifest.json (input file hashes, version, seed,
        options, timings). The same study gives byte-identical results.json; timings live only in
        the manifest. Stages not built yet (comparison, context, value for money) are
        listed in results.json under stages_not_run, and the reports say plainly that they were not run.
        DIR/report/ holds scoping.html, interim.html, final.html, summary.html and infographic.html (+ .svg).
        When the study has survey/ (the longitudinal survey's export), the survey stage adds
        tables/survey_*.csv and a "Longitudinal survey" section; tables/survey_free_text.csv is
        not disclosure-controlled and is for the evaluators, not for publication.

        Examples:
          laeval run my-study --out my-study-results
          laeval run laeval-demo/study --out /tmp/run --design jointEventStudy
        """
    )

    @Argument(help: "The study folder.") public var study: String
    @Option(help: "The output folder.") public var out: String = "laeval-results"
    @Option(help: "Impact design, replacing the plan's (study.yaml plan.impact.design; callawaySantAnna by default): callawaySantAnna, jointEventStudy or jointImputation. Every support model is also estimated by jointImputation.")
    public var design: ImpactAnalysis.Design?

    public init() {}

    public func run() throws {
        try Self.evaluate(study: study, out: out, design: design)
        print("Wrote \(out)/results.json, \(out)/manifest.json, \(out)/tables/ and the reports in \(out)/report/")
    }

    @discardableResult
    static func evaluate(study: String, out: String, design: ImpactAnalysis.Design? = nil) throws -> EvaluationResults {
        do {
            let (results, timings) = try Evaluation.run(folder: study, version: LAEvalVersion.current, design: design,
                                                        progress: Terminal.progress)
            try RunOutputs.write(results, timings: timings, to: out)
            return results
        } catch let invalid as StudyInvalid {
            for problem in invalid.problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            throw CommandFailure("\(study) has \(invalid.errors.count) errors: nothing was run (see above, or run laeval validate)")
        }
    }
}

extension ImpactAnalysis.Design: ExpressibleByArgument {}
