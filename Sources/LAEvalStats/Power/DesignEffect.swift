import Foundation

/// The design effect of cluster sampling with equal clusters: DE = 1 + (m − 1)·ICC for
/// clusters of m members and intraclass correlation ICC (Kish 1965, "Survey Sampling", §5.4),
/// the factor by which clustering inflates the variance of a mean. n clustered observations
/// carry the information of n / DE independent ones.
public struct DesignEffect: Sendable, Hashable {
    /// Members per cluster, m ≥ 1.
    public let clusterSize: Double
    /// Intraclass correlation, 0 ≤ ICC ≤ 1.
    public let icc: Double

    public init(clusterSize: Double, icc: Double) throws {
        guard clusterSize >= 1, clusterSize.isFinite else {
            throw PowerError.outOfRange(name: "the cluster size", value: clusterSize, requirement: "a finite number of at least 1")
        }
        guard icc >= 0, icc <= 1 else {
            throw PowerError.outOfRange(name: "the intraclass correlation", value: icc, requirement: "between 0 and 1")
        }
        self.clusterSize = clusterSize
        self.icc = icc
    }

    /// 1 + (m − 1)·ICC.
    public var value: Double { 1 + (clusterSize - 1) * icc }

    /// n / DE, the effective sample size of n clustered observations.
    public func effectiveSampleSize(_ n: Double) -> Double { n / value }
}
