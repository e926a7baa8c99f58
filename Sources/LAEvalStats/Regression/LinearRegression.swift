import Foundation

/// A fitted linear model: ordinary or weighted least squares by pivoted Householder QR, with
/// collinear columns dropped as R's `lm` drops them.
public struct LinearFit: Sendable {
    public let terms: [String]
    /// One per term; NaN for aliased (collinear) terms.
    public let coefficients: [Double]
    public let aliased: [Bool]
    public let rank: Int
    /// Observations with positive weight.
    public let observations: Int
    /// Parameters absorbed before the fit (fixed effects), counted in the residual degrees of freedom.
    public let absorbedParameters: Int
    /// n − rank − absorbed parameters.
    public let residualDegreesOfFreedom: Int
    /// y − ŷ on the original scale.
    public let residuals: [Double]
    public let weights: [Double]?
    /// Σ wᵢ eᵢ².
    public let residualSumOfSquares: Double
    /// Σ wᵢ (yᵢ − ȳ_w)² (about the weighted mean when the model has an intercept or absorbed
    /// effects; about zero otherwise), as R's `summary.lm` computes R².
    public let totalSumOfSquares: Double

    /// √W X for the estimable columns, in term order.
    let weightedDesign: Matrix
    /// √W e.
    let weightedResiduals: [Double]
    /// (XᵀWX)⁻¹ for the estimable columns.
    public let bread: Matrix
    /// R⁻¹ of the QR factorisation of √W X (estimable columns), so that bread = R⁻¹R⁻ᵀ.
    let rInverse: Matrix
    /// Indices of the estimable (not aliased) terms, in order.
    public let estimable: [Int]

    public var r2: Double { 1 - residualSumOfSquares / totalSumOfSquares }

    /// 1 − (1 − R²)(n − df₀)/(n − k), with df₀ = 1 for a model with an intercept.
    public func adjustedR2(intercept: Bool = true) -> Double {
        let n = Double(observations), df0 = intercept ? 1.0 : 0
        return 1 - (1 - r2) * (n - df0) / Double(residualDegreesOfFreedom)
    }

    /// Residual standard error √(RSS / df).
    public var sigma: Double { (residualSumOfSquares / Double(residualDegreesOfFreedom)).squareRoot() }

    public var estimableTerms: [String] { estimable.map { terms[$0] } }

    /// The observation weights v of a linear combination aᵀβ̂ of the estimable coefficients
    /// (`combination` in `estimableTerms` order): aᵀβ̂ = Σᵢ vᵢ ỹᵢ with v = √W X̃ (X̃ᵀWX̃)⁻¹ a, X̃ the
    /// design after any absorbed effects. A cluster-robust variance of the combination with
    /// residuals e is Σ_g (Σ_{i∈g} vᵢ √wᵢ eᵢ)²; passing residuals other than the fit's own gives
    /// the conservative variances of imputation estimators (Borusyak, Jaravel & Spiess 2024, §4.3).
    public func observationWeights(of combination: [Double]) -> [Double] {
        weightedDesign * (bread * combination)
    }

    /// The coefficient variance matrix for the estimable terms (in `estimableTerms` order).
    /// `adjustmentParameters` is the k of (n − 1)/(n − k) and n/(n − k) adjustments
    /// (default: rank + absorbed parameters).
    public func variance(_ estimator: VarianceEstimator, adjustmentParameters: Int? = nil) -> Matrix {
        let n = Double(observations)
        let k = Double(adjustmentParameters ?? (rank + absorbedParameters))
        switch estimator {
        case .iid:
            return (residualSumOfSquares / Double(residualDegreesOfFreedom)) * bread
        case .hc0:
            return sandwich(scaling: weightedResiduals.map { $0 * $0 })
        case .hc1:
            return (n / (n - k)) * sandwich(scaling: weightedResiduals.map { $0 * $0 })
        case .hc2, .hc3:
            let leverage = leverages()
            let power = estimator == .hc2 ? 1.0 : 2.0
            return sandwich(scaling: zip(weightedResiduals, leverage).map { e, h in e * e / pow(1 - h, power) })
        case .cluster(let clusters, let correction):
            return clusterVariance(clusters, correction: correction, n: n, k: k)
        }
    }

