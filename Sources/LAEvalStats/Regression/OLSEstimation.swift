import Foundation

/// One row of a coefficient table.
public struct CoefficientRow: Sendable, Codable, Equatable {
    public var term: String
    public var estimate: Double
    public var se: Double
    public var t: Double
    public var p: Double
    public var ciLower: Double
    public var ciUpper: Double
}

/// The result of `laeval estimate ols` (design.md §8).
public struct OLSResult: Sendable, Codable, Equatable {
    public var method = "ols"
    public var outcome: String
    public var vcov: String
    public var clusters: [String]
    public var fixedEffects: [String]
    public var coefficients: [CoefficientRow]
    /// Terms dropped as collinear (as R reports NA coefficients).
    public var aliased: [String]
    public var nObs: Int
    public var nDropped: Int
    public var r2: Double
    public var adjR2: Double?
    /// R² of the within (demeaned) model; only with fixed effects.
    public var r2Within: Double?
    public var sigma: Double
    /// Degrees of freedom of the t distribution for p-values and intervals.
    public var dfT: Int
    public var confidenceLevel: Double
}

/// The variance choice of `estimate ols`.
public enum OLSVariance: String, Sendable, CaseIterable {
    case iid, hc0, hc1, hc2, hc3, cluster
}

/// OLS/WLS on tidy data as `laeval estimate ols` runs it, with R's conventions without fixed
/// effects (lm; sandwich's vcovHC and vcovCL; t tests on the residual degrees of freedom, as
/// lmtest::coeftest) and fixest's with them (feols: clustered by the first fixed effect by
/// default, small-sample correction ssc(adj = TRUE, fixef.K = "nested", cluster.adj = TRUE,
/// cluster.df = "min"), t tests on min(G) − 1 degrees of freedom when clustered).
public enum OLSEstimation {
    public struct Options: Sendable {
        public var outcome: String
        public var covariates: [CovariateSpec]
        public var fixedEffects: [String] = []
        /// nil: iid without fixed effects, clustered by the first fixed effect with them
        /// (fixest's default), clustered when `cluster` is given.
        public var variance: OLSVariance?
        public var cluster: [String] = []
        public var weights: String?
        public var level = 0.95

        public init(outcome: String, covariates: [CovariateSpec], fixedEffects: [String] = [], variance: OLSVariance? = nil,
                    cluster: [String] = [], weights: String? = nil, level: Double = 0.95) {
            self.outcome = outcome
            self.covariates = covariates
            self.fixedEffects = fixedEffects
            self.variance = variance
            self.cluster = cluster
            self.weights = weights
            self.level = level
        }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case clusterNeedsColumns
        case tooManyClusters
        case singleCluster(String)

        public var description: String {
            switch self {
            case .clusterNeedsColumns: "--vcov cluster needs --cluster COLUMN (or fixed effects to cluster by)"
            case .tooManyClusters: "cluster-robust variances take one or two --cluster columns"
            case .singleCluster(let name): "column \(name) has a single cluster: cluster-robust variances need two or more"
            }
        }
    }

    public static func run(data: [String: DataColumn], options: Options) throws -> OLSResult {
        let hasEffects = !options.fixedEffects.isEmpty
        let variance = options.variance ?? (!options.cluster.isEmpty || hasEffects ? .cluster : .iid)
        let clusterColumns = variance == .cluster ? (options.cluster.isEmpty ? Array(options.fixedEffects.prefix(1)) : options.cluster) : []
        if variance == .cluster, clusterColumns.isEmpty { throw Failure.clusterNeedsColumns }
        if clusterColumns.count > 2 { throw Failure.tooManyClusters }
        let frame = try ModelFrame(data: data, outcome: options.outcome, covariates: options.covariates, intercept: !hasEffects,
                                   numericExtras: options.weights.map { [$0] } ?? [],
                                   codedExtras: Array(Set(options.fixedEffects + clusterColumns)).sorted())
        let weights = options.weights.map { frame.numericExtras[$0]! }
        let fit: LinearFit
        var withinR2: Double?
        var effects: FixedEffects?
        if hasEffects {
            let fixed = FixedEffects(factors: options.fixedEffects.map { frame.codedExtras[$0]! }, weights: weights)
            let result = try LinearRegression.fit(y: frame.outcome, covariates: (0..<frame.design.columns).map { frame.design.column($0) },
                                                  terms: frame.terms, fixedEffects: fixed, weights: weights)
            fit = result.fit
            withinR2 = result.withinR2
            effects = fixed
        } else {
            fit = try LinearRegression.fit(y: frame.outcome, design: frame.design, terms: frame.terms, weights: weights)
        }
        let clusters = clusterColumns.map { frame.codedExtras[$0]! }
        for (name, codes) in zip(clusterColumns, clusters) where Set(codes).count < 2 { throw Failure.singleCluster(name) }
        let (matrix, dfT) = varianceAndDegrees(fit: fit, variance: variance, clusters: clusters, effects: effects)
        let t = StudentT(df: Double(dfT))
        let critical = t.quantile(1 - (1 - options.level) / 2)
        let rows = fit.estimable.enumerated().map { position, index -> CoefficientRow in
            let estimate = fit.coefficients[index], se = matrix[position, position].squareRoot()
            let statistic = estimate / se
            return CoefficientRow(term: fit.terms[index], estimate: estimate, se: se, t: statistic, p: 2 * t.sf(abs(statistic)),
                                  ciLower: estimate - critical * se, ciUpper: estimate + critical * se)
        }
        return OLSResult(outcome: options.outcome, vcov: variance.rawValue, clusters: clusterColumns, fixedEffects: options.fixedEffects,
                         coefficients: rows, aliased: fit.terms.indices.filter { fit.aliased[$0] }.map { fit.terms[$0] },
                         nObs: fit.observations, nDropped: frame.droppedRows + (frame.rows.count - fit.observations), r2: fit.r2,
                         adjR2: hasEffects ? nil : fit.adjustedR2(intercept: true), r2Within: withinR2, sigma: fit.sigma,
                         dfT: dfT, confidenceLevel: options.level)
    }

    static func varianceAndDegrees(fit: LinearFit, variance: OLSVariance, clusters: [[Int]], effects: FixedEffects?) -> (Matrix, Int) {
        switch variance {
        case .iid: return (fit.variance(.iid), fit.residualDegreesOfFreedom)
        case .hc0: return (fit.variance(.hc0), fit.residualDegreesOfFreedom)
        case .hc1: return (fit.variance(.hc1), fit.residualDegreesOfFreedom)
        case .hc2: return (fit.variance(.hc2), fit.residualDegreesOfFreedom)
        case .hc3: return (fit.variance(.hc3), fit.residualDegreesOfFreedom)
        case .cluster:
            guard let effects else { return (fit.variance(.cluster(clusters, .stata)), fit.residualDegreesOfFreedom) }
            let k = effects.clusterAdjustmentParameters(slopes: fit.rank, clusters: clusters)
            let smallest = clusters.map { Set($0).count }.min()!
            return (fit.variance(.cluster(clusters, .fixest), adjustmentParameters: k), smallest - 1)
        }
    }
}
