import Foundation
import LAEvalStats

/// Cox data checked and arranged for risk-set sweeps: covariates centred (as coxph does) and
/// stored row by row, each stratum's rows sorted by descending stop and by descending start.
struct CoxRiskData: Sendable {
    let rows: Int
    let p: Int
    /// Row-major n × p centred covariates.
    let x: [Double]
    /// −∞ for right-censored data, so every row is at risk from the origin.
    let start: [Double]
    let stop: [Double]
    let event: [Bool]
    let stratum: [Int]
    let byStop: [[Int]]
    let byStart: [[Int]]

    init(_ data: CoxData) {
        let n = data.stop.count, p = data.covariates.columns
        let means = (0..<p).map { j in data.covariates.column(j).reduce(0, +) / Double(n) }
        var centred = [Double](repeating: 0, count: n * p)
        for i in 0..<n { for j in 0..<p { centred[i * p + j] = data.covariates[i, j] - means[j] } }
        let start = data.start ?? Array(repeating: -.infinity, count: n), stop = data.stop
        let stratum = data.strata.map { SurvivalData.levelCodes($0).codes } ?? Array(repeating: 0, count: n)
        let groups = Dictionary(grouping: 0..<n) { stratum[$0] }.sorted { $0.key < $1.key }.map(\.value)
        (rows, self.p, x, self.start, self.stop, event, self.stratum) = (n, p, centred, start, stop, data.event, stratum)
        byStop = groups.map { $0.sorted { stop[$0] > stop[$1] } }
        byStart = groups.map { $0.sorted { start[$0] > start[$1] } }
    }

    func linearPredictor(_ beta: [Double]) -> [Double] {
        (0..<rows).map { i in (0..<p).reduce(0) { $0 + x[i * p + $1] * beta[$1] } }
    }
}

/// One event time of one stratum: what the score residuals and the Grambsch–Therneau test need.
struct CoxEventTime: Sendable {
    let stratum: Int
    let time: Double
    /// Σ over the deaths of xᵢ − (mean over Efron's sub-steps of x̄ₖ): the summed Schoenfeld residual.
    let schoenfeld: [Double]
    /// This time's p × p (row-major) contribution to the information.
    let information: [Double]
    /// (1/d) Σₖ x̄ₖ, the risk-set mean each death is compared with.
    let deathMean: [Double]
    /// Σₖ 1/s0ₖ and Σₖ x̄ₖ/s0ₖ: the hazard increment and its x̄-weighted version.
    let hazard: Double
    let hazardMean: [Double]
    /// Σₖ (k/d)/s0ₖ and Σₖ (k/d) x̄ₖ/s0ₖ: the part a death itself sheds under Efron's weights.
    let tieHazard: Double
    let tieHazardMean: [Double]
}

/// The partial log-likelihood, its gradient and information at β.
struct CoxPartialLikelihood: Sendable {
    var logLikelihood = 0.0
    var score: [Double]
    var information: [Double]
    var eventTimes: [CoxEventTime] = []

    init(p: Int) {
        score = Array(repeating: 0, count: p)
        information = Array(repeating: 0, count: p * p)
    }
}

/// Running risk-set sums S0 = Σ wᵢ, S1 = Σ wᵢxᵢ, S2 = Σ wᵢxᵢxᵢᵀ.
struct RiskSetSums {
    var s0 = 0.0
    var s1: [Double]
    var s2: [Double]

    init(p: Int) {
        s1 = Array(repeating: 0, count: p)
        s2 = Array(repeating: 0, count: p * p)
    }

    mutating func add(_ x: ArraySlice<Double>, weight: Double) {
        let p = s1.count, base = x.startIndex
        s0 += weight
        for j in 0..<p {
            let wx = weight * x[base + j]
            s1[j] += wx
            for k in 0..<p { s2[j * p + k] += wx * x[base + k] }
        }
    }
}