    /// Standard errors: square roots of the variance diagonal (estimable terms).
    public func standardErrors(_ estimator: VarianceEstimator) -> [Double] {
        variance(estimator).diagonalValues.map { $0.squareRoot() }
    }

    /// bread × (Σᵢ sᵢ x̃ᵢ x̃ᵢᵀ) × bread.
    private func sandwich(scaling: [Double]) -> Matrix {
        let p = weightedDesign.columns, n = weightedDesign.rows
        var scaled = weightedDesign
        for j in 0..<p { for i in 0..<n { scaled.storage[j * n + i] *= scaling[i].squareRoot() } }
        return bread * scaled.gram * bread
    }

    /// hᵢ = x̃ᵢᵀ (X̃ᵀX̃)⁻¹ x̃ᵢ = ‖x̃ᵢᵀ R⁻¹‖², the diagonal of the hat matrix.
    func leverages() -> [Double] {
        let p = weightedDesign.columns, n = weightedDesign.rows
        let transformed = weightedDesign * rInverse
        return (0..<n).map { i in (0..<p).reduce(0) { $0 + transformed[i, $1] * transformed[i, $1] } }
    }

    /// Σ over clusters of (Σ_{i∈g} x̃ᵢ ẽᵢ)(…)ᵀ, sandwiched.
    private func clusterMeat(_ codes: [Int]) -> (meat: Matrix, clusters: Int) {
        let p = weightedDesign.columns, n = weightedDesign.rows
        var index: [Int: Int] = [:]
        var groupOf = [Int](repeating: 0, count: n)
        for i in 0..<n {
            if let g = index[codes[i]] { groupOf[i] = g } else {
                groupOf[i] = index.count
                index[codes[i]] = index.count
            }
        }
        let groups = index.count
        var scores = Matrix(rows: groups, columns: p)
        for j in 0..<p {
            for i in 0..<n { scores.storage[j * groups + groupOf[i]] += weightedDesign.storage[j * n + i] * weightedResiduals[i] }
        }
        return (scores.gram, groups)
    }

    private func clusterVariance(_ clusters: [[Int]], correction: VarianceEstimator.SmallSampleCorrection, n: Double, k: Double) -> Matrix {
        precondition((1...2).contains(clusters.count), "cluster-robust variance takes one or two clustering variables")
        var dimensions: [[Int]] = clusters
        var signs: [Double] = Array(repeating: 1, count: clusters.count)
        if clusters.count == 2 {
            var pairs: [[Int]: Int] = [:]
            dimensions.append((0..<clusters[0].count).map { i in
                let key = [clusters[0][i], clusters[1][i]]
                if let code = pairs[key] { return code }
                pairs[key] = pairs.count
                return pairs.count - 1
            })
            signs.append(-1)
        }
        let meats = dimensions.map(clusterMeat)
        let smallest = meats.prefix(clusters.count).map(\.clusters).min()!
        var total = Matrix(rows: weightedDesign.columns, columns: weightedDesign.columns)
        for (meat, sign) in zip(meats, signs) {
            var factor = sign
            if correction.clusterAdjustment {
                let g = Double(correction.minimumClusters ? smallest : meat.clusters)
                factor *= g / (g - 1)
            }
            total = total + factor * meat.meat
        }
        if correction.observationAdjustment { total = ((n - 1) / (n - k)) * total }
        return bread * total * bread
    }
}

/// Errors a user can act on.
public enum RegressionError: Error, Equatable, CustomStringConvertible {
    case lengthMismatch(String)
    case tooFewObservations(observations: Int, parameters: Int)
    case nonPositiveWeight(row: Int)
    case nonFinite(String)

    public var description: String {
        switch self {
        case .lengthMismatch(let what): "\(what) do not have one value per observation"
        case .tooFewObservations(let n, let k): "\(n) observations are too few to estimate \(k) parameters: drop covariates or add data"
        case .nonPositiveWeight(let row): "weight on row \(row + 1) is negative: weights must be 0 or more"
        case .nonFinite(let what): "\(what) has a missing or infinite value: drop those rows first"
        }
    }
}

