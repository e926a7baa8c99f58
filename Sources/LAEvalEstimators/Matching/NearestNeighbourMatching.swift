import Foundation
import LAEvalStats

/// The order in which treated units choose their matches (MatchIt's `m.order`).
public enum MatchingOrder: Sendable, Equatable {
    /// Highest distance (propensity score) first: MatchIt's default for the ATT.
    case largest
    /// Lowest distance first.
    case smallest
    /// A random order from laeval's seeded generator (not R's: the order differs from MatchIt's).
    case random(seed: UInt64)
    /// Row order.
    case data
}

/// Options of greedy nearest-neighbour matching; the defaults are MatchIt's.
public struct NearestNeighbourOptions: Sendable, Equatable {
    /// k in k:1 matching: up to k controls per treated unit.
    public var ratio: Int
    /// Whether a control may be matched to more than one treated unit.
    public var replace: Bool
    /// Largest allowed |dᵢ − dⱼ|; nil for none.
    public var caliper: Double?
    /// The caliper is in standard deviations of the distance over all units (MatchIt's
    /// `std.caliper = TRUE`) rather than in distance units.
    public var standardisedCaliper: Bool
    public var order: MatchingOrder

    public init(ratio: Int = 1, replace: Bool = false, caliper: Double? = nil, standardisedCaliper: Bool = true,
                order: MatchingOrder = .largest) {
        self.ratio = ratio
        self.replace = replace
        self.caliper = caliper
        self.standardisedCaliper = standardisedCaliper
        self.order = order
    }
}

/// One treated unit and the controls matched to it, in the order they were chosen.
public struct MatchedSet: Sendable, Equatable {
    public let treated: Int
    public let controls: [Int]

    public init(treated: Int, controls: [Int]) {
        self.treated = treated
        self.controls = controls
    }
}

/// The result of matching.
public struct MatchingResult: Sendable {
    /// The distance used (the propensity score).
    public let distance: [Double]
    public let treatment: [Bool]
    /// One per treated unit, in row order; `controls` is empty for a treated unit left unmatched.
    public let sets: [MatchedSet]
    /// MatchIt's matching weights: 1 for matched treated units; for a control, Σ 1/kₜ over the
    /// treated units t it is matched to (kₜ = t's number of controls), rescaled so that the
    /// control weights sum to the number of matched controls; 0 for unmatched units.
    public let weights: [Double]
    /// The matched set of each unit (index into `sets`), nil if unmatched; all nil when matching
    /// with replacement (a control can then belong to several sets, as in MatchIt).
    public let subclass: [Int?]
    /// The caliper in distance units, nil without one.
    public let caliperWidth: Double?

    public var treatedMatched: Int { sets.filter { !$0.controls.isEmpty }.count }
    public var controlsMatched: Int { zip(treatment, weights).filter { !$0.0 && $0.1 > 0 }.count }
    public var treatedUnmatched: Int { sets.count - treatedMatched }
}

/// Greedy nearest-neighbour matching on a scalar distance (Rubin 1973, "Matching to remove bias
/// in observational studies", Biometrics 29:159–183; Austin 2011, Multivariate Behav Res
/// 46:399–424 for k:1 and calipers), following MatchIt's conventions (Ho, Imai, King & Stuart
/// 2011, J Stat Softw 42(8); `?method_nearest`):
///
/// - treated units are visited in `order`; in each of k rounds every treated unit still
///   matchable takes the nearest available control not yet matched to it, so first matches are
///   all made before any second match;
/// - a control is available until used `reuse` times (once without replacement; without limit
///   with replacement); controls beyond the caliper, or in another exact stratum, are not
///   candidates; a treated unit with no candidate gets no further matches;
/// - ties: units sorted by distance (stably by row), the nearest candidates below and above the
///   treated unit are compared and the lower one wins a tie.
///
/// Unlike Debian's MatchIt 4.5.1 (whose comparison truncates distances to integers and so,
/// for propensity scores, always takes the lower candidate) this takes the truly nearer one.
public enum NearestNeighbourMatching {
    /// `exactStrata`: one key per unit; units match only within equal keys (MatchIt's `exact`).
    public static func match(treatment: [Bool], distance: [Double], exactStrata: [String]? = nil,
                             options: NearestNeighbourOptions = NearestNeighbourOptions()) throws -> MatchingResult {
        try validate(treatment: treatment, distance: distance, exactStrata: exactStrata, options: options)
        let n = treatment.count
        let treatedRows = (0..<n).filter { treatment[$0] }
        let caliper = options.caliper.map { options.standardisedCaliper ? $0 * SampleStatistics.standardDeviation(distance) : $0 }
        let strata = exactStrata.map(codes) ?? [Int](repeating: 0, count: n)
        let sorted = (0..<n).sorted { distance[$0] < distance[$1] || (distance[$0] == distance[$1] && $0 < $1) }
        var position = [Int](repeating: 0, count: n)
        for (p, row) in sorted.enumerated() { position[row] = p }
        let reuse = options.replace ? treatedRows.count : 1
        let visitOrder = reuse >= treatedRows.count ? treatedRows : orderTreated(treatedRows, distance: distance, order: options.order)
        var search = Search(sorted: sorted, distance: distance, treatment: treatment, strata: strata, caliper: caliper)
        var matched = [Int: [Int]]()
        var treatedOpen = Set(treatedRows)
        var uses = [Int](repeating: 0, count: n)
        for _ in 0..<options.ratio {
            for t in visitOrder where treatedOpen.contains(t) {
                guard let c = search.nearest(to: t, at: position[t], excluding: matched[t] ?? []) else {
                    treatedOpen.remove(t)
                    continue
                }
                matched[t, default: []].append(c)
                if matched[t]!.count >= options.ratio { treatedOpen.remove(t) }
                uses[c] += 1
                if uses[c] >= reuse { search.available[c] = false }
            }
        }
        let sets = treatedRows.map { MatchedSet(treated: $0, controls: matched[$0] ?? []) }
        guard sets.contains(where: { !$0.controls.isEmpty }) else { throw MatchingError.noMatches }
        return MatchingResult(distance: distance, treatment: treatment, sets: sets,
                              weights: matchingWeights(sets: sets, treatment: treatment),
                              subclass: options.replace ? Array(repeating: nil, count: n) : subclasses(sets: sets, n: n),
                              caliperWidth: caliper)
    }

