import Foundation
import LAEvalStats

extension ImputationDiD {
    /// A treatment × covariate interaction in the imputation design: how the effect of one
    /// treatment changes with a unit's covariate (a continuous moderator).
    ///
    /// Borusyak, Jaravel & Spiess (2024, §4.1) estimate any linear estimand Σ wᵢₜ τᵢₜ of the
    /// treated observations' effects by the same weights on the imputed effects
    /// τ̂ᵢₜ = Yᵢₜ − α̂ᵢ − λ̂ₜ, with unit and period effects fitted on untreated observations only.
    /// Here the estimand is the pooled within-cell least-squares slope of the effects on x: with
    /// cells the treatment's cohort × event-time groups and x̃ᵢₜ = xᵢ − x̄_cell,
    /// wᵢₜ = x̃ᵢₜ / Σ x̃². (Gardner's two-stage did2s with the cell dummies and D × x in its second
    /// stage gives the same point.) Unit and period effects are fitted on the observations the
    /// treatment does not reach, where other treatments keep their cohort × event-time cells, so
    /// concurrent effects add up as in `ImputationDiD`.
    ///
    /// The standard error is BJS's conservative one (§4.3), clustered by unit: the observation
    /// weights of the estimate times residuals, which for the treatment's observations are
    /// τ̂ᵢₜ − τ̄ₑ − β̂ x̃ᵢₜ (τ̄ₑ the treatment's mean imputed effect at that event time, the
    /// default `AuxiliaryGrouping.eventTime` with the slope added) and otherwise the fit's own.
    ///
    /// - Parameters:
    ///   - moderator: the covariate per observation (constant within a unit).
    ///   - treatment: index into `treatments` of the treatment whose effect is moderated.
    /// - Returns: the slope (`att`: change in effect per unit of x), its standard error and the
    ///   treatment's observations; nil when x does not vary within any cell. Observations of units
    ///   or periods with no untreated observation are left out: their effects cannot be imputed.
    public static func interaction(unit: [Int], period: [Int], outcome: [Double], treatments: [Treatment],
                                   treatment t: Int, moderator: [Double]) throws -> Effect? {
        try interactions(unit: unit, period: period, outcome: outcome, treatments: treatments, treatment: t, moderators: [moderator])[0]
    }

    /// `interaction` for several moderators at once, sharing the one fit of the unit and period
    /// effects (each result as `interaction` would give it).
    public static func interactions(unit: [Int], period: [Int], outcome: [Double], treatments: [Treatment],
                                    treatment t: Int, moderators: [[Double]]) throws -> [Effect?] {
        let n = outcome.count
        guard unit.count == n, period.count == n, moderators.allSatisfy({ $0.count == n }), treatments.allSatisfy({ $0.cohort.count == n }),
              treatments.indices.contains(t) else { throw Failure.lengthMismatch }
        let untreated = (0..<n).filter { row in treatments.allSatisfy { $0.cohort[row] == 0 || period[row] < $0.cohort[row] } }
        let imputable = (Set(untreated.map { unit[$0] }), Set(untreated.map { period[$0] }))
        let keep = (0..<n).filter { imputable.0.contains(unit[$0]) && imputable.1.contains(period[$0]) }
        guard keep.count == n else {
            // units or periods without an untreated observation have no imputed effects (BJS §3)
            return try interactions(unit: keep.map { unit[$0] }, period: keep.map { period[$0] }, outcome: keep.map { outcome[$0] },
                                    treatments: treatments.map { treatment in Treatment(name: treatment.name, cohort: keep.map { treatment.cohort[$0] }) },
                                    treatment: t, moderators: moderators.map { x in keep.map { x[$0] } })
        }
        let allCells = Cells(period: period, treatments: treatments)
        let own = allCells.keys.indices.filter { allCells.keys[$0].treatment == t }
        guard !own.isEmpty else { return moderators.map { _ in nil } }
        let untreatedFit = try UntreatedFit(outcome: outcome, unit: unit, period: period, cells: allCells, treatment: t)
        let clusters = DenseIndex(unit)
        return moderators.map { moderator in
            let slope = WithinCellSlope(cells: own.map { (allCells.keys[$0].eventTime, allCells.rows[$0]) }, moderator: moderator)
            return slope.sumOfSquares > 1e-12 * Double(slope.weight.count) ? untreatedFit.slope(slope, outcome: outcome, clusters: clusters) : nil
        }
    }

    /// Unit and period effects, and the other treatments' cohort × event-time cells, fitted by
    /// least squares on the observations the moderated treatment does not reach, with the effects
    /// as explicit dummies so that the treatment's observations can be predicted from them.
    struct UntreatedFit {
        var fit: LinearFit
        /// Rows of the data in the fit, in order.
        var sample: [Int]
        var units: DenseIndex
        var periods: DenseIndex
        /// Per row of the data: the other treatments' cells it is in (column offsets).
        var cellsOf: [Int: [Int]]
        var position: [Int: Int]
        var coefficient: [Double]

