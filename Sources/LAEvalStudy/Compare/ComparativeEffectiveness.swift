import Foundation
import LAEvalCore
import LAEvalStats

/// Which support works best (aim b): the impact estimates of the programmes, and of the support
/// models, compared on common outcomes with their dependence kept. Every estimate's influence
/// function by LA gives analytic standard errors of differences, and one multiplier bootstrap
/// shared by all estimates (the same weight for an LA in every fit) gives their joint
/// distribution: the probability that each is best, mean ranks, and the Romano–Wolf step-down
/// adjustment. Holm's adjustment is reported beside it. Effects are read as improvements (the
/// sign follows each outcome's polarity); `overall` averages each treatment's improvements in
/// within-LA standard deviations of the outcomes.
public enum ComparativeEffectiveness {
    public struct Options: Sendable, Codable, Equatable {
        public var replicates: Int
        public var seed: UInt64

        public init(replicates: Int = 2_000, seed: UInt64 = 1) {
            self.replicates = replicates
            self.seed = seed
        }
    }

    /// The name of the composite outcome.
    public static let overall = "overall"

    public static func run(_ study: Study, influence: [EstimateInfluence], options: Options) -> ComparisonResults {
        analyse(study, influence: influence, options: options).results
    }

    /// An improvement and its joint bootstrap draws (estimate + deviation, one per replicate).
    public struct Draws: Sendable {
        public var value: Double
        public var se: Double
        public var draws: [Double]
    }

    /// The results and, for the value-for-money stage, every improvement's joint bootstrap draws
    /// keyed `treatment|indicator` (indicator `overall` for the composite).
    public static func analyse(_ study: Study, influence: [EstimateInfluence], options: Options) -> (results: ComparisonResults, draws: [String: Draws]) {
        let plan = study.description.plan
        let scales = plan.outcomes.compactMap { outcome in OutcomeObservations(study, outcome).map { (outcome, withinSD($0)) } }
        let families = [("programmes", plan.comparisons.filter { Programme(rawValue: $0) != nil }),
                        ("models", plan.comparisons.filter { SupportModel(rawValue: $0) != nil })].filter { $0.1.count >= 2 }
        let usable = influence.filter { $0.se > 0 && $0.att.isFinite }
        let joint = JointInfluence(usable)
        let position = Dictionary(usable.enumerated().map { ("\($1.treatment)|\($1.indicator)", $0) }, uniquingKeysWith: { a, _ in a })
        var quantities: [Quantity] = []
        for (family, treatments) in families {
            quantities += familyQuantities(family, treatments: treatments, scales: scales, position: position)
        }
        let deviations = joint.deviations(replicates: options.replicates, seed: options.seed)
        let evaluated = quantities.map { evaluate($0, joint: joint, deviations: deviations) }
        var draws: [String: Draws] = [:]
        for item in evaluated where item.quantity.kind == .effect {
            draws["\(item.quantity.treatment)|\(item.quantity.indicator)"] = Draws(value: item.value, se: item.se, draws: item.draws.map { item.value + $0 })
        }
        let results = ComparisonResults(
            method: "Callaway–Sant'Anna simple ATTs compared through their influence functions by LA; joint multiplier bootstrap (Rademacher weights per LA, \(options.replicates) replicates, seed \(options.seed)); Holm and Romano–Wolf step-down adjustment within each family of tests",
            replicates: options.replicates, seed: options.seed,
            scales: scales.map { .init(indicator: $0.0.indicator, polarity: $0.0.polarity, withinSD: $0.1) },
            effects: adjustedEffects(evaluated, deviations: deviations, joint: joint),
            differences: adjustedDifferences(evaluated, deviations: deviations, joint: joint),
            rankings: rankings(evaluated, families: families, deviations: deviations, joint: joint))
        return (results, draws)
    }

    /// The SD of an outcome around each LA's own mean: √(Σ (y − ȳ_LA)² / (N − L)).
    static func withinSD(_ observations: OutcomeObservations) -> Double {
        var sums: [String: (Double, Int)] = [:]
        for (code, value) in zip(observations.codes, observations.values) { sums[code, default: (0, 0)].0 += value; sums[code, default: (0, 0)].1 += 1 }
        var squares = 0.0
        for (code, value) in zip(observations.codes, observations.values) {
            let (total, count) = sums[code]!
            squares += (value - total / Double(count)) * (value - total / Double(count))
        }
        let df = observations.values.count - sums.count
        return df > 0 ? (squares / Double(df)).squareRoot() : .nan
    }

    /// A linear combination of the estimates: an improvement, a composite, or a difference.
    struct Quantity {
        enum Kind { case effect, difference }
        var kind: Kind
        var family: String
        var indicator: String
        var treatment: String
        var reference: String?
        /// (estimate index, coefficient), sorted by index so that sums are in a fixed order
        var coefficients: [(index: Int, value: Double)]

