import Foundation

/// Power of one- and two-sample and paired t tests, as R's `pwr.t.test` (Champely et al.,
/// package pwr; Cohen 1988, "Statistical Power Analysis for the Behavioral Sciences", ch. 2).
///
/// With n per group (pairs for a paired test), k = 2 samples for the two-sample test and 1
/// otherwise, the test statistic is noncentral t with ν = k(n − 1) degrees of freedom and
/// noncentrality δ = d·√(n/k), d = Cohen's effect size (difference in means over the common
/// standard deviation, or mean difference over its standard deviation when paired); the power
/// is in ``PowerCurve/t(ncp:df:alpha:alternative:)``. For a two-sided test d is taken as |d|.
///
/// With a ``DesignEffect`` the n given or solved for counts individuals in clusters, and the
/// test uses the effective n/DE in place of n (Donner & Klar 2000, "Design and Analysis of
/// Cluster Randomization Trials", ch. 5: inflate the unclustered sample size by DE).
public struct TTestPower: Sendable {
    public enum TestType: String, Sendable, CaseIterable {
        case twoSample = "two-sample"
        case oneSample = "one-sample"
        case paired
    }

    public var type: TestType
    public var alternative: Alternative
    public var designEffect: DesignEffect?

    public init(type: TestType = .twoSample, alternative: Alternative = .twoSided, designEffect: DesignEffect? = nil) {
        self.type = type
        self.alternative = alternative
        self.designEffect = designEffect
    }

    var samples: Double { type == .twoSample ? 2 : 1 }
    var inflation: Double { designEffect?.value ?? 1 }

    /// The power at n per group (individuals, before the design effect), effect size d and
    /// level α.
    public func power(n: Double, d: Double, alpha: Double = 0.05) -> Double {
        powerAtEffectiveN(n / inflation, d: d, alpha: alpha)
    }

    func powerAtEffectiveN(_ n: Double, d: Double, alpha: Double) -> Double {
        let effect = alternative == .twoSided ? abs(d) : d
        return PowerCurve.t(ncp: (n / samples).squareRoot() * effect, df: samples * (n - 1), alpha: alpha,
                            alternative: alternative)
    }

    /// Solves for whichever one of n, d, power and alpha is nil, as `pwr.t.test` does: n on
    /// [2 + 10⁻¹⁰, 10⁹] (effective n when clustered), d on [10⁻⁷, 10] two-sided, [−10, 5] for
    /// less and [−5, 10] for greater, alpha on [10⁻¹⁰, 1 − 10⁻¹⁰], each to 10⁻¹² (pwr's uniroot
    /// stops at about 10⁻⁴).
    ///
    /// Errors: not exactly one nil; power or alpha outside (0, 1); n below 2 (effective n when
    /// clustered); solving n for a power not above alpha, or for an effect of the wrong sign
    /// for a one-sided test; no solution in the interval.
    public func solve(n: Double? = nil, d: Double? = nil, power: Double? = nil, alpha: Double? = 0.05) throws -> PowerResult {
        let unknown = try PowerInput.unknown([n, d, power, alpha], names: ["n", "d", "power", "alpha"])
        try PowerInput.probability(power, name: "power")
        try PowerInput.probability(alpha, name: "alpha")
        try PowerInput.finite(d, name: "d")
        if let n {
            try PowerInput.atLeast(n / inflation, 2, name: designEffect == nil ? "n" : "n divided by the design effect")
        }
        let effect = d.map { alternative == .twoSided ? abs($0) : $0 }
        switch unknown {
        case 0:
            let effective = try solveEffectiveN(d: effect!, power: power!, alpha: alpha!)
            return PowerResult(n: effective * inflation, power: power!, effectSize: effect!, alpha: alpha!)
        case 1:
            let solved = try solveD(n: n! / inflation, power: power!, alpha: alpha!)
            return PowerResult(n: n!, power: power!, effectSize: solved, alpha: alpha!)
        case 2:
            return PowerResult(n: n!, power: self.power(n: n!, d: effect!, alpha: alpha!), effectSize: effect!, alpha: alpha!)
        default:
            let solved = try PowerSolve.alpha(power: power!) { powerAtEffectiveN(n! / inflation, d: effect!, alpha: $0) }
            return PowerResult(n: n!, power: power!, effectSize: effect!, alpha: solved)
        }
    }

    func solveEffectiveN(d: Double, power: Double, alpha: Double) throws -> Double {
        try PowerInput.powerAboveAlpha(power: power, alpha: alpha)
        let interval = PowerSolve.sampleSizeInterval
        let direction: Double = alternative == .less ? -1 : 1
        guard d * direction > 0 else { throw PowerError.noSolution(unknown: "n", lower: interval.lower, upper: interval.upper) }
        let shift = PowerCurve.normalShift(power: power, alpha: alpha, alternative: alternative)
        let guess = samples * (shift / d) * (shift / d) + 1
        return try PowerSolve.root("n", lower: interval.lower, upper: interval.upper, guess: guess, increasing: true) {
            powerAtEffectiveN($0, d: d, alpha: alpha) - power
        }
    }

    func solveD(n: Double, power: Double, alpha: Double) throws -> Double {
        if alternative == .twoSided { try PowerInput.powerAboveAlpha(power: power, alpha: alpha) }
        let interval = PowerSolve.effectInterval(alternative, twoSidedLower: 1e-7)
        let shift = PowerCurve.normalShift(power: power, alpha: alpha, alternative: alternative)
        let guess = (alternative == .less ? -shift : shift) / (n / samples).squareRoot()
        return try PowerSolve.root("d", lower: interval.lower, upper: interval.upper, guess: guess,
                                   increasing: alternative != .less) {
            powerAtEffectiveN(n, d: $0, alpha: alpha) - power
        }
    }
}
