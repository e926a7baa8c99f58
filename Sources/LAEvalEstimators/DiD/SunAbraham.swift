import LAEvalStats

/// The interaction-weighted (IW) event-study estimator of Sun & Abraham (2021, "Estimating
/// dynamic treatment effects in event studies with heterogeneous treatment effects", Journal of
/// Econometrics 225(2), section 4).
///
/// Step 1 fits the saturated TWFE regression
///
///     Y_it = α_i + λ_t + Σ_{g ∉ C} Σ_{e ≠ r} δ_{g,e} 1{G_i = g} 1{t − g = e} + ε_it
///
/// on the cohorts g and a control cohort C: the never treated, or, when no unit is never treated,
/// the last-treated cohort, with the periods from its treatment on dropped (Sun & Abraham 2021,
/// section 4.1). Each δ̂_{g,e} is a DiD of cohort g against C between t = g + e and g + r.
/// Step 2 estimates the cohort shares Pr(G_i = g | G_i + e observed): for a balanced panel,
/// w_{g,e} = N_g / Σ_{g' observed at e} N_{g'}. Step 3 averages: ν̂_e = Σ_g w_{g,e} δ̂_{g,e}.
/// The overall post-treatment ATT averages all δ̂_{g,e} with e ≥ 0, weighted by the number of
/// treated observations in each cell, N_g.
///
/// Standard errors are cluster-robust by unit (CR1 with fixest's default small-sample factor)
/// and come from the delta method with the **weights treated as fixed**: se(ν̂_e) = √(w_eᵀ V̂ w_e),
/// V̂ the covariance of the δ̂. This is what fixest's `sunab` aggregation does; Sun & Abraham's
/// Proposition 6 variance adds a term for estimating the weights, which is not included.
///
/// Conventions: units first treated after the last period are never treated within the panel.
/// Units treated in the first period ("always treated") have no pre-period and are dropped
/// (`droppedAlwaysTreated`). Nothing is binned.
public struct SunAbraham: Sendable, Codable, Equatable {
    /// δ̂_{g,e}: cohort g's effect at event time e (the interaction coefficient).
    public struct CohortEffect: Sendable, Codable, Equatable {
        public var cohort: Int
        public var eventTime: Int
        public var estimate: Double
        public var se: Double
        /// N_{g,e}: cohort g's observations at event time e.
        public var observations: Int
    }

    /// A cohort's weight w_{g,e} in an aggregate.
    public struct CohortWeight: Sendable, Codable, Equatable {
        public var cohort: Int
        public var weight: Double
    }

    /// ν̂_e = Σ_g w_{g,e} δ̂_{g,e} with its delta-method SE (weights fixed).
    public struct Coefficient: Sendable, Codable, Equatable {
        public var eventTime: Int
        public var estimate: Double
        public var se: Double
        public var weights: [CohortWeight]
    }

    /// The overall post-treatment ATT: all δ̂_{g,e}, e ≥ 0, weighted by N_{g,e}.
    public struct Overall: Sendable, Codable, Equatable {
        public var estimate: Double
        public var se: Double
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noTreatedCohorts
        case referenceNotObserved(cohort: Int, reference: Int)

        public var description: String {
            switch self {
            case .noTreatedCohorts:
                "there is no cohort to estimate besides the control cohort: Sun & Abraham need treated cohorts and never-treated (or later-treated) units"
            case .referenceNotObserved(let g, let r):
                "cohort \(g) is not observed at the reference event time \(r): choose a reference event time every cohort has"
            }
        }
    }

    public let reference: Int
    /// The control cohort's first treatment period; 0 when the never treated are the control.
    public let controlCohort: Int
    public let cohortEffects: [CohortEffect]
    /// One per event time other than the reference, in increasing order.
    public let coefficients: [Coefficient]
    /// The overall post-treatment ATT.
    public let overall: Overall
    public let observations: Int
    public let clusters: Int
    public let droppedAlwaysTreated: Int