        init(kind: Kind, family: String, indicator: String, treatment: String, reference: String? = nil, coefficients: [Int: Double]) {
            self.kind = kind
            self.family = family
            self.indicator = indicator
            self.treatment = treatment
            self.reference = reference
            self.coefficients = coefficients.keys.sorted().map { ($0, coefficients[$0]!) }
        }
    }

    struct Evaluated {
        var quantity: Quantity
        var value: Double
        var se: Double
        /// the value's deviation in each bootstrap replicate
        var draws: [Double]
    }

    static func familyQuantities(_ family: String, treatments: [String], scales: [(OutcomeSpec, Double)], position: [String: Int]) -> [Quantity] {
        var effects: [Quantity] = []
        for (outcome, sd) in scales {
            let sign: Double = outcome.polarity == .lowerIsBetter ? -1 : 1
            for treatment in treatments {
                guard let k = position["\(treatment)|\(outcome.indicator)"] else { continue }
                effects.append(Quantity(kind: .effect, family: family, indicator: outcome.indicator, treatment: treatment, coefficients: [k: sign]))
            }
            _ = sd
        }
        for treatment in treatments {
            let parts = scales.compactMap { outcome, sd -> (Int, Double)? in
                guard sd > 0, let k = position["\(treatment)|\(outcome.indicator)"] else { return nil }
                return (k, (outcome.polarity == .lowerIsBetter ? -1 : 1) / sd)
            }
            // the composite needs the treatment on every outcome with a scale, so treatments are comparable
            guard !parts.isEmpty, parts.count == scales.filter({ $0.1 > 0 }).count else { continue }
            effects.append(Quantity(kind: .effect, family: family, indicator: overall, treatment: treatment,
                                    coefficients: Dictionary(uniqueKeysWithValues: parts.map { ($0.0, $0.1 / Double(parts.count)) })))
        }
        var differences: [Quantity] = []
        let byIndicator = Dictionary(grouping: effects, by: \.indicator)
        for indicator in byIndicator.keys.sorted() {
            let group = byIndicator[indicator]!
            for a in group.indices {
                for b in group.indices where b > a {
                    var coefficients = Dictionary(uniqueKeysWithValues: group[a].coefficients.map { ($0.index, $0.value) })
                    for (k, c) in group[b].coefficients { coefficients[k, default: 0] -= c }
                    differences.append(Quantity(kind: .difference, family: family, indicator: indicator, treatment: group[a].treatment,
                                                reference: group[b].treatment, coefficients: coefficients))
                }
            }
        }
        return effects + differences
    }

    static func evaluate(_ quantity: Quantity, joint: JointInfluence, deviations: [[Double]]) -> Evaluated {
        let n = joint.las.count
        var weights = [Double](repeating: 0, count: n)
        var value = 0.0
        for (k, c) in quantity.coefficients {
            value += c * joint.estimates[k]
            for i in 0..<n { weights[i] += c * joint.weights[k][i] }
        }
        let draws = deviations.map { row in quantity.coefficients.reduce(0) { $0 + $1.value * row[$1.index] } }
        return Evaluated(quantity: quantity, value: value, se: JointInfluence.dot(weights, weights).squareRoot(), draws: draws)
    }

    static func twoSidedP(_ value: Double, _ se: Double) -> Double {
        guard se > 0 else { return .nan }
        return 2 * Normal.standardCDF(-abs(value / se))
    }

    /// Holm and Romano–Wolf within each family of tests: (family, effects or differences, the
    /// outcomes or the composite).
    static func adjusted(_ items: [Evaluated]) -> (holm: [Double], romanoWolf: [Double]) {
        let p = items.map { twoSidedP($0.value, $0.se) }
        let statistics = items.map { $0.se > 0 ? abs($0.value / $0.se) : .nan }
        let replicates = items.first?.draws.count ?? 0
        let nullDraws = (0..<replicates).map { b in items.map { $0.se > 0 ? abs($0.draws[b] / $0.se) : .nan } }
        return (MultipleTesting.holm(p), MultipleTesting.romanoWolf(statistics: statistics, nullDraws: nullDraws))
    }

    static func familiesOfTests(_ items: [Evaluated]) -> [[Evaluated]] {
        let grouped = Dictionary(grouping: items) { "\($0.quantity.family)|\($0.quantity.indicator == overall)" }
        return grouped.keys.sorted().map { grouped[$0]! }
    }

    static func adjustedEffects(_ evaluated: [Evaluated], deviations: [[Double]], joint: JointInfluence) -> [ComparisonResults.Effect] {
        familiesOfTests(evaluated.filter { $0.quantity.kind == .effect }).flatMap { items in
            let (holm, rw) = adjusted(items)
            return items.enumerated().map { j, item in
                ComparisonResults.Effect(family: item.quantity.family, treatment: item.quantity.treatment, indicator: item.quantity.indicator,
                                         improvement: item.value, se: item.se, p: twoSidedP(item.value, item.se), pHolm: holm[j], pRomanoWolf: rw[j])
            }
        }
    }

