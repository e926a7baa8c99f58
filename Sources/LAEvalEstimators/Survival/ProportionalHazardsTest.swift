import Foundation
import LAEvalStats

/// The Grambsch–Therneau test of proportional hazards: one χ² per covariate and a global one.
public struct ProportionalHazardsTest: Sendable {
    public struct Term: Sendable {
        public let name: String
        public let test: ChiSquareTest
    }

    public let terms: [Term]
    public let global: ChiSquareTest
}

extension CoxFit {
    /// Grambsch & Therneau (1994, Biometrika 81:515) as R's `cox.zph` in survival ≥ 3 (transform
    /// "km", terms = TRUE, global = TRUE; each covariate is its own term): the score test, at β̂ and
    /// γ = 0, for adding the time-varying terms x·g(t), with g(t) = 1 − Ŝ(t−) from the Kaplan–Meier
    /// curve of all rows, centred at its mean over the deaths. With Vₜ the information at event time
    /// t and rₜ the summed Schoenfeld residuals, U_γ = Σ ĝₜ rₜ and the information has blocks
    /// ΣVₜ, Σ ĝₜVₜ, Σ ĝₜ²Vₜ; a term's statistic uses the β block plus that term's γ.
    public func proportionalHazardsTest() -> ProportionalHazardsTest {
        let p = coefficients.count
        let g = Self.kaplanMeierTransform(riskData)
        let deathCount = Double(riskData.event.filter { $0 }.count)
        let centre = riskData.stop.indices.filter { riskData.event[$0] }.reduce(0.0) { $0 + g[riskData.stop[$1]]! } / deathCount
        var u = [Double](repeating: 0, count: 2 * p)
        var information = Matrix(rows: 2 * p, columns: 2 * p)
        for record in eventTimes {
            let gt = g[record.time]! - centre
            for j in 0..<p {
                u[p + j] += gt * record.schoenfeld[j]
                for l in 0..<p {
                    let v = record.information[j * p + l]
                    information[j, l] += v
                    information[j, p + l] += gt * v
                    information[p + j, l] += gt * v
                    information[p + j, p + l] += gt * gt * v
                }
            }
        }
        let terms = (0..<p).map { j in
            let kept = Array(0..<p) + [p + j]
            let statistic = SurvivalAlgebra.quadraticForm(kept.map { u[$0] }, inverseOf: Matrix(kept.map { a in kept.map { information[a, $0] } }))
            return ProportionalHazardsTest.Term(name: names[j], test: ChiSquareTest(statistic: statistic, degreesOfFreedom: 1))
        }
        return ProportionalHazardsTest(terms: terms, global: ChiSquareTest(statistic: SurvivalAlgebra.quadraticForm(u, inverseOf: information),
                                                                            degreesOfFreedom: p))
    }

    /// 1 − Ŝ(t−) at every death time, Ŝ the Kaplan–Meier estimate from all rows ignoring strata
    /// (at risk at u when start < u ≤ stop), as cox.zph's "km" transform.
    static func kaplanMeierTransform(_ data: CoxRiskData) -> [Double: Double] {
        let times = Array(Set(data.stop.indices.filter { data.event[$0] }.map { data.stop[$0] })).sorted()
        let stops = data.stop.sorted(), starts = data.start.sorted()
        let deaths = Dictionary(grouping: data.stop.indices.filter { data.event[$0] }) { data.stop[$0] }.mapValues { Double($0.count) }
        var survival = 1.0, result: [Double: Double] = [:]
        for t in times {
            result[t] = 1 - survival
            let stillIn = Double(stops.count - countBelow(stops, t)), notYetIn = Double(starts.count - countBelow(starts, t))
            survival *= 1 - deaths[t]! / (stillIn - notYetIn)
        }
        return result
    }

    /// The number of sorted values < limit.
    static func countBelow(_ sorted: [Double], _ limit: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < limit { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
