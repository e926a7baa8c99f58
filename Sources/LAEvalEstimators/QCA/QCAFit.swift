/// Parameters of fit of set relations (Ragin 2006, "Set relations in social research";
/// Schneider & Wagemann 2012, *Set-Theoretic Methods for the Social Sciences*, ch. 5 and 9).
public enum QCAFit {
    /// Sufficiency consistency, PRI and coverage of a set X (memberships of the cases) for the
    /// outcome Y: consistency = sum min(X, Y) / sum X; PRI = (sum min(X, Y) - sum min(X, Y, 1 - Y))
    /// / (sum X - sum min(X, Y, 1 - Y)); coverage = sum min(X, Y) / sum Y. A ratio with a zero
    /// denominator is nil.
    public static func sufficiency(_ x: [Double], _ y: [Double]) -> (consistency: Double?, pri: Double?, coverage: Double?) {
        var sumX = 0.0, sumY = 0.0, sumXY = 0.0, sumXYnotY = 0.0
        for (a, b) in zip(x, y) {
            sumX += a
            sumY += b
            sumXY += min(a, b)
            sumXYnotY += min(a, b, 1 - b)
        }
        return (ratio(sumXY, sumX), ratio(sumXY - sumXYnotY, sumX - sumXYnotY), ratio(sumXY, sumY))
    }

    /// Necessity of X for Y: consistency sum min(X, Y) / sum Y; relevance of necessity (RoN,
    /// Schneider & Wagemann 2012, 9.2.2) sum(1 - X) / sum(1 - min(X, Y)); coverage
    /// sum min(X, Y) / sum X.
    public static func necessity(_ x: [Double], _ y: [Double]) -> (consistency: Double?, ron: Double?, coverage: Double?) {
        var sumX = 0.0, sumY = 0.0, sumXY = 0.0, sumNotX = 0.0, sumNotXY = 0.0
        for (a, b) in zip(x, y) {
            sumX += a
            sumY += b
            sumXY += min(a, b)
            sumNotX += 1 - a
            sumNotXY += 1 - min(a, b)
        }
        return (ratio(sumXY, sumY), ratio(sumNotX, sumNotXY), ratio(sumXY, sumX))
    }

    /// The share of the outcome explained by min(X, Y) summed: sum min(X, Y) / sum Y.
    static func coverage(_ x: [Double], _ y: [Double]) -> Double? {
        ratio(zip(x, y).reduce(0) { $0 + min($1.0, $1.1) }, y.reduce(0, +))
    }

    static func ratio(_ numerator: Double, _ denominator: Double) -> Double? {
        denominator == 0 ? nil : numerator / denominator
    }
}
