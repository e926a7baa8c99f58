/// How the variance of regression coefficients is estimated (a value, not scattered flags).
///
/// - `iid`: σ²(XᵀWX)⁻¹ with σ² = RSS / (n − k).
/// - `hc0`…`hc3`: White (1980) heteroskedasticity-consistent sandwich and its corrections
///   (MacKinnon & White 1985): HC1 scales by n / (n − k), HC2 divides each squared residual by
///   1 − hᵢ, HC3 by (1 − hᵢ)²; as R's `sandwich::vcovHC`.
/// - `cluster`: the cluster-robust sandwich (Liang & Zeger 1986) with one or two clustering
///   variables; two-way as Cameron, Gelbach & Miller (2011): V₁ + V₂ − V₁∩₂.
public enum VarianceEstimator: Sendable, Equatable {
    case iid
    case hc0, hc1, hc2, hc3
    /// `clusters[d][i]` is observation i's cluster in dimension d (one or two dimensions).
    case cluster(_ clusters: [[Int]], SmallSampleCorrection = .stata)

    /// The small-sample correction of cluster-robust variances.
    public struct SmallSampleCorrection: Sendable, Equatable {
        /// Multiply by G/(G − 1) (CR1).
        public var clusterAdjustment: Bool
        /// Multiply by (n − 1)/(n − k).
        public var observationAdjustment: Bool
        /// In two-way clustering, use the smallest G for every term (fixest's default) rather
        /// than each term's own G (sandwich's and Stata's).
        public var minimumClusters: Bool

        /// CR1 as Stata and `sandwich::vcovCL(type = "HC1")`: G/(G − 1) × (n − 1)/(n − k).
        public static let stata = SmallSampleCorrection(clusterAdjustment: true, observationAdjustment: true, minimumClusters: false)
        /// fixest's default `ssc()`: as Stata, but with the smallest G in two-way clustering.
        public static let fixest = SmallSampleCorrection(clusterAdjustment: true, observationAdjustment: true, minimumClusters: true)
        /// CR0: no correction.
        public static let none = SmallSampleCorrection(clusterAdjustment: false, observationAdjustment: false, minimumClusters: false)

        public init(clusterAdjustment: Bool, observationAdjustment: Bool, minimumClusters: Bool) {
            self.clusterAdjustment = clusterAdjustment
            self.observationAdjustment = observationAdjustment
            self.minimumClusters = minimumClusters
        }
    }
}
