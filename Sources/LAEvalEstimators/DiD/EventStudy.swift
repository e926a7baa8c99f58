import LAEvalStats

/// The dynamic two-way fixed effects ("event study") regression
///
///     Y_it = α_i + λ_t + Σ_{e ≠ r} β_e 1{t − G_i = e} + ε_it,
///
/// with unit and period effects absorbed (Frisch–Waugh–Lovell) and the reference event time r
/// (default −1, the period before treatment) left out. Never-treated units have every indicator
/// zero. Standard errors are cluster-robust by unit (CR1, Liang & Zeger 1986) with fixest's
/// default small-sample factor G/(G − 1) × (n − 1)/(n − K), where the unit effects, nested in
/// the clusters, are not counted in K.
///
/// Under staggered adoption with heterogeneous effects the β_e mix effects of other event times
/// and cohorts (Sun & Abraham 2021, "Estimating dynamic treatment effects in event studies with
/// heterogeneous treatment effects", Journal of Econometrics 225(2), Proposition 3); `SunAbraham`
/// is the heterogeneity-robust alternative. This is the pooled specification it is compared with.
///
/// Conventions: units first treated after the last period are never treated within the panel
/// and are coded like the never treated. Nothing is binned unless `window` is given, in which
/// case event times below (above) it are pooled into its lower (upper) end (Schmidheiny &
/// Siegloch 2023, "On event studies and distributed-lags in two-way fixed effects models",
/// Journal of Applied Econometrics 38(5)). Without never-treated units and without binning, a
/// linear trend in event time is spanned by the fixed effects (Borusyak, Jaravel & Spiess 2024,
/// "Revisiting event-study designs", Review of Economic Studies 91(6)), and periods in which every
/// unit is treated can add more such combinations; the coefficients the pivoted QR drops are
/// reported with estimate and SE NaN (bin the endpoints or keep never-treated units to avoid it).
/// Note that a plain `JSONEncoder` rejects NaN unless given a non-conforming float strategy.
public struct EventStudy: Sendable, Codable, Equatable {
    /// β_e, the coefficient on 1{t − G_i = e}, and its cluster-robust SE.
    public struct Coefficient: Sendable, Codable, Equatable {
        public var eventTime: Int
        public var estimate: Double
        public var se: Double
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noTreatedUnits
        case referenceNotObserved(Int)
        case referenceOutsideWindow(reference: Int, lower: Int, upper: Int)

        public var description: String {
            switch self {
            case .noTreatedUnits: "no unit is treated within the panel's periods: there are no event times to estimate"
            case .referenceNotObserved(let r): "no treated unit is observed at event time \(r): choose a reference event time that occurs in the data"
            case .referenceOutsideWindow(let r, let lower, let upper): "the reference event time \(r) is outside the binning window \(lower)...\(upper)"
            }
        }
    }

    /// The left-out event time.
    public let reference: Int
    /// Ends of the binning window, if any.
    public let binnedBelow: Int?
    public let binnedAbove: Int?
    /// One per event time other than the reference, in increasing order.
    public let coefficients: [Coefficient]
    public let observations: Int
    public let clusters: Int

    /// Fits the dynamic TWFE regression on a balanced panel (see the type's documentation).
    public init(panel: BalancedPanel, reference: Int = -1, window: ClosedRange<Int>? = nil) throws {
        if let window, !window.contains(reference) {
            throw Failure.referenceOutsideWindow(reference: reference, lower: window.lowerBound, upper: window.upperBound)
        }
        let last = panel.periods[panel.periods.count - 1]
        var y: [Double] = [], unit: [Int] = [], time: [Int] = [], eventTime: [Int?] = []
        for (u, outcomes) in panel.outcome.enumerated() {
            let g = panel.firstTreated[u]
            for (t, value) in outcomes.enumerated() {
                y.append(value)
                unit.append(u)
                time.append(t)
                if g == 0 || g > last {
                    eventTime.append(nil)
                } else {
                    var e = panel.periods[t] - g
                    if let window { e = min(max(e, window.lowerBound), window.upperBound) }
                    eventTime.append(e)
                }
            }
        }
        let observed = Set(eventTime.compactMap { $0 })
        guard !observed.isEmpty else { throw Failure.noTreatedUnits }
        guard observed.contains(reference) else { throw Failure.referenceNotObserved(reference) }
        let times = observed.subtracting([reference]).sorted()
        let columns = times.map { e in eventTime.map { $0 == e ? 1.0 : 0.0 } }
        let fit = try EventTimeRegression(y: y, unit: unit, time: time, columns: columns, terms: times.map { "event_time::\($0)" })
        coefficients = times.indices.map { Coefficient(eventTime: times[$0], estimate: fit.coefficients[$0], se: fit.variance[$0][$0].squareRoot()) }
        self.reference = reference
        binnedBelow = window?.lowerBound
        binnedAbove = window?.upperBound
        observations = fit.observations
        clusters = fit.clusters
    }
}

/// Least squares of y on indicator columns with unit and period effects absorbed, and the CR1
/// variance clustered by unit with fixest's default small-sample factor (the unit effects are
/// nested in the clusters and not counted). Aliased columns get NaN coefficients and NaN rows
/// and columns in `variance`. Shared by `EventStudy` and `SunAbraham`.
struct EventTimeRegression {
    let coefficients: [Double]
    /// variance[i][j] for all columns, in column order.
    let variance: [[Double]]
    let observations: Int
    let clusters: Int

    init(y: [Double], unit: [Int], time: [Int], columns: [[Double]], terms: [String]) throws {
        let effects = FixedEffects(factors: [unit, time])
        let (fit, _) = try LinearRegression.fit(y: y, covariates: columns, terms: terms, fixedEffects: effects)
        let k = effects.clusterAdjustmentParameters(slopes: fit.rank, clusters: [unit])
        let estimableVariance = fit.variance(.cluster([unit], .fixest), adjustmentParameters: k)
        var variance = [[Double]](repeating: [Double](repeating: .nan, count: columns.count), count: columns.count)
        for (a, i) in fit.estimable.enumerated() {
            for (b, j) in fit.estimable.enumerated() { variance[i][j] = estimableVariance[a, b] }
        }
        coefficients = columns.indices.map { fit.aliased[$0] ? .nan : fit.coefficients[$0] }
        self.variance = variance
        observations = fit.observations
        clusters = Set(unit).count
    }
}
