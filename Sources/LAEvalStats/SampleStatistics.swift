import Foundation

/// Plain summaries of a sample, shared by the estimators.
public enum SampleStatistics {
    /// The arithmetic mean Σx / n (NaN for an empty sample).
    public static func mean(_ x: [Double]) -> Double {
        x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count)
    }

    /// The sample standard deviation √(Σ(x − x̄)² / (n − 1)), as R's `sd` (NaN for fewer than two values).
    public static func standardDeviation(_ x: [Double]) -> Double {
        let centre = mean(x)
        return (x.reduce(0) { $0 + ($1 - centre) * ($1 - centre) } / Double(x.count - 1)).squareRoot()
    }
}
