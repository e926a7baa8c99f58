import Foundation

/// A seeded pseudo-random generator: xoshiro256** (Blackman & Vigna, "Scrambled linear
/// pseudorandom number generators", ACM TOMS 2021), its state filled from the seed by SplitMix64.
///
/// The same seed gives the same sequence on every machine: all arithmetic is on 64-bit integers,
/// and doubles are formed from the top 53 bits.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Stream `stream` of `seed`: an independent generator for each piece of work (each
    /// bootstrap replicate, each simulation run), so that work split over any number of cores
    /// draws the same numbers as serial work. The state comes from SplitMix64 applied to the
    /// seed and the stream number mixed by a second SplitMix64 step.
    public init(seed: UInt64, stream: UInt64) {
        var z = stream &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        self.init(seed: seed ^ (z ^ (z >> 31)))
    }

    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// An independent stream for a named purpose, so adding draws to one part of a simulation
    /// does not shift the numbers of another.
    public func substream(_ label: String) -> SeededGenerator {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
        for byte in label.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return SeededGenerator(seed: state.0 ^ hash)
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform on [0, 1).
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform on [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A uniform integer in the closed range, without modulo bias (Lemire's method via the
    /// standard library's `random(in:using:)`).
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// True with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// Standard normal by the Box–Muller transform (one of each pair is used).
    public mutating func normal() -> Double {
        var u1 = uniform()
        while u1 == 0 { u1 = uniform() }
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    public mutating func normal(mean: Double, sd: Double) -> Double { mean + sd * normal() }

    /// ±1 with equal probability (Rademacher weights for the wild and multiplier bootstrap).
    public mutating func rademacher() -> Double { next() >> 63 == 0 ? -1 : 1 }

    /// Mammen's (1993) two-point weights: −(√5 − 1)/2 with probability (√5 + 1)/(2√5),
    /// otherwise (√5 + 1)/2; mean 0, variance 1, third moment 1.
    public mutating func mammen() -> Double {
        let root5 = 5.0.squareRoot()
        return uniform() < (root5 + 1) / (2 * root5) ? -(root5 - 1) / 2 : (root5 + 1) / 2
    }

    /// `count` indices drawn uniformly with replacement from 0..<n (a bootstrap resample).
    public mutating func resample(_ n: Int, count: Int? = nil) -> [Int] {
        (0..<(count ?? n)).map { _ in integer(in: 0...(n - 1)) }
    }

    /// Fisher–Yates shuffle with this generator.
    public mutating func shuffled<T>(_ items: [T]) -> [T] {
        var result = items
        guard result.count > 1 else { return result }
        for i in stride(from: result.count - 1, to: 0, by: -1) {
            let j = integer(in: 0...i)
            result.swapAt(i, j)
        }
        return result
    }

    /// `count` distinct items chosen at random, in the order drawn.
    public mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        Array(shuffled(items).prefix(count))
    }

    /// An index drawn with probability proportional to `weights`.
    public mutating func categorical(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var target = uniform() * total
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }
}
