import LAEvalStats

/// The Goodman-Bacon decomposition of the static two-way fixed effects DiD coefficient
/// (Goodman-Bacon 2021, "Difference-in-differences with variation in treatment timing",
/// Journal of Econometrics 225(2), Theorem 1).
///
/// With units grouped by the period they are first treated in, the coefficient β̂ of
/// Y_it = α_i + λ_t + β D_it + e_it (`TwoWayFixedEffectsDiD`) is a weighted average of every
/// 2×2 DiD between two groups, β̂ = Σ_k s_kU β̂_kU + Σ_{k<ℓ} (s_kℓ^k β̂_kℓ^k + s_kℓ^ℓ β̂_kℓ^ℓ):
///
/// - β̂_kU, treated group k against the never treated U over the whole panel,
///   weight s_kU = (n_k + n_U)² n_kU (1 − n_kU) D̄_k (1 − D̄_k) / V̂^D;
/// - β̂_kℓ^k, an earlier group k against a later group ℓ before ℓ is treated (PRE(k) ∪ MID(k,ℓ)),
///   weight s_kℓ^k = ((n_k + n_ℓ)(1 − D̄_ℓ))² n_kℓ (1 − n_kℓ) · (D̄_k − D̄_ℓ)/(1 − D̄_ℓ) · (1 − D̄_k)/(1 − D̄_ℓ) / V̂^D;
/// - β̂_kℓ^ℓ, the later group ℓ against the already-treated earlier group k (MID(k,ℓ) ∪ POST(ℓ),
///   the "forbidden" comparison), weight s_kℓ^ℓ = ((n_k + n_ℓ) D̄_k)² n_kℓ (1 − n_kℓ) · (D̄_ℓ/D̄_k) · (D̄_k − D̄_ℓ)/D̄_k / V̂^D;
///
/// where n_k is group k's share of units, n_kU = n_k/(n_k + n_U), n_kℓ = n_k/(n_k + n_ℓ), D̄_k is
/// the share of periods in which group k is treated, and V̂^D = (1/NT) Σ_it D̃_it² is the variance
/// of the treatment dummy after removing unit and period means (eqs. 10a–c). Each 2×2 DiD is a
/// difference of changes in group-by-period means of Y. The weights sum to one.
///
/// **Balanced panels only**: Theorem 1 is an identity for balanced panels, which is what
/// `BalancedPanel` holds. Units whose first treatment period is after the last period are
/// never treated within the panel and are pooled with the never treated (label 0). Units treated
/// from the first period on ("always treated", D̄ = 1) are pooled into one group labelled by the
/// first period; they enter only as the control of `laterVsAlwaysTreated` comparisons, since
/// every other comparison involving them has weight zero.
public struct GoodmanBaconDecomposition: Sendable, Codable, Equatable {
    /// The type of 2×2 comparison (Goodman-Bacon 2021, section 2).
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A timing group against the never treated, over the whole panel (β̂_kU).
        case treatedVsNeverTreated
        /// An earlier group against a later one before the later is treated (β̂_kℓ^k).
        case earlierVsLaterTreated
        /// A later group against an earlier, already-treated one (β̂_kℓ^ℓ): the "forbidden"
        /// comparison whose control group's treatment effects may change over time.
        case laterVsEarlierTreated
        /// A timing group against units treated in every period (β̂_kℓ^ℓ with D̄_k = 1).
        case laterVsAlwaysTreated
    }

    /// One 2×2 DiD and its weight in the TWFE coefficient.
    public struct Comparison: Sendable, Codable, Equatable {
        public var kind: Kind
        /// First treatment period of the group whose treatment switches on in the window.
        public var treatedGroup: Int
        /// First treatment period of the comparison group; 0 for the never treated.
        public var controlGroup: Int
        /// The 2×2 DiD of group-by-period means in the window.
        public var estimate: Double
        /// Its weight s (Theorem 1); all weights sum to 1.
        public var weight: Double
        /// First and last period of the comparison's window.
        public var windowStart: Int
        public var windowEnd: Int
    }

    /// Total weight of a kind of comparison and the weighted average of its 2×2 DiDs.
    public struct KindSummary: Sendable, Codable, Equatable {
        public var kind: Kind
        public var weight: Double
        public var averageEstimate: Double
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noTreatmentVariation

        public var description: String {
            switch self {
            case .noTreatmentVariation:
                "the treatment does not vary within units and periods (no timing group has both treated and untreated periods): there is no TWFE coefficient to decompose"
            }
        }
    }

    public let comparisons: [Comparison]
    /// The static TWFE coefficient (`TwoWayFixedEffectsDiD`), equal to Σ weight × estimate.
    public let twfeCoefficient: Double
    /// V̂^D, the variance of the two-way demeaned treatment dummy.
    public let treatmentVariance: Double

    /// Total weight and weighted average estimate by kind, for the kinds present.
    public var summary: [KindSummary] {
        Kind.allCases.compactMap { kind in
            let members = comparisons.filter { $0.kind == kind }
            guard !members.isEmpty else { return nil }
            let weight = members.reduce(0) { $0 + $1.weight }
            let average = members.reduce(0) { $0 + $1.weight * $1.estimate } / weight
            return KindSummary(kind: kind, weight: weight, averageEstimate: average)
        }
    }

    /// Decomposes the static TWFE coefficient of a balanced panel (Goodman-Bacon 2021, Theorem 1).
    public init(panel: BalancedPanel) throws {
        let periods = panel.periods
        let periodCount = periods.count
        let unitCount = panel.units.count
        let first = periods[0], last = periods[periodCount - 1]
        // group label: 0 never treated in the panel, `first` always treated, otherwise the cohort
        func label(_ g: Int) -> Int {
            if g == 0 || g > last { return 0 }
            return g <= first ? first : g
        }
        let labels = panel.firstTreated.map(label)
        let groups = Array(Set(labels)).sorted()
        var size: [Int: Int] = [:]
        for g in labels { size[g, default: 0] += 1 }
        func treatedPeriods(_ g: Int) -> Int { g == 0 ? 0 : periods.filter { $0 >= g }.count }
        let share = size.mapValues { Double($0) / Double(unitCount) }
        let dBar = Dictionary(uniqueKeysWithValues: groups.map { ($0, Double(treatedPeriods($0)) / Double(periodCount)) })

        // V̂^D: the balanced-panel two-way within transformation D_it − D̄_i − D̄_t + D̄
        var periodMean = [Double](repeating: 0, count: periodCount)
        for g in labels where g != 0 {
            for (t, period) in periods.enumerated() where period >= g { periodMean[t] += 1 }
        }
        periodMean = periodMean.map { $0 / Double(unitCount) }
        let grandMean = periodMean.reduce(0, +) / Double(periodCount)
        var sumSquares = 0.0
        for g in labels {
            for (t, period) in periods.enumerated() {
                let d = g != 0 && period >= g ? 1.0 : 0.0
                let within = d - dBar[g]! - periodMean[t] + grandMean
                sumSquares += within * within
            }
        }
        let variance = sumSquares / Double(unitCount * periodCount)
        guard variance > 1e-14 else { throw Failure.noTreatmentVariation }

        // group-by-period means of the outcome
        var means: [Int: [Double]] = [:]
        for (u, g) in labels.enumerated() {
            means[g, default: [Double](repeating: 0, count: periodCount)] =
                zip(means[g] ?? [Double](repeating: 0, count: periodCount), panel.outcome[u]).map(+)
        }
        for g in groups { means[g] = means[g]!.map { $0 / Double(size[g]!) } }
        /// Mean of group g's period means over periods in [from, to).
        func average(_ g: Int, from: Int, to: Int) -> Double {
            let indices = periods.indices.filter { periods[$0] >= from && periods[$0] < to }
            return indices.reduce(0) { $0 + means[g]![$1] } / Double(indices.count)
        }
        let end = last + 1

        var comparisons: [Comparison] = []
        let timing = groups.filter { $0 != 0 && $0 != first }
        let alwaysTreated = groups.contains(first) ? first : nil
        if let nU = share[0] {
            for k in timing {
                let nk = share[k]!, d = dBar[k]!
                let nkU = nk / (nk + nU)
                let weight = (nk + nU) * (nk + nU) * nkU * (1 - nkU) * d * (1 - d) / variance
                let estimate = (average(k, from: k, to: end) - average(k, from: first, to: k))
                    - (average(0, from: k, to: end) - average(0, from: first, to: k))
                comparisons.append(Comparison(kind: .treatedVsNeverTreated, treatedGroup: k, controlGroup: 0,
                                              estimate: estimate, weight: weight, windowStart: first, windowEnd: last))
            }
        }
        if let a = alwaysTreated {
            // D̄_k = 1: only the later group's comparison against the always treated has weight
            for l in timing {
                let nk = share[a]!, nl = share[l]!, dl = dBar[l]!
                let nkl = nk / (nk + nl)
                let weight = (nk + nl) * (nk + nl) * nkl * (1 - nkl) * dl * (1 - dl) / variance
                let estimate = (average(l, from: l, to: end) - average(l, from: first, to: l))
                    - (average(a, from: l, to: end) - average(a, from: first, to: l))
                comparisons.append(Comparison(kind: .laterVsAlwaysTreated, treatedGroup: l, controlGroup: a,
                                              estimate: estimate, weight: weight, windowStart: first, windowEnd: last))
            }
        }
        for (position, k) in timing.enumerated() {
            for l in timing[(position + 1)...] {
                let nk = share[k]!, nl = share[l]!, dk = dBar[k]!, dl = dBar[l]!
                let nkl = nk / (nk + nl)
                let pairs = (nk + nl) * (nk + nl) * nkl * (1 - nkl)
                let earlyWeight = pairs * (1 - dl) * (1 - dl) * (dk - dl) / (1 - dl) * (1 - dk) / (1 - dl) / variance
                let earlyEstimate = (average(k, from: k, to: l) - average(k, from: first, to: k))
                    - (average(l, from: k, to: l) - average(l, from: first, to: k))
                let lateWeight = pairs * dk * dk * (dl / dk) * (dk - dl) / dk / variance
                let lateEstimate = (average(l, from: l, to: end) - average(l, from: k, to: l))
                    - (average(k, from: l, to: end) - average(k, from: k, to: l))
                let lastBeforeL = periods.last { $0 < l }!
                comparisons.append(Comparison(kind: .earlierVsLaterTreated, treatedGroup: k, controlGroup: l,
                                              estimate: earlyEstimate, weight: earlyWeight, windowStart: first, windowEnd: lastBeforeL))
                comparisons.append(Comparison(kind: .laterVsEarlierTreated, treatedGroup: l, controlGroup: k,
                                              estimate: lateEstimate, weight: lateWeight, windowStart: periods.first { $0 >= k }!, windowEnd: last))
            }
        }
        self.comparisons = comparisons
        treatmentVariance = variance
        twfeCoefficient = try TwoWayFixedEffectsDiD(panel: panel).coefficient
    }
}
