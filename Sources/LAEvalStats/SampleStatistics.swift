import Foundation

/// Plain summaries of a sample, shared by the estimators.
public enum SampleStatistics {
    /// The sample standard deviation √(Σ(x − x̄)² / (n − 1)), as R's `sd` (NaN for fewer than two values).
    public static func standardDeviation(_ x: [Double]) -> Double {
        let mean = x.reduce(0, +) / Double(x.count)
        return (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)).squareRoot()
    }
}
