import Foundation

/// Power and minimum detectable effects of a panel difference-in-differences experiment with
/// serially correlated errors: the "serial-correlation-robust" formula of Burlig, Preonas &
/// Woerman (2020, "Panel data and experimental design", J. Dev. Econ. 144, 102458, eq. 2).
///
/// J units, a share P of them treated, observed for m periods before and r after treatment,
/// with Y_it = β + τ D_it + υ_i + δ_t + ω_it. The unit and time effects are removed by the
/// two-way fixed effects (equivalently, the difference of treated-minus-control means of each
/// unit's post-minus-pre change). With σ² = Var ω_it and ψᴮ, ψᴬ, ψˣ the average covariances of
/// ω_is and ω_it within a unit over distinct pre-period pairs, distinct post-period pairs and
/// pre × post pairs,
///
/// Var τ̂ = [ (m + r)/(m r) σ² + (m − 1)/m ψᴮ + (r − 1)/r ψᴬ − 2ψˣ ] / (P(1 − P) J),
///
/// exactly (for a fixed number PJ of treated units). The paper's MDE is
/// (t_{1−κ} + t_{1−α/2}) · √Var τ̂ with t quantiles on J degrees of freedom (its eq. 1–2; the
/// Stata package pcpanel uses the same). Here the power at effect τ is the two-tailed
/// F(τ/SE − c) + F(−τ/SE − c), c = F⁻¹(1 − α/2), F the t distribution on J degrees of freedom
/// (`criticalValues: .studentT`, the default, following the paper) or the standard normal
/// (`.normal`, the known-variance z test, as `pwr.norm.test`), and the MDE and J are solved
/// from it; without the far tail F(−τ/SE − c) this is the paper's closed form, which
/// ``closedFormMDE(units:power:alpha:)`` gives.
public struct DiDPower: Sendable {
    /// The reference distribution of the test statistic.
    public enum CriticalValues: String, Sendable, CaseIterable {
        /// Student's t on J degrees of freedom (Burlig, Preonas & Woerman 2020, eq. 1–2).
        case studentT = "t"
        /// The standard normal: a z test with known variance.
        case normal
    }

    /// m, at least 1.
    public let prePeriods: Int
    /// r, at least 1.
    public let postPeriods: Int
    /// P, strictly between 0 and 1.
    public let treatedShare: Double
    /// σ², the variance of the idiosyncratic error ω.
    public let variance: Double
    /// ψᴮ, the average covariance of ω between distinct pre-treatment periods (unused if m = 1).
    public let psiPre: Double
    /// ψᴬ, the average covariance of ω between distinct post-treatment periods (unused if r = 1).
    public let psiPost: Double
    /// ψˣ, the average covariance of ω between a pre- and a post-treatment period.
    public let psiCross: Double
    public var criticalValues: CriticalValues
    public var alternative: Alternative

    public init(prePeriods: Int, postPeriods: Int, treatedShare: Double, variance: Double, psiPre: Double = 0,
                psiPost: Double = 0, psiCross: Double = 0, criticalValues: CriticalValues = .studentT,
                alternative: Alternative = .twoSided) throws {
        guard prePeriods >= 1 else {
            throw PowerError.outOfRange(name: "the number of pre-treatment periods", value: Double(prePeriods), requirement: "at least 1")
        }
        guard postPeriods >= 1 else {
            throw PowerError.outOfRange(name: "the number of post-treatment periods", value: Double(postPeriods), requirement: "at least 1")
        }
        guard treatedShare > 0, treatedShare < 1 else {
            throw PowerError.outOfRange(name: "the treated share", value: treatedShare, requirement: "between 0 and 1 (exclusive)")
        }
        guard variance > 0, variance.isFinite else {
            throw PowerError.outOfRange(name: "the error variance", value: variance, requirement: "positive and finite")
        }
        for (name, value) in [("psi-pre", psiPre), ("psi-post", psiPost), ("psi-cross", psiCross)] where !value.isFinite {
            throw PowerError.outOfRange(name: name, value: value, requirement: "a finite number")
        }
        self.prePeriods = prePeriods
        self.postPeriods = postPeriods
        self.treatedShare = treatedShare
        self.variance = variance
        self.psiPre = psiPre
        self.psiPost = psiPost
        self.psiCross = psiCross
        self.criticalValues = criticalValues
        self.alternative = alternative
        guard unitVariance > 0 else {
            throw PowerError.outOfRange(name: "the variance of a unit's post-minus-pre change implied by the covariances",
                                        value: unitVariance, requirement: "positive")
        }
    }

