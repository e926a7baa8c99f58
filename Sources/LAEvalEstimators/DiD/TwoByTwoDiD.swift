import Foundation
import LAEvalStats

/// The three estimators of a 2×2 difference in differences on panel data that
/// Callaway & Sant'Anna (2021) combine into ATT(g,t).
public enum DiDEstimator: String, Sendable, CaseIterable, Codable {
    /// Outcome regression (Heckman, Ichimura & Todd 1997): ATT = mean over treated of
    /// ΔY − X β̂, with β̂ from least squares of ΔY on X among the comparison units.
    case reg
    /// Inverse probability weighting, normalised (Abadie 2005; Sant'Anna & Zhao 2020, eq. 2.6).
    case ipw
    /// Doubly robust (Sant'Anna & Zhao 2020, eq. 3.1): IPW of the outcome-regression residuals.
    case dr
}

/// One 2×2 comparison: treated (D = 1) and comparison units, each with its outcome change ΔY
/// and covariates X (first column the intercept). Returns the ATT and each unit's influence
/// function ψᵢ (so that √n (θ̂ − θ) ≈ n^{-1/2} Σ ψᵢ), including the estimation effect of the
/// propensity score (logit) and of the outcome regression, as derived by Sant'Anna & Zhao (2020,
/// appendix) for the panel case.
struct TwoByTwoDiD {
    let deltaY: [Double]
    let treated: [Bool]
    let x: Matrix

    /// Controls with a propensity score at or above this are trimmed (given weight 0), and
    /// scores are capped at 1 − 1e-6, as the DRDID estimators do.
    static let trimLevel = 0.995

    enum Failure: Error, CustomStringConvertible {
        case noTreated, noControls
        var description: String {
            switch self {
            case .noTreated: "a 2×2 comparison has no treated units"
            case .noControls: "a 2×2 comparison has no comparison units: use the not-yet-treated as controls or drop the last cohort"
            }
        }
    }

    /// `general`: take the general path even without covariates (for the test that the two agree).
    func estimate(_ estimator: DiDEstimator, general: Bool = false) throws -> (att: Double, influence: [Double]) {
        let n = deltaY.count
        guard treated.contains(true) else { throw Failure.noTreated }
        guard treated.contains(false) else { throw Failure.noControls }
        if x.columns == 1 && !general, let result = interceptOnly() { return result }
        let d = treated.map { $0 ? 1.0 : 0 }
        switch estimator {
        case .reg:
            let (fitted, olsRep) = try outcomeRegression()
            let meanD = mean(d)
            let attTreat = (0..<n).map { d[$0] * deltaY[$0] }, attCont = (0..<n).map { d[$0] * fitted[$0] }
            let etaTreat = mean(attTreat) / meanD, etaCont = mean(attCont) / meanD
            let m1 = columnMeans { i, j in d[i] * x[i, j] }
            let influence = (0..<n).map { i -> Double in
                let infTreat = (attTreat[i] - d[i] * etaTreat) / meanD
                let infCont = (attCont[i] - d[i] * etaCont + dotRow(olsRep, i, m1)) / meanD
                return infTreat - infCont
            }
            return (etaTreat - etaCont, influence)
        case .ipw, .dr:
            let (ps, psRep) = try propensityScore()
            let (fitted, olsRep): ([Double], Matrix) = estimator == .dr ? try outcomeRegression()
                : (Array(repeating: 0, count: n), Matrix(rows: n, columns: x.columns))
            let wTreat = d
            let wCont = (0..<n).map { i -> Double in
                treated[i] || ps[i] >= Self.trimLevel ? 0 : ps[i] / (1 - ps[i])
            }
            let residual = (0..<n).map { deltaY[$0] - fitted[$0] }
            let attTreat = (0..<n).map { wTreat[$0] * residual[$0] }, attCont = (0..<n).map { wCont[$0] * residual[$0] }
            let meanTreat = mean(wTreat), meanCont = mean(wCont)
            let etaTreat = mean(attTreat) / meanTreat, etaCont = mean(attCont) / meanCont
            let m1 = columnMeans { i, j in wTreat[i] * x[i, j] }
            let m2 = columnMeans { i, j in wCont[i] * (residual[i] - etaCont) * x[i, j] }
            let m3 = columnMeans { i, j in wCont[i] * x[i, j] }
            let influence = (0..<n).map { i -> Double in
                var infTreat = attTreat[i] - wTreat[i] * etaTreat
                var infCont = attCont[i] - wCont[i] * etaCont + dotRow(psRep, i, m2)
                if estimator == .dr {
                    infTreat -= dotRow(olsRep, i, m1)
                    infCont -= dotRow(olsRep, i, m3)
                }
                return infTreat / meanTreat - infCont / meanCont
            }
            return (etaTreat - etaCont, influence)
        }
    }

