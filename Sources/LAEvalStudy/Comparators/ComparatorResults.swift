import Foundation
import LAEvalCore
import LAEvalData

/// What the comparator stage built for single LAs and small groups: statistical neighbours (and
/// each supported LA beside them). Each part is nil with a reason in `failures` when it could
/// not be built.
public struct ComparatorResults: Sendable, Codable, Equatable {
    public var neighbours: NeighbourResults?
    public var failures: [String]
}

public enum ComparatorAnalysis {
    public static func run(_ study: Study, published: PublishedNeighbourGroupings?) -> ComparatorResults {
        var failures: [String] = []
        var neighbours: NeighbourResults?
        do { neighbours = try NeighbourAnalysis.run(study, published: published) } catch { failures.append("statistical neighbours: \(error)") }
        return ComparatorResults(neighbours: neighbours, failures: failures)
    }
}
