import Foundation
import LAEvalCore
import LAEvalData

/// Where a result came from: the inputs, the software and the settings (design.md §6).
public struct Provenance: Sendable, Codable, Equatable {
    public var laevalVersion: String
    public var seed: UInt64
    public var inputs: [FileHashes.Entry]
    /// The LA lookup laeval checked codes against.
    public var laLookup = "DfE las.csv (dfe-published-data-qa), changes to May 2025"
}

/// Everything one run of the evaluation produced: one Codable value that the reports, the
/// dashboard and `results.json` all read. Stages not yet run are absent and listed in
/// `stagesNotRun`, never faked.
public struct EvaluationResults: Sendable, Codable, Equatable {
    public var study: String
    public var simulated: Bool
    public var provenance: Provenance
    public var warnings: [String]
    public var audit: DataAudit
    /// Counts from 1 to threshold − 1 are suppressed in published tables (study.yaml).
    public var disclosureThreshold: Int
    public var descriptives: Descriptives
    /// The scoping stage: extended audit, power and minimum detectable effects, method validity.
    public var scoping: ScopingResults?
    public var impact: ImpactResults?
    /// What support did to Ofsted grades (multi-state, survival and ordinal models).
    public var judgements: JudgementResults?
    /// Comparators for single LAs and small groups: statistical neighbours, synthetic controls, matching.
    public var comparators: ComparatorResults?
    /// Which support works best: programmes and models compared on common outcomes (aim b).
    public var comparison: ComparisonResults?
    /// Costs, cost-effectiveness and cost–benefit of each programme and model (aim d).
    public var valueForMoney: ValueForMoneyResults?
    /// Effects by subgroup of context and the configurations that go with improvement (aim c).
    public var context: ContextResults?
    /// The longitudinal survey (response, Likert items, scales and their change); absent, and not
    /// listed as not run, when the study has no `survey/`.
    public var survey: SurveyResults? = nil
    public var stagesNotRun: [String]
    /// The effects the demo simulation planted, when the study is the demo.
    public var truth: DemoTruth?
}

/// The impact stage's output: the plan's design and every estimate. Each estimate carries its
/// own options; besides the plan's design, every support model is also estimated by the joint
/// imputation design, which is robust to concurrent support (see `ImpactAnalysis.method`).
public struct ImpactResults: Sendable, Codable, Equatable {
    /// The plan's design and options.
    public var options: ImpactAnalysis.Options
    public var method: String
    public var estimates: [ImpactAnalysis.Estimate]
}

/// The pipeline of design.md §6: validate → audit → describe → scope → impact → judgements →
/// comparators → compare → context → value for money → survey (when the study has `survey/`).
public enum Evaluation {
    public static let laterStages: [String] = []

