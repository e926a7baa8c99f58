import Foundation
import LAEvalStats

/// Group-time average treatment effects for staggered adoption (Callaway & Sant'Anna 2021,
/// "Difference-in-differences with multiple time periods", Journal of Econometrics 225(2)).
///
/// For each cohort g (units first treated in period g) and period t, ATT(g,t) is a 2×2
/// difference in differences between cohort g and a comparison group, from a base period b to t:
/// b = t − 1 before treatment (the "varying" base period) and b = g − 1 − anticipation after.
/// Comparison units are the never treated, or the not yet treated by max(t, b) + anticipation.
/// Covariates enter through the 2×2 estimator (`DiDEstimator`), taken at the base period.
/// Standard errors come from the influence functions: SE = √(Σ ψᵢ²)/n over the n units.
public struct CallawaySantAnna: Sendable {
    public enum ControlGroup: String, Sendable, CaseIterable, Codable {
        case never, notyet
    }

    /// Which period each ATT(g,t) is measured from.
    public enum BasePeriod: String, Sendable, CaseIterable, Codable {
        /// t − 1 before treatment, g − 1 − anticipation after (R's did default).
        case varying
        /// g − 1 − anticipation for every t; the base cell itself is reported as 0 with no SE.
        case universal
    }

    public struct Options: Sendable {
        public var control: ControlGroup = .never
        public var estimator: DiDEstimator = .dr
        public var anticipation = 0
        public var basePeriod: BasePeriod = .varying

        public init(control: ControlGroup = .never, estimator: DiDEstimator = .dr, anticipation: Int = 0,
                    basePeriod: BasePeriod = .varying) {
            self.control = control
            self.estimator = estimator
            self.anticipation = anticipation
            self.basePeriod = basePeriod
        }
    }

    public struct GroupTime: Sendable, Codable, Equatable {
        public var group: Int
        public var time: Int
        public var att: Double
        /// NaN for the base cell of a universal base period.
        public var se: Double
    }

    public let options: Options
    public let attGroupTime: [GroupTime]
    /// influence[k][i]: unit i's influence function for attGroupTime[k].
    public let influence: [[Double]]
    /// Each unit's cohort (0 = never treated), in panel order.
    public let unitGroups: [Int]
    /// The panel positions of the units kept (those treated in the first period are left out),
    /// in the order of the influence functions.
    public let keptUnits: [Int]

    public var units: Int { unitGroups.count }

    public init(panel: BalancedPanel, options: Options = Options()) throws {
        self.options = options
        let periods = panel.periods
        let n = panel.units.count
        // units treated (or anticipating treatment) in the first period have no pre-period and
        // are left out, as in R's did
        let keep = (0..<n).filter { panel.firstTreated[$0] == 0 || panel.firstTreated[$0] - options.anticipation > periods[0] }
        let groupOf = keep.map { panel.firstTreated[$0] }
        let cohorts = Array(Set(groupOf.filter { $0 > 0 })).sorted()
        var results: [GroupTime] = []
        var influence: [[Double]] = []
        let unitCount = Double(keep.count)
        for g in cohorts {
            guard let treatmentBase = periods.lastIndex(where: { $0 <= g - 1 - options.anticipation }) else { continue }
            for t in (options.basePeriod == .universal ? 0 : 1)..<periods.count {
                let period = periods[t]
                let isPost = period >= g - options.anticipation
                let base = isPost || options.basePeriod == .universal ? treatmentBase : t - 1
                if t == base {
                    results.append(GroupTime(group: g, time: period, att: 0, se: .nan))
                    influence.append(Array(repeating: 0, count: keep.count))
                    continue
                }
                let comparisonCutoff = max(periods[t], periods[base]) + options.anticipation
                var rows: [Int] = [], treated: [Bool] = []
                for (position, cohort) in groupOf.enumerated() {
                    if cohort == g {
                        rows.append(position); treated.append(true)
                    } else if cohort == 0 || (options.control == .notyet && cohort > comparisonCutoff) {
                        rows.append(position); treated.append(false)
                    }
                }
                let deltaY = rows.map { panel.outcome[keep[$0]][t] - panel.outcome[keep[$0]][base] }
                let covariates = Matrix(columns: [Array(repeating: 1, count: rows.count)]
                    + panel.covariateNames.indices.map { k in rows.map { panel.covariates[keep[$0]][base][k] } })
                let (att, psi) = try TwoByTwoDiD(deltaY: deltaY, treated: treated, x: covariates).estimate(options.estimator)
                var full = [Double](repeating: 0, count: keep.count)
                let scale = unitCount / Double(rows.count)
                for (local, position) in rows.enumerated() { full[position] = scale * psi[local] }
                results.append(GroupTime(group: g, time: period, att: att, se: Self.standardError(full)))
                influence.append(full)
            }
        }
        attGroupTime = results
        self.influence = influence
        unitGroups = groupOf
        keptUnits = keep
    }

    /// √(Σ ψᵢ²) / n.
    static func standardError(_ psi: [Double]) -> Double {
        (psi.reduce(0) { $0 + $1 * $1 }).squareRoot() / Double(psi.count)
    }
}

extension CallawaySantAnna {
    /// A joint Wald test that every pre-treatment ATT(g,t) is zero (Callaway & Sant'Anna 2021,
    /// §4.2): W = θ̂ᵀ V̂⁻¹ θ̂ with V̂ = Ψᵀ Ψ / n² from the cells' influence functions, against a
    /// χ² with as many degrees of freedom as pre-treatment cells. nil when there are none or
    /// when V̂ is singular (many cells sharing few units), as R's did reports no test then; the
    /// study stage tests the event-time aggregation instead (`ImpactAnalysis`).
    public var pretrendTest: (statistic: Double, df: Int, p: Double)? {
        let pre = attGroupTime.indices.filter { attGroupTime[$0].time < attGroupTime[$0].group - options.anticipation && !attGroupTime[$0].se.isNaN }
        return InfluenceWaldTest(pre.map { (attGroupTime[$0].att, influence[$0]) })
    }
}

/// A Wald test that estimates are jointly zero, their covariance V̂ = ΨᵀΨ/n² from their
/// influence functions over the n units: W = θ̂ᵀ V̂⁻¹ θ̂ against χ² with as many degrees of freedom
/// as estimates. nil when there are none or V̂ is singular.
public func InfluenceWaldTest(_ estimates: [(att: Double, psi: [Double])]) -> (statistic: Double, df: Int, p: Double)? {
    guard let n = estimates.first?.psi.count, n > 0 else { return nil }
    let units = Double(n)
    var v = Matrix(rows: estimates.count, columns: estimates.count)
    for a in estimates.indices {
        for b in 0...a {
            let value = zip(estimates[a].psi, estimates[b].psi).reduce(0) { $0 + $1.0 * $1.1 } / (units * units)
            v[a, b] = value
            v[b, a] = value
        }
    }
    return WaldTest(estimates.map(\.att), covariance: v)
}

/// The Wald test that θ = 0: W = θᵀV⁻¹θ, referred to χ² with dim(θ) degrees of freedom; nil when
/// V is not positive definite (as R's did declines a singular pre-test).
public func WaldTest(_ theta: [Double], covariance: Matrix) -> (statistic: Double, df: Int, p: Double)? {
    guard !theta.isEmpty, let statistic = covariance.inverseQuadraticForm(theta) else { return nil }
    return (statistic, theta.count, ChiSquared(df: Double(theta.count)).sf(statistic))
}