    /// Without covariates the three estimators coincide: the propensity score is the treated
    /// share p̂, the outcome regression the comparison units' mean, and every estimation-effect
    /// term cancels, leaving ATT = m₁ − m₀ (the mean changes of treated and comparison units) and
    /// ψᵢ = Dᵢ(ΔYᵢ − m₁)/p̂ − (1 − Dᵢ)(ΔYᵢ − m₀)/(1 − p̂). nil when p̂ reaches the trimming level,
    /// where the general path's trimming applies.
    private func interceptOnly() -> (att: Double, influence: [Double])? {
        var sumTreated = 0.0, sumControl = 0.0, treatedCount = 0
        for i in deltaY.indices {
            if treated[i] { sumTreated += deltaY[i]; treatedCount += 1 } else { sumControl += deltaY[i] }
        }
        let n = deltaY.count
        let share = Double(treatedCount) / Double(n)
        guard share < Self.trimLevel else { return nil }
        let m1 = sumTreated / Double(treatedCount), m0 = sumControl / Double(n - treatedCount)
        let influence = deltaY.indices.map { i in treated[i] ? (deltaY[i] - m1) / share : -(deltaY[i] - m0) / (1 - share) }
        return (m1 - m0, influence)
    }

    private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    /// (1/n) Σᵢ f(i, j) for each column j of X.
    private func columnMeans(_ f: (Int, Int) -> Double) -> [Double] {
        (0..<x.columns).map { j in (0..<x.rows).reduce(0) { $0 + f($1, j) } / Double(x.rows) }
    }

    private func dotRow(_ m: Matrix, _ i: Int, _ v: [Double]) -> Double {
        (0..<m.columns).reduce(0) { $0 + m[i, $1] * v[$1] }
    }

    /// Least squares of ΔY on X among the comparison units; the fitted values for every unit and
    /// each unit's asymptotically linear representation of β̂: (1 − Dᵢ) eᵢ xᵢᵀ (XᵀW X / n)⁻¹.
    private func outcomeRegression() throws -> (fitted: [Double], representation: Matrix) {
        let n = x.rows, k = x.columns
        let controls = (0..<n).filter { !treated[$0] }
        let beta: [Double]
        if k == 1 {
            // intercept only: the least-squares fit is the comparison units' mean
            beta = [controls.reduce(0) { $0 + deltaY[$1] } / Double(controls.count)]
        } else {
            let fit = try LinearRegression.fit(y: controls.map { deltaY[$0] }, design: x.selectingRows(controls),
                                               terms: (0..<k).map { "x\($0)" })
            beta = fit.coefficients.map { $0.isNaN ? 0 : $0 }
        }
        let fitted = x * beta
        var gram = Matrix(rows: k, columns: k)
        for i in controls { for a in 0..<k { for b in 0..<k { gram[a, b] += x[i, a] * x[i, b] / Double(n) } } }
        let inverse = try Cholesky(gram).inverse
        var representation = Matrix(rows: n, columns: k)
        for i in controls {
            let e = deltaY[i] - fitted[i]
            for b in 0..<k { representation[i, b] = (0..<k).reduce(0) { $0 + e * x[i, $1] * inverse[$1, b] } }
        }
        return (fitted, representation)
    }

    /// A logit propensity score P(D = 1 | X) and each unit's representation of γ̂:
    /// (Dᵢ − pᵢ) xᵢᵀ (n · (XᵀWX)⁻¹).
    private func propensityScore() throws -> (ps: [Double], representation: Matrix) {
        let n = x.rows, k = x.columns
        let ps: [Double], hessian: Matrix
        if k == 1 {
            // intercept only: the logit MLE is the treated share p, with (XᵀWX)⁻¹ = 1/(n p (1 − p))
            let share = Double(treated.filter { $0 }.count) / Double(n)
            ps = Array(repeating: min(share, 1 - 1e-6), count: n)
            hessian = Matrix([[1 / (share * (1 - share))]])
        } else {
            let fit = try BinaryRegression.fit(y: treated.map { $0 ? 1 : 0 }, design: x, terms: (0..<k).map { "x\($0)" }, link: .logit)
            let gamma = fit.coefficients.map { $0.isNaN ? 0 : $0 }
            ps = (x * gamma).map { min(1 / (1 + exp(-$0)), 1 - 1e-6) }
            hessian = Double(n) * fit.variance
        }
        var representation = Matrix(rows: n, columns: k)
        for i in 0..<n {
            let score = (treated[i] ? 1 : 0) - ps[i]
            for b in 0..<k { representation[i, b] = (0..<k).reduce(0) { $0 + score * x[i, $1] * hessian[$1, b] } }
        }
        return (ps, representation)
    }
}