    /// Runs every built stage on a study folder; returns the results and each stage's seconds
    /// (timings belong in the manifest, not in the results, so results are byte-stable).
    /// `impactOptions` nil: the options of the study's plan (`plan.impact`), laeval's defaults for the rest.
    /// `design`, when given, replaces the plan's design.
    public static func run(folder: String, version: String, impactOptions: ImpactAnalysis.Options? = nil, design: ImpactAnalysis.Design? = nil,
                           power: PowerSettings? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> (results: EvaluationResults, timings: [(stage: String, seconds: Double)]) {
        let timer = StageTimer(progress: progress)
        let (loaded, inputs, audit, descriptives) = try prepare(folder: folder, timer: timer)
        var impactOptions = impactOptions ?? ImpactAnalysis.Options(plan: loaded.study.description.plan.impact)
        if let design { impactOptions.design = design }
        let scoping = timer.timed("scope") {
            ScopingAnalysis.run(loaded.study, impact: impactOptions, settings: power ?? PowerSettings(seed: loaded.study.description.seed))
        }
        let (estimates, influence) = timer.timed("impact") {
            ImpactAnalysis.runWithConcurrentSupportCheck(loaded.study, options: impactOptions, keepingInfluence: true)
        }
        let truth = loaded.study.description.simulated ? DemoTruth.read(folder: folder) : nil
        let judgements = timer.timed("judgements") { JudgementAnalysis.run(loaded.study, planted: truth?.gradeProcess) }
        let comparators = timer.timed("comparators") { ComparatorAnalysis.run(loaded.study, published: loaded.publishedNeighbours, impact: estimates) }
        let (comparison, draws) = timer.timed("compare") {
            ComparativeEffectiveness.analyse(loaded.study, influence: influence, options: .init(seed: loaded.study.description.seed))
        }
        let context = timer.timed("context") { ContextAnalysis.run(loaded.study, options: impactOptions) }
        let valueForMoney = timer.timed("value for money") {
            ValueForMoneyAnalysis.run(loaded.study, effects: draws, judgements: judgements, options: .init(seed: loaded.study.description.seed))
        }
        let survey = loaded.study.survey == nil ? nil : timer.timed("survey") { SurveyAnalysis.run(loaded.study) }
        let results = EvaluationResults(
            study: loaded.study.description.name, simulated: loaded.study.description.simulated,
            provenance: Provenance(laevalVersion: version, seed: loaded.study.description.seed, inputs: inputs),
            warnings: loaded.warnings.map(\.description), audit: audit,
            disclosureThreshold: loaded.study.description.disclosureThreshold, descriptives: descriptives, scoping: scoping,
            impact: ImpactResults(options: impactOptions,
                                  method: ImpactAnalysis.method(impactOptions),
                                  estimates: estimates),
            judgements: judgements, comparators: comparators, comparison: comparison, valueForMoney: valueForMoney,
            context: context, survey: survey, stagesNotRun: laterStages, truth: truth)
        return (results, timer.timings)
    }
}

extension Evaluation {
    /// The scoping work alone (`laeval scope`): validate → audit → describe → scope. The later
    /// stages are listed as not run.
    /// `useStudySeed`: the simulations take the study's seed rather than `power.seed`.
    public static func scope(folder: String, version: String, power: PowerSettings = .init(), useStudySeed: Bool = true,
                             progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> (results: EvaluationResults, timings: [(stage: String, seconds: Double)]) {
        let timer = StageTimer(progress: progress)
        let (loaded, inputs, audit, descriptives) = try prepare(folder: folder, timer: timer)
        let impactOptions = ImpactAnalysis.Options(plan: loaded.study.description.plan.impact)
        let scoping = timer.timed("scope") {
            var settings = power
            if useStudySeed { settings.seed = loaded.study.description.seed }
            return ScopingAnalysis.run(loaded.study, impact: impactOptions, settings: settings, progress: progress)
        }
        let results = EvaluationResults(
            study: loaded.study.description.name, simulated: loaded.study.description.simulated,
            provenance: Provenance(laevalVersion: version, seed: loaded.study.description.seed, inputs: inputs),
            warnings: loaded.warnings.map(\.description), audit: audit,
            disclosureThreshold: loaded.study.description.disclosureThreshold, descriptives: descriptives, scoping: scoping,
            impact: nil, judgements: nil, comparators: nil, comparison: nil, valueForMoney: nil,
            context: nil, stagesNotRun: ["impact", "judgements", "comparators", "compare", "context", "valueForMoney"], truth: nil)
        return (results, timer.timings)
    }
}

extension Evaluation {
    /// The stages every run starts with: validate, hash the inputs, audit, describe.
    static func prepare(folder: String, timer: StageTimer) throws -> (LoadedStudy, [FileHashes.Entry], DataAudit, Descriptives) {
        let loaded = try timer.timed("validate") { try StudyReader.read(folder: folder) }
        let inputs = try timer.timed("hash inputs") { try FileHashes.of(folder: folder).filter { $0.path != "truth.json" && $0.path != "README.txt" } }
        let audit = timer.timed("audit") { DataAudit(study: loaded.study, warnings: loaded.warnings.count) }
        let descriptives = timer.timed("describe") { Descriptives(study: loaded.study) }
        return (loaded, inputs, audit, descriptives)
    }
}

/// Times each stage of a run and reports it as it starts.
final class StageTimer {
    let progress: (String) -> Void
    private(set) var timings: [(stage: String, seconds: Double)] = []
    private let clock = ContinuousClock()

    init(progress: @escaping (String) -> Void) { self.progress = progress }

    func timed<T>(_ stage: String, _ work: () throws -> T) rethrows -> T {
        progress("\(stage) ...")
        let start = clock.now
        let value = try work()
        let elapsed = start.duration(to: clock.now).components
        timings.append((stage, Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18))
        return value
    }
}

extension Evaluation {
    /// Value for money alone (`laeval vfm`): validate → impact (Callaway–Sant'Anna with influence
    /// functions) → judgements → compare → value for money; scoping, comparators and context are
    /// listed as not run.
    public static func valueForMoney(folder: String, version: String, psaDraws: Int = 10_000, replicates: Int = 2_000,
                                     progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> (results: EvaluationResults, timings: [(stage: String, seconds: Double)]) {
        let timer = StageTimer(progress: progress)
        let (loaded, inputs, audit, descriptives) = try prepare(folder: folder, timer: timer)
        let study = loaded.study, seed = study.description.seed
        let impactOptions = ImpactAnalysis.Options(plan: study.description.plan.impact)
        let (estimates, influence) = timer.timed("impact") { ImpactAnalysis.runWithInfluence(study, options: impactOptions) }
        let truth = study.description.simulated ? DemoTruth.read(folder: folder) : nil
        let judgements = timer.timed("judgements") { JudgementAnalysis.run(study, planted: truth?.gradeProcess) }
        let (comparison, draws) = timer.timed("compare") {
            ComparativeEffectiveness.analyse(study, influence: influence, options: .init(replicates: replicates, seed: seed))
        }
        let valueForMoney = timer.timed("value for money") {
            ValueForMoneyAnalysis.run(study, effects: draws, judgements: judgements, options: .init(seed: seed, psaDraws: psaDraws))
        }
        var csOptions = impactOptions
        csOptions.design = .callawaySantAnna
        let results = EvaluationResults(
            study: study.description.name, simulated: study.description.simulated,
            provenance: Provenance(laevalVersion: version, seed: seed, inputs: inputs), warnings: loaded.warnings.map(\.description), audit: audit,
            disclosureThreshold: study.description.disclosureThreshold, descriptives: descriptives, scoping: nil,
            impact: ImpactResults(options: csOptions, method: ImpactAnalysis.method(csOptions), estimates: estimates),
            judgements: judgements, comparators: nil, comparison: comparison, valueForMoney: valueForMoney, context: nil,
            stagesNotRun: ["scope", "comparators", "context", "survey"], truth: truth)
        return (results, timer.timings)
    }
}
