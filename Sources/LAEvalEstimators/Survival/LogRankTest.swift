import Foundation
import LAEvalStats

/// A k-group log-rank test: observed and expected events per group (summed over strata) and the
/// χ² statistic on k − 1 degrees of freedom.
public struct LogRankResult: Sendable {
    public let groups: [String]
    public let observed: [Double]
    public let expected: [Double]
    /// Σ over strata of the hypergeometric covariance of O − E (k × k).
    public let covariance: Matrix
    public let test: ChiSquareTest

    public var chiSquare: Double { test.statistic }
    public var degreesOfFreedom: Int { test.degreesOfFreedom }
    public var pValue: Double { test.pValue }
}

/// The log-rank test (Mantel 1966; Peto & Peto 1972), R's `survdiff` with rho = 0: at each event
/// time tᵢ, group j expects Eⱼ = nᵢⱼ dᵢ / nᵢ and O − E has covariance
/// Vⱼₖ = dᵢ (nᵢ − dᵢ)/(nᵢ − 1) · (nᵢⱼ/nᵢ)(δⱼₖ − nᵢₖ/nᵢ). With strata, O, E and V are summed over
/// strata (risk sets formed within each). χ² = (O − E)ᵀ V⁻¹ (O − E) over the groups with E > 0
/// less the first, on (number of groups with E > 0) − 1 degrees of freedom.
public enum LogRankTest {
    public static func test(time: [Double], event: [Bool], group: [String], strata: [String]? = nil) throws -> LogRankResult {
        let rows = try SurvivalData.checkRightCensored(time: time, event: event, labelled: [("group", group), ("strata", strata)])
        let (groupCodes, groups) = SurvivalData.levelCodes(group)
        let strataCodes = strata.map { SurvivalData.levelCodes($0).codes } ?? Array(repeating: 0, count: rows)
        let k = groups.count
        var observed = [Double](repeating: 0, count: k), expected = observed
        var covariance = Matrix(rows: k, columns: k)
        for stratum in Set(strataCodes).sorted() {
            let order = (0..<rows).filter { strataCodes[$0] == stratum }.sorted { time[$0] > time[$1] }
            var atRisk = [Double](repeating: 0, count: k)
            var position = 0
            while position < order.count {
                let t = time[order[position]]
                var deaths = [Double](repeating: 0, count: k)
                while position < order.count, time[order[position]] == t {
                    let row = order[position]
                    atRisk[groupCodes[row]] += 1
                    if event[row] { deaths[groupCodes[row]] += 1 }
                    position += 1
                }
                accumulate(atRisk: atRisk, deaths: deaths, observed: &observed, expected: &expected, covariance: &covariance)
            }
        }
        return LogRankResult(groups: groups, observed: observed, expected: expected, covariance: covariance,
                             test: chiSquare(observed: observed, expected: expected, covariance: covariance))
    }

    /// Adds one event time's O, E and V (the risk set is everyone with time ≥ t).
    static func accumulate(atRisk: [Double], deaths: [Double], observed: inout [Double], expected: inout [Double],
                           covariance: inout Matrix) {
        let d = deaths.reduce(0, +)
        guard d > 0 else { return }
        let n = atRisk.reduce(0, +)
        for j in atRisk.indices {
            observed[j] += deaths[j]
            expected[j] += atRisk[j] * d / n
        }
        guard n > 1 else { return }
        let scale = d * (n - d) / (n - 1)
        for j in atRisk.indices {
            for l in atRisk.indices {
                covariance[j, l] += scale * (atRisk[j] / n) * ((j == l ? 1 : 0) - atRisk[l] / n)
            }
        }
    }

    static func chiSquare(observed: [Double], expected: [Double], covariance: Matrix) -> ChiSquareTest {
        let kept = expected.indices.filter { expected[$0] > 0 }
        guard kept.count >= 2 else { return ChiSquareTest(statistic: 0, degreesOfFreedom: kept.count - 1) }
        let tested = Array(kept.dropFirst())
        let difference = tested.map { observed[$0] - expected[$0] }
        let v = Matrix(tested.map { a in tested.map { covariance[a, $0] } })
        let statistic = (try? Cholesky(v)).map { zip(difference, $0.solve(difference)).reduce(0) { $0 + $1.0 * $1.1 } } ?? .nan
        return ChiSquareTest(statistic: statistic, degreesOfFreedom: kept.count - 1)
    }
}
