import Foundation

/// Bootstrap helpers: resampling schemes and a parallel, seed-reproducible replicate loop.
///
/// Replicate b always draws from `SeededGenerator(seed:stream: b)`, whichever core runs it, so
/// the results are identical with one thread or many (Efron & Tibshirani 1993 for the
/// nonparametric bootstrap; Cameron, Gelbach & Miller 2008 for the cluster and wild bootstrap;
/// Mammen 1993 for the multiplier weights).
public enum Bootstrap {
    /// One Rademacher weight (±1 with equal probability) per unit for replicate `stream` of a
    /// multiplier bootstrap, taken from the bits of 64-bit draws of `SeededGenerator(seed:stream:)`
    /// (bit i % 64 of draw i / 64: 0 gives −1), so every caller gets the same signs for a seed.
    public static func rademacherSigns(count: Int, seed: UInt64, stream: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed, stream: stream)
        var signs = [Double](repeating: 0, count: count)
        var bits: UInt64 = 0
        for i in 0..<count {
            if i % 64 == 0 { bits = generator.next() }
            signs[i] = (bits >> UInt64(i % 64)) & 1 == 0 ? -1 : 1
        }
        return signs
    }

    /// Multiplier (wild) bootstrap weight distributions, each with mean 0 and variance 1.
    public enum Multiplier: String, Sendable, CaseIterable {
        case rademacher, mammen, normal
    }

    /// Runs `replicate(b, &generator)` for b in 0..<count on up to `threads` threads (default:
    /// every core) and returns the results in replicate order.
    public static func replicates<T: Sendable>(_ count: Int, seed: UInt64, threads: Int? = nil,
                                               _ replicate: @Sendable (Int, inout SeededGenerator) -> T) -> [T] {
        parallelMap(count, threads: threads) { b in
            var generator = SeededGenerator(seed: seed, stream: UInt64(b))
            return replicate(b, &generator)
        }
    }

    /// Row indices of a nonparametric resample: n rows drawn with replacement.
    public static func rows(_ n: Int, using generator: inout SeededGenerator) -> [Int] {
        generator.resample(n)
    }

    /// Row indices of a cluster resample: as many clusters as there are, drawn with replacement,
    /// each bringing all its rows (in their original order).
    public static func clusterRows(_ clusters: [Int], using generator: inout SeededGenerator) -> [Int] {
        var order: [Int] = []
        var members: [Int: [Int]] = [:]
        for (row, cluster) in clusters.enumerated() {
            if members[cluster] == nil { order.append(cluster) }
            members[cluster, default: []].append(row)
        }
        return generator.resample(order.count).flatMap { members[order[$0]]! }
    }

    /// One multiplier weight per cluster (or per observation when each is its own cluster),
    /// expanded to rows: observations in the same cluster share a weight.
    public static func multipliers(_ kind: Multiplier, clusters: [Int], using generator: inout SeededGenerator) -> [Double] {
        var weightOf: [Int: Double] = [:]
        return clusters.map { cluster in
            if let weight = weightOf[cluster] { return weight }
            let weight: Double
            switch kind {
            case .rademacher: weight = generator.rademacher()
            case .mammen: weight = generator.mammen()
            case .normal: weight = generator.normal()
            }
            weightOf[cluster] = weight
            return weight
        }
    }

    /// The standard deviation of replicate estimates (n − 1 denominator).
    public static func standardError(_ estimates: [Double]) -> Double {
        SampleStatistics.standardDeviation(estimates)
    }

    /// The empirical quantile (type 7, R's default: linear interpolation between order statistics).
    public static func quantile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        let h = Double(sorted.count - 1) * p
        let lower = Int(h.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}
