import Foundation
import LAEvalCore
import LAEvalData
import LAEvalEstimators

/// Every LA's statistical neighbours and, for every supported LA, each outcome beside its
/// neighbours' mean, before and after support began.
public struct NeighbourResults: Sendable, Codable, Equatable {
    public struct Member: Sendable, Codable, Equatable {
        public var la: String
        public var name: String
        /// Weighted distance on the z-scores (computed neighbours only).
        public var distance: Double?
        public var relativeDistance: Double?
        /// DfE's closeness band (published neighbours only).
        public var band: String?
    }

    public struct LASet: Sendable, Codable, Equatable {
        public var la: String
        public var name: String
        public var neighbours: [Member]
    }

    /// One supported LA's outcome beside its neighbours. Gaps are the LA's value minus the
    /// neighbours' mean; `change` = post − pre, read with the outcome's polarity.
    public struct Comparison: Sendable, Codable, Equatable {
        public var la: String
        public var name: String
        public var model: SupportModel
        public var startYear: Int
        public var indicator: String
        public var polarity: Polarity
        public var preGap: Double?
        public var postGap: Double?
        public var change: Double? {
            guard let preGap, let postGap else { return nil }
            return postGap - preGap
        }
        public var trajectory: NeighbourTrajectory
    }

    /// How many of the k neighbours laeval's computed sets share with DfE's published ones.
    public struct Agreement: Sendable, Codable, Equatable {
        public var file: String
        public var las: Int
        public var meanShared: Double
        /// sharedCounts[s]: LAs sharing exactly s neighbours (s = 0…k).
        public var sharedCounts: [Int]
    }

    /// "computed" (from local_authorities.csv) or "published" (DfE's groupings file).
    public var source: String
    public var variables: [NeighbourVariable]
    public var k: Int
    public var sets: [LASet]
    public var comparisons: [Comparison]
    public var agreement: Agreement?
    /// LAs left without computed neighbours (a context value missing), or not in the published file.
    public var withoutNeighbours: [String]
}

public enum NeighbourAnalysis {
    /// The plan's variables (its moderators with weight 1 when it names none).
    public static func variables(_ plan: AnalysisPlan) -> [NeighbourVariable] {
        if plan.neighbours.variables.isEmpty { return plan.moderators.map { NeighbourVariable(name: $0) } }
        return zip(plan.neighbours.variables, plan.neighbours.weights).map { NeighbourVariable(name: $0, weight: $1) }
    }

    /// Neighbours computed from the study's context columns: LAs missing a value are left out.
    public static func computed(_ study: Study, variables: [NeighbourVariable], k: Int) throws -> (sets: [NeighbourResults.LASet], left: [String]) {
        let complete = study.localAuthorities.filter { la in variables.allSatisfy { la.context[$0.name]?.isFinite == true } }
        let names = Dictionary(study.localAuthorities.map { ($0.newCode, $0.name) }, uniquingKeysWith: { a, _ in a })
        let found = try StatisticalNeighbours.find(units: complete.map(\.newCode),
                                                   values: complete.map { la in variables.map { la.context[$0.name]! } },
                                                   variables: variables, k: k)
        let sets = found.map { set in
            NeighbourResults.LASet(la: set.unit, name: names[set.unit] ?? set.unit, neighbours: set.neighbours.map {
                .init(la: $0.unit, name: names[$0.unit] ?? $0.unit, distance: $0.distance, relativeDistance: $0.relativeDistance, band: nil)
            })
        }
        let included = Set(complete.map(\.newCode))
        return (sets, study.localAuthorities.map(\.newCode).filter { !included.contains($0) })
    }

