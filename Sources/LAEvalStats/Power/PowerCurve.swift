import Foundation

/// Power functions shared by the calculations: the probability that a test at level α rejects.
enum PowerCurve {
    /// A t test whose statistic is noncentral t with ν = `df` and noncentrality δ = `ncp`
    /// (Cohen 1988, ch. 2; the form of R's `pwr.t.test`):
    /// two-sided P(T > t_{1−α/2}) + P(T ≤ −t_{1−α/2}); greater P(T > t_{1−α});
    /// less P(T ≤ t_α), with t_p the quantiles of the central t on ν degrees of freedom.
    static func t(ncp: Double, df: Double, alpha: Double, alternative: Alternative) -> Double {
        let central = StudentT(df: df)
        let statistic = NoncentralT(df: df, ncp: ncp)
        switch alternative {
        case .twoSided:
            let critical = central.upperQuantile(alpha / 2)
            return statistic.sf(critical) + statistic.cdf(-critical)
        case .greater:
            return statistic.sf(central.upperQuantile(alpha))
        case .less:
            return statistic.cdf(central.quantile(alpha))
        }
    }

    /// A test whose statistic is the reference distribution F (symmetric about 0) shifted by
    /// δ = `shift` (a z test when F = Φ; Cohen 1988 ch. 6 and R's `pwr.2p.test` and
    /// `pwr.norm.test`): two-sided F(δ − c) + F(−δ − c) with c = F⁻¹(1 − α/2), both tails
    /// counted; greater F(δ − c) and less F(−δ − c) with c = F⁻¹(1 − α).
    static func shifted(_ shift: Double, alpha: Double, alternative: Alternative, reference: some UnivariateDistribution) -> Double {
        switch alternative {
        case .twoSided:
            let critical = reference.upperQuantile(alpha / 2)
            return reference.cdf(shift - critical) + reference.cdf(-shift - critical)
        case .greater:
            return reference.cdf(shift - reference.upperQuantile(alpha))
        case .less:
            return reference.cdf(-shift - reference.upperQuantile(alpha))
        }
    }

    /// The standardised effect δ at which a z test has the given power, ignoring the far tail
    /// of a two-sided test: z_{1−α/tails} + z_power. A starting value for the root finders.
    static func normalShift(power: Double, alpha: Double, alternative: Alternative) -> Double {
        let tails: Double = alternative == .twoSided ? 2 : 1
        return Normal.standardQuantile(1 - alpha / tails) + Normal.standardQuantile(power)
    }
}

/// Root finding for the unknown of a power calculation, with failures as ``PowerError``.
enum PowerSolve {
    /// The value in [lower, upper] where the monotone f crosses 0 (see
    /// ``RootFinder/monotoneRoot(lower:upper:guess:increasing:tolerance:_:)``), to 10⁻¹²
    /// absolute, plus 2ε relative.
    static func root(
        _ unknown: String, lower: Double, upper: Double, guess: Double, increasing: Bool, _ f: (Double) -> Double
    ) throws -> Double {
        do {
            return try RootFinder.monotoneRoot(lower: lower, upper: upper, guess: guess, increasing: increasing, f)
        } catch is RootFinder.Failure {
            throw PowerError.noSolution(unknown: unknown, lower: lower, upper: upper)
        }
    }

    /// Solves for the significance level on pwr's interval [10⁻¹⁰, 1 − 10⁻¹⁰]; power rises
    /// with α.
    static func alpha(power: Double, _ powerAt: (Double) -> Double) throws -> Double {
        try root("alpha", lower: 1e-10, upper: 1 - 1e-10, guess: 0.05, increasing: true) { powerAt($0) - power }
    }

    /// pwr's search intervals for an effect size: (1e-7 or 1e-10, 10) two-sided, (−10, 5) for
    /// less, (−5, 10) for greater.
    static func effectInterval(_ alternative: Alternative, twoSidedLower: Double) -> (lower: Double, upper: Double) {
        switch alternative {
        case .twoSided: (twoSidedLower, 10)
        case .less: (-10, 5)
        case .greater: (-5, 10)
        }
    }

    /// pwr's search interval for a sample size.
    static let sampleSizeInterval = (lower: 2 + 1e-10, upper: 1e9)
}
