import Foundation
import LAEvalStats

/// The multiplier bootstrap of Callaway & Sant'Anna (2021, §4.1 and algorithm 1): each draw
/// multiplies every unit's influence function by an independent Rademacher weight (units are
/// the clusters), giving bootstrap draws of √n (θ̂* − θ̂) for all estimates at once. Standard
/// errors are the interquartile range of the draws over that of the standard normal; the
/// critical value of simultaneous (uniform) bands is the 1 − α quantile of the largest
/// |draw| / SE across the estimates. Replicate b uses random stream b, so results do not depend
/// on the number of cores.
public struct DiDMultiplierBootstrap: Sendable {
    public let standardErrors: [Double]
    public let uniformCriticalValue: Double
    public let repetitions: Int

    /// `influence[k]` is estimate k's influence function over the n units; estimates whose
    /// influence function is all zero (a universal base cell) get NaN. The simultaneous band
    /// covers the estimates in `band` (default: all).
    public init(influence: [[Double]], repetitions: Int = 999, seed: UInt64, alpha: Double = 0.05, band: [Int]? = nil) {
        let estimates = influence.count, n = influence.first?.count ?? 0
        let flat = influence.flatMap { $0 }
        let root = Double(n).squareRoot()
        // one row of draws per replicate: Σᵢ Vᵢ ψᵢₖ / √n, signs Vᵢ taken from the bits of 64-bit draws
        let draws: [[Double]] = parallelMap(repetitions) { b in
            let signs = Bootstrap.rademacherSigns(count: n, seed: seed, stream: UInt64(b))
            return flat.withUnsafeBufferPointer { psi in
                signs.withUnsafeBufferPointer { v in
                    (0..<estimates).map { k in
                        var s0 = 0.0, s1 = 0.0
                        var i = 0
                        let base = k * n
                        while i + 1 < n {
                            s0 += v[i] * psi[base + i]
                            s1 += v[i + 1] * psi[base + i + 1]
                            i += 2
                        }
                        if i < n { s0 += v[i] * psi[base + i] }
                        return (s0 + s1) / root
                    }
                }
            }
        }
        let normalIQR = 2 * Normal.standardQuantile(0.75)
        let se = (0..<estimates).map { k -> Double in
            guard influence[k].contains(where: { $0 != 0 }) else { return .nan }
            let column = draws.map { $0[k] }
            return (Self.quantile(column, 0.75) - Self.quantile(column, 0.25)) / normalIQR / root
        }
        let covered = (band ?? Array(0..<estimates)).filter { !se[$0].isNaN }
        let maxima = draws.map { draw in covered.map { abs(draw[$0]) / (se[$0] * root) }.max() ?? .nan }
        standardErrors = se
        uniformCriticalValue = Self.quantile(maxima, 1 - alpha)
        self.repetitions = repetitions
    }

    /// The inverse of the empirical distribution function (quantile type 1).
    static func quantile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        let index = max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1)
        return sorted[min(index, sorted.count - 1)]
    }
}