        init(outcome: [Double], unit: [Int], period: [Int], cells: Cells, treatment t: Int) throws {
            units = DenseIndex(unit)
            periods = DenseIndex(period)
            let reached = Set(cells.keys.indices.filter { cells.keys[$0].treatment == t }.flatMap { cells.rows[$0] })
            sample = (0..<outcome.count).filter { !reached.contains($0) }
            let others = cells.keys.indices.filter { cells.keys[$0].treatment != t }
            var cellsOf: [Int: [Int]] = [:]
            for (k, c) in others.enumerated() { for row in cells.rows[c] { cellsOf[row, default: []].append(k) } }
            self.cellsOf = cellsOf
            let columns = units.count + periods.count - 1 + others.count
            var design = Matrix(rows: sample.count, columns: columns)
            let (unitCodes, periodCodes, unitCount) = (units.codes, periods.codes, units.count)
            let periodCount = periods.count
            for (r, row) in sample.enumerated() {
                design[r, unitCodes[row]] = 1
                if periodCodes[row] > 0 { design[r, unitCount + periodCodes[row] - 1] = 1 }
                for k in cellsOf[row] ?? [] { design[r, unitCount + periodCount - 1 + k] = 1 }
            }
            let terms = (0..<columns).map { "c\($0)" }
            fit = try LinearRegression.fit(y: sample.map { outcome[$0] }, design: design, terms: terms)
            position = Dictionary(uniqueKeysWithValues: fit.estimable.enumerated().map { ($1, $0) })
            coefficient = fit.coefficients.map { $0.isFinite ? $0 : 0 }
        }

        /// The slope's estimate Σ w τ̂ and its conservative standard error.
        func slope(_ slope: WithinCellSlope, outcome: [Double], clusters: DenseIndex) -> Effect {
            let rows = slope.weight.keys.sorted()
            var tau = [Double](repeating: 0, count: outcome.count)
            var combination = [Double](repeating: 0, count: fit.estimable.count)
            for row in rows {
                tau[row] = outcome[row] - prediction(row)
                for (slot, x) in designRow(row) { combination[slot] += slope.weight[row]! * x }
            }
            let estimate = rows.reduce(0) { $0 + slope.weight[$1]! * tau[$1] }
            var v = [Double](repeating: 0, count: outcome.count), residuals = v
            for (k, weight) in fit.observationWeights(of: combination).enumerated() {
                v[sample[k]] = -weight
                residuals[sample[k]] = fit.residuals[k]
            }
            let byEventTime = Dictionary(grouping: slope.cells, by: \.eventTime).mapValues { $0.flatMap(\.rows) }
            for members in byEventTime.values {
                let mean = members.reduce(0) { $0 + tau[$1] } / Double(members.count)
                for row in members {
                    v[row] = slope.weight[row]!
                    residuals[row] = tau[row] - mean - estimate * slope.centred[row]!
                }
            }
            var scores = [Double](repeating: 0, count: clusters.count)
            for row in v.indices { scores[clusters.codes[row]] += v[row] * residuals[row] }
            return Effect(eventTime: 0, att: estimate, se: scores.reduce(0) { $0 + $1 * $1 }.squareRoot(), observations: rows.count)
        }

        /// The row's design columns equal to 1: its unit, its period (but the first), its cells.
        func columns(_ row: Int) -> [Int] {
            var columns = [units.codes[row]]
            if periods.codes[row] > 0 { columns.append(units.count + periods.codes[row] - 1) }
            return columns + (cellsOf[row] ?? []).map { units.count + periods.count - 1 + $0 }
        }

        /// The row's non-zero design entries, as (estimable slot, value).
        func designRow(_ row: Int) -> [(Int, Double)] {
            columns(row).compactMap { c in position[c].map { ($0, 1.0) } }
        }

        /// α̂ + λ̂ (+ the other treatments' cell effects) for a row.
        func prediction(_ row: Int) -> Double {
            columns(row).reduce(0) { $0 + coefficient[$1] }
        }
    }

    /// The weights of the pooled within-cell least-squares slope on x: x̃ / Σ x̃², x̃ = x − x̄_cell.
    struct WithinCellSlope {
        var cells: [(eventTime: Int, rows: [Int])]
        var centred: [Int: Double] = [:]
        var weight: [Int: Double] = [:]
        var sumOfSquares = 0.0

        init(cells: [(Int, [Int])], moderator: [Double]) {
            self.cells = cells.map { (eventTime: $0.0, rows: $0.1) }
            for (_, members) in cells {
                let mean = members.reduce(0) { $0 + moderator[$1] } / Double(members.count)
                for row in members {
                    centred[row] = moderator[row] - mean
                    sumOfSquares += (moderator[row] - mean) * (moderator[row] - mean)
                }
            }
            for (row, x) in centred { weight[row] = x / sumOfSquares }
        }
    }
}
