import Foundation

/// Power of the comparison of two proportions through Cohen's arcsine transformation, as R's
/// `pwr.2p.test` (equal groups) and `pwr.2p2n.test` (unequal groups) (Cohen 1988, ch. 6).
///
/// With h = 2 asin √p₁ − 2 asin √p₂ (``cohenH(p1:p2:)``), the statistic is approximately
/// normal with unit variance and mean h·√(n/2) for groups of n, or h·√(n₁n₂/(n₁ + n₂)); the
/// power is the z-test power of ``PowerCurve/shifted(_:alpha:alternative:reference:)``, both
/// tails counted when two-sided. For a two-sided test h is taken as |h|.
public struct ProportionsPower: Sendable {
    public var alternative: Alternative

    public init(alternative: Alternative = .twoSided) {
        self.alternative = alternative
    }

    /// Cohen's effect size for two proportions, h = 2 asin √p₁ − 2 asin √p₂ (pwr's `ES.h`).
    public static func cohenH(p1: Double, p2: Double) -> Double {
        2 * asin(p1.squareRoot()) - 2 * asin(p2.squareRoot())
    }

    /// The power with n in each group.
    public func power(h: Double, n: Double, alpha: Double = 0.05) -> Double {
        powerAtShift(h, scale: (n / 2).squareRoot(), alpha: alpha)
    }

    /// The power with groups of n1 and n2.
    public func power(h: Double, n1: Double, n2: Double, alpha: Double = 0.05) -> Double {
        powerAtShift(h, scale: (n1 * n2 / (n1 + n2)).squareRoot(), alpha: alpha)
    }

    func powerAtShift(_ h: Double, scale: Double, alpha: Double) -> Double {
        let effect = alternative == .twoSided ? abs(h) : h
        return PowerCurve.shifted(effect * scale, alpha: alpha, alternative: alternative, reference: Normal())
    }

    /// Equal groups (`pwr.2p.test`): solves for whichever one of h, n, power and alpha is nil,
    /// h on [10⁻¹⁰, 10] two-sided, [−10, 5] for less, [−5, 10] for greater, n on
    /// [2 + 10⁻¹⁰, 10⁹], alpha on [10⁻¹⁰, 1 − 10⁻¹⁰], each to 10⁻¹². n must be at least 1.
    public func solve(h: Double? = nil, n: Double? = nil, power: Double? = nil, alpha: Double? = 0.05) throws -> PowerResult {
        let unknown = try PowerInput.unknown([h, n, power, alpha], names: ["h", "n", "power", "alpha"])
        try check(h: h, power: power, alpha: alpha)
        try PowerInput.atLeast(n, 1, name: "n")
        let effect = h.map { alternative == .twoSided ? abs($0) : $0 }
        let scale: (Double) -> Double = { ($0 / 2).squareRoot() }
        switch unknown {
        case 0:
            let solved = try solveH(scale: scale(n!), power: power!, alpha: alpha!)
            return PowerResult(n: n!, power: power!, effectSize: solved, alpha: alpha!)
        case 1:
            let solved = try solveSize("n", h: effect!, power: power!, alpha: alpha!, guessFromScale: { 2 * $0 * $0 }) {
                powerAtShift(effect!, scale: scale($0), alpha: alpha!)
            }
            return PowerResult(n: solved, power: power!, effectSize: effect!, alpha: alpha!)
        case 2:
            return PowerResult(n: n!, power: self.power(h: effect!, n: n!, alpha: alpha!), effectSize: effect!, alpha: alpha!)
        default:
            let solved = try PowerSolve.alpha(power: power!) { powerAtShift(effect!, scale: scale(n!), alpha: $0) }
            return PowerResult(n: n!, power: power!, effectSize: effect!, alpha: solved)
        }
    }