    /// The scan for the nearest eligible control in the distance-sorted units.
    struct Search {
        let sorted: [Int]
        let distance: [Double]
        let treatment: [Bool]
        let strata: [Int]
        let caliper: Double?
        var available: [Bool]

        init(sorted: [Int], distance: [Double], treatment: [Bool], strata: [Int], caliper: Double?) {
            self.sorted = sorted
            self.distance = distance
            self.treatment = treatment
            self.strata = strata
            self.caliper = caliper
            available = treatment.map { !$0 }
        }

        /// The first eligible control walking from `start` by `step` (±1), or nil.
        func firstEligible(from start: Int, step: Int, treated t: Int, excluding used: [Int]) -> Int? {
            var p = start
            while p >= 0 && p < sorted.count {
                let c = sorted[p]
                if let caliper, abs(distance[c] - distance[t]) > caliper { return nil }
                if available[c] && strata[c] == strata[t] && !used.contains(c) { return c }
                p += step
            }
            return nil
        }

        func nearest(to t: Int, at p: Int, excluding used: [Int]) -> Int? {
            let below = firstEligible(from: p - 1, step: -1, treated: t, excluding: used)
            let above = firstEligible(from: p + 1, step: 1, treated: t, excluding: used)
            switch (below, above) {
            case let (b?, a?): return abs(distance[b] - distance[t]) <= abs(distance[a] - distance[t]) ? b : a
            case let (b?, nil): return b
            case let (nil, a?): return a
            case (nil, nil): return nil
            }
        }
    }

    static func validate(treatment: [Bool], distance: [Double], exactStrata: [String]?, options: NearestNeighbourOptions) throws {
        guard treatment.count == distance.count else { throw MatchingError.lengthMismatch("the distance and the treatment") }
        if let exactStrata, exactStrata.count != treatment.count { throw MatchingError.lengthMismatch("the exact strata and the treatment") }
        guard distance.allSatisfy(\.isFinite) else { throw MatchingError.nonFinite("the distance") }
        guard treatment.contains(true) else { throw MatchingError.noTreatedUnits }
        guard treatment.contains(false) else { throw MatchingError.noControlUnits }
        guard options.ratio >= 1 else { throw MatchingError.invalidRatio(options.ratio) }
        if let c = options.caliper, !(c > 0 && c.isFinite) { throw MatchingError.invalidCaliper(c) }
    }

    /// Treated rows in visiting order; sorts are stable, so ties keep row order (as R's `order`).
    static func orderTreated(_ rows: [Int], distance: [Double], order: MatchingOrder) -> [Int] {
        switch order {
        case .data: return rows
        case .largest: return rows.enumerated().sorted { a, b in
                distance[a.element] > distance[b.element] || (distance[a.element] == distance[b.element] && a.offset < b.offset)
            }.map(\.element)
        case .smallest: return rows.enumerated().sorted { a, b in
                distance[a.element] < distance[b.element] || (distance[a.element] == distance[b.element] && a.offset < b.offset)
            }.map(\.element)
        case .random(let seed):
            var generator = SeededGenerator(seed: seed)
            return generator.shuffled(rows)
        }
    }

    static func codes(_ keys: [String]) -> [Int] {
        var index: [String: Int] = [:]
        return keys.map { key in
            if let code = index[key] { return code }
            index[key] = index.count
            return index.count - 1
        }
    }

    /// MatchIt's matching weights (see `MatchingResult.weights`).
    static func matchingWeights(sets: [MatchedSet], treatment: [Bool]) -> [Double] {
        var weights = [Double](repeating: 0, count: treatment.count)
        for set in sets where !set.controls.isEmpty {
            weights[set.treated] = 1
            for c in set.controls { weights[c] += 1 / Double(set.controls.count) }
        }
        let controls = treatment.indices.filter { !treatment[$0] }
        let total = controls.reduce(0) { $0 + weights[$1] }
        let used = Double(controls.filter { weights[$0] > 0 }.count)
        if total > 0 { for c in controls { weights[c] *= used / total } }
        return weights
    }

    static func subclasses(sets: [MatchedSet], n: Int) -> [Int?] {
        var subclass = [Int?](repeating: nil, count: n)
        for (id, set) in sets.filter({ !$0.controls.isEmpty }).enumerated() {
            subclass[set.treated] = id
            for c in set.controls { subclass[c] = id }
        }
        return subclass
    }
}
