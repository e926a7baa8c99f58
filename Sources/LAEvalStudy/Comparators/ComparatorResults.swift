import Foundation
import LAEvalCore
import LAEvalData

/// What the comparator stage built for single LAs and small groups: statistical neighbours (and
/// each supported LA beside them), a synthetic control for every LA under a commissioner or an
/// alternative delivery model, and a matched comparison of each programme's LAs with LAs
/// not (yet) in it. Whatever could not be built is listed with its reason.
public struct ComparatorResults: Sendable, Codable, Equatable {
    public var neighbours: NeighbourResults?
    public var synthetic: [SyntheticComparison]
    public var syntheticFailures: [SyntheticFailure]
    public var matched: [MatchedComparison]
    public var failures: [String]
}

public enum ComparatorAnalysis {
    public static func run(_ study: Study, published: PublishedNeighbourGroupings?, impact: [ImpactAnalysis.Estimate]) -> ComparatorResults {
        var failures: [String] = []
        var neighbours: NeighbourResults?
        do { neighbours = try NeighbourAnalysis.run(study, published: published) } catch { failures.append("statistical neighbours: \(error)") }
        let synthetic = SyntheticComparators.run(study)
        let matched = MatchedComparisons.run(study, impact: impact)
        failures += matched.failures.map { "matched comparison, \($0.programme.rawValue) on \($0.indicator): \($0.reason)" }
        return ComparatorResults(neighbours: neighbours, synthetic: synthetic.comparisons, syntheticFailures: synthetic.failures,
                                 matched: matched.comparisons, failures: failures)
    }
}

/// Why a comparator could not be built for one LA or programme.
struct ComparatorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