    /// A stationary AR(1) error, Cov(ω_is, ω_it) = σ² ρ^|s−t|: ψᴮ, ψᴬ and ψˣ are the averages
    /// of these covariances over the pairs of periods each one covers (pcpanel's `ar1()`).
    public static func ar1(prePeriods: Int, postPeriods: Int, treatedShare: Double, variance: Double, rho: Double,
                           criticalValues: CriticalValues = .studentT, alternative: Alternative = .twoSided) throws -> DiDPower {
        guard rho > -1, rho < 1 else {
            throw PowerError.outOfRange(name: "the autocorrelation rho", value: rho, requirement: "between -1 and 1 (exclusive)")
        }
        let m = max(prePeriods, 1), r = max(postPeriods, 1)
        let pre = Array(0..<m), post = Array(m..<(m + r))
        func average(_ pairs: [(Int, Int)]) -> Double {
            pairs.isEmpty ? 0 : variance * pairs.reduce(0) { $0 + pow(rho, Double(abs($1.0 - $1.1))) } / Double(pairs.count)
        }
        func distinctPairs(_ periods: [Int]) -> [(Int, Int)] {
            periods.flatMap { s in periods.filter { $0 > s }.map { (s, $0) } }
        }
        return try DiDPower(prePeriods: prePeriods, postPeriods: postPeriods, treatedShare: treatedShare, variance: variance,
                            psiPre: average(distinctPairs(pre)), psiPost: average(distinctPairs(post)),
                            psiCross: average(pre.flatMap { s in post.map { (s, $0) } }),
                            criticalValues: criticalValues, alternative: alternative)
    }

    /// The two-way fixed-effects model Y_it = υ_i + δ_t + ω_it with an outcome of variance
    /// `outcomeVariance` of which shares `unitShare` (Var υ_i) and `timeShare` (Var δ_t) are
    /// unit and time effects, and ω a stationary AR(1) with autocorrelation ρ carrying the rest.
    /// The fixed effects absorb υ and δ, so only σ² = outcomeVariance·(1 − unitShare −
    /// timeShare) and ρ enter (through ``ar1(prePeriods:postPeriods:treatedShare:variance:rho:criticalValues:alternative:)``).
    public static func twoWayFixedEffects(prePeriods: Int, postPeriods: Int, treatedShare: Double, outcomeVariance: Double,
                                          unitShare: Double, timeShare: Double = 0, rho: Double,
                                          criticalValues: CriticalValues = .studentT,
                                          alternative: Alternative = .twoSided) throws -> DiDPower {
        guard unitShare >= 0, timeShare >= 0, unitShare + timeShare < 1 else {
            throw PowerError.outOfRange(name: "the unit and time shares of the variance", value: unitShare + timeShare,
                                        requirement: "non-negative with a sum below 1")
        }
        return try ar1(prePeriods: prePeriods, postPeriods: postPeriods, treatedShare: treatedShare,
                       variance: outcomeVariance * (1 - unitShare - timeShare), rho: rho,
                       criticalValues: criticalValues, alternative: alternative)
    }

    /// (m + r)/(m r) σ² + (m − 1)/m ψᴮ + (r − 1)/r ψᴬ − 2ψˣ: the variance of one unit's
    /// change from its pre-period mean to its post-period mean.
    public var unitVariance: Double {
        let m = Double(prePeriods), r = Double(postPeriods)
        return (m + r) / (m * r) * variance + (m - 1) / m * psiPre + (r - 1) / r * psiPost - 2 * psiCross
    }