    static func adjustedDifferences(_ evaluated: [Evaluated], deviations: [[Double]], joint: JointInfluence) -> [ComparisonResults.Difference] {
        let critical = Normal.standardQuantile(0.975)
        return familiesOfTests(evaluated.filter { $0.quantity.kind == .difference }).flatMap { items in
            let (holm, rw) = adjusted(items)
            return items.enumerated().map { j, item in
                ComparisonResults.Difference(family: item.quantity.family, indicator: item.quantity.indicator, treatment: item.quantity.treatment,
                                             reference: item.quantity.reference ?? "", difference: item.value, se: item.se,
                                             ciLower: item.value - critical * item.se, ciUpper: item.value + critical * item.se,
                                             p: twoSidedP(item.value, item.se), pHolm: holm[j], pRomanoWolf: rw[j])
            }
        }
    }

    /// For each family and outcome, the treatments ranked by improvement, with the probability
    /// that each is best and its mean rank over the joint bootstrap (draws θ̂ + deviation).
    static func rankings(_ evaluated: [Evaluated], families: [(String, [String])], deviations: [[Double]], joint: JointInfluence) -> [ComparisonResults.Ranking] {
        let critical = Normal.standardQuantile(0.975)
        let effects = evaluated.filter { $0.quantity.kind == .effect }
        var result: [ComparisonResults.Ranking] = []
        for (family, _) in families {
            let inFamily = effects.filter { $0.quantity.family == family }
            var indicators: [String] = []
            for item in inFamily where !indicators.contains(item.quantity.indicator) { indicators.append(item.quantity.indicator) }
            for indicator in indicators {
                let items = inFamily.filter { $0.quantity.indicator == indicator }
                guard items.count >= 2 else { continue }
                var best = [Int](repeating: 0, count: items.count), rankSums = [Int](repeating: 0, count: items.count)
                for b in 0..<deviations.count {
                    let values = items.map { $0.value + $0.draws[b] }
                    let order = values.indices.sorted { values[$0] > values[$1] }
                    best[order[0]] += 1
                    for (rank, index) in order.enumerated() { rankSums[index] += rank + 1 }
                }
                let replicates = Double(max(deviations.count, 1))
                let entries = items.enumerated().map { j, item in
                    ComparisonResults.RankEntry(treatment: item.quantity.treatment, improvement: item.value, se: item.se,
                                                ciLower: item.value - critical * item.se, ciUpper: item.value + critical * item.se,
                                                probabilityBest: Double(best[j]) / replicates, meanRank: Double(rankSums[j]) / replicates)
                }.sorted { ($0.improvement, $1.treatment) > ($1.improvement, $0.treatment) }
                result.append(.init(family: family, indicator: indicator, entries: entries))
            }
        }
        return result
    }
}

/// The comparison stage's output (design.md §6 `compare`).
public struct ComparisonResults: Sendable, Codable, Equatable {
    public struct Scale: Sendable, Codable, Equatable {
        public var indicator: String
        public var polarity: Polarity
        /// SD of the outcome around each LA's own mean: the unit of `overall`.
        public var withinSD: Double

        /// Keys that survive snake_case encoding and decoding (within_sd ↔ withinSd).
        enum CodingKeys: String, CodingKey { case indicator, polarity, withinSD = "withinSd" }
    }

    /// An improvement (the ATT, sign turned where lower is better) and its tests.
    public struct Effect: Sendable, Codable, Equatable {
        public var family: String
        public var treatment: String
        public var indicator: String
        public var improvement: Double
        public var se: Double
        public var p: Double
        public var pHolm: Double
        public var pRomanoWolf: Double
    }

    /// Improvement of `treatment` minus improvement of `reference`.
    public struct Difference: Sendable, Codable, Equatable {
        public var family: String
        public var indicator: String
        public var treatment: String
        public var reference: String
        public var difference: Double
        public var se: Double
        public var ciLower: Double
        public var ciUpper: Double
        public var p: Double
        public var pHolm: Double
        public var pRomanoWolf: Double
    }

    public struct RankEntry: Sendable, Codable, Equatable {
        public var treatment: String
        public var improvement: Double
        public var se: Double
        public var ciLower: Double
        public var ciUpper: Double
        public var probabilityBest: Double
        public var meanRank: Double
    }

    public struct Ranking: Sendable, Codable, Equatable {
        public var family: String
        public var indicator: String
        /// Best first.
        public var entries: [RankEntry]
    }

    public var method: String
    public var replicates: Int
    public var seed: UInt64
    public var scales: [Scale]
    public var effects: [Effect]
    public var differences: [Difference]
    public var rankings: [Ranking]
}
