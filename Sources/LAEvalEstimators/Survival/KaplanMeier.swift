import Foundation
import LAEvalStats

/// A median survival time with its confidence limits; nil where the curve (or a confidence
/// limit) never falls to one half.
public struct SurvivalMedian: Sendable, Equatable {
    public let estimate: Double?
    public let lower: Double?
    public let upper: Double?
}

/// One stratum's Kaplan–Meier curve, one entry per distinct time (event or censoring), as R's
/// `survfit` reports it.
public struct KaplanMeierCurve: Sendable {
    public let stratum: String
    public let times: [Double]
    public let atRisk: [Double]
    public let events: [Double]
    public let censored: [Double]
    /// Ŝ(t) = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ).
    public let survival: [Double]
    /// Greenwood's standard error of log Ŝ(t) (equivalently of the cumulative hazard −log Ŝ):
    /// √Σ_{tᵢ ≤ t} dᵢ/(nᵢ(nᵢ − dᵢ)). This is survfit's `std.err`, not the se of Ŝ itself (which is
    /// Ŝ × this). NaN once Ŝ = 0, where R reports NA.
    public let standardError: [Double]
    /// Ŝ exp(−z se) and min(1, Ŝ exp(z se)): survfit's default conf.type = "log". NaN once Ŝ = 0.
    public let lower: [Double]
    public let upper: [Double]
    public let median: SurvivalMedian
}

/// The Kaplan–Meier product-limit estimator (Kaplan & Meier 1958, JASA 53:457) with Greenwood's
/// variance (Greenwood 1926), confidence limits and median as R's survival package
/// (`survfit`, `quantile.survfit`; Therneau & Grambsch 2000, ch. 2).
public enum KaplanMeier {
    /// Fits one curve per stratum (strata in R's factor order: numerically when every label is a
    /// number). `strata` nil gives one curve labelled "all".
    public static func fit(time: [Double], event: [Bool], strata: [String]? = nil,
                           confidenceLevel: Double = 0.95) throws -> [KaplanMeierCurve] {
        let rows = try SurvivalData.checkRightCensored(time: time, event: event, labelled: [("strata", strata)])
        guard confidenceLevel > 0, confidenceLevel < 1 else { throw SurvivalDataError.invalidConfidenceLevel(confidenceLevel) }
        let z = Normal.standardQuantile(1 - (1 - confidenceLevel) / 2)
        guard let strata else { return [curve(Array(0..<rows), label: "all", time: time, event: event, z: z)] }
        let (codes, levels) = SurvivalData.levelCodes(strata)
        return levels.indices.map { level in
            curve(codes.indices.filter { codes[$0] == level }, label: levels[level], time: time, event: event, z: z)
        }
    }

    static func curve(_ rows: [Int], label: String, time: [Double], event: [Bool], z: Double) -> KaplanMeierCurve {
        let order = rows.sorted { time[$0] < time[$1] }
        var times: [Double] = [], atRisk: [Double] = [], events: [Double] = [], censored: [Double] = []
        var survival: [Double] = [], se: [Double] = [], lower: [Double] = [], upper: [Double] = []
        var s = 1.0, greenwood = 0.0, remaining = Double(order.count), position = 0
        while position < order.count {
            let t = time[order[position]]
            var deaths = 0.0, losses = 0.0
            while position < order.count, time[order[position]] == t {
                if event[order[position]] { deaths += 1 } else { losses += 1 }
                position += 1
            }
            s *= 1 - deaths / remaining
            greenwood += deaths < remaining ? deaths / (remaining * (remaining - deaths)) : .infinity
            let standardError = s > 0 ? greenwood.squareRoot() : .nan
            times.append(t); atRisk.append(remaining); events.append(deaths); censored.append(losses)
            survival.append(s); se.append(standardError)
            lower.append(s > 0 ? s * exp(-z * standardError) : .nan)
            upper.append(s > 0 ? min(1, s * exp(z * standardError)) : .nan)
            remaining -= deaths + losses
        }
        let median = SurvivalMedian(estimate: medianCrossing(times, survival), lower: medianCrossing(times, lower),
                                    upper: medianCrossing(times, upper))
        return KaplanMeierCurve(stratum: label, times: times, atRisk: atRisk, events: events, censored: censored,
                                survival: survival, standardError: se, lower: lower, upper: upper, median: median)
    }

    /// The time a (possibly NaN-padded) curve falls to one half, by R's `quantile.survfit`
    /// (survival's internal `findq`, tolerance √ε): with F = 1 − S on (0, t₁, t₂, …) and duplicate
    /// F values dropped, the median averages the first time with F ≥ ½ − tol and the first with
    /// F ≥ ½ + tol, so a curve flat at exactly ½ gives the midpoint of the flat stretch; when the
    /// last F is ½ the stretch ends at the last time. nil when F never reaches ½.
    static func medianCrossing(_ times: [Double], _ curve: [Double]) -> Double? {
        let p = 0.5, tol = Double.ulpOfOne.squareRoot()
        let allX = [0] + times, allY = [0] + curve.map { 1 - $0 }
        guard let maximum = allY.filter({ !$0.isNaN }).max(), maximum >= p else { return nil }
        var x: [Double] = [], y: [Double] = [], seen: [Double] = [], seenNaN = false
        for (time, value) in zip(allX, allY) {
            if value.isNaN { if seenNaN { continue }; seenNaN = true } else if seen.contains(value) { continue } else { seen.append(value) }
            x.append(time); y.append(value)
        }
        let finite = y.indices.filter { !y[$0].isNaN }
        func firstReaching(_ shift: Double) -> Int? {
            guard let first = finite.first, let last = finite.last, p >= y[first] + shift, p <= y[last] + shift else { return nil }
            return finite.first { y[$0] + shift >= p }
        }
        guard let index1 = firstReaching(tol) else { return nil }
        if let last = y.last, !last.isNaN, abs(p - last) < tol { return (x[index1] + allX.last!) / 2 }
        guard let index2 = firstReaching(-tol) else { return nil }
        return (x[index1] + x[index2]) / 2
    }
}
