import Foundation
import LAEvalStats

/// The link F of a cumulative link model P(Y ≤ j | x) = F(θ_j − xᵀβ): a distribution function
/// on the real line (Christensen, *ordinal* package, `clm`'s `link` argument).
public enum CumulativeLink: String, Sendable, CaseIterable {
    /// F(η) = 1 / (1 + e^{−η}), the proportional-odds model (McCullagh 1980).
    case logit
    /// F(η) = Φ(η), the standard normal distribution function.
    case probit

    /// F(η).
    public func cdf(_ eta: Double) -> Double {
        switch self {
        case .logit:
            if eta >= 0 { return 1 / (1 + exp(-eta)) }
            let e = exp(eta)
            return e / (1 + e)
        case .probit:
            return Normal.standardCDF(eta)
        }
    }

    /// 1 − F(η), computed without forming 1 − F (both links are symmetric: 1 − F(η) = F(−η)).
    public func survival(_ eta: Double) -> Double { cdf(-eta) }

    /// The density f(η) = F′(η).
    public func density(_ eta: Double) -> Double {
        switch self {
        case .logit:
            let e = exp(-abs(eta))
            return e / ((1 + e) * (1 + e))
        case .probit:
            return Normal().pdf(eta)
        }
    }

    /// f′(η): −f(η) tanh(η/2) for the logistic, −η φ(η) for the normal.
    public func densityDerivative(_ eta: Double) -> Double {
        switch self {
        case .logit: -density(eta) * tanh(eta / 2)
        case .probit: -eta * density(eta)
        }
    }

    /// F⁻¹(p), used for the starting thresholds.
    public func quantile(_ p: Double) -> Double {
        switch self {
        case .logit: log(p / (1 - p))
        case .probit: Normal.standardQuantile(p)
        }
    }

    /// F(upper) − F(lower) for lower < upper, either of which may be infinite. Differences of
    /// survival functions are used when both points lie in the upper tail, so a small
    /// probability there keeps its relative accuracy.
    func probability(lower: Double, upper: Double) -> Double {
        if lower > 0 { return survival(lower) - survival(upper) }
        return cdf(upper) - cdf(lower)
    }
}
