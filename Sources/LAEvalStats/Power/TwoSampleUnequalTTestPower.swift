import Foundation

/// Power of the two-sample t test with groups of n₁ and n₂, as R's `pwr.t2n.test` (Cohen
/// 1988, ch. 2): noncentral t with ν = n₁ + n₂ − 2 degrees of freedom and noncentrality
/// δ = d / √(1/n₁ + 1/n₂); the power is in ``PowerCurve/t(ncp:df:alpha:alternative:)``.
public struct TwoSampleUnequalTTestPower: Sendable {
    public var alternative: Alternative

    public init(alternative: Alternative = .twoSided) {
        self.alternative = alternative
    }

    public func power(n1: Double, n2: Double, d: Double, alpha: Double = 0.05) -> Double {
        let effect = alternative == .twoSided ? abs(d) : d
        let ncp = effect / (1 / n1 + 1 / n2).squareRoot()
        return PowerCurve.t(ncp: ncp, df: n1 + n2 - 2, alpha: alpha, alternative: alternative)
    }

    /// Solves for whichever one of n1, n2, d, power and alpha is nil, on pwr's intervals
    /// (see ``TTestPower/solve(n:d:power:alpha:)``), to 10⁻¹². The result's `n` is n1 and
    /// `n2` is n2.
    public func solve(n1: Double? = nil, n2: Double? = nil, d: Double? = nil, power: Double? = nil,
                      alpha: Double? = 0.05) throws -> PowerResult {
        let unknown = try PowerInput.unknown([n1, n2, d, power, alpha], names: ["n1", "n2", "d", "power", "alpha"])
        try PowerInput.probability(power, name: "power")
        try PowerInput.probability(alpha, name: "alpha")
        try PowerInput.finite(d, name: "d")
        try PowerInput.atLeast(n1, 2, name: "n1")
        try PowerInput.atLeast(n2, 2, name: "n2")
        let effect = d.map { alternative == .twoSided ? abs($0) : $0 }
        func result(_ n1: Double, _ n2: Double, _ d: Double, _ power: Double, _ alpha: Double) -> PowerResult {
            PowerResult(n: n1, n2: n2, power: power, effectSize: d, alpha: alpha)
        }
        switch unknown {
        case 0:
            let solved = try solveGroup("n1", other: n2!, d: effect!, power: power!, alpha: alpha!)
            return result(solved, n2!, effect!, power!, alpha!)
        case 1:
            let solved = try solveGroup("n2", other: n1!, d: effect!, power: power!, alpha: alpha!)
            return result(n1!, solved, effect!, power!, alpha!)
        case 2:
            return result(n1!, n2!, try solveD(n1: n1!, n2: n2!, power: power!, alpha: alpha!), power!, alpha!)
        case 3:
            return result(n1!, n2!, effect!, self.power(n1: n1!, n2: n2!, d: effect!, alpha: alpha!), alpha!)
        default:
            let solved = try PowerSolve.alpha(power: power!) { self.power(n1: n1!, n2: n2!, d: effect!, alpha: $0) }
            return result(n1!, n2!, effect!, power!, solved)
        }
    }

    /// One group's size given the other's; power rises with either.
    func solveGroup(_ name: String, other: Double, d: Double, power: Double, alpha: Double) throws -> Double {
        try PowerInput.powerAboveAlpha(power: power, alpha: alpha)
        let interval = PowerSolve.sampleSizeInterval
        let direction: Double = alternative == .less ? -1 : 1
        guard d * direction > 0 else { throw PowerError.noSolution(unknown: name, lower: interval.lower, upper: interval.upper) }
        // 1/n = (d/δ)² − 1/other from the normal approximation; no finite guess if it is ≤ 0.
        let shift = PowerCurve.normalShift(power: power, alpha: alpha, alternative: alternative)
        let inverse = (d / shift) * (d / shift) - 1 / other
        let guess = inverse > 0 ? 1 / inverse + 1 : interval.upper
        return try PowerSolve.root(name, lower: interval.lower, upper: interval.upper, guess: guess, increasing: true) {
            name == "n1" ? self.power(n1: $0, n2: other, d: d, alpha: alpha) - power
                : self.power(n1: other, n2: $0, d: d, alpha: alpha) - power
        }
    }

    func solveD(n1: Double, n2: Double, power: Double, alpha: Double) throws -> Double {
        if alternative == .twoSided { try PowerInput.powerAboveAlpha(power: power, alpha: alpha) }
        let interval = PowerSolve.effectInterval(alternative, twoSidedLower: 1e-7)
        let shift = PowerCurve.normalShift(power: power, alpha: alpha, alternative: alternative)
        let guess = (alternative == .less ? -shift : shift) * (1 / n1 + 1 / n2).squareRoot()
        return try PowerSolve.root("d", lower: interval.lower, upper: interval.upper, guess: guess,
                                   increasing: alternative != .less) {
            self.power(n1: n1, n2: n2, d: $0, alpha: alpha) - power
        }
    }
}