public enum LinearRegression {
    /// Fits y = Xβ + e by least squares, weighted when `weights` are given (rows with weight 0
    /// are dropped, as `lm` does). `absorbedParameters` counts fixed effects already swept out of
    /// y and X (see `FixedEffects`); `centredTotal` says whether R² is about the mean.
    public static func fit(y: [Double], design: Matrix, terms: [String], weights: [Double]? = nil,
                           absorbedParameters: Int = 0, centredTotal: Bool = true,
                           totalSumOfSquares: Double? = nil) throws -> LinearFit {
        guard y.count == design.rows else { throw RegressionError.lengthMismatch("the outcome and the design") }
        guard terms.count == design.columns else { throw RegressionError.lengthMismatch("the term names and the design columns") }
        if let weights {
            guard weights.count == y.count else { throw RegressionError.lengthMismatch("the weights and the outcome") }
            if let bad = weights.firstIndex(where: { $0 < 0 }) { throw RegressionError.nonPositiveWeight(row: bad) }
        }
        guard y.allSatisfy(\.isFinite) else { throw RegressionError.nonFinite("the outcome") }
        guard design.storage.allSatisfy(\.isFinite) else { throw RegressionError.nonFinite("a covariate") }
        let kept = weights.map { w in w.indices.filter { w[$0] > 0 } } ?? Array(0..<y.count)
        let x = kept.count == y.count ? design : design.selectingRows(kept)
        let yKept = kept.count == y.count ? y : kept.map { y[$0] }
        let w = weights.map { w in kept.map { w[$0] } }
        let root = w?.map { $0.squareRoot() }
        var xw = x
        var yw = yKept
        if let root {
            for j in 0..<x.columns { for i in 0..<x.rows { xw.storage[j * x.rows + i] *= root[i] } }
            yw = zip(yKept, root).map(*)
        }
        let (qr, beta) = QRDecomposition.tallLeastSquares(xw, yw)
        let n = x.rows
        guard n > qr.rank + absorbedParameters else {
            throw RegressionError.tooFewObservations(observations: n, parameters: qr.rank + absorbedParameters)
        }
        let estimable = Array(qr.pivot[0..<qr.rank])
        let estimableBeta = estimable.map { beta[$0] }
        let xEstimable = estimable == Array(0..<xw.columns) ? xw : xw.selectingColumns(estimable)
        let fittedWeighted = xEstimable * estimableBeta
        let weightedResiduals = zip(yw, fittedWeighted).map(-)
        let residuals = root.map { root in zip(weightedResiduals, root).map { $1 > 0 ? $0 / $1 : 0 } } ?? weightedResiduals
        let rss = weightedResiduals.reduce(0) { $0 + $1 * $1 }
        let total = totalSumOfSquares ?? Self.totalSumOfSquares(yKept, weights: w, centred: centredTotal)
        let rInverse = qr.rInverse
        let bread = rInverse * rInverse.transposed
        var aliased = [Bool](repeating: false, count: terms.count)
        for index in qr.aliasedColumns { aliased[index] = true }
        return LinearFit(terms: terms, coefficients: beta, aliased: aliased, rank: qr.rank, observations: n,
                         absorbedParameters: absorbedParameters, residualDegreesOfFreedom: n - qr.rank - absorbedParameters,
                         residuals: residuals, weights: w, residualSumOfSquares: rss, totalSumOfSquares: total,
                         weightedDesign: xEstimable, weightedResiduals: weightedResiduals, bread: bread, rInverse: rInverse,
                         estimable: estimable)
    }

    static func totalSumOfSquares(_ y: [Double], weights: [Double]?, centred: Bool) -> Double {
        let w = weights ?? Array(repeating: 1, count: y.count)
        let totalWeight = w.reduce(0, +)
        let mean = centred ? zip(y, w).reduce(0) { $0 + $1.0 * $1.1 } / totalWeight : 0
        return zip(y, w).reduce(0) { $0 + $1.1 * ($1.0 - mean) * ($1.0 - mean) }
    }
}