    /// Fits the IW estimator on a balanced panel (see the type's documentation).
    public init(panel: BalancedPanel, reference: Int = -1) throws {
        let periods = panel.periods
        let first = periods[0], last = periods[periods.count - 1]
        let cohortOf = panel.firstTreated.map { $0 > last ? 0 : $0 }
        let kept = cohortOf.indices.filter { cohortOf[$0] == 0 || cohortOf[$0] > first }
        let treatedCohorts = Array(Set(kept.map { cohortOf[$0] }).subtracting([0])).sorted()
        let hasNever = kept.contains { cohortOf[$0] == 0 }
        let control = hasNever ? 0 : (treatedCohorts.last ?? 0)
        let cohorts = treatedCohorts.filter { $0 != control }
        guard !cohorts.isEmpty else { throw Failure.noTreatedCohorts }
        // with the last-treated cohort as control, only periods before it is treated are used
        let usedPeriods = periods.indices.filter { control == 0 || periods[$0] < control }

        var size: [Int: Int] = [:]
        for u in kept { size[cohortOf[u], default: 0] += 1 }
        var cells: [(cohort: Int, eventTime: Int)] = []
        for g in cohorts {
            let times = usedPeriods.map { periods[$0] - g }
            guard times.contains(reference) else { throw Failure.referenceNotObserved(cohort: g, reference: reference) }
            cells += times.filter { $0 != reference }.map { (g, $0) }
        }
        let cellIndex = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ("\($1.cohort):\($1.eventTime)", $0) })

        var y: [Double] = [], unit: [Int] = [], time: [Int] = []
        var columns = [[Double]](repeating: [], count: cells.count)
        for u in kept {
            let g = cohortOf[u]
            for t in usedPeriods {
                y.append(panel.outcome[u][t])
                unit.append(u)
                time.append(t)
                let cell = g == control ? nil : cellIndex["\(g):\(periods[t] - g)"]
                for c in cells.indices { columns[c].append(c == cell ? 1 : 0) }
            }
        }
        let fit = try EventTimeRegression(y: y, unit: unit, time: time, columns: columns,
                                          terms: cells.map { "cohort::\($0.cohort):event_time::\($0.eventTime)" })
        cohortEffects = cells.indices.map { c in
            CohortEffect(cohort: cells[c].cohort, eventTime: cells[c].eventTime, estimate: fit.coefficients[c],
                         se: fit.variance[c][c].squareRoot(), observations: size[cells[c].cohort]!)
        }

        /// Σ w δ̂ and √(wᵀ V̂ w) for weights on cells.
        func combine(_ weights: [(cell: Int, weight: Double)]) -> (Double, Double) {
            let estimate = weights.reduce(0) { $0 + $1.weight * fit.coefficients[$1.cell] }
            var variance = 0.0
            for a in weights { for b in weights { variance += a.weight * b.weight * fit.variance[a.cell][b.cell] } }
            return (estimate, variance.squareRoot())
        }
        let eventTimes = Array(Set(cells.map(\.eventTime))).sorted()
        coefficients = eventTimes.map { e in
            let members = cells.indices.filter { cells[$0].eventTime == e }
            let total = Double(members.reduce(0) { $0 + size[cells[$1].cohort]! })
            let weights = members.map { (cell: $0, weight: Double(size[cells[$0].cohort]!) / total) }
            let (estimate, se) = combine(weights)
            return Coefficient(eventTime: e, estimate: estimate, se: se,
                               weights: weights.map { CohortWeight(cohort: cells[$0.cell].cohort, weight: $0.weight) })
        }
        let post = cells.indices.filter { cells[$0].eventTime >= 0 }
        let postTotal = Double(post.reduce(0) { $0 + size[cells[$1].cohort]! })
        let (att, se) = combine(post.map { (cell: $0, weight: Double(size[cells[$0].cohort]!) / postTotal) })
        overall = Overall(estimate: att, se: se)
        self.reference = reference
        controlCohort = control
        observations = fit.observations
        clusters = fit.clusters
        droppedAlwaysTreated = cohortOf.count - kept.count
    }
}
