import Foundation

/// Harrell's concordance of a risk score with survival, as coxph reports it (survival's
/// `concordancefit` with reverse = TRUE and timewt = "n"; Harrell et al. 1982, JAMA 247:2543;
/// Therneau & Atkinson, "Concordance", survival package vignette).
public struct Concordance: Sendable, Equatable {
    /// (concordant + tiedRisk/2) / (concordant + discordant + tiedRisk).
    public let value: Double
    /// Infinitesimal-jackknife standard error (clustered when the fit has clusters).
    public let standardError: Double
    /// Comparable pairs where the earlier death has the higher risk score.
    public let concordant: Double
    public let discordant: Double
    public let tiedRisk: Double
    /// Pairs of deaths at the same time (not comparable), without and with tied risk.
    public let tiedTime: Double
    public let tiedTimeAndRisk: Double
}

/// Counts by a Fenwick (binary indexed) tree over risk-score ranks 1…m.
struct RankCounts {
    private var tree: [Double]
    private(set) var total = 0.0

    init(size: Int) { tree = Array(repeating: 0, count: size + 1) }

    mutating func add(rank: Int) {
        total += 1
        var i = rank
        while i < tree.count { tree[i] += 1; i += i & -i }
    }

    /// How many added ranks are ≤ rank.
    func atOrBelow(_ rank: Int) -> Double {
        var sum = 0.0, i = rank
        while i > 0 { sum += tree[i]; i -= i & -i }
        return sum
    }

    /// (below, equal, above) the given rank.
    func split(_ rank: Int) -> [Double] {
        let below = atOrBelow(rank - 1), atOrUnder = atOrBelow(rank)
        return [below, atOrUnder - below, total - atOrUnder]
    }
}

extension Concordance {
    /// The pair (i, j) is comparable when i dies at tᵢ and j, in the same stratum, is at risk then
    /// (startⱼ < tᵢ and stopⱼ > tᵢ, or stopⱼ = tᵢ with j censored); it is concordant when i's risk
    /// score is higher. Var = Σ_clusters Dₖ²/4 with Dᵢ = (cᵢ − dᵢ)/N − (c − d)/N² (cᵢ + dᵢ + tᵢ), where
    /// cᵢ, dᵢ, tᵢ count the pairs of each kind involving row i and N = c + d + t. Fenwick trees over
    /// risk ranks give O(n log n).
    static func compute(risk: [Double], start: [Double], stop: [Double], event: [Bool], stratum: [Int],
                        cluster: [String]?) -> Concordance {
        let n = risk.count
        var influence = [[Double]](repeating: [0, 0, 0], count: n)
        var tiedTime = 0.0, tiedBoth = 0.0
        for rows in Dictionary(grouping: 0..<n, by: { stratum[$0] }).values {
            let levels = Array(Set(rows.map { risk[$0] })).sorted()
            let rankOf = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0 + 1) })
            let rank = Dictionary(uniqueKeysWithValues: rows.map { ($0, rankOf[risk[$0]]!) })
            deathSide(rows, rank: rank, size: levels.count, start: start, stop: stop, event: event, influence: &influence)
            atRiskSide(rows, rank: rank, size: levels.count, start: start, stop: stop, event: event, influence: &influence)
            for deaths in Dictionary(grouping: rows.filter { event[$0] }, by: { stop[$0] }).values {
                let d = Double(deaths.count)
                let sameRisk = Dictionary(grouping: deaths, by: { risk[$0] }).values.reduce(0.0) { $0 + Double($1.count * ($1.count - 1)) / 2 }
                tiedTime += d * (d - 1) / 2 - sameRisk
                tiedBoth += sameRisk
            }
        }
        // Each pair is counted once from each member, so halve the totals.
        let totals = (0..<3).map { k in influence.reduce(0) { $0 + $1[k] } / 2 }
        let (c, d, t) = (totals[0], totals[1], totals[2])
        let pairs = c + d + t, somers = (c - d) / pairs
        let dfbeta = influence.map { [($0[0] - $0[1]) / pairs - somers / pairs * ($0[0] + $0[1] + $0[2])] }
        let variance = SurvivalAlgebra.clusterSums(dfbeta, cluster: cluster).reduce(0) { $0 + $1[0] * $1[0] } / 4
        return Concordance(value: (c + t / 2) / pairs, standardError: variance.squareRoot(), concordant: c, discordant: d,
                           tiedRisk: t, tiedTime: tiedTime, tiedTimeAndRisk: tiedBoth)
    }

    /// For each death, the rows at risk at its time below / level with / above its risk score
    /// (concordant / tied / discordant), as (still in after t) − (entered at or after t).
    private static func deathSide(_ rows: [Int], rank: [Int: Int], size: Int, start: [Double], stop: [Double], event: [Bool],
                                  influence: inout [[Double]]) {
        // Rows still under observation after t: stop > t, or stop = t and censored.
        let byExit = rows.sorted { stop[$0] != stop[$1] ? stop[$0] > stop[$1] : (!event[$0] && event[$1]) }
        let byEntry = rows.sorted { start[$0] > start[$1] }
        let deaths = rows.filter { event[$0] }.sorted { stop[$0] > stop[$1] }
        var exited = RankCounts(size: size), entered = RankCounts(size: size)
        var exitPosition = 0, entryPosition = 0
        for i in deaths {
            let t = stop[i]
            while exitPosition < byExit.count, stop[byExit[exitPosition]] > t || (stop[byExit[exitPosition]] == t && !event[byExit[exitPosition]]) {
                exited.add(rank: rank[byExit[exitPosition]]!)
                exitPosition += 1
            }
            while entryPosition < byEntry.count, start[byEntry[entryPosition]] >= t {
                entered.add(rank: rank[byEntry[entryPosition]]!)
                entryPosition += 1
            }
            let r = rank[i]!
            let counts = zip(exited.split(r), entered.split(r)).map(-)
            influence[i][0] += counts[0]
            influence[i][2] += counts[1]
            influence[i][1] += counts[2]
        }
    }

    /// For each row, the deaths it was at risk for: deaths in (start, stop), or (start, stop] when
    /// the row is censored, above / level with / below its own score.
    private static func atRiskSide(_ rows: [Int], rank: [Int: Int], size: Int, start: [Double], stop: [Double], event: [Bool],
                                   influence: inout [[Double]]) {
        // Queries (time, inclusive, row, sign): deaths with tᵢ ≤ time (inclusive) or < time.
        var queries: [(time: Double, inclusive: Bool, row: Int, sign: Double)] = []
        for j in rows {
            queries.append((stop[j], !event[j], j, 1))
            if start[j] > -.infinity { queries.append((start[j], true, j, -1)) }
        }
        queries.sort { $0.time != $1.time ? $0.time < $1.time : (!$0.inclusive && $1.inclusive) }
        let deaths = rows.filter { event[$0] }.sorted { stop[$0] < stop[$1] }
        var counts = RankCounts(size: size), position = 0
        for query in queries {
            while position < deaths.count, stop[deaths[position]] < query.time || (query.inclusive && stop[deaths[position]] == query.time) {
                counts.add(rank: rank[deaths[position]]!)
                position += 1
            }
            let split = counts.split(rank[query.row]!)
            influence[query.row][0] += query.sign * split[2]
            influence[query.row][2] += query.sign * split[1]
            influence[query.row][1] += query.sign * split[0]
        }
    }
}