    /// √(unitVariance / (P(1 − P) J)), the standard error of τ̂ with J units.
    public func standardError(units: Double) -> Double {
        (unitVariance / (treatedShare * (1 - treatedShare) * units)).squareRoot()
    }

    func reference(units: Double) -> any UnivariateDistribution {
        criticalValues == .normal ? Normal() : StudentT(df: units)
    }

    /// The power to detect an effect τ with J units at level α.
    public func power(units: Double, effect: Double, alpha: Double = 0.05) -> Double {
        let shift = (alternative == .twoSided ? abs(effect) : effect) / standardError(units: units)
        return PowerCurve.shifted(shift, alpha: alpha, alternative: alternative, reference: reference(units: units))
    }

    /// The paper's closed form (t_{power} + t_{1−α/2})·SE (t_{1−α} one-sided; normal
    /// quantiles with `.normal`), which leaves out the far tail of a two-sided test; slightly
    /// above the MDE that ``solve(units:effect:power:alpha:)`` finds.
    public func closedFormMDE(units: Double, power: Double, alpha: Double = 0.05) -> Double {
        let reference = reference(units: units)
        let tails: Double = alternative == .twoSided ? 2 : 1
        let mde = (reference.quantile(power) + reference.upperQuantile(alpha / tails)) * standardError(units: units)
        return alternative == .less ? -mde : mde
    }

    /// Solves for whichever one of units (J), effect (the MDE when solving) and power is nil,
    /// at level α: J on [2, 10⁹] (unrounded; ``PowerResult/nCeiling`` rounds it up), the
    /// effect as the root of the power function, each to 10⁻¹². The result's `n` is J.
    public func solve(units: Double? = nil, effect: Double? = nil, power: Double? = nil, alpha: Double = 0.05) throws -> PowerResult {
        let unknown = try PowerInput.unknown([units, effect, power], names: ["units", "effect", "power"])
        try PowerInput.probability(power, name: "power")
        try PowerInput.probability(alpha, name: "alpha")
        try PowerInput.atLeast(units, 2, name: "units")
        try PowerInput.finite(effect, name: "effect")
        let signedEffect = effect.map { alternative == .twoSided ? abs($0) : $0 }
        switch unknown {
        case 0:
            let solved = try solveUnits(effect: signedEffect!, power: power!, alpha: alpha)
            return PowerResult(n: solved, power: power!, effectSize: signedEffect!, alpha: alpha)
        case 1:
            let solved = try solveEffect(units: units!, power: power!, alpha: alpha)
            return PowerResult(n: units!, power: power!, effectSize: solved, alpha: alpha)
        default:
            return PowerResult(n: units!, power: self.power(units: units!, effect: signedEffect!, alpha: alpha),
                               effectSize: signedEffect!, alpha: alpha)
        }
    }

    func solveUnits(effect: Double, power: Double, alpha: Double) throws -> Double {
        try PowerInput.powerAboveAlpha(power: power, alpha: alpha)
        let (lower, upper) = (2.0, 1e9)
        let direction: Double = alternative == .less ? -1 : 1
        guard effect * direction > 0 else { throw PowerError.noSolution(unknown: "number of units", lower: lower, upper: upper) }
        let shift = PowerCurve.normalShift(power: power, alpha: alpha, alternative: alternative)
        let guess = shift * shift * unitVariance / (treatedShare * (1 - treatedShare) * effect * effect)
        return try PowerSolve.root("number of units", lower: lower, upper: upper, guess: guess, increasing: true) {
            self.power(units: $0, effect: effect, alpha: alpha) - power
        }
    }

    func solveEffect(units: Double, power: Double, alpha: Double) throws -> Double {
        try PowerInput.powerAboveAlpha(power: power, alpha: alpha)
        let se = standardError(units: units)
        let guess = closedFormMDE(units: units, power: power, alpha: alpha)
        let (lower, upper) = alternative == .less ? (-1e12 * se, 0) : (0, 1e12 * se)
        return try PowerSolve.root("effect", lower: lower, upper: upper, guess: guess, increasing: alternative != .less) {
            self.power(units: units, effect: $0, alpha: alpha) - power
        }
    }
}
