import Foundation
import LAEvalCore
import LAEvalEstimators

/// What the scoping stage found (design.md §6, "scope (power)"): the extended data audit, the
/// power of the impact design for every comparison and outcome, how well synthetic controls can
/// fit the LAs under intervention, and the method-validity assessment built from them.
public struct ScopingResults: Sendable, Codable, Equatable {
    public var audit: ScopingAudit
    public var settings: PowerSettings
    public var power: [PowerEstimate]
    /// Power of the multi-state model of grades to detect each programme's effect on improving moves.
    public var grades: [GradePowerEstimate]
    public var syntheticPreFit: [SyntheticPreFit]
    public var validity: [MethodAssessment]
}

public enum ScopingAnalysis {
    /// Runs the scoping stage. `impact` gives the design whose power is simulated (the plan's).
    public static func run(_ study: Study, impact: ImpactAnalysis.Options, settings: PowerSettings = .init(),
                           progress: @escaping @Sendable (String) -> Void = { _ in }) -> ScopingResults {
        let audit = ScopingAudit(study: study, anchor: impact.anchor)
        let power = ScopingPower.run(study, impact: impact, settings: settings, progress: progress)
        progress("power: the multi-state model of grades")
        let grades = GradePower.run(study, settings: settings)
        let fits = SyntheticComparators.preFits(study)
        let validity = MethodValidity.assess(study: study, audit: audit, power: power, grades: grades, synthetic: fits)
        return ScopingResults(audit: audit, settings: settings, power: power, grades: grades, syntheticPreFit: fits, validity: validity)
    }
}
