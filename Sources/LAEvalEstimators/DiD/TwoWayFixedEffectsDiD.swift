import LAEvalStats

/// The static two-way fixed effects regression Y_it = α_i + λ_t + β D_it + e_it, D_it = 1 once
/// unit i is treated — the estimator that is biased under staggered adoption with effects that
/// change over time (Goodman-Bacon 2021; de Chaisemartin & D'Haultfœuille 2020), kept as the
/// benchmark the heterogeneity-robust estimators are compared with. Standard errors are
/// clustered by unit with fixest's default small-sample correction.
public struct TwoWayFixedEffectsDiD: Sendable {
    public let coefficient: Double
    public let se: Double
    public let observations: Int

    public init(panel: BalancedPanel) throws {
        var y: [Double] = [], d: [Double] = [], unit: [Int] = [], time: [Int] = []
        for (u, outcomes) in panel.outcome.enumerated() {
            for (t, value) in outcomes.enumerated() {
                y.append(value)
                let g = panel.firstTreated[u]
                d.append(g > 0 && panel.periods[t] >= g ? 1 : 0)
                unit.append(u)
                time.append(t)
            }
        }
        let effects = FixedEffects(factors: [unit, time])
        let (fit, _) = try LinearRegression.fit(y: y, covariates: [d], terms: ["treated"], fixedEffects: effects)
        let k = effects.clusterAdjustmentParameters(slopes: 1, clusters: [unit])
        coefficient = fit.coefficients[0]
        se = fit.variance(.cluster([unit], .fixest), adjustmentParameters: k)[0, 0].squareRoot()
        observations = fit.observations
    }
}