    /// DfE's published groupings, joined on the DfE code; neighbours outside the study's LA set
    /// (e.g. predecessors of a reorganisation) are dropped.
    public static func published(_ study: Study, groupings: PublishedNeighbourGroupings) -> (sets: [NeighbourResults.LASet], left: [String]) {
        let byOldCode = Dictionary(study.localAuthorities.map { ($0.oldCode, $0) }, uniquingKeysWith: { a, _ in a })
        var sets: [NeighbourResults.LASet] = [], left: [String] = []
        for la in study.localAuthorities {
            guard let neighbours = groupings.neighbours(of: la.oldCode) else { left.append(la.newCode); continue }
            sets.append(.init(la: la.newCode, name: la.name, neighbours: neighbours.compactMap { n in
                byOldCode[n.code].map { .init(la: $0.newCode, name: $0.name, distance: nil, relativeDistance: nil, band: n.band) }
            }))
        }
        return (sets, left)
    }

    /// How many neighbours each LA's computed set shares with its published set.
    public static func agreement(computed: [NeighbourResults.LASet], published: [NeighbourResults.LASet], file: String, k: Int) -> NeighbourResults.Agreement? {
        let reference = Dictionary(published.map { ($0.la, Set($0.neighbours.map(\.la))) }, uniquingKeysWith: { a, _ in a })
        let shared = computed.compactMap { set in reference[set.la].map { $0.intersection(set.neighbours.map(\.la)).count } }
        guard !shared.isEmpty else { return nil }
        var counts = [Int](repeating: 0, count: k + 1)
        for s in shared { counts[min(s, k)] += 1 }
        return .init(file: file, las: shared.count, meanShared: Double(shared.reduce(0, +)) / Double(shared.count), sharedCounts: counts)
    }

    /// Neighbours for every LA and the comparison of every supported LA with them.
    public static func run(_ study: Study, published groupings: PublishedNeighbourGroupings?) throws -> NeighbourResults {
        let plan = study.description.plan
        let chosenVariables = variables(plan)
        let k = plan.neighbours.k
        let fromContext: (sets: [NeighbourResults.LASet], left: [String])? =
            chosenVariables.isEmpty ? nil : try computed(study, variables: chosenVariables, k: k)
        var fromFile: (sets: [NeighbourResults.LASet], left: [String])?
        var match: NeighbourResults.Agreement?
        if let groupings {
            let sets = published(study, groupings: groupings)
            fromFile = sets
            if let fromContext { match = agreement(computed: fromContext.sets, published: sets.sets, file: groupings.file, k: k) }
        }
        guard let chosen = fromFile ?? fromContext else {
            return NeighbourResults(source: "none", variables: [], k: k, sets: [], comparisons: [], agreement: nil, withoutNeighbours: [])
        }
        return NeighbourResults(source: fromFile == nil ? "computed" : "published", variables: chosenVariables, k: k, sets: chosen.sets,
                                comparisons: comparisons(study, sets: chosen.sets), agreement: match, withoutNeighbours: chosen.left)
    }

    static func comparisons(_ study: Study, sets: [NeighbourResults.LASet]) -> [NeighbourResults.Comparison] {
        let first = study.firstSupport
        let byLA = Dictionary(sets.map { ($0.la, $0) }, uniquingKeysWith: { a, _ in a })
        var result: [NeighbourResults.Comparison] = []
        for outcome in study.description.plan.outcomes {
            guard let matrix = OutcomeMatrix(study, outcome) else { continue }
            let times = matrix.years.map(Double.init)
            for la in study.localAuthorities {
                guard let episode = first[la.newCode], let set = byLA[la.newCode] else { continue }
                let start = episode.start.reportingYear
                let trajectory = NeighbourTrajectory(times: times, unit: matrix.series(la.newCode),
                                                     neighbours: set.neighbours.map { matrix.series($0.la) })
                let lastYear = matrix.years.last ?? start
                result.append(.init(la: la.newCode, name: la.name, model: episode.model, startYear: start, indicator: outcome.indicator,
                                    polarity: outcome.polarity,
                                    preGap: trajectory.meanGap(over: -Double.infinity...Double(start - 1)),
                                    postGap: start <= lastYear ? trajectory.meanGap(over: Double(start)...Double(lastYear)) : nil,
                                    trajectory: trajectory))
            }
        }
        return result
    }
}