extension CoxRiskData {
    /// One sweep over each stratum's event times in descending order (Cox 1972's partial likelihood;
    /// Breslow 1974's or Efron 1977's handling of tied deaths), adding rows as their stop time is
    /// reached and dropping them once their start is at or after the event time: O(n p²).
    func partialLikelihood(beta: [Double], ties: CoxTies, keepEventTimes: Bool) -> CoxPartialLikelihood {
        let eta = linearPredictor(beta)
        let weight = eta.map(exp)
        var result = CoxPartialLikelihood(p: p)
        for s in byStop.indices {
            var risk = RiskSetSums(p: p)
            var position = 0, removed = 0
            let sortedStop = byStop[s], sortedStart = byStart[s]
            while position < sortedStop.count {
                let t = stop[sortedStop[position]]
                var deaths: [Int] = []
                while position < sortedStop.count, stop[sortedStop[position]] == t {
                    let row = sortedStop[position]
                    risk.add(x[(row * p)..<(row * p + p)], weight: weight[row])
                    if event[row] { deaths.append(row) }
                    position += 1
                }
                guard !deaths.isEmpty else { continue }
                while removed < sortedStart.count, start[sortedStart[removed]] >= t {
                    let row = sortedStart[removed]
                    risk.add(x[(row * p)..<(row * p + p)], weight: -weight[row])
                    removed += 1
                }
                addEventTime(stratum: s, time: t, deaths: deaths, risk: risk, eta: eta, weight: weight, ties: ties,
                             keep: keepEventTimes, into: &result)
            }
        }
        return result
    }

    private func addEventTime(stratum: Int, time: Double, deaths: [Int], risk: RiskSetSums, eta: [Double], weight: [Double],
                              ties: CoxTies, keep: Bool, into result: inout CoxPartialLikelihood) {
        var tied = RiskSetSums(p: p)
        var sumX = [Double](repeating: 0, count: p)
        for row in deaths {
            tied.add(x[(row * p)..<(row * p + p)], weight: weight[row])
            result.logLikelihood += eta[row]
            for j in 0..<p { sumX[j] += x[row * p + j] }
        }
        let d = Double(deaths.count)
        var information = [Double](repeating: 0, count: p * p), deathMean = [Double](repeating: 0, count: p)
        var hazard = 0.0, tieHazard = 0.0
        var hazardMean = [Double](repeating: 0, count: p), tieHazardMean = [Double](repeating: 0, count: p)
        for k in 0..<deaths.count {
            // Efron's k-th sub-step removes the fraction k/d of the tied deaths; Breslow never does.
            let f = ties == .efron ? Double(k) / d : 0
            let s0 = risk.s0 - f * tied.s0
            let mean = (0..<p).map { (risk.s1[$0] - f * tied.s1[$0]) / s0 }
            result.logLikelihood -= log(s0)
            for j in 0..<p {
                deathMean[j] += mean[j] / d
                hazardMean[j] += mean[j] / s0
                tieHazardMean[j] += Double(k) / d * mean[j] / s0
                for l in 0..<p {
                    information[j * p + l] += (risk.s2[j * p + l] - f * tied.s2[j * p + l]) / s0 - mean[j] * mean[l]
                }
            }
            hazard += 1 / s0
            tieHazard += Double(k) / d / s0
        }
        if ties == .breslow { tieHazard = 0; tieHazardMean = Array(repeating: 0, count: p) }
        let schoenfeld = (0..<p).map { sumX[$0] - d * deathMean[$0] }
        for j in 0..<p { result.score[j] += schoenfeld[j] }
        for j in 0..<(p * p) { result.information[j] += information[j] }
        if keep {
            result.eventTimes.append(CoxEventTime(stratum: stratum, time: time, schoenfeld: schoenfeld, information: information,
                                                  deathMean: deathMean, hazard: hazard, hazardMean: hazardMean,
                                                  tieHazard: tieHazard, tieHazardMean: tieHazardMean))
        }
    }
}