    /// Unequal groups (`pwr.2p2n.test`): solves for whichever one of h, n1, n2, power and
    /// alpha is nil, on the intervals of ``solve(h:n:power:alpha:)``. n1 and n2 must be at
    /// least 2. The result's `n` is n1 and `n2` is n2.
    public func solve(h: Double? = nil, n1: Double?, n2: Double?, power: Double? = nil, alpha: Double? = 0.05) throws -> PowerResult {
        let unknown = try PowerInput.unknown([h, n1, n2, power, alpha], names: ["h", "n1", "n2", "power", "alpha"])
        try check(h: h, power: power, alpha: alpha)
        try PowerInput.atLeast(n1, 2, name: "n1")
        try PowerInput.atLeast(n2, 2, name: "n2")
        let effect = h.map { alternative == .twoSided ? abs($0) : $0 }
        let scale: (Double, Double) -> Double = { ($0 * $1 / ($0 + $1)).squareRoot() }
        func result(_ n1: Double, _ n2: Double, _ h: Double, _ power: Double, _ alpha: Double) -> PowerResult {
            PowerResult(n: n1, n2: n2, power: power, effectSize: h, alpha: alpha)
        }
        switch unknown {
        case 0:
            return result(n1!, n2!, try solveH(scale: scale(n1!, n2!), power: power!, alpha: alpha!), power!, alpha!)
        case 1, 2:
            let other = unknown == 1 ? n2! : n1!
            // scale² = n·other/(n + other), so n = scale²·other/(other − scale²) when that is positive.
            let solved = try solveSize(unknown == 1 ? "n1" : "n2", h: effect!, power: power!, alpha: alpha!,
                                       guessFromScale: { $0 * $0 < other ? $0 * $0 * other / (other - $0 * $0) : 1e9 }) {
                powerAtShift(effect!, scale: scale($0, other), alpha: alpha!)
            }
            return unknown == 1 ? result(solved, n2!, effect!, power!, alpha!) : result(n1!, solved, effect!, power!, alpha!)
        case 3:
            return result(n1!, n2!, effect!, self.power(h: effect!, n1: n1!, n2: n2!, alpha: alpha!), alpha!)
        default:
            let solved = try PowerSolve.alpha(power: power!) { powerAtShift(effect!, scale: scale(n1!, n2!), alpha: $0) }
            return result(n1!, n2!, effect!, power!, solved)
        }
    }

    func check(h: Double?, power: Double?, alpha: Double?) throws {
        try PowerInput.probability(power, name: "power")
        try PowerInput.probability(alpha, name: "alpha")
        try PowerInput.finite(h, name: "h")
    }

    /// A group size: power rises with it when h points the tested way.
    func solveSize(_ name: String, h: Double, power: Double, alpha: Double, guessFromScale: (Double) -> Double,
                   powerAt: (Double) -> Double) throws -> Double {
        try PowerInput.powerAboveAlpha(power: power, alpha: alpha)
        let interval = PowerSolve.sampleSizeInterval
        let direction: Double = alternative == .less ? -1 : 1
        guard h * direction > 0 else { throw PowerError.noSolution(unknown: name, lower: interval.lower, upper: interval.upper) }
        let shift = PowerCurve.normalShift(power: power, alpha: alpha, alternative: alternative)
        let guess = guessFromScale(shift / abs(h))
        return try PowerSolve.root(name, lower: interval.lower, upper: interval.upper, guess: guess, increasing: true) {
            powerAt($0) - power
        }
    }

    func solveH(scale: Double, power: Double, alpha: Double) throws -> Double {
        if alternative == .twoSided { try PowerInput.powerAboveAlpha(power: power, alpha: alpha) }
        let interval = PowerSolve.effectInterval(alternative, twoSidedLower: 1e-10)
        let shift = PowerCurve.normalShift(power: power, alpha: alpha, alternative: alternative)
        let guess = (alternative == .less ? -shift : shift) / scale
        return try PowerSolve.root("h", lower: interval.lower, upper: interval.upper, guess: guess,
                                   increasing: alternative != .less) {
            powerAtShift($0, scale: scale, alpha: alpha) - power
        }
    }
}
