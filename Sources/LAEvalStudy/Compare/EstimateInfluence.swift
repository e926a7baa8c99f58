import Foundation
import LAEvalStats

/// One impact estimate's influence function by LA, scaled so that θ̂ − θ ≈ Σᵢ wᵢ (wᵢ = ψᵢ / n in
/// Callaway & Sant'Anna's notation): the variance is Σᵢ wᵢ², and two estimates from fits on the
/// same LAs have covariance Σᵢ wᵢ vᵢ. Estimates are therefore compared with their dependence,
/// not as if independent.
public struct EstimateInfluence: Sendable, Equatable {
    public var treatment: String
    public var indicator: String
    public var att: Double
    public var weights: [String: Double]

    public init(treatment: String, indicator: String, att: Double, weights: [String: Double]) {
        self.treatment = treatment
        self.indicator = indicator
        self.att = att
        self.weights = weights
    }

    public var se: Double { Self.sumOfSquares(weights).squareRoot() }

    /// Σᵢ wᵢ² summed in LA-code order, so that the result is the same in every process.
    public static func sumOfSquares(_ weights: [String: Double]) -> Double {
        weights.keys.sorted().reduce(0) { $0 + weights[$1]! * weights[$1]! }
    }

    /// Σᵢ aᵢ bᵢ over the LAs of `a`, in LA-code order.
    public static func crossProduct(_ a: [String: Double], _ b: [String: Double]) -> Double {
        a.keys.sorted().reduce(0) { $0 + a[$1]! * (b[$1] ?? 0) }
    }
}

/// Estimates on one dense LA index, with a shared multiplier bootstrap: replicate b draws one
/// Rademacher weight per LA (stream b of the seed) and every estimate k moves by Σᵢ vᵢ wₖᵢ, so
/// the draws keep the joint distribution of all estimates (Callaway & Sant'Anna 2021, §4.1).
struct JointInfluence {
    let las: [String]
    /// weights[k][i]
    let weights: [[Double]]
    let estimates: [Double]

    init(_ influences: [EstimateInfluence]) {
        las = Array(Set(influences.flatMap(\.weights.keys))).sorted()
        let index = Dictionary(uniqueKeysWithValues: las.enumerated().map { ($1, $0) })
        weights = influences.map { influence in
            var row = [Double](repeating: 0, count: index.count)
            for (code, w) in influence.weights { row[index[code]!] = w }
            return row
        }
        estimates = influences.map(\.att)
    }

    /// Σᵢ aᵢ bᵢ: the covariance of two linear combinations' weights.
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var total = 0.0
        for i in a.indices { total += a[i] * b[i] }
        return total
    }

    /// The deviations Σᵢ vᵢ wₖᵢ of every estimate in each of `replicates` draws.
    func deviations(replicates: Int, seed: UInt64) -> [[Double]] {
        let n = las.count
        let flat = weights.flatMap { $0 }, count = weights.count
        return parallelMap(replicates) { b in
            let signs = Bootstrap.rademacherSigns(count: n, seed: seed, stream: UInt64(b))
            return (0..<count).map { k in
                var total = 0.0
                for i in 0..<n { total += signs[i] * flat[k * n + i] }
                return total
            }
        }
    }
}
