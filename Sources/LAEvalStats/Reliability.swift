import Foundation

/// Cronbach's alpha of a multi-item scale, with Feldt's confidence interval.
///
/// For n respondents answering all k items, with item variances σ²ᵢ and the variance σ²ₜ of the
/// respondents' item totals (both with n − 1 denominators),
///
///     α = k / (k − 1) · (1 − Σσ²ᵢ / σ²ₜ)          (Cronbach 1951, "Coefficient alpha and the
///                                                  internal structure of tests", Psychometrika 16)
///
/// and the 100(1 − a)% interval treats (1 − α̂)/(1 − α) as F with n − 1 and (n − 1)(k − 1)
/// degrees of freedom (Feldt 1965, "The approximate sampling distribution of Kuder–Richardson
/// reliability coefficient twenty", Psychometrika 30; Feldt, Woodruff & Salih 1987):
///
///     lower = 1 − (1 − α̂) · F⁻¹(1 − a/2; n − 1, (n − 1)(k − 1))
///     upper = 1 − (1 − α̂) · F⁻¹(a/2;     n − 1, (n − 1)(k − 1))
///
/// This is `raw_alpha` and the "Feldt" boundaries of R's psych::alpha (psych::alpha.ci) and the
/// interval of pingouin.cronbach_alpha, which rounds it to three decimals. Rows with a missing
/// item are left out (listwise), as psych::alpha on complete cases and pingouin with
/// nan_policy="listwise" do. Checked against psych on its `bfi` data to 1e-9
/// (Validation/survey/make_fixtures.R).
public struct CronbachAlpha: Sendable, Codable, Equatable {
    public var alpha: Double
    public var ciLower: Double
    public var ciUpper: Double
    /// Respondents with every item answered.
    public var n: Int
    public var items: Int
    public var level: Double

    /// Alpha of `rows` (one row per respondent, one column per item; NaN for a missing answer).
    /// Nil with fewer than two items, fewer than three complete rows, or no variance in the totals.
    public static func estimate(_ rows: [[Double]], level: Double = 0.95) -> CronbachAlpha? {
        let complete = rows.filter { $0.allSatisfy(\.isFinite) }
        guard let k = complete.first?.count, k >= 2, complete.count >= 3, complete.allSatisfy({ $0.count == k }) else { return nil }
        let n = complete.count
        let itemVariances = (0..<k).map { j in variance(complete.map { $0[j] }) }
        let totalVariance = variance(complete.map { $0.reduce(0, +) })
        guard totalVariance > 0 else { return nil }
        let kk = Double(k)
        let alpha = kk / (kk - 1) * (1 - itemVariances.reduce(0, +) / totalVariance)
        let f = FDistribution(d1: Double(n - 1), d2: Double((n - 1) * (k - 1)))
        let tail = (1 - level) / 2
        return CronbachAlpha(alpha: alpha, ciLower: 1 - (1 - alpha) * f.quantile(1 - tail), ciUpper: 1 - (1 - alpha) * f.quantile(tail),
                             n: n, items: k, level: level)
    }

    /// The sample variance Σ(x − x̄)² / (n − 1), with the mean taken first (two-pass).
    static func variance(_ x: [Double]) -> Double {
        let mean = x.reduce(0, +) / Double(x.count)
        return x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)
    }
}

/// The paired t test and interval for the mean of differences d = after − before (Student 1908;
/// as R's `t.test(after, before, paired = TRUE)` and scipy.stats.ttest_rel): mean d̄, standard
/// error s_d/√n, t = d̄ / SE on n − 1 degrees of freedom, two-sided p, and d̄ ± t(1 − a/2; n − 1)·SE.
/// Checked against R on its `sleep` data to 1e-9 (Validation/survey/make_fixtures.R).
public struct PairedTTest: Sendable, Codable, Equatable {
    public var n: Int
    public var meanDifference: Double
    public var sdDifference: Double
    public var se: Double
    public var t: Double
    public var df: Int
    public var p: Double
    public var ciLower: Double
    public var ciUpper: Double
    public var level: Double

    /// Nil with fewer than two pairs, or differences that do not vary (t undefined).
    public static func test(after: [Double], before: [Double], level: Double = 0.95) -> PairedTTest? {
        precondition(after.count == before.count, "one before value per after value")
        return test(differences: zip(after, before).map { $0 - $1 }, level: level)
    }

    public static func test(differences d: [Double], level: Double = 0.95) -> PairedTTest? {
        guard d.count >= 2 else { return nil }
        let n = d.count
        let mean = d.reduce(0, +) / Double(n)
        let sd = CronbachAlpha.variance(d).squareRoot()
        guard sd > 0 else { return nil }
        let se = sd / Double(n).squareRoot()
        let t = mean / se
        let distribution = StudentT(df: Double(n - 1))
        let critical = distribution.quantile(1 - (1 - level) / 2)
        return PairedTTest(n: n, meanDifference: mean, sdDifference: sd, se: se, t: t, df: n - 1, p: 2 * distribution.sf(abs(t)),
                           ciLower: mean - critical * se, ciUpper: mean + critical * se, level: level)
    }
}

/// Pearson's chi-square test of independence in an r × c table of counts (Pearson 1900; Agresti,
/// "Categorical Data Analysis", 3rd ed., 2013, §3.2.1): X² = Σ (O − E)² / E with E = row total ×
/// column total / n, on (r − 1)(c − 1) degrees of freedom, as R's `chisq.test(table, correct =
/// FALSE)` and scipy.stats.chi2_contingency(correction=False). Rows and columns whose totals are 0
/// are dropped first. The approximation is poor when expected counts are small (Cochran 1954:
/// most E ≥ 5, none below 1): `minimumExpected` is given so a reader can judge.
public struct PearsonChiSquare: Sendable, Codable, Equatable {
    public var statistic: Double
    public var df: Int
    public var p: Double
    public var minimumExpected: Double
    /// Cells with an expected count below 5.
    public var cellsExpectedBelow5: Int
    public var n: Int

    /// Nil when fewer than two rows or columns have a positive total.
    public static func test(_ table: [[Int]]) -> PearsonChiSquare? {
        guard let width = table.first?.count, table.allSatisfy({ $0.count == width }) else { return nil }
        let rows = table.filter { $0.reduce(0, +) > 0 }
        let keptColumns = (0..<width).filter { j in rows.reduce(0) { $0 + $1[j] } > 0 }
        guard rows.count >= 2, keptColumns.count >= 2 else { return nil }
        let rowTotals = rows.map { Double($0.reduce(0, +)) }
        let columnTotals = keptColumns.map { j in Double(rows.reduce(0) { $0 + $1[j] }) }
        let total = rowTotals.reduce(0, +)
        var statistic = 0.0, minimum = Double.infinity, small = 0
        for (i, row) in rows.enumerated() {
            for (c, j) in keptColumns.enumerated() {
                let expected = rowTotals[i] * columnTotals[c] / total
                let difference = Double(row[j]) - expected
                statistic += difference * difference / expected
                minimum = min(minimum, expected)
                if expected < 5 { small += 1 }
            }
        }
        let df = (rows.count - 1) * (keptColumns.count - 1)
        return PearsonChiSquare(statistic: statistic, df: df, p: ChiSquared(df: Double(df)).sf(statistic), minimumExpected: minimum,
                                cellsExpectedBelow5: small, n: Int(total))
    }
}
